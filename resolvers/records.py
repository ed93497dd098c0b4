"""Plain, immutable rows as the loaders return them; the GraphQL types wrap these.

NamedTuples, not frozen dataclasses: a frozen dataclass's ``__init__`` sets each field
by ``object.__setattr__``, which cost the batch of 100 GeneIDs 13% of its instructions
(BENCHMARKS.md, issue #17); a NamedTuple is made by one ``tuple.__new__``. Compared and
hashed by value, as the dataclasses were.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from genegraph.db.models import GOCategory


class GeneRecord(NamedTuple):
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


class SpeciesRecord(NamedTuple):
    taxon_id: int
    scientific_name: str
    common_name: str | None


class TermRecord(NamedTuple):
    go_id: str
    name: str
    category: GOCategory
    definition: str | None
    is_obsolete: bool
    replaced_by: str | None
    consider: str  # space-separated GO ids


class AnnotationRecord(NamedTuple):
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


class OrthologRecord(NamedTuple):
    gene: GeneRecord
    sources: tuple[str, ...]  # every source that asserts the pair, in source order (rows.py)


class XrefRecord(NamedTuple):
    database: str
    identifier: str
    url: str | None


class ChangeRecord(NamedTuple):
    description: str
    source: str


class ReleaseRecord(NamedTuple):
    pk: int
    loaded_at: datetime
    load_seconds: float
    sources: list[dict[str, Any]]


class DiscontinuedGeneRecord(NamedTuple):
    """A GeneID NCBI discontinued, and the gene that replaced it (None: withdrawn)."""

    gene_id: int
    taxon_id: int
    symbol: str
    discontinued_on: str  # YYYYMMDD
    replaced_by: GeneRecord | None


class AnnotationChangeRecord(NamedTuple):
    """An annotation a release added or removed; ``term`` is None only when its id is
    no longer known at all."""

    release_pk: int
    added: bool
    go_id: str
    term: TermRecord | None
    evidence: str | None
    qualifier: str | None
    source: str
