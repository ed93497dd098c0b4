"""Objects by global id, for `node(id:)` and `nodes(ids:)` (schema/nodes.py).

An id's prefix names its type: ``NCBIGene:``/``GeneSymbol:`` a gene, ``GO:`` a GO term,
``NCBITaxon:`` a species, ``genegraph.release:`` a release. The ids of a request are
sorted by type and each type's are asked of its DataLoader at once, so any number of ids
costs one statement per type named (species: none once held in memory).

A gene id answers as `gene(id:)` does (``gene_matching.match_ids``): a discontinued GeneID
with the gene that replaced it; a GO id as `goTerm(id:)`: a secondary id with its primary
term. An id that names nothing is None; an id that is not one of these CURIEs is a
``UserInputError`` in its place, so that one bad id of a batch spoils only its own answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from genegraph.db.identifiers import (
    GENE_SYMBOL,
    NCBI_GENE,
    NCBI_TAXON,
    RELEASE,
    InvalidIdentifier,
    parse_gene_curie,
    parse_go_curie,
    parse_release_curie,
    parse_taxon_curie,
)
from genegraph.resolvers.dataloaders import Loaders
from genegraph.resolvers.errors import UserInputError
from genegraph.resolvers.gene_matching import MAX_BATCH, match_ids
from genegraph.resolvers.records import GeneRecord, ReleaseRecord, SpeciesRecord, TermRecord

NodeRecord = GeneRecord | TermRecord | SpeciesRecord | ReleaseRecord
Answer = NodeRecord | UserInputError | None
Key = TypeVar("Key")

# The prefix of each type's ids, as `Node`'s description lists them.
PREFIXES = (NCBI_GENE, GENE_SYMBOL, "GO", NCBI_TAXON, RELEASE)
_EXAMPLES = "'NCBIGene:3558', 'GO:0006955', 'NCBITaxon:9606' or 'genegraph.release:1'"


async def find_nodes(loaders: Loaders, ids: Sequence[str], field: str) -> list[Answer]:
    """Each id's object, in order; ``field`` names the asking field in error messages."""
    if len(ids) > MAX_BATCH:
        raise UserInputError(
            f"{field}: {len(ids)} ids asked for, at most {MAX_BATCH} per request; split the list"
        )
    answers: list[Answer] = [None] * len(ids)
    genes: dict[int, str] = {}
    terms: dict[int, str] = {}
    taxa: dict[int, int] = {}
    releases: dict[int, int] = {}
    for index, text in enumerate(ids):
        prefix = text.partition(":")[0]
        try:
            if prefix in (NCBI_GENE, GENE_SYMBOL):
                parse_gene_curie(text)  # match_ids would try any other id as an external one
                genes[index] = text
            elif prefix == "GO":
                terms[index] = parse_go_curie(text)
            elif prefix == NCBI_TAXON:
                taxa[index] = parse_taxon_curie(text)
            elif prefix == RELEASE:
                releases[index] = parse_release_curie(text)
            else:
                raise InvalidIdentifier(
                    f"{text!r} is not a node id: expected a CURIE whose prefix is one of "
                    f"{', '.join(PREFIXES)}, e.g. {_EXAMPLES} (a gene's id in another "
                    "database, e.g. 'Ensembl:ENSG00000109471', is looked up by `gene(id:)`)"
                )
        except InvalidIdentifier as error:
            answers[index] = UserInputError(f"{field}: {error}")

    async def gene_records(texts: list[str]) -> list[GeneRecord | None]:
        return [match.gene for match in await match_ids(loaders, texts)]

    await asyncio.gather(
        _fill(answers, genes, gene_records),
        _fill(answers, terms, loaders.terms.load_many),
        _fill(answers, taxa, loaders.species.load_many),
        _fill(answers, releases, loaders.releases_by_pk.load_many),
    )
    return answers


async def _fill(
    answers: list[Answer],
    keys: dict[int, Key],
    load: Callable[[list[Key]], Awaitable[Sequence[NodeRecord | None]]],
) -> None:
    """Puts the records of ``keys`` (answer index -> key) in their places; asks nothing
    when there are none, so a type no id names costs no statement."""
    if keys:
        for index, record in zip(keys, await load(list(keys.values())), strict=True):
            answers[index] = record
