"""Species named on the command line (``--species human,mouse,rat``): by common name,
scientific name or NCBI Taxonomy id, from genegraph's species table; and where NCBI
Gene keeps each one's ``gene_info`` file."""

from __future__ import annotations

from collections.abc import Iterable

from genegraph.db.known_species import BY_TAXON_ID, KNOWN_SPECIES, KnownSpecies

# NCBI Gene's GENE_INFO folder groups its per-species files: GENE_INFO/<group>/<file>.
GENE_INFO_GROUPS: dict[int, str] = {
    9606: "Mammalia",
    10090: "Mammalia",
    10116: "Mammalia",
    9598: "Mammalia",
    9544: "Mammalia",
    9615: "Mammalia",
    9913: "Mammalia",
    9031: "Non-mammalian_vertebrates",
    8364: "Non-mammalian_vertebrates",
    7955: "Non-mammalian_vertebrates",
    7227: "Invertebrates",
    7165: "Invertebrates",
    6239: "Invertebrates",
    4932: "Fungi",
    4896: "Fungi",
    28985: "Fungi",
    33169: "Fungi",
    318829: "Fungi",
    5141: "Fungi",
    3702: "Plants",
    4530: "Plants",
}

# NCBI names a file after the species, except where its file keeps an older name.
GENE_INFO_STEMS: dict[int, str] = {9615: "Canis_familiaris"}

# The names people use, where the table's common name is longer ("house mouse").
SHORT_NAMES: dict[str, int] = {
    "mouse": 10090,
    "rat": 10116,
    "macaque": 9544,
    "cow": 9913,
    "frog": 8364,
    "fly": 7227,
    "mosquito": 7165,
    "worm": 6239,
    "yeast": 4932,
    "arabidopsis": 3702,
}


class UnknownSpecies(ValueError):
    """A species name the table does not hold; the message lists the known ones."""


def _names() -> dict[str, KnownSpecies]:
    names: dict[str, KnownSpecies] = {}
    for species in KNOWN_SPECIES:
        names[species.scientific_name.lower()] = species
        names[species.scientific_name.lower().replace(" ", "_")] = species
        names[str(species.taxon_id)] = species
        names[f"ncbitaxon:{species.taxon_id}"] = species
    for species in KNOWN_SPECIES:
        if species.common_name is not None:
            names.setdefault(species.common_name.lower(), species)
    for short, taxon_id in SHORT_NAMES.items():
        names[short] = BY_TAXON_ID[taxon_id]
    return names


NAMES = _names()


def known_species_list() -> str:
    return ", ".join(f"{short_name(s)} ({s.scientific_name}, {s.taxon_id})" for s in KNOWN_SPECIES)


def short_name(species: KnownSpecies) -> str:
    for short, taxon_id in SHORT_NAMES.items():
        if taxon_id == species.taxon_id:
            return short
    return (species.common_name or species.scientific_name).lower()


def resolve_species(names: Iterable[str]) -> tuple[KnownSpecies, ...]:
    """The species named, in order, without repeats; an unknown name is an error."""
    found: dict[int, KnownSpecies] = {}
    for name in names:
        key = name.strip().lower()
        if not key:
            continue
        species = NAMES.get(key)
        if species is None:
            raise UnknownSpecies(
                f"unknown species {name.strip()!r}; known species: {known_species_list()}"
            )
        found.setdefault(species.taxon_id, species)
    if not found:
        raise UnknownSpecies(f"no species named; known species: {known_species_list()}")
    return tuple(found.values())


def parse_species_option(value: str) -> tuple[KnownSpecies, ...]:
    """``--species human,mouse,10116``."""
    return resolve_species(value.split(","))


def gene_info_path(species: KnownSpecies) -> str:
    """The species' file under NCBI Gene's ``DATA/GENE_INFO/``."""
    stem = GENE_INFO_STEMS.get(species.taxon_id, species.scientific_name.replace(" ", "_"))
    return f"{GENE_INFO_GROUPS[species.taxon_id]}/{stem}.gene_info.gz"
