"""A gene's history: discontinued GeneIDs (NCBI gene_history) and the annotation changes
each release recorded. The batch functions here back loaders in ``loaders.py``; each
answers its batch of keys with one SQL statement."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from genegraph.db.identifiers import InvalidIdentifier, parse_gene_curie
from genegraph.db.models import (
    AnnotationChange,
    AnnotationChangeKind,
    Gene,
    GeneHistory,
    GOTerm,
    GOTermAltId,
    Release,
)
from genegraph.resolvers.errors import UserInputError
from genegraph.resolvers.records import (
    AnnotationChangeRecord,
    DiscontinuedGeneRecord,
    GeneRecord,
    ReleaseRecord,
)
from genegraph.resolvers.rows import GENE_COLUMNS, TERM_COLUMNS, Fetch, gene_of, grouped, term_of

if TYPE_CHECKING:
    from genegraph.resolvers.dataloaders import Loaders  # which builds its loaders from this module

# The replacing gene's columns first (null when there is none), then the history's own.
_DISCONTINUED = select(
    *GENE_COLUMNS,
    GeneHistory.discontinued_gene_id,
    GeneHistory.taxon_id.label("discontinued_taxon_id"),
    GeneHistory.discontinued_symbol,
    GeneHistory.discontinued_on,
    GeneHistory.gene_pk,
).select_from(GeneHistory)


def _discontinued(row: Any) -> DiscontinuedGeneRecord:
    return DiscontinuedGeneRecord(
        gene_id=row.discontinued_gene_id,
        taxon_id=row.discontinued_taxon_id,
        symbol=row.discontinued_symbol,
        discontinued_on=row.discontinued_on,
        replaced_by=None if row.pk is None else gene_of(row),
    )


async def discontinued_genes(fetch: Fetch, keys: list[int]) -> list[DiscontinuedGeneRecord | None]:
    """Discontinued GeneIDs -> their gene_history record, with the replacing gene."""
    rows = await fetch.rows(
        _DISCONTINUED.outerjoin(Gene, Gene.pk == GeneHistory.gene_pk).where(
            GeneHistory.discontinued_gene_id.in_(keys)
        )
    )
    found = {row.discontinued_gene_id: _discontinued(row) for row in rows}
    return [found.get(key) for key in keys]


async def genes_by_discontinued_id(fetch: Fetch, keys: list[int]) -> list[GeneRecord | None]:
    """Discontinued GeneIDs -> the current gene that replaced each (None: none did)."""
    rows = await fetch.rows(
        select(*GENE_COLUMNS, GeneHistory.discontinued_gene_id)
        .join(GeneHistory, GeneHistory.gene_pk == Gene.pk)
        .where(GeneHistory.discontinued_gene_id.in_(keys))
    )
    found = {row.discontinued_gene_id: gene_of(row) for row in rows}
    return [found.get(key) for key in keys]


async def discontinued_by_gene(fetch: Fetch, keys: list[int]) -> list[list[DiscontinuedGeneRecord]]:
    """Gene pks -> the discontinued GeneIDs merged into each gene, newest first."""
    rows = await fetch.rows(
        _DISCONTINUED.join(Gene, Gene.pk == GeneHistory.gene_pk)
        .where(GeneHistory.gene_pk.in_(keys))
        .order_by(
            GeneHistory.gene_pk,
            GeneHistory.discontinued_on.desc(),
            GeneHistory.discontinued_gene_id.desc(),
        )
    )
    return grouped(keys, rows, lambda r: r.gene_pk, _discontinued)


async def annotation_changes(fetch: Fetch, keys: list[int]) -> list[list[AnnotationChangeRecord]]:
    """Gene pks -> the annotation changes recorded for each, newest release first.

    The recorded GO id resolves to its primary term now, also when the term was since
    merged into another (its id is then an alt_id)."""
    primary = func.coalesce(GOTermAltId.go_id, AnnotationChange.go_id)
    rows = await fetch.rows(
        select(
            *TERM_COLUMNS,
            AnnotationChange.gene_pk,
            AnnotationChange.release_pk,
            AnnotationChange.kind,
            AnnotationChange.go_id.label("recorded_go_id"),
            AnnotationChange.evidence,
            AnnotationChange.qualifier,
            AnnotationChange.source,
        )
        .select_from(AnnotationChange)
        .outerjoin(GOTermAltId, GOTermAltId.alt_id == AnnotationChange.go_id)
        .outerjoin(GOTerm, GOTerm.go_id == primary)
        .where(AnnotationChange.gene_pk.in_(keys))
        .order_by(
            AnnotationChange.gene_pk,
            AnnotationChange.release_pk.desc(),
            func.lower(GOTerm.name),
            AnnotationChange.go_id,
            AnnotationChange.evidence,
            AnnotationChange.qualifier,
            AnnotationChange.source,
        )
    )
    return grouped(
        keys,
        rows,
        lambda r: r.gene_pk,
        lambda r: AnnotationChangeRecord(
            release_pk=r.release_pk,
            added=r.kind is AnnotationChangeKind.ADDED,
            go_id=r.recorded_go_id,
            term=None if r.go_id is None else term_of(r),
            evidence=r.evidence or None,
            qualifier=r.qualifier or None,
            source=r.source,
        ),
    )


async def releases_by_pk(fetch: Fetch, keys: list[int]) -> list[ReleaseRecord | None]:
    rows = await fetch.rows(
        select(Release.pk, Release.loaded_at, Release.load_seconds, Release.sources).where(
            Release.pk.in_(keys)
        )
    )
    found = {r.pk: ReleaseRecord(r.pk, r.loaded_at, r.load_seconds, r.sources) for r in rows}
    return [found.get(key) for key in keys]


async def find_discontinued_gene(loaders: Loaders, curie: str) -> DiscontinuedGeneRecord | None:
    """The gene_history record of a discontinued GeneID; None when it was never discontinued
    (or its species is not loaded)."""
    try:
        ref = parse_gene_curie(curie)
    except InvalidIdentifier as error:
        raise UserInputError(f"discontinuedGene: {error}") from None
    if ref.gene_id is None:
        raise UserInputError(
            f"discontinuedGene: {curie!r} is not an NCBI GeneID; only GeneIDs are discontinued "
            "(e.g. 'NCBIGene:3558')"
        )
    return await loaders.discontinued_genes.load(ref.gene_id)


def changes_in_range(
    changes: Sequence[AnnotationChangeRecord], release: int | None, since: int | None
) -> list[AnnotationChangeRecord]:
    """The changes of release ``release`` and of releases after ``since``, when given."""
    return [
        c
        for c in changes
        if (release is None or c.release_pk == release) and (since is None or c.release_pk > since)
    ]
