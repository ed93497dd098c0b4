"""The counts an enrichment test needs, as arrays over the terms of the ontology's closure
(``TermGraph``): the study genes' annotations read per request (one statement) and
propagated in numpy; the background's genes per term read from the stored counts once per
release and species (counted instead for an evidence filter, once per release, or for a
named background, per request). Design: ARCHITECTURE.md, section 3 (Enrichment).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import BigInteger, String, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from genegraph.db import background_counts
from genegraph.db.background_counts import SIZE_COLUMNS, Background
from genegraph.db.models import (
    BackgroundSize,
    BackgroundTermCount,
    GOAnnotation,
    GOCategory,
    Release,
)
from genegraph.db.newest_release import newest_row
from genegraph.db.propagation import CATEGORIES, TermGraph
from genegraph.resolvers.ontology import not_negated
from genegraph.resolvers.rows import OnDriver, among, key_list, keys_parameter

IntArray = npt.NDArray[np.int64]

# (database, release): the release's closure, and its terms' places in GO id order (ties
# in p-value are reported by id); one per database is enough.
_graphs: OrderedDict[tuple[str, tuple[int, str] | None], ServedGraph] = OrderedDict()
GRAPH_CACHE_SIZE = 2
# Species backgrounds by (database, release, taxon, evidence codes): an entry is one count
# per GO term (read from the stored counts, or counted under an evidence filter), whatever
# the number of genes.
CACHE_SIZE = 4
CacheKey = tuple[str, tuple[int, str] | None, int, frozenset[str] | None]
_backgrounds: OrderedDict[CacheKey, Background] = OrderedDict()


class _SpaceSeparated(FunctionElement[str]):
    """``aggregate_strings(column, " ")`` with the separator written into the SQL: the
    separator SQLAlchemy binds at execution (on SQLite) cannot be in a statement compiled
    once (``OnDriver``)."""

    inherit_cache = True
    type = String()


@compiles(_SpaceSeparated, "sqlite")
def _space_separated_sqlite(element: _SpaceSeparated, compiler: SQLCompiler, **kw: Any) -> str:
    return f"group_concat({compiler.process(element.clauses, **kw)}, ' ')"


@compiles(_SpaceSeparated, "postgresql")
def _space_separated_postgresql(element: _SpaceSeparated, compiler: SQLCompiler, **kw: Any) -> str:
    return f"string_agg({compiler.process(element.clauses, **kw)}, ' ')"


def _study_annotations(evidence: bool) -> OnDriver:
    """(gene pk, its terms space-separated) for the positive annotations of the ``keys``
    genes (with the ``evidence`` codes only): db/propagation.py's ``annotated_terms``,
    built once and run on the driver, whatever the number of genes."""
    # An annotation without "NOT" anywhere in its qualifier is not negated: checked first,
    # SQLite skips the words' rebuilding for nearly every row (2.5 -> 1.8 ms of SQLite's
    # CPU for 200 genes' annotations); the rest are checked as everywhere else.
    positive = or_(GOAnnotation.qualifier.not_like("%NOT%"), not_negated())
    conditions = [positive, among(GOAnnotation.gene_pk, keys_parameter(BigInteger()))]
    if evidence:
        conditions.append(among(GOAnnotation.evidence, key_list("evidence", String())))
    return OnDriver(
        select(GOAnnotation.gene_pk, _SpaceSeparated(GOAnnotation.go_id))
        .where(and_(*conditions))
        .group_by(GOAnnotation.gene_pk)
    )


STUDY_ANNOTATIONS = _study_annotations(evidence=False)
STUDY_ANNOTATIONS_WITH_EVIDENCE = _study_annotations(evidence=True)
NEWEST_RELEASE = OnDriver(newest_row(Release.pk, Release.loaded_at))


@dataclass(frozen=True, slots=True)
class ServedGraph:
    """A release's closure, and each term's rank among the terms by GO id."""

    graph: TermGraph
    id_ranks: IntArray

    @classmethod
    def of(cls, graph: TermGraph) -> ServedGraph:
        ranks = np.empty(graph.term_count, dtype=np.int64)
        ranks[np.argsort(np.array(graph.term_ids, dtype=str), kind="stable")] = np.arange(
            graph.term_count
        )
        return cls(graph, ranks)


@dataclass(frozen=True, slots=True)
class EnrichmentCounts:
    """The study terms (every term, of the category, of a counted study gene), in term
    index order, with k and K; the study genes per term; n, N and the tested terms."""

    served: ServedGraph
    terms: IntArray  # term indices of ``served.graph``
    study_counts: IntArray  # k
    background_counts: IntArray  # K
    counted_genes: set[int]  # the study genes in the background: n of them
    tested_terms: int  # terms with at least min_term_genes background genes
    background_size: int  # N
    # The (term, gene) pairs behind k: terms of ``served.graph``, genes indexing gene_pks.
    pair_terms: IntArray
    pair_genes: IntArray
    gene_pks: IntArray
    # The pairs' genes' pks grouped by term, then each term's first pair: made when a
    # term's genes are first asked for (most answers select none).
    _by_term: list[tuple[IntArray, IntArray]] = field(default_factory=list)

    def genes_of(self, position: int) -> list[int]:
        """The pks of the study genes annotated to ``terms[position]`` (or a descendant)."""
        if not self._by_term:
            order = np.argsort(self.pair_terms, kind="stable")
            starts = np.append(np.searchsorted(self.pair_terms[order], self.terms), len(order))
            self._by_term.append((self.gene_pks[self.pair_genes[order]], starts))
        pks, starts = self._by_term[0]
        return list(pks[starts[position] : starts[position + 1]].tolist())


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
    stamp = await _release_stamp(engine)
    served = await _graph(engine, stamp)
    graph = served.graph
    in_category = None if category is None else graph.term_categories == CATEGORIES.index(category)
    pair_terms, pair_genes, gene_pks = await _study_pairs(
        engine, graph, study, evidence, in_category
    )
    if background is not None:
        async with engine.connect() as conn:
            species = await background_counts.count(
                conn, graph, taxon=taxon, genes=background, evidence=evidence
            )
    else:
        species = await _species_background(engine, graph, stamp, taxon, evidence)

    tested = species.term_counts >= min_term_genes
    if in_category is not None:
        tested &= in_category
    # k by counting, not sorting the pairs by term: only a reported term's genes need
    # that, and then only when they are selected (``genes_of``).
    by_term = np.bincount(pair_terms, minlength=graph.term_count)
    terms = np.flatnonzero(by_term)
    counted = np.bincount(pair_genes, minlength=len(gene_pks)) > 0
    return EnrichmentCounts(
        served=served,
        terms=terms,
        study_counts=by_term[terms],
        background_counts=species.term_counts[terms].astype(np.int64),
        counted_genes=set(gene_pks[counted].tolist()),
        tested_terms=int(np.count_nonzero(tested)),
        background_size=species.sizes[category],
        pair_terms=pair_terms,
        pair_genes=pair_genes,
        gene_pks=gene_pks,
    )


async def _study_pairs(
    engine: AsyncEngine,
    graph: TermGraph,
    study: Sequence[int],
    evidence: Collection[str] | None,
    in_category: npt.NDArray[np.bool_] | None,
) -> tuple[IntArray, IntArray, IntArray]:
    """Each (term, gene) pair once where a study gene is annotated to the term (of the
    category) or a descendant: the terms, the genes (indices into the third array, the
    genes' pks in ascending order)."""
    if not study:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0, np.int64)
    values: dict[str, object] = {"keys": sorted(study)}
    statement = STUDY_ANNOTATIONS
    if evidence is not None:
        statement, values["evidence"] = STUDY_ANNOTATIONS_WITH_EVIDENCE, sorted(evidence)
    rows = await statement.on(engine.dialect).rows(engine, values)
    pairs = graph.propagate([(pk, ids) for pk, ids in rows])
    pair_terms = pairs.pair_terms.astype(np.int64)
    pair_genes = pairs.pair_genes.astype(np.int64)
    if in_category is not None:
        keep = in_category[pair_terms]
        pair_terms, pair_genes = pair_terms[keep], pair_genes[keep]
    return pair_terms, pair_genes, pairs.gene_pks


async def read_served_graph(engine: AsyncEngine) -> None:
    """Read the served release's ontology graph into this process's cache now, so that the
    process's first enrichment does not wait for it: about 0.5 s of CPU, the same at 100x
    (the ontology does not grow with the genes; BENCHMARKS.md, issue #17)."""
    await _graph(engine, await _release_stamp(engine))


async def _graph(engine: AsyncEngine, stamp: tuple[int, str] | None) -> ServedGraph:
    key = (engine.url.render_as_string(hide_password=True), stamp)
    if (found := _graphs.get(key)) is not None:
        return found
    async with engine.connect() as conn:
        graph = await TermGraph.read(conn)
    served = _graphs[key] = ServedGraph.of(graph)
    while len(_graphs) > GRAPH_CACHE_SIZE:
        _graphs.popitem(last=False)
    return served


async def _species_background(
    engine: AsyncEngine,
    graph: TermGraph,
    stamp: tuple[int, str] | None,
    taxon: int,
    evidence: Collection[str] | None,
) -> Background:
    """Every annotated gene of the species as background, under the evidence filter: read
    from the stored counts (without a filter), or counted, once per release and filter."""
    key: CacheKey = (
        engine.url.render_as_string(hide_password=True),
        stamp,
        taxon,
        None if evidence is None else frozenset(evidence),
    )
    if (found := _backgrounds.get(key)) is not None:
        _backgrounds.move_to_end(key)
        return found
    async with engine.connect() as conn:
        counted = None if evidence is not None else await _stored_background(conn, graph, taxon)
        if counted is None:
            counted = await background_counts.count(conn, graph, taxon=taxon, evidence=evidence)
    _backgrounds[key] = counted
    while len(_backgrounds) > CACHE_SIZE:
        _backgrounds.popitem(last=False)
    return counted


async def _stored_background(
    conn: AsyncConnection, graph: TermGraph, taxon: int
) -> Background | None:
    """The species' background as the load stored it; None when nothing is stored for the
    species (a database migrated but not loaded since, or a species without annotations)."""
    columns = [getattr(BackgroundSize, column) for column in SIZE_COLUMNS.values()]
    sizes = (await conn.execute(select(*columns).where(BackgroundSize.taxon_id == taxon))).first()
    if sizes is None:
        return None
    rows = (
        await conn.execute(
            select(BackgroundTermCount.go_id, BackgroundTermCount.gene_count).where(
                BackgroundTermCount.taxon_id == taxon
            )
        )
    ).all()
    background = Background.empty(graph)
    codes = graph.index.codes(go_id for go_id, _ in rows)
    counts = np.fromiter((count for _, count in rows), dtype=np.int64, count=len(rows))
    live = codes >= 0  # a term the closure no longer holds is no term of this release
    background.term_counts[codes[live]] = counts[live]
    background.sizes = {
        category: int(size) for category, size in zip(SIZE_COLUMNS, sizes, strict=True)
    }
    return background


async def _release_stamp(engine: AsyncEngine) -> tuple[int, str] | None:
    """The newest release, which names the data being served."""
    rows = await NEWEST_RELEASE.on(engine.dialect).rows(engine, {})
    return None if not rows else (int(rows[0][0]), str(rows[0][1]))


def clear_cache() -> None:
    """Forget the closures and the species' backgrounds."""
    _graphs.clear()
    _backgrounds.clear()
