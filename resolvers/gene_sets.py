"""A list of gene ids, as `enrichment` and `slimSummary` take them: its size checked
(``check_size``), then sorted into the genes of one species and the ids reported instead
(matching no gene, or a gene of another species)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from genegraph.db.identifiers import InvalidIdentifier, parse_gene_curie
from genegraph.resolvers.errors import UserInputError
from genegraph.resolvers.records import GeneRecord

if TYPE_CHECKING:
    # The loaders' module imports resolvers/slims.py, which imports this one.
    from genegraph.resolvers.dataloaders import Loaders

# Ids resolved per SQL statement: keeps bind parameters well under the drivers' limits
# (32,766 on SQLite, 32,767 on asyncpg; a GeneSymbol id takes two).
_IDS_PER_STATEMENT = 10_000


def check_size(
    ids: Sequence[str], *, field: str, argument: str, most: int, what: str, when_empty: str
) -> None:
    """The one rule for a list of gene ids' size: not empty, at most ``most`` ids (repeats
    included: they are sent, and parsed, before they count once). ``what`` names the ids in
    the error (e.g. "study genes"); ``when_empty`` says what to do instead."""
    if not ids:
        raise UserInputError(f"{field}: `{argument}` is empty: {when_empty}")
    if len(ids) > most:
        raise UserInputError(f"{field}: `{argument}` has {len(ids):,} {what}; at most {most:,}")


@dataclass(frozen=True, slots=True)
class GeneSet:
    """A list of gene ids sorted into the species' genes and what was reported instead."""

    genes: dict[int, GeneRecord]  # by pk, in input order, each once
    unknown: list[str]
    other_taxon: list[tuple[str, GeneRecord]]


async def resolve_gene_set(
    loaders: Loaders, ids: Sequence[str], taxon: int, field: str, argument: str
) -> GeneSet:
    """The genes ``ids`` name; a malformed id is an error naming ``field`` and ``argument``."""
    curies = list(dict.fromkeys(ids))
    refs = []
    for curie in curies:
        try:
            refs.append(parse_gene_curie(curie))
        except InvalidIdentifier as error:
            raise UserInputError(f"{field}: `{argument}`: {error}") from None
    found: list[GeneRecord | None] = []
    for start in range(0, len(refs), _IDS_PER_STATEMENT):
        chunk = refs[start : start + _IDS_PER_STATEMENT]
        by_id = [r.gene_id for r in chunk if r.gene_id is not None]
        by_symbol = [
            (r.taxon_id, r.symbol) for r in chunk if r.taxon_id is not None and r.symbol is not None
        ]
        # Whole lists, one loader key each: ``load_many`` makes a future per id.
        id_genes = iter(await loaders.genes_by_gene_ids.load(tuple(by_id)) if by_id else [])
        symbol_genes = iter(
            await loaders.genes_by_symbols.load(tuple(by_symbol)) if by_symbol else []
        )
        found += [next(id_genes if r.gene_id is not None else symbol_genes) for r in chunk]
    gene_set = GeneSet({}, [], [])
    for curie, gene in zip(curies, found, strict=True):
        if gene is None:
            gene_set.unknown.append(curie)
        elif gene.taxon_id != taxon:
            gene_set.other_taxon.append((curie, gene))
        else:
            gene_set.genes.setdefault(gene.pk, gene)
    return gene_set
