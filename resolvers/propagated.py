"""A species' GO annotations propagated to every ancestor term, held in memory as arrays.

Enrichment compares a study set with a background of up to every annotated gene of a
species; for human that is about 1.9 million distinct (gene, term) pairs once each
annotation is propagated over is_a and part_of. Counting them in SQL takes seconds per
request, so they are read once per (database, release, species, evidence filter), built
into numpy arrays and kept in process; later requests count genes per term with
``np.bincount`` in milliseconds. A new release changes the cache key, so an answer never
mixes releases.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import itertools
import logging
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.identifiers import GO_ID_PATTERN
from genegraph.db.models import Gene, GOAnnotation, GOCategory, GOTerm, GOTermClosure, Release
from genegraph.resolvers.ontology import not_negated

log = logging.getLogger("genegraph.enrichment")
CATEGORIES = tuple(GOCategory)
# Entries are tens of MB for a species the size of human; a server usually needs one.
CACHE_SIZE = 4
# Cells of the (gene, term) table that finds duplicate pairs, a block of genes at a time.
_TABLE_CELLS = 4_000_000

IntArray = npt.NDArray[np.int32]

# A GO id and the space after it in a list, and what each of its seven digits is worth.
_RECORD = 11
_DIGIT_VALUES = 10 ** np.arange(6, -1, -1, dtype=np.int64)

# (database, release, taxon, evidence codes or None)
CacheKey = tuple[str, tuple[int, str] | None, int, frozenset[str] | None]


@dataclass(frozen=True, slots=True)
class PropagatedAnnotations:
    """Every (gene, term) pair of one species, each once, where the gene has a positive
    annotation to the term or to one of its descendants over is_a and part_of.

    Genes are indexed 0..G-1 by ascending ``gene_pks``; terms 0..T-1 as in ``term_ids``.
    Pairs are sorted by gene then term, so ``pair_offsets[g]:pair_offsets[g + 1]`` are the
    pairs of gene ``g``. Only genes with at least one pair are held.
    """

    gene_pks: npt.NDArray[np.int64]
    term_ids: tuple[str, ...]
    term_categories: npt.NDArray[np.int8]  # index into CATEGORIES
    pair_genes: IntArray
    pair_terms: IntArray
    pair_offsets: npt.NDArray[np.int64]

    @property
    def gene_count(self) -> int:
        return len(self.gene_pks)

    @property
    def term_count(self) -> int:
        return len(self.term_ids)

    def gene_indices(self, pks: Iterable[int]) -> IntArray:
        """Indices of the genes among ``pks`` that have annotations (others are left out)."""
        wanted = np.fromiter(pks, dtype=np.int64)
        positions = np.searchsorted(self.gene_pks, wanted)
        inside = positions < self.gene_count
        found = np.zeros(len(wanted), dtype=bool)
        found[inside] = self.gene_pks[positions[inside]] == wanted[inside]
        return np.unique(positions[found]).astype(np.int32)

    @classmethod
    def build(
        cls,
        categories: Sequence[tuple[GOCategory, str]],
        closure: Sequence[tuple[str, str]],
        annotations: Sequence[tuple[int, str]],
    ) -> PropagatedAnnotations:
        """From space-separated GO ids: the live terms of each category, the ancestors of
        each term (itself included) and the terms each gene is annotated with."""
        categories = sorted(categories, key=lambda row: CATEGORIES.index(row[0]))
        term_lists = [ids.split(" ") for _, ids in categories]
        term_ids = tuple(itertools.chain.from_iterable(term_lists))
        term_categories = np.repeat(
            np.array([CATEGORIES.index(c) for c, _ in categories], dtype=np.int8),
            [len(ids) for ids in term_lists],
        )
        index = _TermIndex(term_ids)
        # The closure as CSR, ancestors[starts[t]:starts[t + 1]] for term t; obsolete terms,
        # missing from the index, have no ancestors and are no one's ancestor.
        counts, ancestors = index.lists([ids for _, ids in closure])
        sources = np.repeat(index.codes(go_id for go_id, _ in closure), counts)
        live = (sources >= 0) & (ancestors >= 0)
        sources, ancestors = sources[live], ancestors[live]
        ancestors = ancestors[np.argsort(sources, kind="stable")]
        starts = np.zeros(len(term_ids) + 1, dtype=np.int64)
        np.cumsum(np.bincount(sources, minlength=len(term_ids)), out=starts[1:])

        counts, terms = index.lists([ids for _, ids in annotations])
        pks = np.repeat(np.array([pk for pk, _ in annotations], dtype=np.int64), counts)
        pks, terms = pks[terms >= 0], terms[terms >= 0]
        gene_pks, gene_of_pk = np.unique(pks, return_inverse=True)
        by_gene = np.argsort(gene_of_pk, kind="stable")
        genes: IntArray = gene_of_pk[by_gene].astype(np.int32)
        terms = terms[by_gene]

        pair_genes, pair_terms = _propagated_pairs(genes, terms, starts, ancestors, len(term_ids))
        pair_offsets = np.zeros(len(gene_pks) + 1, dtype=np.int64)
        np.cumsum(np.bincount(pair_genes, minlength=len(gene_pks)), out=pair_offsets[1:])
        return cls(gene_pks, term_ids, term_categories, pair_genes, pair_terms, pair_offsets)


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
    sources) that reach the term. A block of genes at a time is expanded into its pairs and
    gets a dense (gene, term) table; every pair writes its own number into its cell, and the
    pair whose number stays there is the one kept. That is linear in the pairs, several
    times faster than sorting millions of them, and the block bounds the memory the
    expansion takes: expanding a whole species at once took ten times the result's size
    (1.4 GB at 10x the kit's genes).
    """
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
    most = int(np.bincount(terms, minlength=term_count) @ (starts[1:] - starts[:-1]))
    pair_genes = np.empty(most, dtype=np.int32)
    pair_terms = np.empty(most, dtype=np.int32)
    kept = numbered = 0
    for first, (lo, hi) in enumerate(itertools.pairwise(bounds)):
        annotated = terms[lo:hi]
        widths = starts[annotated + 1] - starts[annotated]
        count = int(widths.sum())
        firsts = np.cumsum(widths) - widths
        positions = np.repeat(starts[annotated] - firsts, widths) + np.arange(count)
        block_genes = np.repeat(genes[lo:hi], widths)
        block_terms = ancestors[positions]
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


def _return_freed_memory() -> None:
    """Give the heap a build freed back to the operating system. glibc keeps freed small
    blocks for reuse, and after the build's large arrays it serves more from the heap: the
    strings the rows arrived as and the expansion's arrays left about 100 MB of the
    server's RSS allocated but unused on the kit. Elsewhere (no glibc) this does nothing."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return
    trim = getattr(libc, "malloc_trim", None)
    if trim is not None:
        trim(0)


def _annotated_terms(taxon: int, evidence: frozenset[str] | None) -> Select[int, str]:
    """(gene pk, its terms space-separated) for the species' annotations that are not
    NOT-qualified."""
    conditions = [Gene.taxon_id == taxon, not_negated()]
    if evidence is not None:
        conditions.append(GOAnnotation.evidence.in_(sorted(evidence)))
    return (
        select(GOAnnotation.gene_pk, func.aggregate_strings(GOAnnotation.go_id, " "))
        .join(Gene, Gene.pk == GOAnnotation.gene_pk)
        .where(and_(*conditions))
        .group_by(GOAnnotation.gene_pk)
    )


# Ancestors over is_a and part_of only (regulates is not followed).
_ANCESTORS = (
    select(GOTermClosure.go_id, func.aggregate_strings(GOTermClosure.ancestor_id, " "))
    .where(GOTermClosure.via_regulates.is_(False))
    .group_by(GOTermClosure.go_id)
)
# Obsolete terms are not part of the graph.
_LIVE_TERMS = (
    select(GOTerm.category, func.aggregate_strings(GOTerm.go_id, " "))
    .where(GOTerm.is_obsolete.is_(False))
    .group_by(GOTerm.category)
)


async def _read(
    engine: AsyncEngine, taxon: int, evidence: frozenset[str] | None
) -> PropagatedAnnotations:
    # Ids travel concatenated, one row per gene or term: a tenth of the rows, and several
    # times faster to read, than one row per pair. The three statements run side by side.
    categories, closure, annotations = await asyncio.gather(
        _rows(engine, _LIVE_TERMS),
        _rows(engine, _ANCESTORS),
        _rows(engine, _annotated_terms(taxon, evidence)),
    )
    # In a thread: the build is seconds of CPU per million genes (about a minute at 100x the
    # kit's), and on the event loop every request would wait for it. numpy lets the loop
    # run during its long operations.
    built = await asyncio.to_thread(PropagatedAnnotations.build, categories, closure, annotations)
    del categories, closure, annotations
    _return_freed_memory()
    return built


async def _rows(engine: AsyncEngine, statement: Select[Any, str]) -> list[tuple[Any, str]]:
    async with engine.connect() as conn:
        return [(key, ids) for key, ids in await conn.execute(statement)]


async def _release_stamp(engine: AsyncEngine) -> tuple[int, str] | None:
    """The newest release, which names the data being served."""
    statement = select(Release.pk, Release.loaded_at).order_by(Release.pk.desc()).limit(1)
    async with engine.connect() as conn:
        row = (await conn.execute(statement)).first()
    return None if row is None else (row.pk, str(row.loaded_at))


_cache: OrderedDict[CacheKey, PropagatedAnnotations] = OrderedDict()
# Builds under way, so concurrent requests for one key wait for one build.
_building: dict[CacheKey, asyncio.Task[PropagatedAnnotations]] = {}


async def propagated_annotations(
    engine: AsyncEngine, taxon: int, evidence: frozenset[str] | None
) -> PropagatedAnnotations:
    """The species' propagated annotations under the evidence filter, from the cache when
    the release is the one they were read from."""
    stamp = await _release_stamp(engine)
    key: CacheKey = (engine.url.render_as_string(hide_password=True), stamp, taxon, evidence)
    if (found := _cache.get(key)) is not None:
        _cache.move_to_end(key)
        return found
    task = _building.get(key)
    if task is None or task.get_loop() is not asyncio.get_running_loop():
        task = asyncio.create_task(_read(engine, taxon, evidence))
        _building[key] = task
        task.add_done_callback(lambda _: _finish(key, task))
    # A cancelled request does not cancel the build others may be waiting for.
    return await asyncio.shield(task)


def _finish(key: CacheKey, task: asyncio.Task[PropagatedAnnotations]) -> None:
    if _building.get(key) is task:
        del _building[key]
    if task.cancelled() or task.exception() is not None:
        return
    _cache[key] = task.result()
    _cache.move_to_end(key)
    while len(_cache) > CACHE_SIZE:
        _cache.popitem(last=False)


def warming() -> bool:
    """True while a ``warm_in_background`` runs."""
    return bool(_warming)


def cached_taxa() -> set[int]:
    """The species whose data is cached, whatever the release and filter."""
    return {key[2] for key in _cache}


def clear_cache() -> None:
    """Forget every cached species (tests and benchmarks use it to measure a cold call)."""
    _cache.clear()


_warming: set[asyncio.Task[None]] = set()


async def warm(engine: AsyncEngine) -> None:
    """Read every annotated species' propagated annotations (no evidence filter) into the
    cache, so that the first enrichment of a release answers as fast as the next ones."""
    statement = select(Gene.taxon_id).join(GOAnnotation, GOAnnotation.gene_pk == Gene.pk).distinct()
    async with engine.connect() as conn:
        taxa = sorted((await conn.execute(statement)).scalars())
    for taxon in taxa[:CACHE_SIZE]:
        await propagated_annotations(engine, taxon, None)


def warm_in_background(engine: AsyncEngine) -> None:
    """Start ``warm`` without waiting for it (the server calls this when a release starts
    being served); a failure only means the first enrichment reads the data itself."""
    task = asyncio.get_running_loop().create_task(warm(engine), name="genegraph warm enrichment")
    _warming.add(task)
    task.add_done_callback(_warmed)


def _warmed(task: asyncio.Task[None]) -> None:
    _warming.discard(task)
    if not task.cancelled() and (error := task.exception()) is not None:
        log.warning("could not prepare enrichment data: %s", error)
