"""Plain, immutable rows as the loaders return them; the GraphQL types wrap these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from genegraph.db.models import GOCategory


@dataclass(frozen=True, slots=True)
class GeneRecord:
    pk: int
    gene_id: int | None
    taxon_id: int
    symbol: str
    name: str | None
    summary: str | None
    summary_provenance: str | None
    gene_type: str | None
    chromosome: str | None
    map_location: str | None


@dataclass(frozen=True, slots=True)
class SpeciesRecord:
    taxon_id: int
    scientific_name: str
    common_name: str | None


@dataclass(frozen=True, slots=True)
class TermRecord:
    go_id: str
    name: str
    category: GOCategory
    definition: str | None
    is_obsolete: bool
    replaced_by: str | None
    consider: str  # space-separated GO ids


@dataclass(frozen=True, slots=True)
class AnnotationRecord:
    term: TermRecord
    source_go_id: str
    evidence: str | None
    qualifier: str | None
    references: tuple[str, ...]
    with_from: tuple[str, ...]
    assigned_by: str | None
    annotated_on: str | None
    source: str

    @property
    def negated(self) -> bool:
        """A NOT annotation states the gene does *not* have the term."""
        # GAF separates qualifiers with "|" ("NOT|involved_in"), gene2go with a space.
        return self.qualifier is not None and "NOT" in self.qualifier.replace("|", " ").split()


@dataclass(frozen=True, slots=True)
class OrthologRecord:
    gene: GeneRecord
    sources: tuple[str, ...]  # every source that asserts the pair, in source order (rows.py)


@dataclass(frozen=True, slots=True)
class XrefRecord:
    database: str
    identifier: str
    url: str | None


@dataclass(frozen=True, slots=True)
class ChangeRecord:
    description: str
    source: str


@dataclass(frozen=True, slots=True)
class ReleaseRecord:
    pk: int
    loaded_at: datetime
    load_seconds: float
    sources: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class DiscontinuedGeneRecord:
    """A GeneID NCBI discontinued, and the gene that replaced it (None: withdrawn)."""

    gene_id: int
    taxon_id: int
    symbol: str
    discontinued_on: str  # YYYYMMDD
    replaced_by: GeneRecord | None


@dataclass(frozen=True, slots=True)
class AnnotationChangeRecord:
    """An annotation a release added or removed; ``term`` is None only when its id is
    no longer known at all."""

    release_pk: int
    added: bool
    go_id: str
    term: TermRecord | None
    evidence: str | None
    qualifier: str | None
    source: str
