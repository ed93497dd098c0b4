"""Root look-ups: a gene by symbol, id or alias; a GO term by id."""

from __future__ import annotations

from genegraph.db.identifiers import InvalidIdentifier, parse_go_curie
from genegraph.resolvers.dataloaders import Loaders
from genegraph.resolvers.errors import UserInputError
from genegraph.resolvers.gene_matching import GeneMatch, match_alias, match_id
from genegraph.resolvers.records import GeneRecord, TermRecord
from genegraph.resolvers.taxon_arguments import require_loaded


async def find_gene(
    loaders: Loaders,
    *,
    symbol: str | None,
    taxon: int | None,
    curie: str | None,
    alias: str | None = None,
) -> GeneRecord | None:
    """The one gene the arguments name; None when none does; an error when several do."""
    given = [name for name, value in (("symbol", symbol), ("id", curie), ("alias", alias)) if value]
    if len(given) != 1:
        got = f"; got {' and '.join(f'`{g}`' for g in given)}" if given else ""
        raise UserInputError(
            f"gene: give one of `symbol` (with `taxon`, default 9606), `id` or `alias`{got}"
        )
    if curie is not None:
        match = await match_id(loaders, curie)
        if match.invalid:
            raise UserInputError(f"gene: {match.problem}")
        return _only(match)
    if taxon is None:
        raise UserInputError("gene: `taxon` is needed with `symbol` or `alias`, e.g. 9606")
    if symbol is not None:
        found = await loaders.genes_by_symbol.load((taxon, symbol))
    else:
        assert alias is not None
        found = _only(await match_alias(loaders, alias, taxon))
    if found is None:
        await require_loaded(loaders, taxon, "gene")
    return found


def _only(match: GeneMatch) -> GeneRecord | None:
    if match.candidates:
        raise UserInputError(f"gene: {match.problem}; `genes(ids:)` or `search` list them all")
    return match.gene


async def find_term(loaders: Loaders, curie: str) -> TermRecord | None:
    try:
        go_id = parse_go_curie(curie)
    except InvalidIdentifier as error:
        raise UserInputError(f"goTerm: {error}") from None
    return await loaders.terms.load(go_id)
