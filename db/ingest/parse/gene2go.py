"""Parser for NCBI ``gene2go``: GeneID x GO id with evidence, qualifier and PubMed ids."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import NamedTuple

from genegraph.db.ingest.parse.files import SourceFile
from genegraph.db.ingest.parse.tsv import TAXON_AND_GENE, not_integers, rows, split_list

HEADER = "#tax_id\tGeneID\tGO_ID\tEvidence\tQualifier"
COLUMNS = 8


class Gene2GoRow(NamedTuple):
    # A tuple: cheaper to build than a frozen dataclass, and sent between processes as
    # one (parse/in_child.py).
    line: int
    taxon_id: int
    gene_id: int
    go_id: str
    evidence: str
    qualifier: str
    references: str  # "PMID:1|PMID:2"


# Built positionally: a NamedTuple's keyword constructor costs several times more per line.
_row = partial(tuple.__new__, Gene2GoRow)


def read_gene2go(source: SourceFile) -> Iterator[Gene2GoRow]:
    for fields in rows(source, header=HEADER, columns=COLUMNS, what="an NCBI gene2go file"):
        try:
            taxon_id, gene_id = int(fields[0]), int(fields[1])
        except ValueError:
            not_integers(source, fields, TAXON_AND_GENE)
        evidence, qualifier, pmids = fields[3], fields[4], fields[6]
        if pmids == "-" or not pmids:
            references = ""
        elif "||" in pmids or pmids[0] == "|" or pmids[-1] == "|":
            references = "|".join(["PMID:" + pmid for pmid in split_list(pmids)])
        else:
            # Every id prefixed by one replace: a list of parts cost a tenth of the parse.
            references = "PMID:" + pmids.replace("|", "|PMID:")
        yield _row(
            (
                source.line,
                taxon_id,
                gene_id,
                fields[2],  # go_id
                "" if evidence == "-" else evidence,
                "" if qualifier == "-" else qualifier,
                references,
            )
        )
