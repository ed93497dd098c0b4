"""Small source files written to show each rule of the loaders: an ontology, gene2go, a
GAF, NCBI's orthologs, HomoloGene, gene_history (``small_release`` writes them all, with
the seed page and gene_info fixture), and generated gene pages (``write_pages``)."""

from __future__ import annotations

import gzip
from pathlib import Path

from genegraph.db.ingest.release import Source
from tests.conftest import FIXTURES, SEED_PAGE

OBO = """format-version: 1.2
data-version: releases/test-1

[Term]
id: GO:0008150
name: biological_process
namespace: biological_process

[Term]
id: GO:0002376
name: immune system process
namespace: biological_process
is_a: GO:0008150 ! biological_process

[Term]
id: GO:0006955
name: immune response
namespace: biological_process
def: "Any immune system process that functions in the response to a threat." []
synonym: "immune reaction" RELATED []
is_a: GO:0002376 ! immune system process

[Term]
id: GO:0050776
name: regulation of immune response
namespace: biological_process
is_a: GO:0008150 ! biological_process
relationship: regulates GO:0006955 ! immune response

[Term]
id: GO:0050778
name: positive regulation of immune response
namespace: biological_process
is_a: GO:0050776 ! regulation of immune response
relationship: positively_regulates GO:0006955 ! immune response

[Term]
id: GO:0043066
name: negative regulation of apoptotic process
namespace: biological_process
alt_id: GO:0006916
is_a: GO:0008150 ! biological_process

[Term]
id: GO:0003674
name: molecular_function
namespace: molecular_function

[Term]
id: GO:0005125
name: cytokine activity
namespace: molecular_function
is_a: GO:0003674 ! molecular_function

[Term]
id: GO:0000005
name: obsolete ribosomal chaperone activity
namespace: molecular_function
is_obsolete: true
replaced_by: GO:0005125
consider: GO:0003674

[Typedef]
id: part_of
name: part of
"""

GENE2GO = """#tax_id\tGeneID\tGO_ID\tEvidence\tQualifier\tGO_term\tPubMed\tCategory
9606\t3558\tGO:0006955\tTAS\t-\timmune response\t3125226|2827345\tProcess
9606\t3558\tGO:0006916\tIDA\t-\tanti-apoptosis\t-\tProcess
9606\t3558\tGO:0006916\tIDA\t-\tanti-apoptosis\t-\tProcess
9606\t3558\tGO:0005125\tIEA\tenables\tcytokine activity\t-\tFunction
9606\t999999999\tGO:0006955\tIEA\t-\timmune response\t-\tProcess
9606\t3559\tGO:7777777\tIEA\t-\tno such term\t-\tProcess
"""

GAF_ROWS = [
    [
        "NCBIGene",
        "3558",
        "IL2",
        "involved_in",
        "GO:0050778",
        "PMID:1",
        "IMP",
        "",
        "P",
        "interleukin 2",
        "",
        "protein",
        "taxon:9606",
        "20200101",
        "TestDB",
        "",
        "",
    ],
    [
        "UniProtKB",
        "P60568",
        "IL2",
        "NOT|involved_in",
        "GO:0002376",
        "PMID:2",
        "IDA",
        "UniProtKB:P01589",
        "P",
        "interleukin 2",
        "",
        "protein",
        "taxon:9606",
        "20210102",
        "UniProt",
    ],
    [
        "UniProtKB",
        "Q99999",
        "NOSUCH",
        "enables",
        "GO:0005125",
        "PMID:3",
        "IDA",
        "",
        "F",
        "nothing",
        "",
        "protein",
        "taxon:9606",
        "20210102",
        "UniProt",
    ],
]
GAF = "!gaf-version: 2.2\n!generated-by: a test\n" + "".join(
    "\t".join(row) + "\n" for row in GAF_ROWS
)

ORTHOLOGS = """#tax_id\tGeneID\trelationship\tOther_tax_id\tOther_GeneID
9606\t3558\tOrtholog\t10090\t16183
9606\t3558\tOrtholog\t10116\t116562
9606\t3558\tOrtholog\t9598\t469000
"""

HOMOLOGENE = """#HID\ttax_id\tGeneID\tSymbol
4\t9606\t3558\tIL2
4\t10090\t16183\tIl2
4\t10116\t116562\tIl2
4\t9598\t469000\tIL2
"""

HISTORY = """tax_id\tGeneID\tDiscontinued_GeneID\tDiscontinued_Symbol\tDiscontinue_Date
9606\t3558\t99999999\tIL2OLD\t20200101
9606\t-\t88888888\tGONE\t20200101
9606\t77777777\t66666666\tX\t20200101
4577\t-\t1\tY\t20200101
9606\t3558\t99999998\tIL2OLDER\t20190101
"""


def write(folder: Path, name: str, text: str, *, gz: bool = False) -> Path:
    path = folder / name
    if gz:
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text)
    return path


def small_release(folder: Path) -> dict[str, Path]:
    """A small release: ontology, genes, the seed page and every annotation/orthology format."""
    return {
        "obo": write(folder, "mini.obo.gz", OBO, gz=True),
        "gene_info": FIXTURES / "gene_info_il2.tsv",
        "page": SEED_PAGE,
        "gene2go": write(folder, "gene2go", GENE2GO),
        "gaf": write(folder, "test.gaf", GAF),
        "orthologs": write(folder, "gene_orthologs.gz", ORTHOLOGS, gz=True),
        "homologene": write(folder, "homologene.tsv", HOMOLOGENE),
        "history": write(folder, "gene_history", HISTORY),
    }


TERMS_PER_GENE = 4


def write_pages(folder: Path, count: int) -> list[Source]:
    """``count`` human gene pages, each with terms and a mouse and a rat ortholog; and a
    page for each mouse ortholog, so the orthologs have terms of their own."""
    sources = []
    for i in range(count):
        terms = "".join(
            f"GO:{i * TERMS_PER_GENE + t:07d}term {i}.{t}biological_process\n"
            for t in range(TERMS_PER_GENE)
        )
        human = folder / f"g{i}.txt"
        human.write_text(
            f"gene {i}\nOrthologs\nGm{i} Mus musculus\nRn{i} Rattus norvegicus\nGO terms\n{terms}"
        )
        mouse = folder / f"gm{i}.txt"
        mouse.write_text(
            f"mouse gene {i}\nGO terms\nGO:{i * TERMS_PER_GENE:07d}term {i}.0biological_process\n"
        )
        sources += [Source(human), Source(mouse, symbol=f"Gm{i}", taxon=10090)]
    return sources
