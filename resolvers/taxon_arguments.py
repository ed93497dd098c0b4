"""Species named in clients' arguments, as taxon ids: NCBI Taxonomy ids, or scientific or
common names of the known species (``db.known_species``)."""

from __future__ import annotations

from genegraph.db.known_species import KNOWN_SPECIES
from genegraph.resolvers.errors import UserInputError

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
