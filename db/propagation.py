"""GO annotations propagated to every ancestor term over is_a and part_of, in numpy.

Enrichment counts, for each term, the genes annotated to it or to a descendant, each gene
once. A load counts every gene of each species this way
(db/background_counts.py), a block
of genes at a time so memory stays bounded; a request propagates its study genes (a few
hundred) the same way. The ontology's live terms and closure (``TermGraph``, a few MB
whatever the number of genes) are read once per release.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Boolean, Select, and_, func, select, table
from sqlalchemy import column as table_column
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.identifiers import GO_ID_PATTERN
from genegraph.db.models import Gene, GOAnnotation, GOCategory, GOTerm, GOTermClosure
from genegraph.resolvers.ontology import not_negated

CATEGORIES = tuple(GOCategory)
# Cells of the (gene, term) table that finds duplicate pairs, a block of genes at a time.
_TABLE_CELLS = 4_000_000
# Up to this many expanded pairs, sorting them finds the duplicates for less than filling
# the table (its 32 MB cost about 2 ms; sorting 34,000 pairs 0.3 ms).
_SORTED_PAIRS = 100_000

IntArray = npt.NDArray[np.int32]
Int64Array = npt.NDArray[np.int64]

# A GO id and the space after it in a list, and what each of its seven digits is worth.
_RECORD = 11
_DIGIT_VALUES = 10 ** np.arange(6, -1, -1, dtype=np.int64)


def closure_pairs(closure_table: str | None = None) -> Any:
    """The served closure's table, or ``closure_table`` with its columns (e.g. the one a load
    has staged), for statements that read either."""
    if closure_table is None:
        return GOTermClosure.__table__
    return table(
        closure_table,
        table_column("go_id"),
        table_column("ancestor_id"),
        table_column("via_regulates", Boolean),
    )


@dataclass(frozen=True, slots=True)
class TermGraph:
    """The live terms (0..T-1 as in ``term_ids``) and each one's ancestors over is_a and
    part_of, itself included: ``ancestors[starts[t]:starts[t + 1]]``."""

    term_ids: tuple[str, ...]
    term_categories: npt.NDArray[np.int8]  # index into CATEGORIES
    starts: npt.NDArray[np.int64]
    ancestors: IntArray
    index: _TermIndex

    @property
    def term_count(self) -> int:
        return len(self.term_ids)

    @classmethod
    def build(
        cls, categories: Sequence[tuple[GOCategory, str]], closure: Sequence[tuple[str, str]]
    ) -> TermGraph:
        """From space-separated GO ids: the live terms of each category, and the ancestors
        of each term (itself included)."""
        categories = sorted(categories, key=lambda row: CATEGORIES.index(row[0]))
        term_lists = [ids.split(" ") for _, ids in categories]
        term_ids = tuple(itertools.chain.from_iterable(term_lists))
        term_categories = np.repeat(
            np.array([CATEGORIES.index(c) for c, _ in categories], dtype=np.int8),
            [len(ids) for ids in term_lists],
        )
        index = _TermIndex(term_ids)
        # Obsolete terms, missing from the index, have no ancestors and are no one's.
        counts, ancestors = index.lists([ids for _, ids in closure])
        sources = np.repeat(index.codes(go_id for go_id, _ in closure), counts)
        live = (sources >= 0) & (ancestors >= 0)
        sources, ancestors = sources[live], ancestors[live]
        # A live term is its own ancestor even where the closure read has no row for it (a
        # term a gene page of this load created, before the load adds it to the closure).
        alone = np.flatnonzero(np.bincount(sources, minlength=len(term_ids)) == 0)
        sources = np.concatenate([sources, alone.astype(sources.dtype)])
        ancestors = np.concatenate([ancestors, alone.astype(ancestors.dtype)])
        ancestors = ancestors[np.argsort(sources, kind="stable")]
        starts = np.zeros(len(term_ids) + 1, dtype=np.int64)
        np.cumsum(np.bincount(sources, minlength=len(term_ids)), out=starts[1:])
        return cls(term_ids, term_categories, starts, ancestors, index)

    @classmethod
    async def read(cls, conn: AsyncConnection, closure_table: str | None = None) -> TermGraph:
        """The live terms and the served closure, or the closure in ``closure_table`` (one
        with the served one's columns, e.g. the one a load has staged)."""
        pairs = closure_pairs(closure_table)
        ancestors = (
            select(pairs.c.go_id, func.aggregate_strings(pairs.c.ancestor_id, " "))
            .where(pairs.c.via_regulates.is_(False))
            .group_by(pairs.c.go_id)
        )
        # Ids travel concatenated, one row per term: a tenth of the rows of one per pair.
        categories = [(c, ids) for c, ids in await conn.execute(_LIVE_TERMS)]
        closure = [(go_id, ids) for go_id, ids in await conn.execute(ancestors)]
        return cls.build(categories, closure)

    def propagate(self, annotations: Sequence[tuple[int, str]]) -> PropagatedPairs:
        """Each (gene, live term) pair once, where the gene is annotated to the term or a
        descendant, from (gene pk, its annotated terms space-separated) rows."""
        return self.propagate_codes(*self.codes(annotations))

    def codes(self, annotations: Sequence[tuple[int, str]]) -> tuple[Int64Array, IntArray]:
        """(gene pk, live term index) of each annotation of (gene pk, its annotated terms
        space-separated) rows, what ``propagate_codes`` takes."""
        counts, terms = self.index.lists([ids for _, ids in annotations])
        pks = np.repeat(np.array([pk for pk, _ in annotations], dtype=np.int64), counts)
        return pks[terms >= 0], terms[terms >= 0]

    def propagate_codes(self, pks: Int64Array, terms: IntArray) -> PropagatedPairs:
        """``propagate`` of annotations as ``codes`` gives them."""
        gene_pks, gene_of_pk = np.unique(pks, return_inverse=True)
        by_gene = np.argsort(gene_of_pk, kind="stable")
        genes: IntArray = gene_of_pk[by_gene].astype(np.int32)
        pair_genes, pair_terms = _propagated_pairs(
            genes, terms[by_gene], self.starts, self.ancestors, self.term_count
        )
        return PropagatedPairs(gene_pks, pair_genes, pair_terms)


@dataclass(frozen=True, slots=True)
class PropagatedPairs:
    """(gene, term) pairs, each once: genes index ``gene_pks``, terms a ``TermGraph``'s."""

    gene_pks: npt.NDArray[np.int64]
    pair_genes: IntArray
    pair_terms: IntArray


def annotated_terms(
    *,
    taxon: int | None = None,
    genes: Collection[int] | None = None,
    evidence: Collection[str] | None = None,
    pk_range: tuple[int, int] | None = None,
) -> Select[int, str]:
    """(gene pk, its terms space-separated) for the positive annotations of a species' genes,
    or of the given genes, with the given evidence codes, of genes with pks in a range."""
    conditions = [not_negated()]
    statement = select(GOAnnotation.gene_pk, func.aggregate_strings(GOAnnotation.go_id, " "))
    if taxon is not None:
        statement = statement.join(Gene, Gene.pk == GOAnnotation.gene_pk)
        conditions.append(Gene.taxon_id == taxon)
    if genes is not None:
        conditions.append(GOAnnotation.gene_pk.in_(sorted(genes)))
    if evidence is not None:
        conditions.append(GOAnnotation.evidence.in_(sorted(evidence)))
    if pk_range is not None:
        conditions += [GOAnnotation.gene_pk >= pk_range[0], GOAnnotation.gene_pk < pk_range[1]]
        if taxon is not None:
            # The genes' side too: PostgreSQL does not carry a range across the join, and
            # read all the species' genes for every block (a seq scan and a hash of 7.7M
            # genes, 1.5 s a block, at 100x: BENCHMARKS.md, issue #16).
            conditions += [Gene.pk >= pk_range[0], Gene.pk < pk_range[1]]
    return statement.where(and_(*conditions)).group_by(GOAnnotation.gene_pk)


# Obsolete terms are not part of the graph.
_LIVE_TERMS = (
    select(GOTerm.category, func.aggregate_strings(GOTerm.go_id, " "))
    .where(GOTerm.is_obsolete.is_(False))
    .group_by(GOTerm.category)
)


class _TermIndex:
    """GO ids to term indices, also for the space-separated lists the database sends."""

    def __init__(self, term_ids: Sequence[str]) -> None:
        self.index = dict(zip(term_ids, range(len(term_ids)), strict=True))
        # GO ids are "GO:" and seven digits, so a list of them is a run of 11-byte records
        # whose digits numpy reads as numbers, without a Python string per id.
        self.numeric = bool(term_ids) and all(GO_ID_PATTERN.fullmatch(t) for t in term_ids)
        numbers = np.array([int(t[3:]) for t in term_ids] if self.numeric else [], np.int64)
        self.order = np.argsort(numbers)
        self.sorted = numbers[self.order]

    def codes(self, go_ids: Iterable[str]) -> IntArray:
        """Each id's index; -1 for an id not in the index."""
        return np.fromiter(map(self.index.get, go_ids, itertools.repeat(-1)), dtype=np.int32)

    def lists(self, lists: Sequence[str]) -> tuple[npt.NDArray[np.int64], IntArray]:
        """How many ids each "id id id" list holds, and the index of every id in turn."""
        numbers = self._numbers(" ".join(lists) + " ")
        if numbers is None:  # some id is not a GO id: one Python string per id after all
            split = [ids.split(" ") for ids in lists]
            counts = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
            return counts, self.codes(itertools.chain.from_iterable(split))
        lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        counts = (lengths + 1) // _RECORD
        found = np.minimum(np.searchsorted(self.sorted, numbers), len(self.sorted) - 1)
        hit = self.sorted[found] == numbers
        return counts, np.where(hit, self.order[found], -1).astype(np.int32)

    def _numbers(self, text: str) -> npt.NDArray[np.int64] | None:
        """The numbers of the GO ids of ``text`` ("GO:0000001 GO:0000002 "), if all are."""
        if not self.numeric or not text.isascii() or len(text) % _RECORD:
            return None
        grid = np.frombuffer(text.encode("ascii"), dtype=np.uint8).reshape(-1, _RECORD)
        digits = grid[:, 3:10] - np.uint8(ord("0"))  # wraps past 9 for a non-digit
        if not (
            (grid[:, :3] == np.frombuffer(b"GO:", dtype=np.uint8)).all()
            and (digits <= 9).all()
            and (grid[:, 10] == ord(" ")).all()
        ):
            return None
        # Column by column: the (ids x 7) digits as int64 at once were 8 bytes a digit, the
        # largest array of a build (1.7 GB for the 30 million ids of 100x the kit's human).
        numbers = np.zeros(len(grid), dtype=np.int64)
        for column, value in enumerate(_DIGIT_VALUES):
            numbers += digits[:, column].astype(np.int64) * value
        return numbers


def _propagated_pairs(
    genes: IntArray,
    terms: IntArray,
    starts: npt.NDArray[np.int64],
    ancestors: IntArray,
    term_count: int,
) -> tuple[IntArray, IntArray]:
    """Each (gene, ancestor of one of its annotated terms) pair once, grouped by gene, from
    annotations grouped by gene; ``ancestors[starts[t]:starts[t + 1]]`` are term t's.

    A gene counts once per term, whatever the number of its annotations (evidence codes,
    sources) that reach the term. Few pairs (a request's study genes) are sorted and made
    distinct (``_sorted_pairs``): filling the table would cost more. Otherwise a block of
    genes at a time is expanded into its pairs and gets a dense (gene, term) table; every
    pair writes its own number into its cell, and the pair whose number stays there is the
    one kept. That is linear in the pairs, several times faster than sorting millions of
    them, and the block bounds the memory the expansion takes: expanding a whole species at
    once took ten times the result's size (1.4 GB at 10x the kit's genes).
    """
    most = int(np.bincount(terms, minlength=term_count) @ (starts[1:] - starts[:-1]))
    if most <= _SORTED_PAIRS:
        return _sorted_pairs(genes, terms, starts, ancestors, term_count)
    block = max(1, _TABLE_CELLS // max(term_count, 1))
    last = int(genes[-1]) if len(genes) else -1
    bounds = np.searchsorted(genes, np.arange(0, last + 1 + block, block))
    # Numbers are distinct across blocks, so what an earlier block left in a cell can never
    # pass for a later pair: the table is never cleared.
    table = np.full(block * term_count, -1, dtype=np.int64)
    # The kept pairs are written in place, into arrays as long as the pairs before
    # duplicates go: a list of blocks joined at the end held every pair twice at once. The
    # tail never written is never touched either, so never resident (numpy takes arrays
    # this large from mmap).
    pair_genes = np.empty(most, dtype=np.int32)
    pair_terms = np.empty(most, dtype=np.int32)
    kept = numbered = 0
    for first, (lo, hi) in enumerate(itertools.pairwise(bounds)):
        block_genes, block_terms = _expanded(genes[lo:hi], terms[lo:hi], starts, ancestors)
        count = len(block_genes)
        cells = (block_genes - first * block).astype(np.int64) * term_count + block_terms
        numbers = np.arange(numbered, numbered + count)
        numbered += count
        table[cells] = numbers
        keep = table[cells] == numbers
        count_kept = int(np.count_nonzero(keep))
        end = kept + count_kept
        np.compress(keep, block_genes, out=pair_genes[kept:end])
        np.compress(keep, block_terms, out=pair_terms[kept:end])
        kept = end
    return pair_genes[:kept], pair_terms[:kept]


def _expanded(
    genes: IntArray, terms: IntArray, starts: npt.NDArray[np.int64], ancestors: IntArray
) -> tuple[IntArray, IntArray]:
    """Every (gene, ancestor) pair of the annotations (``genes[i]``, ``terms[i]``),
    duplicates included, in the annotations' order."""
    widths = starts[terms + 1] - starts[terms]
    firsts = np.cumsum(widths) - widths
    positions = np.repeat(starts[terms] - firsts, widths) + np.arange(int(widths.sum()))
    return np.repeat(genes, widths), ancestors[positions]


def _sorted_pairs(
    genes: IntArray,
    terms: IntArray,
    starts: npt.NDArray[np.int64],
    ancestors: IntArray,
    term_count: int,
) -> tuple[IntArray, IntArray]:
    """``_propagated_pairs`` for few pairs: expanded, sorted by (gene, term) and each
    kept once. ``np.sort`` then a comparison with the neighbour, not ``np.unique``, whose
    hashing is ten times slower on a few ten thousand int64 (numpy 2.4)."""
    pair_genes, pair_terms = _expanded(genes, terms, starts, ancestors)
    # int32 keys when every one fits (200 genes' do): sorting them costs about half what
    # sorting int64 keys does (0.7 against 1.2 ms for 37,000 pairs).
    fits = len(genes) > 0 and (int(genes.max()) + 1) * term_count <= np.iinfo(np.int32).max
    keys: npt.NDArray[np.signedinteger[Any]] = pair_genes.astype(np.int32 if fits else np.int64)
    cells = keys * term_count + pair_terms
    cells.sort()
    distinct = np.ones(len(cells), dtype=bool)
    np.not_equal(cells[1:], cells[:-1], out=distinct[1:])
    pair_genes, pair_terms = np.divmod(cells[distinct], term_count)
    return pair_genes.astype(np.int32), pair_terms.astype(np.int32)
