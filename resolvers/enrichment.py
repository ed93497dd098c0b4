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

    @classmethod
    def of(
        cls,
        *,
        genes: Sequence[str],
        taxon: int,
        category: GOCategory | None,
        background: Sequence[str] | None,
        evidence: Sequence[str] | None,
        min_term_genes: int | None,
        max_results: int | None,
    ) -> EnrichmentRequest:
        """The request of the field's arguments, an explicit null taken as the default
        (the field's resolver and its plan, genegraph/execution/planned/enrichment.py)."""
        return cls(
            genes=genes,
            taxon=taxon,
            category=category,
            background=background,
            evidence=evidence,
            min_term_genes=DEFAULT_MIN_TERM_GENES if min_term_genes is None else min_term_genes,
            max_results=DEFAULT_MAX_RESULTS if max_results is None else max_results,
        )


@dataclass(frozen=True, slots=True)
class StudyGenes:
    """The study genes behind each study term's k, read from the counts' pairs when a
    reported term's genes are asked for: most answers select none, and sorting 20 terms'
    genes by symbol cost 1-2 ms a request."""

    counts: EnrichmentCounts
    genes: dict[int, GeneRecord]  # the study set's, by pk

    def of(self, position: int) -> tuple[GeneRecord, ...]:
        """The genes of the counts' study term ``position``, ordered by symbol."""
        genes = [self.genes[pk] for pk in self.counts.genes_of(position)]
        return tuple(sorted(genes, key=lambda g: (g.symbol.upper(), g.pk)))


@dataclass(frozen=True, slots=True)
class EnrichedTermRecord:
    go_id: str
    study_count: int
    background_count: int
    fold_enrichment: float
    p_value: float
    fdr: float
    position: int  # in the counts' study terms
    genes: StudyGenes

    @property
    def study_genes(self) -> tuple[GeneRecord, ...]:
        """The study genes annotated to the term (or a descendant), ordered by symbol."""
        return self.genes.of(self.position)


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
    study_counts: CountArray,
    background_counts: CountArray,
    study_size: int,
    universe_size: int,
    family: int,
) -> tuple[FloatArray, FloatArray]:
    """One-sided p-values P(X >= k), X ~ Hypergeometric(N, K, n), of terms with k >= 1,
    and their Benjamini-Hochberg adjusted values in a family of ``family`` tested terms,
    the others with k = 0."""
    # Terms share few distinct (k, K) tables: each is computed once.
    tables, table_of_term = np.unique(
        study_counts * (universe_size + 1) + background_counts, return_inverse=True
    )
    k, big_k = np.divmod(tables, universe_size + 1)
    p_values = upper_tails(k, big_k, study_size, universe_size)[table_of_term]
    return p_values, benjamini_hochberg(p_values, family)


def benjamini_hochberg(p_values: FloatArray, family: int) -> FloatArray:
    """The Benjamini-Hochberg adjusted values of ``p_values``, in a family of ``family``
    tests whose others have p = 1 (as scipy's ``false_discovery_control`` over the whole
    family, to the last bit). Those others, the largest, adjust to 1 and bound every
    adjusted value by 1, so only the given values are sorted: a few thousand, not all."""
    order = np.argsort(p_values)
    adjusted = p_values[order] * (family / np.arange(1, len(p_values) + 1, dtype=np.float64))
    np.minimum.accumulate(adjusted[::-1], out=adjusted[::-1])
    result = np.empty_like(adjusted)
    result[order] = np.clip(adjusted, 0.0, 1.0)
    return result


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
    tested = np.flatnonzero(counts.background_counts >= request.min_term_genes)
    assert len(tested) <= counts.tested_terms, "a study term is missing from the background"
    study_counts = counts.study_counts[tested]
    background_counts = counts.background_counts[tested]
    # Tested terms no study gene is annotated to have k = 0 and p = 1: they only pad the
    # family the FDR is adjusted over.
    p_values, fdr = over_representation(
        study_counts, background_counts, study_size, universe_size, counts.tested_terms
    )
    # Smallest p-value first, ties by GO id.
    id_ranks = counts.served.id_ranks[counts.terms[tested]]
    ranked = np.lexsort((id_ranks, p_values))[: request.max_results]
    positions = tested[ranked]  # in the counts' study terms
    k, big_k = study_counts[ranked], background_counts[ranked]
    fold = k * universe_size / (study_size * big_k) if len(ranked) else np.zeros(0)
    term_ids = counts.served.graph.term_ids
    genes = StudyGenes(counts, study.genes)
    terms = [
        EnrichedTermRecord(term_ids[term], *row, position, genes)
        for term, position, row in zip(
            counts.terms[positions].tolist(),
            positions.tolist(),
            zip(
                k.tolist(),
                big_k.tolist(),
                fold.tolist(),
                p_values[ranked].tolist(),
                fdr[ranked].tolist(),
                strict=True,
            ),
            strict=True,
        )
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
