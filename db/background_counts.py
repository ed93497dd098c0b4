"""Enrichment's backgrounds: for each GO term, how many genes are annotated to it or to a
descendant over is_a and part_of, each gene once; and how many genes count at all.

Every load stores them for each species with every evidence code (``store``, in the load's
transaction, so a release and its counts commit together); a request with an evidence
filter or its own background genes has them counted the same way over what it names
(``count``). Genes are read and propagated a block at a time (db/propagation.py), so
memory is bounded whatever the number of genes.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Collection, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sqlalchemy import Select, delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.annotation_blocks import AnnotationBlocks
from genegraph.db.engine import driver_of
from genegraph.db.ingest.store.bulk import insert_rows
from genegraph.db.models import (
    BackgroundSize,
    BackgroundTermCount,
    Gene,
    GOAnnotation,
    GOCategory,
    Species,
)
from genegraph.db.propagation import (
    CATEGORIES,
    PropagatedPairs,
    TermGraph,
    annotated_terms,
)
from genegraph.resolvers.rows import DriverStatement

# Genes read and propagated at once: by pk range for a species, by count for named genes
# (which also keeps bind parameters well under the drivers' limits).
GENES_PER_BLOCK = 10_000
# A species' genes' smallest and largest pk.
Span = tuple[int, int]
SIZE_COLUMNS = {
    None: "genes",
    GOCategory.BIOLOGICAL_PROCESS: "biological_process_genes",
    GOCategory.CELLULAR_COMPONENT: "cellular_component_genes",
    GOCategory.MOLECULAR_FUNCTION: "molecular_function_genes",
}


@dataclass(slots=True)
class Background:
    """One species' background: genes per term of a ``TermGraph`` (by term index), and
    genes in all GO aspects (``None``) and in each."""

    term_counts: npt.NDArray[np.int64]
    sizes: dict[GOCategory | None, int]

    @classmethod
    def empty(cls, graph: TermGraph) -> Background:
        return cls(np.zeros(graph.term_count, dtype=np.int64), dict.fromkeys(SIZE_COLUMNS, 0))


async def count(
    conn: AsyncConnection,
    graph: TermGraph,
    *,
    taxon: int,
    genes: Collection[int] | None = None,
    evidence: Collection[str] | None = None,
    span: Span | None = None,
    blocks: AnnotationBlocks | None = None,
) -> Background:
    """The background of the species over its annotated genes (``genes`` only, when
    given) and their annotations (with ``evidence`` only, when given); ``span``: the
    species' genes' pk span, if read already (``spans``); ``blocks``: see ``propagated``."""
    background = Background.empty(graph)
    async for pairs in propagated(
        conn, graph, taxon=taxon, genes=genes, evidence=evidence, span=span, blocks=blocks
    ):
        # Blocks hold different genes, so their counts add up.
        background.term_counts += np.bincount(pairs.pair_terms, minlength=graph.term_count)
        background.sizes[None] += len(np.unique(pairs.pair_genes))
        pair_categories = graph.term_categories[pairs.pair_terms]
        for position, category in enumerate(CATEGORIES):
            in_category = pairs.pair_genes[pair_categories == position]
            background.sizes[category] += len(np.unique(in_category))
    return background


async def propagated(
    conn: AsyncConnection,
    graph: TermGraph,
    *,
    taxon: int,
    genes: Collection[int] | None = None,
    evidence: Collection[str] | None = None,
    span: Span | None = None,
    blocks: AnnotationBlocks | None = None,
) -> AsyncIterator[PropagatedPairs]:
    """The species' (gene, term) pairs as ``count`` counts them, a block of genes at a
    time (no gene in two blocks). With ``blocks``, a pass over all the species' genes
    and evidence codes is read from them if an earlier pass was written there, else
    written there as it is read (a load's two passes: db/annotation_blocks.py)."""
    if genes is None:
        if span is None:
            span = (await spans(conn, [taxon])).get(taxon)
        if blocks is not None and evidence is None:
            async for pairs in _kept_pass(conn, graph, blocks, taxon, span):
                yield pairs
            return
        statements = [
            annotated_terms(taxon=taxon, evidence=evidence, pk_range=(lo, lo + GENES_PER_BLOCK))
            for lo in _block_starts(span)
        ]
    else:
        pks = sorted(set(genes))
        statements = [
            annotated_terms(taxon=taxon, genes=pks[lo : lo + GENES_PER_BLOCK], evidence=evidence)
            for lo in range(0, len(pks), GENES_PER_BLOCK)
        ]
    for statement in statements:
        rows = [(pk, ids) for pk, ids in await conn.execute(statement)]
        yield graph.propagate(rows)


def _block_starts(span: Span | None) -> range:
    """The first pk of each block of the species' genes."""
    return range(0) if span is None else range(span[0], span[1] + 1, GENES_PER_BLOCK)


async def _kept_pass(
    conn: AsyncConnection,
    graph: TermGraph,
    blocks: AnnotationBlocks,
    taxon: int,
    span: Span | None,
) -> AsyncIterator[PropagatedPairs]:
    """``propagated`` over all the species' genes, read from ``blocks`` (written there
    first if no pass over the same span was: ``keep``)."""
    if not blocks.recorded((taxon, span)):
        await keep(conn, graph, {taxon: span} if span is not None else {}, blocks)
        if span is None:
            return
    for pks, terms in blocks.read((taxon, span)):
        yield graph.propagate_codes(pks, terms)


async def keep(
    conn: AsyncConnection, graph: TermGraph, species: dict[int, Span], blocks: AnnotationBlocks
) -> None:
    """Each species' positive annotations read into ``blocks`` for ``propagated`` to read
    back, a block of genes at a time. On PostgreSQL each block's statement is sent before
    the block before it is decoded and written, so the database reads it meanwhile."""
    read = _read_ahead if conn.dialect.name == "postgresql" else _read_in_turn
    for taxon, span in sorted(species.items()):
        statements = [
            annotated_terms(taxon=taxon, pk_range=(lo, lo + GENES_PER_BLOCK))
            for lo in _block_starts(span)
        ]
        file = blocks.writer((taxon, span))
        async for rows in read(conn, statements):
            blocks.write(file, *graph.codes(rows))
        blocks.finish((taxon, span))


async def _read_in_turn(
    conn: AsyncConnection, statements: Sequence[Select[int, str]]
) -> AsyncIterator[Sequence[tuple[int, str]]]:
    for statement in statements:
        yield [(pk, ids) for pk, ids in await conn.execute(statement)]


async def _read_ahead(
    conn: AsyncConnection, statements: Sequence[Select[int, str]]
) -> AsyncIterator[Sequence[tuple[int, str]]]:
    """Each statement's rows, the next statement running while the caller handles them
    (through the driver: one statement at a time, the next sent once the last is read)."""
    raw = await driver_of(conn)
    queries = [DriverStatement(statement, conn.dialect) for statement in statements]
    pending: asyncio.Task[Sequence[tuple[int, str]]] | None = None
    try:
        for query in queries:
            rows = None if pending is None else await pending
            # Sent only once the statement before has been read: one at a time.
            pending = asyncio.create_task(raw.fetch(query.sql, *query.arguments({})))
            await asyncio.sleep(0)  # let it go out
            if rows is not None:
                yield rows
        if pending is not None:
            rows = await pending
            pending = None
            yield rows
    finally:
        if pending is not None:
            # Failing anyway: the connection must be free before the rollback.
            with contextlib.suppress(Exception):
                await pending


# The species with an annotated gene: per species, its genes probed for one annotation,
# stopping at the first. Joining every annotation to its gene and keeping the distinct
# species read all the annotations: 44.6 s at 100x (BENCHMARKS.md, issue #16).
ANNOTATED_TAXA = select(Species.taxon_id).where(
    select(Gene.pk)
    .where(
        Gene.taxon_id == Species.taxon_id,
        select(GOAnnotation.gene_pk).where(GOAnnotation.gene_pk == Gene.pk).exists(),
    )
    .limit(1)
    .scalar_subquery()
    .is_not(None)
)


async def spans(conn: AsyncConnection, taxa: Collection[int] | None = None) -> dict[int, Span]:
    """The smallest and largest gene pk of each of these species (of those with an
    annotated gene when none are named) that has genes. One statement for all: a load's
    counts and term lists read each species' span once (at 100x the kit each read scanned
    the genes, 1.4-8.5 s, and a load read each twice: BENCHMARKS.md, issue #16)."""
    rows = await conn.execute(
        select(Gene.taxon_id, func.min(Gene.pk), func.max(Gene.pk))
        .where(Gene.taxon_id.in_(ANNOTATED_TAXA if taxa is None else sorted(taxa)))
        .group_by(Gene.taxon_id)
    )
    return {taxon: (low, high) for taxon, low, high in rows}


async def store(
    conn: AsyncConnection,
    graph: TermGraph,
    species: dict[int, Span],
    blocks: AnnotationBlocks | None = None,
    beside: AbstractAsyncContextManager[None] | None = None,
) -> None:
    """Replace the stored backgrounds with those of the annotations the connection sees and
    ``graph``'s terms and closure, for the annotated species and their genes' pk spans
    (``spans()``; a load calls this in its transaction, before it commits, with the graph
    of the closure it staged, if it staged one: the load swaps that closure in afterwards,
    so readers never wait for the count). With ``blocks``, the annotations are read into
    them first, for the term gene lists' pass too (``propagated``), and counted from them:
    ``beside`` (work of the connection's: deferred_indexes.building_unread) then runs
    while they are counted."""
    if beside is not None and blocks is None:
        raise ValueError("work beside the counts needs the annotations kept")
    if blocks is not None:
        await keep(conn, graph, species, blocks)
    backgrounds = {}
    async with beside or contextlib.nullcontext():
        for taxon, span in sorted(species.items()):
            backgrounds[taxon] = await count(conn, graph, taxon=taxon, span=span, blocks=blocks)
    await conn.execute(delete(BackgroundTermCount))
    await conn.execute(delete(BackgroundSize))
    categories = [c.value for c in CATEGORIES]
    for taxon, background in backgrounds.items():
        counted = np.flatnonzero(background.term_counts)
        terms: Sequence[tuple[object, ...]] = [
            (taxon, graph.term_ids[t], categories[graph.term_categories[t]], genes)
            for t, genes in zip(
                counted.tolist(), background.term_counts[counted].tolist(), strict=True
            )
        ]
        await insert_rows(
            conn,
            BackgroundTermCount.__table__,
            ("taxon_id", "go_id", "category", "gene_count"),
            terms,
        )
        sizes = [(taxon, *(background.sizes[c] for c in SIZE_COLUMNS))]
        await insert_rows(
            conn, BackgroundSize.__table__, ("taxon_id", *SIZE_COLUMNS.values()), sizes
        )
