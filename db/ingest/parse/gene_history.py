"""Parser for NCBI ``gene_history``: discontinued GeneIDs and what replaced them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from genegraph.db.ingest.parse.files import SourceFile
from genegraph.db.ingest.parse.tsv import integer, rows

# NCBI's file starts "#tax_id"; the kit's excerpt writes the header without "#".
HEADERS = ("#tax_id\tGeneID\tDiscontinued_GeneID", "tax_id\tGeneID\tDiscontinued_GeneID")


@dataclass(frozen=True, slots=True)
class HistoryRow:
    line: int
    taxon_id: int
    gene_id: int | None  # the replacement; None when withdrawn without one
    discontinued_gene_id: int
    discontinued_symbol: str
    discontinued_on: str


def read_gene_history(source: SourceFile) -> Iterator[HistoryRow]:
    for fields in rows(source, header=HEADERS, columns=5, what="an NCBI gene_history file"):
        yield HistoryRow(
            line=source.line,
            taxon_id=integer(source, fields[0], "tax_id"),
            gene_id=None if fields[1] == "-" else integer(source, fields[1], "GeneID"),
            discontinued_gene_id=integer(source, fields[2], "Discontinued_GeneID"),
            discontinued_symbol=fields[3],
            discontinued_on=fields[4],
        )
