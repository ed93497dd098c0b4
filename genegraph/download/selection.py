"""What a download's arguments name in the database: genes by their CURIEs, species
that exist, terms (alt ids resolved) with their descendants. Read before the download's
transaction (see ``pinned``); anything unknown is a ``BadArgument``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.identifiers import GeneRef, InvalidIdentifier, parse_gene_curie
from genegraph.db.models import Gene, GOTerm, GOTermAltId, GOTermClosure, Species
from genegraph.download.arguments import BadArgument, DownloadArguments
from genegraph.download.lists import one_of

# GAF 2.2 names a cellular component annotation's relation "part_of" for a
# protein-containing complex (this term or below), "located_in" otherwise.
PROTEIN_CONTAINING_COMPLEX = "GO:0032991"
SHOWN = 5  # unknown values named in a message


@dataclass(frozen=True, slots=True)
class Selection:
    """The filters as database keys; None: not filtered on."""

    gene_pks: tuple[int, ...] | None
    taxa: tuple[int, ...] | None
    terms: tuple[str, ...] | None  # the terms asked for and their descendants
    evidence: tuple[str, ...] | None
    # Read with the filters, for the GAF writer: the protein-containing complexes.
    complexes: frozenset[str]


async def select_annotations(conn: AsyncConnection, arguments: DownloadArguments) -> Selection:
    return Selection(
        gene_pks=await _gene_pks(conn, arguments.genes) if arguments.genes else None,
        taxa=await _taxa(conn, arguments.taxa) if arguments.taxa else None,
        terms=await _terms(conn, arguments.terms, arguments.with_regulates)
        if arguments.terms
        else None,
        evidence=arguments.evidence or None,
        complexes=frozenset(await _descendants(conn, [PROTEIN_CONTAINING_COMPLEX], False)),
    )


def _unknown(what: str, missing: list[str]) -> BadArgument:
    named = ", ".join(missing[:SHOWN]) + (
        f" and {len(missing) - SHOWN} more" if len(missing) > SHOWN else ""
    )
    return BadArgument(f"unknown {what}: {named}")


async def _gene_pks(conn: AsyncConnection, curies: tuple[str, ...]) -> tuple[int, ...]:
    refs = {}
    for curie in curies:
        try:
            refs[curie] = parse_gene_curie(curie)
        except InvalidIdentifier as error:
            raise BadArgument(f"genes: {error}") from None
    dialect = conn.dialect.name
    gene_ids = {ref.gene_id for ref in refs.values() if ref.gene_id is not None}
    by_gene_id = (
        {
            gene_id: pk
            for pk, gene_id in await conn.execute(
                select(Gene.pk, Gene.gene_id).where(one_of(Gene.gene_id, gene_ids, dialect))
            )
        }
        if gene_ids
        else {}
    )
    # A GeneSymbol CURIE names a gene known only from a gene page (no GeneID).
    pairs = {_page_key(ref) for ref in refs.values() if ref.gene_id is None}
    by_symbol = (
        {
            (taxon_id, symbol): pk
            for pk, taxon_id, symbol in await conn.execute(
                select(Gene.pk, Gene.taxon_id, Gene.symbol).where(
                    Gene.gene_id.is_(None), tuple_(Gene.taxon_id, Gene.symbol).in_(sorted(pairs))
                )
            )
        }
        if pairs
        else {}
    )
    pks, missing = [], []
    for curie, ref in refs.items():
        pk = (
            by_gene_id.get(ref.gene_id)
            if ref.gene_id is not None
            else by_symbol.get(_page_key(ref))
        )
        if pk is None:
            missing.append(curie)
        else:
            pks.append(pk)
    if missing:
        raise _unknown("gene" if len(missing) == 1 else "genes", missing)
    return tuple(dict.fromkeys(pks))


def _page_key(ref: GeneRef) -> tuple[int, str]:
    """A GeneSymbol CURIE's taxon and symbol (both set when it has no GeneID)."""
    return (ref.taxon_id or 0, ref.symbol or "")


async def _taxa(conn: AsyncConnection, taxa: tuple[int, ...]) -> tuple[int, ...]:
    held = set((await conn.execute(select(Species.taxon_id))).scalars())
    missing = [str(taxon) for taxon in taxa if taxon not in held]
    if missing:
        error = _unknown("taxon" if len(missing) == 1 else "taxa", missing)
        raise BadArgument(f"{error} (genegraph holds {', '.join(map(str, sorted(held)))})")
    return taxa


async def _terms(
    conn: AsyncConnection, asked: tuple[str, ...], with_regulates: bool
) -> tuple[str, ...]:
    known = set((await conn.execute(select(GOTerm.go_id).where(GOTerm.go_id.in_(asked)))).scalars())
    primary = {
        alt: go_id
        for alt, go_id in await conn.execute(
            select(GOTermAltId.alt_id, GOTermAltId.go_id).where(GOTermAltId.alt_id.in_(asked))
        )
    }
    missing = [go_id for go_id in asked if go_id not in known and go_id not in primary]
    if missing:
        raise _unknown("GO term" if len(missing) == 1 else "GO terms", missing)
    resolved = [primary.get(go_id, go_id) for go_id in asked]
    return tuple(sorted(set(await _descendants(conn, resolved, with_regulates))))


async def _descendants(conn: AsyncConnection, go_ids: list[str], with_regulates: bool) -> list[str]:
    """The terms and every term below them (over is_a and part_of; regulates too if asked),
    as the stored closure has them (each term is its own ancestor there)."""
    statement = select(GOTermClosure.go_id).where(GOTermClosure.ancestor_id.in_(go_ids))
    if not with_regulates:
        statement = statement.where(GOTermClosure.via_regulates.is_(False))
    return list((await conn.execute(statement)).scalars())
