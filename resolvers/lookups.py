"""Root look-ups: a gene by symbol or CURIE, a GO term by id."""

from __future__ import annotations

from db.identifiers import InvalidIdentifier, parse_gene_curie, parse_go_curie
from resolvers.errors import UserInputError
from resolvers.loaders import Loaders
from resolvers.records import GeneRecord, TermRecord


async def find_gene(
    loaders: Loaders, *, symbol: str | None, taxon: int | None, curie: str | None
) -> GeneRecord | None:
    if curie is not None and symbol is not None:
        raise UserInputError("gene: give either `symbol` (with `taxon`) or `id`, not both")
    if curie is not None:
        try:
            ref = parse_gene_curie(curie)
        except InvalidIdentifier as error:
            raise UserInputError(f"gene: {error}") from None
        if ref.gene_id is not None:
            return await loaders.genes_by_gene_id.load(ref.gene_id)
        assert ref.taxon_id is not None and ref.symbol is not None
        return await loaders.genes_by_symbol.load((ref.taxon_id, ref.symbol))
    if symbol is None:
        raise UserInputError("gene: give `symbol` (with `taxon`, default 9606) or `id`")
    if taxon is None:
        raise UserInputError("gene: `taxon` is needed with `symbol`, e.g. 9606 for human")
    return await loaders.genes_by_symbol.load((taxon, symbol))


async def find_term(loaders: Loaders, curie: str) -> TermRecord | None:
    try:
        go_id = parse_go_curie(curie)
    except InvalidIdentifier as error:
        raise UserInputError(f"goTerm: {error}") from None
    return await loaders.terms.load(go_id)
