"""Species genegraph knows by name: NCBI Taxonomy ids of the organisms NCBI Gene,
HomoloGene and GO annotate most. A gene page names species by their scientific
name only, so this table is how "Il2 Mus musculus" becomes NCBITaxon:10090."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class KnownSpecies:
    taxon_id: int
    scientific_name: str
    common_name: str | None


KNOWN_SPECIES: tuple[KnownSpecies, ...] = (
    KnownSpecies(9606, "Homo sapiens", "human"),
    KnownSpecies(10090, "Mus musculus", "house mouse"),
    KnownSpecies(10116, "Rattus norvegicus", "Norway rat"),
    KnownSpecies(9598, "Pan troglodytes", "chimpanzee"),
    KnownSpecies(9544, "Macaca mulatta", "Rhesus monkey"),
    KnownSpecies(9615, "Canis lupus familiaris", "dog"),
    KnownSpecies(9913, "Bos taurus", "cattle"),
    KnownSpecies(9031, "Gallus gallus", "chicken"),
    KnownSpecies(8364, "Xenopus tropicalis", "tropical clawed frog"),
    KnownSpecies(7955, "Danio rerio", "zebrafish"),
    KnownSpecies(7227, "Drosophila melanogaster", "fruit fly"),
    KnownSpecies(7165, "Anopheles gambiae", "African malaria mosquito"),
    KnownSpecies(6239, "Caenorhabditis elegans", "nematode"),
    KnownSpecies(4932, "Saccharomyces cerevisiae", "baker's yeast"),
    KnownSpecies(4896, "Schizosaccharomyces pombe", "fission yeast"),
    KnownSpecies(28985, "Kluyveromyces lactis", "yeast"),
    KnownSpecies(33169, "Eremothecium gossypii", "Ashbya gossypii"),
    KnownSpecies(318829, "Magnaporthe oryzae", "rice blast fungus"),
    KnownSpecies(5141, "Neurospora crassa", "Neurospora crassa"),
    KnownSpecies(3702, "Arabidopsis thaliana", "thale cress"),
    KnownSpecies(4530, "Oryza sativa", "rice"),
)

BY_TAXON_ID = {s.taxon_id: s for s in KNOWN_SPECIES}
BY_SCIENTIFIC_NAME = {s.scientific_name.lower(): s for s in KNOWN_SPECIES}


def species_for_taxon(taxon_id: int) -> KnownSpecies:
    """The catalogue entry, or a placeholder named after the taxon for an unlisted one."""
    known = BY_TAXON_ID.get(taxon_id)
    if known is not None:
        return known
    return KnownSpecies(taxon_id, f"NCBITaxon:{taxon_id}", None)
