"""GO enrichment: the terms over-represented in a study gene set against a background,
as goatools' GOEA computes them (one-sided Fisher test, Benjamini-Hochberg FDR). The
method, universe and reported terms: README, "Enrichment"; the counts it tests come
from ``enrichment_counts.py`` (ARCHITECTURE.md, section 3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.stats import false_discovery_control
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.models import GOCategory
from genegraph.resolvers.dataloaders import Loaders
from genegraph.resolvers.enrichment_counts import EnrichmentCounts, enrichment_counts
from genegraph.resolvers.errors import UserInputError
from genegraph.resolvers.gene_sets import GeneSet, check_size, resolve_gene_set
from genegraph.resolvers.hypergeometric import upper_tails
from genegraph.resolvers.records import GeneRecord
from genegraph.resolvers.taxon_arguments import require_loaded

MAX_STUDY_GENES = 5_000
MAX_BACKGROUND_GENES = 100_000
MAX_RESULTS = 10_000
DEFAULT_MAX_RESULTS = 100
DEFAULT_MIN_TERM_GENES = 1

FloatArray = npt.NDArray[np.float64]
CountArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class EnrichmentRequest:
    genes: Sequence[str]
    taxon: int
    category: GOCategory | None = None
    background: Sequence[str] | None = None
    evidence: Sequence[str] | None = None
    min_term_genes: int = DEFAULT_MIN_TERM_GENES
    max_results: int = DEFAULT_MAX_RESULTS


@dataclass(frozen=True, slots=True)
class EnrichedTermRecord:
    go_id: str
    study_count: int
    background_count: int
    fold_enrichment: float
    p_value: float
    fdr: float
    study_genes: tuple[GeneRecord, ...]  # ordered by symbol


@dataclass(frozen=True, slots=True)
class EnrichmentRecord:
    terms: list[EnrichedTermRecord]
    study_size: int
    background_size: int
    tested_terms: int
    unknown_genes: list[str]
    other_taxon_genes: list[GeneRecord]
    unannotated_genes: list[GeneRecord]
    unknown_background_genes: list[str]
    other_taxon_background_genes: list[str]


def over_representation(
    study_counts: CountArray, background_counts: CountArray, study_size: int, universe_size: int
) -> tuple[FloatArray, FloatArray]:
    """One-sided p-values P(X >= k), X ~ Hypergeometric(N, K, n), for every tested term,
    and their Benjamini-Hochberg adjusted values (the terms are one family)."""
    if len(study_counts) == 0:
        return np.zeros(0), np.zeros(0)
    # P(X >= 0) = 1. Other terms share few distinct (k, K) tables: each is computed once.
    p_values = np.ones(len(study_counts))
    hit = study_counts > 0
    tables, table_of_term = np.unique(
        study_counts[hit] * (universe_size + 1) + background_counts[hit], return_inverse=True
    )
    k, big_k = np.divmod(tables, universe_size + 1)
    p_values[hit] = upper_tails(k, big_k, study_size, universe_size)[table_of_term]
    return p_values, false_discovery_control(p_values, method="bh")


def _check(request: EnrichmentRequest) -> None:
    check_size(
        request.genes,
        field="enrichment",
        argument="genes",
        most=MAX_STUDY_GENES,
        what="study genes",
        when_empty="give the study genes' ids",
    )
    if request.background is not None:
        check_size(
            request.background,
            field="enrichment",
            argument="background",
            most=MAX_BACKGROUND_GENES,
            what="background genes",
            when_empty="omit it to test against every annotated gene of the species",
        )
    if request.evidence is not None and not request.evidence:
        raise UserInputError("enrichment: `evidence` is empty: omit it to count every code")
    if request.min_term_genes < 1:
        raise UserInputError("enrichment: `minTermGenes` must be at least 1")
    if not 1 <= request.max_results <= MAX_RESULTS:
        raise UserInputError(f"enrichment: `maxResults` must be between 1 and {MAX_RESULTS:,}")


async def run_enrichment(
    engine: AsyncEngine, loaders: Loaders, request: EnrichmentRequest
) -> EnrichmentRecord:
    _check(request)
    await require_loaded(loaders, request.taxon, "enrichment")
    study = await resolve_gene_set(loaders, request.genes, request.taxon, "enrichment", "genes")
    background = (
        None
        if request.background is None
        else await resolve_gene_set(
            loaders, request.background, request.taxon, "enrichment", "background"
        )
    )
    counts = await enrichment_counts(
        engine,
        taxon=request.taxon,
        study=list(study.genes),
        category=request.category,
        evidence=None if request.evidence is None else frozenset(request.evidence),
        background=None if background is None else background.genes.keys(),
        min_term_genes=request.min_term_genes,
    )
    return _enrich(counts, request, study, background)


def _enrich(
    counts: EnrichmentCounts,
    request: EnrichmentRequest,
    study: GeneSet,
    background: GeneSet | None,
) -> EnrichmentRecord:
    counted_pks = counts.counted_genes
    study_size, universe_size = len(counted_pks), counts.background_size
    tested = [term for term in counts.terms if term.background_count >= request.min_term_genes]
    # Tested terms no study gene is annotated to have k = 0 and p = 1: they only pad the
    # family the FDR is adjusted over.
    untested = counts.tested_terms - len(tested)
    study_counts = np.zeros(counts.tested_terms, dtype=np.int64)
    background_counts = np.zeros(counts.tested_terms, dtype=np.int64)
    study_counts[: len(tested)] = [len(term.genes) for term in tested]
    background_counts[: len(tested)] = [term.background_count for term in tested]
    assert untested >= 0, "a study term is missing from the background's counts"
    p_values, fdr = over_representation(study_counts, background_counts, study_size, universe_size)
    ranked = sorted(range(len(tested)), key=lambda i: (p_values[i], tested[i].go_id))
    terms = [
        EnrichedTermRecord(
            go_id=term.go_id,
            study_count=len(term.genes),
            background_count=term.background_count,
            fold_enrichment=float(
                len(term.genes) * universe_size / (study_size * term.background_count)
            ),
            p_value=float(p_values[i]),
            fdr=float(fdr[i]),
            study_genes=tuple(
                sorted(
                    (study.genes[pk] for pk in term.genes), key=lambda g: (g.symbol.upper(), g.pk)
                )
            ),
        )
        for i in ranked[: request.max_results]
        for term in (tested[i],)
    ]
    return EnrichmentRecord(
        terms=terms,
        study_size=study_size,
        background_size=universe_size,
        tested_terms=counts.tested_terms,
        unknown_genes=study.unknown,
        other_taxon_genes=[gene for _, gene in study.other_taxon],
        unannotated_genes=[g for pk, g in study.genes.items() if pk not in counted_pks],
        unknown_background_genes=[] if background is None else background.unknown,
        other_taxon_background_genes=(
            [] if background is None else [curie for curie, _ in background.other_taxon]
        ),
    )
