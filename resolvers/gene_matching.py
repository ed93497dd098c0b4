"""Matching what clients type to genes, for `gene(...)` and the batch `genes(...)`.

Ids: NCBI GeneIDs (current, or discontinued and replaced), page-only genes, and ids in
other databases ("Ensembl:ENSG00000109471", "MIM:147680", "HGNC:6001"). Symbols: the
official symbol in a species, else an alias naming exactly one gene of that species.
All look-ups go through the request's DataLoaders, so a batch of a thousand inputs costs
a handful of statements, not a thousand.
"""

from __future__ import annotations

import asyncio
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from db.identifiers import (
    GENE_SYMBOL,
    NCBI_GENE,
    InvalidIdentifier,
    gene_curie,
    parse_gene_curie,
)
from resolvers.errors import UserInputError
from resolvers.links import stored_database_name
from resolvers.loaders import Loaders
from resolvers.records import GeneRecord

MAX_BATCH = 1_000
_GENE_PREFIXES = {NCBI_GENE, GENE_SYMBOL}


class MatchKind(enum.Enum):
    ID = "id"
    DISCONTINUED_ID = "discontinued_id"
    XREF = "xref"
    SYMBOL = "symbol"
    ALIAS = "alias"


@dataclass(frozen=True, slots=True)
class GeneMatch:
    input: str
    gene: GeneRecord | None
    kind: MatchKind | None
    candidates: tuple[GeneRecord, ...] = ()
    problem: str | None = None
    # The input is not an id at all (as opposed to an id nobody has).
    invalid: bool = False


def _describe(genes: tuple[GeneRecord, ...]) -> str:
    return ", ".join(f"{gene_curie(g.gene_id, g.taxon_id, g.symbol)} ({g.symbol})" for g in genes)


def _one_of(text: str, genes: list[GeneRecord], kind: MatchKind, what: str) -> GeneMatch:
    if len(genes) == 1:
        return GeneMatch(text, genes[0], kind)
    if not genes:
        return GeneMatch(text, None, None, problem=f"no gene has {what} {text!r}")
    found = tuple(genes)
    return GeneMatch(
        text, None, None, found, f"{what} {text!r} names {len(found)} genes: {_describe(found)}"
    )


async def match_id(loaders: Loaders, text: str, taxon: int | None = None) -> GeneMatch:
    try:
        ref = parse_gene_curie(text)
    except InvalidIdentifier:
        ref = None
    if ref is not None and ref.gene_id is not None:
        gene = await loaders.genes_by_gene_id.load(ref.gene_id)
        if gene is not None:
            return GeneMatch(text, gene, MatchKind.ID)
        replacement = await loaders.genes_by_discontinued_id.load(ref.gene_id)
        if replacement is not None:
            return GeneMatch(text, replacement, MatchKind.DISCONTINUED_ID)
        return GeneMatch(text, None, None, problem=f"no gene has the id {text!r}")
    if ref is not None:
        assert ref.taxon_id is not None and ref.symbol is not None
        gene = await loaders.genes_by_symbol.load((ref.taxon_id, ref.symbol))
        if gene is None:
            return GeneMatch(text, None, None, problem=f"no gene has the id {text!r}")
        return GeneMatch(text, gene, MatchKind.ID)
    database, colon, identifier = text.partition(":")
    if not colon or not database or not identifier or database in _GENE_PREFIXES:
        problem = f"{text!r} is not a gene id: expected a CURIE such as 'NCBIGene:3558', " + (
            "'GeneSymbol:9606/IL2' or an id in another database, e.g. 'Ensembl:ENSG00000109471'"
        )
        return GeneMatch(text, None, None, problem=problem, invalid=True)
    genes = await loaders.genes_by_xref.load((stored_database_name(database), identifier))
    if taxon is not None:
        genes = [g for g in genes if g.taxon_id == taxon]
    return _one_of(text, genes, MatchKind.XREF, "the id")


async def match_symbol(loaders: Loaders, text: str, taxon: int) -> GeneMatch:
    gene = await loaders.genes_by_symbol.load((taxon, text))
    if gene is not None:
        return GeneMatch(text, gene, MatchKind.SYMBOL)
    genes = await loaders.genes_by_alias.load((taxon, text.upper()))
    return _one_of(text, genes, MatchKind.ALIAS, "the symbol or alias")


async def match_alias(loaders: Loaders, text: str, taxon: int | None) -> GeneMatch:
    genes = await loaders.genes_by_alias.load((taxon, text.upper()))
    return _one_of(text, genes, MatchKind.ALIAS, "the alias")


async def match_batch(
    loaders: Loaders, ids: Sequence[str] | None, symbols: Sequence[str] | None, taxon: int
) -> list[GeneMatch]:
    """One answer per input, ids' answers first, each list in the order given."""
    count = len(ids or ()) + len(symbols or ())
    if count > MAX_BATCH:
        raise UserInputError(
            f"genes: {count} ids and symbols asked for, at most {MAX_BATCH} per request; "
            "split the list"
        )
    return list(
        await asyncio.gather(
            *(match_id(loaders, text) for text in ids or ()),
            *(match_symbol(loaders, text, taxon) for text in symbols or ()),
        )
    )
