"""The catalogue of source files: each one's real URL and the name it gets in the
destination folder, for the species and GO Consortium GAFs asked for."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from genegraph.db.known_species import KnownSpecies
from genegraph.fetch.species import gene_info_path

NCBI_GENE = "https://ftp.ncbi.nlm.nih.gov/gene/DATA/"
# A PURL: it redirects to current.geneontology.org/ontology/go-basic.obo.
GO_BASIC = "http://purl.obolibrary.org/obo/go/go-basic.obo"
GO_ANNOTATIONS = "https://current.geneontology.org/annotations/"
# NCBI's single files of all species; a load keeps the loaded species' rows.
NCBI_ALL_SPECIES = ("gene2go.gz", "gene_orthologs.gz", "gene_history.gz")

# The GO Consortium's GAFs (current.geneontology.org/annotations/<name>.gaf.gz).
GAF_NAMES = (
    "cgd",
    "dictybase",
    "ecocyc",
    "fb",
    "genedb_lmajor",
    "genedb_pfalciparum",
    "genedb_tbrucei",
    "goa_chicken",
    "goa_chicken_complex",
    "goa_chicken_isoform",
    "goa_chicken_rna",
    "goa_cow",
    "goa_cow_complex",
    "goa_cow_isoform",
    "goa_cow_rna",
    "goa_dog",
    "goa_dog_complex",
    "goa_dog_isoform",
    "goa_dog_rna",
    "goa_human",
    "goa_human_complex",
    "goa_human_isoform",
    "goa_human_rna",
    "goa_pig",
    "goa_pig_complex",
    "goa_pig_isoform",
    "goa_pig_rna",
    "japonicusdb",
    "mgi",
    "pombase",
    "pseudocap",
    "rgd",
    "sgd",
    "sgn",
    "tair",
    "wb",
    "xenbase",
    "zfin",
)


class UnknownGaf(ValueError):
    """A GAF name the GO Consortium does not publish; the message lists the known ones."""


@dataclass(frozen=True, slots=True)
class RemoteFile:
    url: str
    name: str  # its file name in the destination folder


def parse_gaf_option(value: str | None) -> tuple[str, ...]:
    """``--gaf rgd,mgi``: the names, checked against the GO Consortium's list."""
    if not value:
        return ()
    names: list[str] = []
    for raw in value.split(","):
        name = raw.strip().lower().removesuffix(".gaf.gz")
        if not name:
            continue
        if name not in GAF_NAMES:
            raise UnknownGaf(
                f"unknown GAF {raw.strip()!r} (no {GO_ANNOTATIONS}{name}.gaf.gz); "
                f"known GAFs: {', '.join(GAF_NAMES)}"
            )
        if name not in names:
            names.append(name)
    return tuple(names)


def remote_files(species: Sequence[KnownSpecies], gafs: Iterable[str] = ()) -> list[RemoteFile]:
    """The files to fetch: the ontology, each species' gene_info, NCBI's all-species
    files, then the GAFs."""
    files = [RemoteFile(GO_BASIC, "go-basic.obo")]
    for one in species:
        path = gene_info_path(one)
        files.append(RemoteFile(NCBI_GENE + "GENE_INFO/" + path, path.rsplit("/", 1)[-1]))
    files += [RemoteFile(NCBI_GENE + name, name) for name in NCBI_ALL_SPECIES]
    files += [RemoteFile(f"{GO_ANNOTATIONS}{name}.gaf.gz", f"{name}.gaf.gz") for name in gafs]
    return files
