"""Web addresses of records in other resources: a gene's external ids and GO terms."""

from __future__ import annotations

from urllib.parse import quote

# Keyed by the database name as NCBI gene_info's dbXrefs writes it ("MIM:147680").
_GENE_RECORD_URLS = {
    "Ensembl": "https://www.ensembl.org/id/{id}",
    "MIM": "https://omim.org/entry/{id}",
    "HGNC": "https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/{id}",
    "UniProtKB": "https://www.uniprot.org/uniprotkb/{id}/entry",
    "UniProt": "https://www.uniprot.org/uniprotkb/{id}/entry",
    "MGI": "https://www.informatics.jax.org/marker/{id}",
    "RGD": "https://rgd.mcw.edu/rgdweb/report/gene/main.html?id={id}",
    "miRBase": "https://www.mirbase.org/hairpin/{id}",
    "AllianceGenome": "https://www.alliancegenome.org/gene/{id}",
    "ZFIN": "https://zfin.org/{id}",
    "FLYBASE": "https://flybase.org/reports/{id}",
    "WormBase": "https://wormbase.org/species/c_elegans/gene/{id}",
    "SGD": "https://www.yeastgenome.org/locus/{id}",
}
# Upper-cased names people write for those databases -> the stored name, for look-ups.
DATABASE_NAMES = {name.upper(): name for name in _GENE_RECORD_URLS} | {"OMIM": "MIM"}

NCBI_GENE_DATABASE = "NCBI Gene"


def gene_record_url(database: str, identifier: str) -> str | None:
    template = _GENE_RECORD_URLS.get(database)
    return None if template is None else template.format(id=quote(identifier, safe=":"))


def ncbi_gene_url(gene_id: int) -> str:
    return f"https://www.ncbi.nlm.nih.gov/gene/{gene_id}"


def quickgo_url(go_id: str) -> str:
    return f"https://www.ebi.ac.uk/QuickGO/term/{go_id}"


def amigo_url(go_id: str) -> str:
    return f"https://amigo.geneontology.org/amigo/term/{go_id}"


def stored_database_name(database: str) -> str:
    """The name the database goes by in stored links, for one a user wrote."""
    return DATABASE_NAMES.get(database.upper(), database)
