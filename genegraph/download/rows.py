"""The rows of a download, fetched in chunks from a server-side cursor (PostgreSQL) or
``fetchmany`` (SQLite), so memory holds one chunk whatever the number of rows; each chunk
comes with its genes' aliases, read in one statement."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.models import Gene, GeneAlias, GOAnnotation, GOCategory, GOTerm
from genegraph.download.lists import one_of
from genegraph.download.selection import Selection
from genegraph.resolvers.rows import ANNOTATION_COLUMNS

ROWS_PER_CHUNK = 5_000

_CATEGORIES = {c.value: c for c in GOCategory} | {c: c for c in GOCategory}
# Free text (a gene page's names) must stay one field of one line in the files.
_UNSAFE = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


@dataclass(frozen=True, slots=True)
class DownloadRow:
    """One stored annotation with its gene and term, as the writers need it."""

    gene_id: int | None
    taxon_id: int
    symbol: str
    gene_name: str | None
    gene_type: str | None
    aliases: tuple[str, ...]
    go_id: str
    term_name: str
    category: GOCategory
    source_go_id: str
    evidence: str
    qualifier: str
    references: str
    with_from: str
    assigned_by: str
    annotated_on: str
    source: str


def annotations_statement(selection: Selection, dialect: str) -> Select[*tuple[Any, ...]]:
    """The selected annotations, by species, then gene (GeneID; page-only genes last),
    then term: a gene's rows come together."""
    where: list[ColumnElement[bool]] = []
    if selection.gene_pks is not None:
        where.append(one_of(GOAnnotation.gene_pk, selection.gene_pks, dialect))
    if selection.taxa is not None:
        where.append(one_of(Gene.taxon_id, selection.taxa, dialect))
    if selection.terms is not None:
        where.append(one_of(GOAnnotation.go_id, selection.terms, dialect))
    if selection.evidence is not None:
        where.append(one_of(GOAnnotation.evidence, selection.evidence, dialect))
    return (
        select(
            Gene.pk,
            Gene.gene_id,
            Gene.taxon_id,
            Gene.symbol,
            Gene.name,
            Gene.gene_type,
            GOAnnotation.go_id,
            GOTerm.name.label("term_name"),
            GOTerm.category,
            *ANNOTATION_COLUMNS,
        )
        .join(Gene, Gene.pk == GOAnnotation.gene_pk)
        .join(GOTerm, GOTerm.go_id == GOAnnotation.go_id)
        .where(*where)
        .order_by(
            Gene.taxon_id,
            Gene.gene_id.is_(None),
            Gene.gene_id,
            Gene.pk,
            GOAnnotation.go_id,
            GOAnnotation.pk,
        )
    )


async def chunks(conn: AsyncConnection, selection: Selection) -> AsyncIterator[list[DownloadRow]]:
    """The selected annotations, ``ROWS_PER_CHUNK`` rows at a time, read on ``conn``
    (inside the download's transaction)."""
    size = ROWS_PER_CHUNK
    statement = annotations_statement(selection, conn.dialect.name)
    result = await conn.stream(statement.execution_options(yield_per=size))
    try:
        async for partition in result.partitions(size):
            aliases = await _aliases(conn, {row.pk for row in partition})
            genes: dict[int, GeneFields] = {}  # a gene's fields made once, not per annotation
            out = []
            for row in partition:
                gene = genes.get(row.pk)
                if gene is None:
                    gene = genes[row.pk] = _gene(row, aliases.get(row.pk, ()))
                out.append(_row(gene, row))
            yield out
    finally:
        await result.close()


async def _aliases(conn: AsyncConnection, gene_pks: set[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = defaultdict(list)
    for gene_pk, alias in await conn.execute(
        select(GeneAlias.gene_pk, GeneAlias.alias)
        .where(one_of(GeneAlias.gene_pk, gene_pks, conn.dialect.name))
        .order_by(GeneAlias.gene_pk, GeneAlias.alias)
    ):
        found[gene_pk].append(alias)
    return {pk: tuple(names) for pk, names in found.items()}


# DownloadRow's gene fields: GeneID, taxon, symbol, name, type, aliases.
GeneFields = tuple[int | None, int, str, str | None, str | None, tuple[str, ...]]
GENE_COLUMNS = 6  # pk and the five before the annotation's in annotations_statement


def _gene(row: Sequence[Any], aliases: tuple[str, ...]) -> GeneFields:
    (_pk, gene_id, taxon_id, symbol, name, gene_type) = row[:GENE_COLUMNS]
    return (
        gene_id,
        taxon_id,
        symbol.translate(_UNSAFE),
        name.translate(_UNSAFE) if name else name,
        gene_type,
        tuple(alias.translate(_UNSAFE) for alias in aliases),
    )


def _row(gene: GeneFields, row: Sequence[Any]) -> DownloadRow:
    (go_id, term_name, category, source_go_id, *stored) = row[GENE_COLUMNS:]
    return DownloadRow(
        *gene,
        go_id,
        term_name,
        _CATEGORIES[category],
        source_go_id,
        *stored,
    )
