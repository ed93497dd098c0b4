"""The counts an enrichment test needs, read from the database per request: the study
genes' annotations propagated over the ontology's closure (``TermGraph``), and the
background's genes per term (stored per load, or counted for an evidence filter or a
named background). Design: ARCHITECTURE.md, section 3 (Enrichment).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from genegraph.db import background_counts
from genegraph.db.background_counts import SIZE_COLUMNS, Background
from genegraph.db.models import BackgroundSize, BackgroundTermCount, GOCategory, Release
from genegraph.db.propagation import CATEGORIES, TermGraph, annotated_terms

# (database, release): the release's closure; one per database is enough.
_graphs: OrderedDict[tuple[str, tuple[int, str] | None], TermGraph] = OrderedDict()
GRAPH_CACHE_SIZE = 2
# Species counted under an evidence filter, by (database, release, taxon, codes); an entry
# is one count per GO term.
CACHE_SIZE = 4
CacheKey = tuple[str, tuple[int, str] | None, int, frozenset[str] | None]
_backgrounds: OrderedDict[CacheKey, Background] = OrderedDict()


@dataclass(frozen=True, slots=True)
class StudyTerm:
    """A term annotated to at least one study gene: those genes' pks, and K."""

    go_id: str
    genes: tuple[int, ...]
    background_count: int


@dataclass(frozen=True, slots=True)
class EnrichmentCounts:
    terms: list[StudyTerm]  # every term of a counted study gene, of the category
    counted_genes: set[int]  # the study genes in the background: n of them
    tested_terms: int  # terms with at least min_term_genes background genes
    background_size: int  # N


async def enrichment_counts(
    engine: AsyncEngine,
    *,
    taxon: int,
    study: Sequence[int],
    category: GOCategory | None,
    evidence: Collection[str] | None,
    background: Collection[int] | None,
    min_term_genes: int,
) -> EnrichmentCounts:
    """The counts for ``study`` (gene pks of the species) against ``background`` (gene
    pks; every annotated gene of the species when None)."""
    if background is not None:
        named = set(background)
        study = [pk for pk in study if pk in named]
    async with engine.connect() as conn:
        stamp = await _release_stamp(conn)
        graph = await _graph(conn, stamp)
        in_category = (
            None if category is None else graph.term_categories == CATEGORIES.index(category)
        )
        genes_of_term: dict[int, list[int]] = {}
        if study:
            rows = await conn.execute(annotated_terms(genes=study, evidence=evidence))
            pairs = graph.propagate([(pk, ids) for pk, ids in rows])
            keep = slice(None) if in_category is None else in_category[pairs.pair_terms]
            pair_pks = pairs.gene_pks[pairs.pair_genes[keep]].tolist()
            for term, pk in zip(pairs.pair_terms[keep].tolist(), pair_pks, strict=True):
                genes_of_term.setdefault(term, []).append(pk)
        counted = {pk for pks in genes_of_term.values() for pk in pks}

        if evidence is None and background is None:
            stored = await _stored_counts(
                conn, graph, taxon, genes_of_term, category, min_term_genes
            )
            if stored is not None:
                terms, tested_terms, size = stored
                return EnrichmentCounts(terms, counted, tested_terms, size)
        if background is not None:
            species = await background_counts.count(
                conn, graph, taxon=taxon, genes=background, evidence=evidence
            )
        else:
            species = await _species_background(conn, graph, stamp, taxon, evidence)
    tested = species.term_counts >= min_term_genes
    if in_category is not None:
        tested &= in_category
    terms = [
        StudyTerm(graph.term_ids[t], tuple(pks), int(species.term_counts[t]))
        for t, pks in genes_of_term.items()
    ]
    return EnrichmentCounts(terms, counted, int(np.count_nonzero(tested)), species.sizes[category])


async def _stored_counts(
    conn: AsyncConnection,
    graph: TermGraph,
    taxon: int,
    genes_of_term: dict[int, list[int]],
    category: GOCategory | None,
    min_term_genes: int,
) -> tuple[list[StudyTerm], int, int] | None:
    """The study terms with their stored background counts, the tested terms and the
    background's size; None when nothing is stored for the species (a database migrated
    but not loaded since, or a species without annotations)."""
    tested = select(func.count()).where(
        BackgroundTermCount.taxon_id == taxon, BackgroundTermCount.gene_count >= min_term_genes
    )
    if category is not None:
        tested = tested.where(BackgroundTermCount.category == category)
    size = select(getattr(BackgroundSize, SIZE_COLUMNS[category])).where(
        BackgroundSize.taxon_id == taxon
    )
    tested_terms, background_size = (
        await conn.execute(select(tested.scalar_subquery(), size.scalar_subquery()))
    ).one()
    if background_size is None:
        return None
    ids = {graph.term_ids[t]: pks for t, pks in genes_of_term.items()}
    terms = []
    if ids:
        rows = await conn.execute(
            select(BackgroundTermCount.go_id, BackgroundTermCount.gene_count).where(
                BackgroundTermCount.taxon_id == taxon, BackgroundTermCount.go_id.in_(sorted(ids))
            )
        )
        terms = [StudyTerm(go_id, tuple(ids[go_id]), count) for go_id, count in rows]
    return terms, int(tested_terms), int(background_size)


async def _graph(conn: AsyncConnection, stamp: tuple[int, str] | None) -> TermGraph:
    key = (conn.engine.url.render_as_string(hide_password=True), stamp)
    if (found := _graphs.get(key)) is not None:
        return found
    graph = _graphs[key] = await TermGraph.read(conn)
    while len(_graphs) > GRAPH_CACHE_SIZE:
        _graphs.popitem(last=False)
    return graph


async def _species_background(
    conn: AsyncConnection,
    graph: TermGraph,
    stamp: tuple[int, str] | None,
    taxon: int,
    evidence: Collection[str] | None,
) -> Background:
    """Every annotated gene of the species as background, under the evidence filter:
    counted once per release and filter."""
    key: CacheKey = (
        conn.engine.url.render_as_string(hide_password=True),
        stamp,
        taxon,
        None if evidence is None else frozenset(evidence),
    )
    if (found := _backgrounds.get(key)) is not None:
        _backgrounds.move_to_end(key)
        return found
    counted = await background_counts.count(conn, graph, taxon=taxon, evidence=evidence)
    _backgrounds[key] = counted
    while len(_backgrounds) > CACHE_SIZE:
        _backgrounds.popitem(last=False)
    return counted


async def _release_stamp(conn: AsyncConnection) -> tuple[int, str] | None:
    """The newest release, which names the data being served."""
    statement = select(Release.pk, Release.loaded_at).order_by(Release.pk.desc()).limit(1)
    row = (await conn.execute(statement)).first()
    return None if row is None else (row.pk, str(row.loaded_at))


def clear_cache() -> None:
    """Forget the closures and the species counted under evidence filters."""
    _graphs.clear()
    _backgrounds.clear()
