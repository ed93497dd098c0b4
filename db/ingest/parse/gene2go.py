"""Parser for NCBI ``gene2go``: GeneID x GO id with evidence, qualifier and PubMed ids."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from genegraph.db.ingest.parse.files import SourceFile
from genegraph.db.ingest.parse.tsv import integer, none_if_dash, rows, split_list

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


def read_gene2go(source: SourceFile) -> Iterator[Gene2GoRow]:
    for fields in rows(source, header=HEADER, columns=COLUMNS, what="an NCBI gene2go file"):
        yield Gene2GoRow(
            line=source.line,
            taxon_id=integer(source, fields[0], "tax_id"),
            gene_id=integer(source, fields[1], "GeneID"),
            go_id=fields[2],
            evidence=none_if_dash(fields[3]) or "",
            qualifier=none_if_dash(fields[4]) or "",
            references="|".join(f"PMID:{pmid}" for pmid in split_list(fields[6])),
        )
