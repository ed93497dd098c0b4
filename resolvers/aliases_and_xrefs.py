"""Batch functions finding genes by another name: an alias, or a record in another
database (Ensembl, MIM, HGNC ...). A name may point at several genes; all are returned,
NCBI genes first, so the caller decides what an ambiguous name means."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, tuple_

from genegraph.db.models import Gene, GeneAlias, GeneXref
from genegraph.resolvers.records import GeneRecord
from genegraph.resolvers.rows import GENE_COLUMNS, Fetch, gene_of, grouped

# (taxon id or None for any, upper-cased alias)
AliasKey = tuple[int | None, str]
# (database as stored, e.g. "Ensembl" or "MIM"; identifier)
XrefKey = tuple[str, str]


async def genes_by_alias(fetch: Fetch, keys: Sequence[AliasKey]) -> list[list[GeneRecord]]:
    rows = await fetch.rows(
        select(*GENE_COLUMNS, GeneAlias.alias_key)
        .join(GeneAlias, GeneAlias.gene_pk == Gene.pk)
        .where(GeneAlias.alias_key.in_({alias for _, alias in keys}))
        .order_by(GeneAlias.alias_key, Gene.gene_id.is_(None), Gene.gene_id, Gene.pk)
    )
    by_alias = grouped(
        sorted({alias for _, alias in keys}), rows, lambda r: r.alias_key, lambda r: gene_of(r)
    )
    found = dict(zip(sorted({alias for _, alias in keys}), by_alias, strict=True))
    return [
        [g for g in found[alias] if taxon is None or g.taxon_id == taxon] for taxon, alias in keys
    ]


async def genes_by_xref(fetch: Fetch, keys: Sequence[XrefKey]) -> list[list[GeneRecord]]:
    rows = await fetch.rows(
        select(*GENE_COLUMNS, GeneXref.database, GeneXref.identifier)
        .join(GeneXref, GeneXref.gene_pk == Gene.pk)
        .where(tuple_(GeneXref.database, GeneXref.identifier).in_(sorted(set(keys))))
        .order_by(GeneXref.database, GeneXref.identifier, Gene.gene_id, Gene.pk)
    )
    return grouped(keys, rows, lambda r: (r.database, r.identifier), lambda r: gene_of(r))
