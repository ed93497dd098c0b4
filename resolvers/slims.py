"""GO slim mapping, as goatools' map2slim does it: a gene's annotated terms (NOT-qualified
and obsolete ones left out) are mapped to the slim terms that are, or lie above, them over
is_a and part_of. ``DIRECT`` (map2slim's default, ``--slim_out direct``) keeps of those
the ones no other mapped slim term lies below; ``ALL`` keeps them all. A slim is a list
of GO ids and names of the loaded ontology's OBO subsets (``goslim_generic``).

One statement per batch of genes and slim: each gene's (annotated term, slim term at or
above it) pairs from the stored closure, with the slim terms' own order among themselves.
"""

from __future__ import annotations

import enum
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Integer, cast, null, select, union

from genegraph.db.identifiers import InvalidIdentifier, parse_go_curie
from genegraph.db.models import GOAnnotation, GOCategory, GOSubset, GOTerm, GOTermClosure
from genegraph.db.models import GOTermSubset as TermSubset
from genegraph.resolvers.errors import UserInputError
from genegraph.resolvers.gene_sets import check_size, resolve_gene_set
from genegraph.resolvers.ontology import not_negated, structural
from genegraph.resolvers.records import GeneRecord, TermRecord
from genegraph.resolvers.rows import TERM_COLUMNS, Fetch, grouped, term_of

if TYPE_CHECKING:
    from genegraph.resolvers.dataloaders import Loaders

MAX_SLIM_TERMS = 5_000
MAX_SUMMARY_GENES = 5_000


class SlimMapping(enum.Enum):
    """Which of the slim terms at or above a gene's terms it is mapped to."""

    DIRECT = "direct"
    ALL = "all"


@dataclass(frozen=True, slots=True)
class Slim:
    """A slim argument resolved: its terms by primary id, as given (a subset's by id)."""

    terms: dict[str, TermRecord]

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(sorted(self.terms))


@dataclass(frozen=True, slots=True)
class SlimKey:
    gene_pk: int
    slim: tuple[str, ...]  # primary ids, sorted


@dataclass(frozen=True, slots=True)
class SlimHit:
    """One of a gene's annotated terms and a slim term that is it or lies above it."""

    term_id: str
    category: GOCategory
    slim_id: str


@dataclass(frozen=True, slots=True)
class GeneSlimHits:
    hits: tuple[SlimHit, ...]
    # Slim term -> the slim terms strictly above it (is_a/part_of); shared by the batch.
    above: Mapping[str, frozenset[str]]

    def reached(self, category: GOCategory | None) -> list[SlimHit]:
        return [h for h in self.hits if category is None or h.category is category]

    def mapped(self, category: GOCategory | None, mapping: SlimMapping) -> set[str]:
        """The slim terms the gene maps to, from its terms of ``category`` (any if None).
        DIRECT leaves out a slim term that lies above another the gene reaches, as
        map2slim's "covered" ancestors."""
        reached = {h.slim_id for h in self.reached(category)}
        if mapping is SlimMapping.ALL:
            return reached
        covered = {above for slim_id in reached for above in self.above.get(slim_id, ())}
        return reached - covered


async def slim_hits(fetch: Fetch, keys: Sequence[SlimKey]) -> list[GeneSlimHits]:
    """Each gene's slim hits: one statement per distinct slim among ``keys``."""
    answers: dict[SlimKey, GeneSlimHits] = {}
    batches: dict[tuple[str, ...], list[SlimKey]] = defaultdict(list)
    for key in keys:
        batches[key.slim].append(key)
    for slim, batch in batches.items():
        genes = sorted({k.gene_pk for k in batch})
        hits = (
            select(
                GOAnnotation.gene_pk,
                GOAnnotation.go_id.label("term_id"),
                GOTerm.category,
                GOTermClosure.ancestor_id.label("slim_id"),
            )
            .join(GOTerm, GOTerm.go_id == GOAnnotation.go_id)
            .join(GOTermClosure, GOTermClosure.go_id == GOAnnotation.go_id)
            .where(
                GOAnnotation.gene_pk.in_(genes),
                GOTermClosure.ancestor_id.in_(slim),
                structural(False),
                not_negated(),
                GOTerm.is_obsolete.is_(False),
            )
        )
        # The slim terms' order among themselves: rows without a gene.
        order = select(
            cast(null(), Integer),
            GOTermClosure.go_id,
            cast(null(), GOTerm.category.type),
            GOTermClosure.ancestor_id,
        ).where(
            GOTermClosure.go_id.in_(slim),
            GOTermClosure.ancestor_id.in_(slim),
            GOTermClosure.go_id != GOTermClosure.ancestor_id,
            structural(False),
        )
        rows = await fetch.rows(union(hits, order))
        above: dict[str, set[str]] = defaultdict(set)
        per_gene: dict[int, list[SlimHit]] = defaultdict(list)
        for row in rows:
            if row.gene_pk is None:
                above[row.term_id].add(row.slim_id)
            else:
                per_gene[row.gene_pk].append(
                    SlimHit(row.term_id, GOCategory(row.category), row.slim_id)
                )
        shared = {slim_id: frozenset(ids) for slim_id, ids in above.items()}
        for key in batch:
            answers[key] = GeneSlimHits(tuple(per_gene.get(key.gene_pk, ())), shared)
    return [answers[key] for key in keys]


async def subset_terms(fetch: Fetch, keys: Sequence[str]) -> list[list[TermRecord] | None]:
    """The live terms of each named subset, by id; None for a subset the ontology lacks."""
    rows = await fetch.rows(
        select(GOSubset.name, *TERM_COLUMNS)
        .outerjoin(TermSubset, TermSubset.subset == GOSubset.name)
        .outerjoin(GOTerm, GOTerm.go_id == TermSubset.go_id)
        .where(GOSubset.name.in_(keys))
        .order_by(GOSubset.name, GOTerm.go_id)
    )
    defined = {row.name for row in rows}
    members = grouped(
        keys,
        [r for r in rows if r.go_id is not None and not r.is_obsolete],
        lambda r: r.name,
        lambda r: term_of(r[1:]),
    )
    return [terms if key in defined else None for key, terms in zip(keys, members, strict=True)]


async def _subset_names(fetch: Fetch) -> list[str]:
    return [row.name for row in await fetch.rows(select(GOSubset.name).order_by(GOSubset.name))]


async def resolve_slim(loaders: Loaders, slim: Sequence[str], field: str) -> Slim:
    """The terms ``slim`` names: GO ids (alt ids resolve to their primary term) and subset
    names; an error naming the first id or subset the loaded ontology does not have."""
    if not slim:
        raise UserInputError(
            f'{field}: `slim` is empty: give GO term ids (e.g. ["GO:0006955"]) or the name '
            'of an OBO subset of the ontology (e.g. "goslim_generic")'
        )
    asked = list(dict.fromkeys(slim))
    ids = [item for item in asked if item.upper().startswith("GO:")]
    names = [item for item in asked if not item.upper().startswith("GO:")]
    for go_id in ids:
        try:
            parse_go_curie(go_id)
        except InvalidIdentifier as error:
            raise UserInputError(f"{field}: `slim`: {error}") from None
    terms: dict[str, TermRecord] = {}
    for go_id, term in zip(ids, await loaders.terms.load_many(ids), strict=True):
        if term is None:
            raise UserInputError(f"{field}: `slim`: no GO term {go_id} in the loaded ontology")
        if term.is_obsolete:
            raise UserInputError(
                f"{field}: `slim`: {go_id} is obsolete; no gene maps to an obsolete term"
            )
        terms.setdefault(term.go_id, term)
    for name, members in zip(names, await loaders.subset_terms.load_many(names), strict=True):
        if members is None:
            known = await _subset_names(loaders.fetch)
            has = (
                "the loaded ontology has no subsets"
                if not known
                else "the loaded ontology's subsets are " + ", ".join(known)
            )
            raise UserInputError(f"{field}: `slim`: no subset {name!r} ({has})")
        for term in members:
            terms.setdefault(term.go_id, term)
    if len(terms) > MAX_SLIM_TERMS:
        raise UserInputError(
            f"{field}: `slim` names {len(terms):,} terms; at most {MAX_SLIM_TERMS:,}"
        )
    return Slim(terms)


def by_name(terms: list[TermRecord]) -> list[TermRecord]:
    return sorted(terms, key=lambda t: (t.name.lower(), t.go_id))


async def gene_slim_terms(
    loaders: Loaders,
    gene_pk: int,
    slim: Sequence[str],
    category: GOCategory | None,
    mapping: SlimMapping,
) -> list[TermRecord]:
    """``Gene.slimTerms``: the slim terms the gene maps to, ordered by name."""
    resolved = await resolve_slim(loaders, slim, "slimTerms")
    hits = await loaders.slim_hits.load(SlimKey(gene_pk, resolved.key))
    return by_name([resolved.terms[i] for i in hits.mapped(category, mapping)])


@dataclass(frozen=True, slots=True)
class SlimTermCount:
    term: TermRecord
    gene_count: int
    annotated_term_count: int


@dataclass(frozen=True, slots=True)
class SlimSummaryRecord:
    terms: list[SlimTermCount]
    gene_count: int
    unmapped_genes: list[GeneRecord]
    unknown_genes: list[str]
    other_taxon_genes: list[GeneRecord]


async def slim_summary(
    loaders: Loaders,
    genes: Sequence[str],
    slim: Sequence[str],
    taxon: int,
    category: GOCategory | None,
    mapping: SlimMapping,
) -> SlimSummaryRecord:
    """``slimSummary``: per slim term, the genes mapped to it and the distinct annotated
    terms at or below it; the genes mapped to none; the ids reported instead."""
    check_size(
        genes,
        field="slimSummary",
        argument="genes",
        most=MAX_SUMMARY_GENES,
        what="genes",
        when_empty="give the genes' ids",
    )
    if await loaders.species.load(taxon) is None:
        raise UserInputError(
            f"slimSummary: taxon {taxon} is not a species genegraph has genes for "
            "(e.g. 9606 for human)"
        )
    resolved = await resolve_slim(loaders, slim, "slimSummary")
    gene_set = await resolve_gene_set(loaders, genes, taxon, "slimSummary", "genes")
    found = await loaders.slim_hits.load_many([SlimKey(pk, resolved.key) for pk in gene_set.genes])
    gene_counts: Counter[str] = Counter()
    terms_below: dict[str, set[str]] = defaultdict(set)
    unmapped = []
    for gene, hits in zip(gene_set.genes.values(), found, strict=True):
        mapped = hits.mapped(category, mapping)
        if not mapped:
            unmapped.append(gene)
        gene_counts.update(mapped)
        for hit in hits.reached(category):
            terms_below[hit.slim_id].add(hit.term_id)
    counts = [
        SlimTermCount(term, gene_counts[go_id], len(terms_below[go_id]))
        for go_id, term in resolved.terms.items()
    ]
    counts.sort(
        key=lambda c: (-c.gene_count, -c.annotated_term_count, c.term.name.lower(), c.term.go_id)
    )
    return SlimSummaryRecord(
        terms=counts,
        gene_count=len(gene_set.genes),
        unmapped_genes=unmapped,
        unknown_genes=gene_set.unknown,
        other_taxon_genes=[gene for _, gene in gene_set.other_taxon],
    )
