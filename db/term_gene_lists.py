"""Narrow terms' gene lists in symbol order, stored, so a term -> genes page reads its rows
and stops (resolvers/term_genes.py) rather than every annotation below the term, which
grows with the data (BENCHMARKS.md, 100x).

A term is narrow for a species when its stored background count is at most
1/``SHARE_DIVISOR`` of the species' annotated genes (``listed``). Broader terms are not
stored (every pair of every term would be several times the annotations): their pages walk
the species' genes in symbol order, testing about (page end) x ``SHARE_DIVISOR`` genes at
most. Both sides of the rule grow with the species' genes, so the same terms are stored at
any scale, and a copy of a species' genes copies their rows (bench/replicate_kit.py).

The list is the one numbered pages read: the species' genes with a positive annotation to
the term or a descendant over is_a and part_of (every evidence code), each once; its
length is the stored count. Each load derives it after the counts, in its transaction,
from the pairs the counts are made of (db/background_counts.py, a block of genes at a
time), over the closure the load staged if it staged one, and writes it in the key's
order (``_write``: the pairs bucketed by term in files and each file sorted), so the key's
build after it reads rows already in order. ``fill`` writes the same lists in
one SQL statement, for a database loaded before they were stored (migration 0008): slower
(a sort of every pair below a narrow term; 20-30 s for the kit on a busy machine, where
propagating is a few seconds).
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Sequence
from typing import Any, overload

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import (
    FromClause,
    Insert,
    Select,
    SQLColumnExpression,
    delete,
    insert,
    select,
    table,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.background_counts import Span, propagated, spans
from genegraph.db.ingest.store import next_table
from genegraph.db.ingest.store.bulk import insert_rows
from genegraph.db.models import (
    BackgroundSize,
    BackgroundTermCount,
    Base,
    Gene,
    GOAnnotation,
    GOTerm,
    TermGeneList,
)
from genegraph.db.propagation import TermGraph, closure_pairs
from genegraph.db.range_buckets import RangeBuckets
from genegraph.resolvers.ontology import not_negated

COLUMNS = ("taxon_id", "go_id", "symbol_key", "gene_pk")

# At most (page end) x this many genes tested by a walk; stored rows about a quarter to a
# third of all (gene, term) pairs (the kit: 1.5 of 4.9 million).
SHARE_DIVISOR = 50


@overload
def listed(gene_count: int, species_genes: int) -> bool: ...
@overload
def listed(gene_count: NDArray[np.int64], species_genes: int) -> NDArray[np.bool_]: ...
@overload
def listed(
    gene_count: SQLColumnExpression[int], species_genes: SQLColumnExpression[int]
) -> SQLColumnExpression[bool]: ...
def listed(gene_count: Any, species_genes: Any) -> Any:
    """Whether the term's list is stored, from its stored count and the species' annotated
    genes (``BackgroundSize.genes``): the one statement of the rule, for counts in Python,
    in arrays (``store``) and in SQL (``derived``)."""
    return gene_count * SHARE_DIVISOR <= species_genes


def fill(closure_table: str | None = None) -> Insert:
    """The statement writing every narrow term's list (``derived``)."""
    return insert(TermGeneList).from_select(list(COLUMNS), derived(closure_table))


def derived(closure_table: str | None = None) -> Select[Any]:
    """Every narrow term's list in SQL, from the stored counts, the annotations and the
    served closure or the one in ``closure_table`` (with its columns)."""
    pairs = closure_pairs(closure_table)
    # A term is its own descendant, also where the closure has no row for it yet.
    below = union_all(
        select(pairs.c.go_id.label("below"), pairs.c.ancestor_id.label("term")).where(
            pairs.c.via_regulates.is_(False)
        ),
        select(GOTerm.go_id.label("below"), GOTerm.go_id.label("term")),
    ).subquery()
    narrow = (
        select(BackgroundTermCount.taxon_id, BackgroundTermCount.go_id)
        .join(BackgroundSize, BackgroundSize.taxon_id == BackgroundTermCount.taxon_id)
        .where(listed(BackgroundTermCount.gene_count, BackgroundSize.genes))
        .subquery()
    )
    return (
        select(narrow.c.taxon_id, narrow.c.go_id, Gene.symbol_key, Gene.pk)
        .select_from(narrow)
        .join(below, below.c.term == narrow.c.go_id)
        .join(GOAnnotation, GOAnnotation.go_id == below.c.below)
        .join(Gene, Gene.pk == GOAnnotation.gene_pk)
        .where(Gene.taxon_id == narrow.c.taxon_id, not_negated())
        .distinct()
    )


async def store(conn: AsyncConnection, graph: TermGraph, species: dict[int, Span]) -> None:
    """Replace the stored lists with those of the stored counts and annotations the
    connection sees and ``graph``'s terms and closure, for the counts' graph and species
    (``background_counts.spans``). The load calls this after it has stored the counts,
    just before it commits. The rows are written in the key's order (``_write``).
    PostgreSQL: into a new table without a key, which is built once they are all there
    (maintained row by row it cost more than the rest of the build; rows in key order make
    the build several times cheaper: BENCHMARKS.md, issue #16), then swapped in
    (store/next_table.py), which from here to the commit holds an exclusive lock on the
    served one. SQLite: appended to the served table, emptied first."""
    served = Base.metadata.tables[TermGeneList.__tablename__]
    if conn.dialect.name == "postgresql":
        await _write(conn, table(await next_table.create(conn, served)), graph, species)
        await next_table.add_keys(conn, served)
        await next_table.swap_in(conn, served)
        return
    await conn.execute(delete(served))
    await _write(conn, served, graph, species)


async def _write(
    conn: AsyncConnection, target: FromClause, graph: TermGraph, species: dict[int, Span]
) -> None:
    """Append every narrow term's list to ``target`` in the key's order, a species at a
    time: its (term, gene) pairs, propagated a block of genes at a time, go to files by
    term range (``RangeBuckets``), each file then sorted and written. The key's order is
    the database's (its collation): the terms' and the genes' are read from it."""
    sizes = dict((await conn.execute(select(BackgroundSize.taxon_id, BackgroundSize.genes))).all())
    term_ranks, ranked_ids = await _terms_in_key_order(conn, graph)
    for taxon, species_genes in sorted(sizes.items()):
        span = species.get(taxon) or (await spans(conn, [taxon])).get(taxon)
        if span is None:
            continue
        stored = (
            await conn.execute(
                select(BackgroundTermCount.go_id, BackgroundTermCount.gene_count).where(
                    BackgroundTermCount.taxon_id == taxon
                )
            )
        ).all()
        terms = graph.index.codes(go_id for go_id, _ in stored)
        counts = np.zeros(graph.term_count, dtype=np.int64)
        known = terms >= 0
        counts[terms[known]] = np.array([n for _, n in stored], dtype=np.int64)[known]
        narrow = (counts > 0) & listed(counts, species_genes)
        # A pair's code: its term's rank in the key's order, then its gene's pk above the
        # species' first (a rank in the key's order once the genes are read, below).
        listed_genes = np.zeros(span[1] - span[0] + 1, dtype=np.bool_)
        with RangeBuckets(_bucket_bounds(counts * narrow, term_ranks)) as buckets:
            async for pairs in propagated(conn, graph, taxon=taxon, span=span):
                kept = narrow[pairs.pair_terms]
                offsets = pairs.gene_pks[pairs.pair_genes[kept]] - span[0]
                listed_genes[offsets] = True
                buckets.add((term_ranks[pairs.pair_terms[kept]] << _GENE_BITS) | offsets)
            if not listed_genes.any():
                continue
            pks, keys = await _genes_in_key_order(conn, taxon, span[0], listed_genes)
            del listed_genes
            gene_ranks = np.zeros(span[1] - span[0] + 1, dtype=np.int32)
            gene_ranks[pks - span[0]] = np.arange(len(pks), dtype=np.int32)
            for codes in buckets.read():
                # In place: a bucket's codes are about 32 MB.
                bucket_offsets = codes & _GENE_MASK
                codes &= ~_GENE_MASK
                codes |= gene_ranks[bucket_offsets]
                del bucket_offsets
                codes.sort()
                for start in range(0, len(codes), _ROWS_PER_WRITE):
                    chunk = codes[start : start + _ROWS_PER_WRITE]
                    genes = (chunk & _GENE_MASK).tolist()
                    rows = list(
                        zip(
                            itertools.repeat(taxon),
                            map(ranked_ids.__getitem__, (chunk >> _GENE_BITS).tolist()),
                            map(keys.__getitem__, genes),
                            pks[genes].tolist(),
                        )
                    )
                    await insert_rows(conn, target, COLUMNS, rows)


# A code's low bits: the gene (its pk above the species' first, or its rank); its high
# bits: the term's rank.
_GENE_BITS = 32
_GENE_MASK = (1 << _GENE_BITS) - 1
# Pairs per bucket file, at most about (a term's pairs are never split): 32 MB of codes,
# sorted in memory; 100x the kit's human has about 54 million.
ROWS_PER_BUCKET = 4_000_000
# Rows turned into tuples and written at once.
_ROWS_PER_WRITE = 50_000
# Genes read at once, in the key's order.
_GENES_PER_READ = 50_000


def _bucket_bounds(pairs: NDArray[np.int64], term_ranks: NDArray[np.int64]) -> NDArray[np.int64]:
    """The codes splitting a species' pairs into buckets of about ``ROWS_PER_BUCKET``, at
    terms' bounds, from each term's pairs (by term index)."""
    total = int(pairs.sum())
    if total <= ROWS_PER_BUCKET:
        return np.zeros(0, dtype=np.int64)
    by_rank = np.zeros(len(term_ranks), dtype=np.int64)
    by_rank[term_ranks] = pairs
    ends = np.cumsum(by_rank)
    shares = np.arange(1, -(-total // ROWS_PER_BUCKET)) * (total / -(-total // ROWS_PER_BUCKET))
    # The first rank whose pairs end past each share: a bucket starts after it.
    ranks = np.unique(np.searchsorted(ends, shares, side="left") + 1)
    return ranks[ranks < len(term_ranks)].astype(np.int64) << _GENE_BITS


async def _terms_in_key_order(
    conn: AsyncConnection, graph: TermGraph
) -> tuple[NDArray[np.int64], list[str]]:
    """Each graph term's rank in the database's order of GO ids (by term index), and the
    ids by rank."""
    ordered = (await conn.execute(select(GOTerm.go_id).order_by(GOTerm.go_id))).scalars().all()
    codes = graph.index.codes(ordered)
    codes = codes[codes >= 0]
    if len(codes) != graph.term_count:
        raise RuntimeError("a term of the graph is not in go_terms")
    ranks = np.zeros(graph.term_count, dtype=np.int64)
    ranks[codes] = np.arange(len(codes))
    return ranks, [graph.term_ids[code] for code in codes.tolist()]


async def _genes_in_key_order(
    conn: AsyncConnection, taxon: int, first_pk: int, wanted: NDArray[np.bool_]
) -> tuple[NDArray[np.int64], list[str]]:
    """The pks and symbol keys of the species' genes ``wanted`` marks (by pk above
    ``first_pk``), in the database's order of (symbol key, pk): one index-ordered read of
    the species' genes."""
    pks: list[NDArray[np.int64]] = []
    keys: list[str] = []
    async for rows in _ordered_genes(conn, taxon):
        read = np.fromiter((pk for pk, _ in rows), dtype=np.int64, count=len(rows))
        keep = wanted[read - first_pk]
        pks.append(read[keep])
        keys.extend(itertools.compress((key for _, key in rows), keep.tolist()))
    return np.concatenate(pks) if pks else np.zeros(0, dtype=np.int64), keys


async def _ordered_genes(conn: AsyncConnection, taxon: int) -> AsyncIterator[Sequence[Any]]:
    """The species' genes' (pk, symbol key) in the key's order, a part at a time. On
    PostgreSQL through the driver's cursor: SQLAlchemy's rows cost 1.3-2 us of the
    loader's CPU each, the driver's records 0.2 (17 million genes at 100x the kit)."""
    if conn.dialect.name == "postgresql":
        raw = await conn.get_raw_connection()
        cursor = await raw.driver_connection.cursor(  # type: ignore[union-attr]
            f"SELECT pk, symbol_key FROM {Gene.__tablename__} WHERE taxon_id = $1"
            " ORDER BY symbol_key, pk",
            taxon,
        )
        while rows := await cursor.fetch(_GENES_PER_READ):
            yield rows
        return
    ordered = (
        select(Gene.pk, Gene.symbol_key)
        .where(Gene.taxon_id == taxon)
        .order_by(Gene.symbol_key, Gene.pk)
        .execution_options(yield_per=_GENES_PER_READ)
    )
    result = await conn.stream(ordered)
    async for rows in result.partitions():
        yield rows
