"""Species named in clients' arguments, as taxon ids: NCBI Taxonomy ids, or scientific or
common names of the known species (``db.known_species``); and the one rule for a root
field's `taxon` that names no loaded species."""

from __future__ import annotations

from genegraph.db.known_species import KNOWN_SPECIES
from genegraph.resolvers.dataloaders import Loaders
from genegraph.resolvers.errors import UserInputError
from genegraph.resolvers.records import SpeciesRecord
from genegraph.resolvers.species_catalogue import catalogue_for

_BY_NAME = {
    name.lower(): s.taxon_id
    for s in KNOWN_SPECIES
    for name in (s.scientific_name, s.common_name)
    if name is not None
}


def taxon_for_name(name: str) -> int:
    taxon = _BY_NAME.get(name.strip().lower())
    if taxon is None:
        raise UserInputError(
            f"unknown species {name!r}: give a scientific name such as 'Mus musculus', a "
            "common name such as 'house mouse', or an NCBI Taxonomy id"
        )
    return taxon


def wanted_taxa(taxa: list[int] | None, names: list[str] | None) -> set[int] | None:
    """The species a filter accepts; None (any) when neither list is given."""
    if taxa is None and names is None:
        return None
    return set(taxa or ()) | {taxon_for_name(name) for name in names or ()}


async def require_loaded(loaders: Loaders, taxon: int, field: str) -> None:
    """An error naming the loaded species when ``taxon`` is none of them, rather than an
    empty answer. Callers ask only when they found nothing (a found gene's species is
    loaded), and it reads the species catalogue: no statement once the taxon is read
    (species_catalogue.py)."""
    if await loaders.species.load(taxon) is not None:
        return
    fetch = loaders.fetch
    loaded = sorted((await catalogue_for(fetch.engine).read(fetch, ())).values(), key=_taxon)
    if not loaded:
        raise UserInputError(
            f"{field}: taxon {taxon} is not loaded; no species is loaded yet (load genes with "
            "`genegraph update --species human`)"
        )
    names = ", ".join(f"{s.taxon_id} ({s.scientific_name})" for s in loaded)
    raise UserInputError(f"{field}: taxon {taxon} is not loaded; loaded species: {names}")


def _taxon(species: SpeciesRecord) -> int:
    return species.taxon_id
