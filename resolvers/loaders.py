"""DataLoaders: each batch of keys is answered by exactly one SQL statement.

A query for N genes with their terms and their orthologs' terms therefore runs a
fixed number of statements (one per nesting level and kind of data), not N.
Loaders are created per request, so their caches never outlive a request.

Arguments that narrow a list (a GO category, a set of taxa) are applied in
Python to the batch's rows, so differing arguments on sibling fields still
share one statement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Executable, func, literal, select, tuple_, union_all
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import aliased
from strawberry.dataloader import DataLoader

from db.loaders.store_orthology import HOMOLOGENE_SOURCE as HOMOLOGENE
from db.models import (
    Gene,
    GeneAlias,
    GeneChange,
    GeneXref,
    GOAnnotation,
    GOTerm,
    GOTermAltId,
    HomologeneMember,
    Orthology,
    Species,
)
from resolvers.records import (
    AnnotationRecord,
    ChangeRecord,
    GeneRecord,
    OrthologRecord,
    SpeciesRecord,
    TermRecord,
    XrefRecord,
)

K = TypeVar("K")
V = TypeVar("V")

GENE_COLUMNS = (
    Gene.pk,
    Gene.gene_id,
    Gene.taxon_id,
    Gene.symbol,
    Gene.name,
    Gene.summary,
    Gene.summary_provenance,
    Gene.gene_type,
    Gene.chromosome,
    Gene.map_location,
)
TERM_COLUMNS = (
    GOTerm.go_id,
    GOTerm.name,
    GOTerm.category,
    GOTerm.definition,
    GOTerm.is_obsolete,
    GOTerm.replaced_by,
    GOTerm.consider,
)

# (taxon id, symbol as asked)
SymbolKey = tuple[int, str]


def _gene(row: Sequence[Any]) -> GeneRecord:
    """A gene from a row that starts with GENE_COLUMNS."""
    (pk, gene_id, taxon_id, symbol, name, summary, provenance, gene_type, chromosome, location) = (
        row[: len(GENE_COLUMNS)]
    )
    return GeneRecord(
        pk, gene_id, taxon_id, symbol, name, summary, provenance, gene_type, chromosome, location
    )


def _term(row: Sequence[Any]) -> TermRecord:
    """A term from a row that starts with TERM_COLUMNS."""
    go_id, name, category, definition, is_obsolete, replaced_by, consider = row[: len(TERM_COLUMNS)]
    return TermRecord(go_id, name, category, definition, bool(is_obsolete), replaced_by, consider)


def _split(text: str | None) -> tuple[str, ...]:
    return tuple(part for part in (text or "").split("|") if part)


class Fetch:
    """Runs one statement on a connection borrowed from the pool for that statement only,
    so a request holds no connection between its batches."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def rows(self, statement: Executable) -> Sequence[Row[Any]]:
        async with self.engine.connect() as conn:
            return (await conn.execute(statement)).all()


def _grouped(
    keys: Sequence[K],
    rows: Iterable[Row[Any]],
    key_of: Callable[[Row[Any]], K],
    value_of: Callable[[Row[Any]], V],
) -> list[list[V]]:
    groups: dict[K, list[V]] = defaultdict(list)
    for row in rows:
        groups[key_of(row)].append(value_of(row))
    return [groups.get(key, []) for key in keys]


@dataclass(slots=True)
class Loaders:
    genes_by_pk: DataLoader[int, GeneRecord | None]
    genes_by_gene_id: DataLoader[int, GeneRecord | None]
    genes_by_symbol: DataLoader[SymbolKey, GeneRecord | None]
    species: DataLoader[int, SpeciesRecord | None]
    aliases: DataLoader[int, list[str]]
    xrefs: DataLoader[int, list[XrefRecord]]
    changes: DataLoader[int, list[ChangeRecord]]
    annotations: DataLoader[int, list[AnnotationRecord]]
    orthologs: DataLoader[int, list[OrthologRecord]]
    terms: DataLoader[str, TermRecord | None]
    alt_ids: DataLoader[str, list[str]]


def create_loaders(engine: AsyncEngine) -> Loaders:
    fetch = Fetch(engine)

    async def genes_by_pk(keys: list[int]) -> list[GeneRecord | None]:
        rows = await fetch.rows(select(*GENE_COLUMNS).where(Gene.pk.in_(keys)))
        found = {row.pk: _gene(row) for row in rows}
        return [found.get(key) for key in keys]

    async def genes_by_gene_id(keys: list[int]) -> list[GeneRecord | None]:
        rows = await fetch.rows(select(*GENE_COLUMNS).where(Gene.gene_id.in_(keys)))
        found = {row.gene_id: _gene(row) for row in rows}
        return [found.get(key) for key in keys]

    async def genes_by_symbol(keys: list[SymbolKey]) -> list[GeneRecord | None]:
        wanted = {(taxon, symbol.upper()) for taxon, symbol in keys}
        rows = await fetch.rows(
            select(*GENE_COLUMNS, Gene.symbol_key).where(
                tuple_(Gene.taxon_id, Gene.symbol_key).in_(sorted(wanted))
            )
        )
        candidates: dict[tuple[int, str], list[GeneRecord]] = defaultdict(list)
        for row in rows:
            candidates[(row.taxon_id, row.symbol_key)].append(_gene(row))

        def best(taxon: int, symbol: str) -> GeneRecord | None:
            # Exact spelling first, then an NCBI gene before a page-only one.
            genes = candidates.get((taxon, symbol.upper()), [])
            ranked = sorted(
                genes,
                key=lambda g: (g.symbol != symbol, g.gene_id is None, g.gene_id or 0, g.pk),
            )
            return ranked[0] if ranked else None

        return [best(taxon, symbol) for taxon, symbol in keys]

    async def species(keys: list[int]) -> list[SpeciesRecord | None]:
        rows = await fetch.rows(
            select(Species.taxon_id, Species.scientific_name, Species.common_name).where(
                Species.taxon_id.in_(keys)
            )
        )
        found = {
            row.taxon_id: SpeciesRecord(row.taxon_id, row.scientific_name, row.common_name)
            for row in rows
        }
        return [found.get(key) for key in keys]

    async def aliases(keys: list[int]) -> list[list[str]]:
        rows = await fetch.rows(
            select(GeneAlias.gene_pk, GeneAlias.alias)
            .where(GeneAlias.gene_pk.in_(keys))
            .order_by(GeneAlias.gene_pk, GeneAlias.alias)
        )
        return _grouped(keys, rows, lambda r: r.gene_pk, lambda r: r.alias)

    async def xrefs(keys: list[int]) -> list[list[XrefRecord]]:
        rows = await fetch.rows(
            select(GeneXref.gene_pk, GeneXref.database, GeneXref.identifier, GeneXref.url)
            .where(GeneXref.gene_pk.in_(keys))
            .order_by(GeneXref.gene_pk, GeneXref.database, GeneXref.identifier)
        )
        return _grouped(
            keys, rows, lambda r: r.gene_pk, lambda r: XrefRecord(r.database, r.identifier, r.url)
        )

    async def changes(keys: list[int]) -> list[list[ChangeRecord]]:
        rows = await fetch.rows(
            select(GeneChange.gene_pk, GeneChange.description, GeneChange.source)
            .where(GeneChange.gene_pk.in_(keys))
            .order_by(GeneChange.gene_pk, GeneChange.pk)
        )
        return _grouped(
            keys, rows, lambda r: r.gene_pk, lambda r: ChangeRecord(r.description, r.source)
        )

    async def annotations(keys: list[int]) -> list[list[AnnotationRecord]]:
        rows = await fetch.rows(
            select(
                *TERM_COLUMNS,
                GOAnnotation.gene_pk,
                GOAnnotation.source_go_id,
                GOAnnotation.evidence,
                GOAnnotation.qualifier,
                GOAnnotation.references,
                GOAnnotation.with_from,
                GOAnnotation.assigned_by,
                GOAnnotation.annotated_on,
                GOAnnotation.source,
            )
            .join(GOTerm, GOTerm.go_id == GOAnnotation.go_id)
            .where(GOAnnotation.gene_pk.in_(keys))
            .order_by(GOAnnotation.gene_pk, func.lower(GOTerm.name), GOTerm.go_id, GOAnnotation.pk)
        )
        return _grouped(
            keys,
            rows,
            lambda r: r.gene_pk,
            lambda r: AnnotationRecord(
                term=_term(r),
                source_go_id=r.source_go_id,
                evidence=r.evidence or None,
                qualifier=r.qualifier or None,
                references=_split(r.references),
                with_from=_split(r.with_from),
                assigned_by=r.assigned_by or None,
                annotated_on=r.annotated_on or None,
                source=r.source,
            ),
        )

    async def orthologs(keys: list[int]) -> list[list[OrthologRecord]]:
        # Stated pairs, and the other members of the gene's HomoloGene groups.
        mine, theirs = aliased(HomologeneMember), aliased(HomologeneMember)
        pairs = (
            select(*GENE_COLUMNS, Orthology.gene_pk.label("from_pk"), Orthology.source)
            .join(Orthology, Orthology.ortholog_pk == Gene.pk)
            .where(Orthology.gene_pk.in_(keys))
        )
        groups = (
            select(
                *GENE_COLUMNS, mine.gene_pk.label("from_pk"), literal(HOMOLOGENE).label("source")
            )
            .join(theirs, theirs.gene_pk == Gene.pk)
            .join(mine, mine.hid == theirs.hid)
            .where(mine.gene_pk.in_(keys), theirs.gene_pk != mine.gene_pk)
        )
        union = union_all(pairs, groups).subquery()
        rows = await fetch.rows(
            select(union).order_by(
                union.c.from_pk, union.c.taxon_id, union.c.symbol, union.c.pk, union.c.source
            )
        )
        return _grouped(
            keys, rows, lambda r: r.from_pk, lambda r: OrthologRecord(_gene(r), r.source)
        )

    async def alt_ids(keys: list[str]) -> list[list[str]]:
        rows = await fetch.rows(
            select(GOTermAltId.go_id, GOTermAltId.alt_id)
            .where(GOTermAltId.go_id.in_(keys))
            .order_by(GOTermAltId.go_id, GOTermAltId.alt_id)
        )
        return _grouped(keys, rows, lambda r: r.go_id, lambda r: r.alt_id)

    async def terms(keys: list[str]) -> list[TermRecord | None]:
        # An id may be a primary id or an alt_id; both resolve in one statement.
        statement = union_all(
            select(GOTerm.go_id.label("asked"), *TERM_COLUMNS).where(GOTerm.go_id.in_(keys)),
            select(GOTermAltId.alt_id.label("asked"), *TERM_COLUMNS)
            .join(GOTerm, GOTerm.go_id == GOTermAltId.go_id)
            .where(GOTermAltId.alt_id.in_(keys)),
        )
        rows = await fetch.rows(statement)
        found = {row.asked: _term(row[1:]) for row in rows}
        return [found.get(key) for key in keys]

    return Loaders(
        genes_by_pk=DataLoader(genes_by_pk),
        genes_by_gene_id=DataLoader(genes_by_gene_id),
        genes_by_symbol=DataLoader(genes_by_symbol),
        species=DataLoader(species),
        aliases=DataLoader(aliases),
        xrefs=DataLoader(xrefs),
        changes=DataLoader(changes),
        annotations=DataLoader(annotations),
        orthologs=DataLoader(orthologs),
        terms=DataLoader(terms),
        alt_ids=DataLoader(alt_ids),
    )
