"""Parser for NCBI ``gene_info`` (16 tab-separated columns, ``-`` for none)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import NamedTuple

from genegraph.db.ingest.parse.files import SourceFile
from genegraph.db.ingest.parse.tsv import (
    TAXON_AND_GENE,
    none_if_dash,
    not_integers,
    rows,
    split_list,
)

HEADER = "#tax_id\tGeneID\tSymbol\tLocusTag\tSynonyms\tdbXrefs"
COLUMNS = 16


class GeneInfoRow(NamedTuple):
    # A tuple: cheaper to build than a frozen dataclass, and sent between processes as
    # one (parse/in_child.py).
    line: int
    taxon_id: int
    gene_id: int
    symbol: str
    aliases: tuple[str, ...]
    # (database, identifier): "MIM:147680" -> ("MIM", "147680"),
    # "HGNC:HGNC:6001" -> ("HGNC", "HGNC:6001")
    xrefs: tuple[tuple[str, str], ...]
    chromosome: str | None
    map_location: str | None
    name: str | None
    gene_type: str | None


# Built positionally: a NamedTuple's keyword constructor costs several times more per line.
_row = partial(tuple.__new__, GeneInfoRow)


def read_gene_info(source: SourceFile) -> Iterator[GeneInfoRow]:
    for fields in rows(source, header=HEADER, columns=COLUMNS, what="an NCBI gene_info file"):
        try:
            taxon_id, gene_id = int(fields[0]), int(fields[1])
        except ValueError:
            not_integers(source, fields, TAXON_AND_GENE)
        xrefs = []
        for xref in split_list(fields[5]):
            database, _, identifier = xref.partition(":")
            if identifier:
                xrefs.append((database, identifier))
        yield _row(
            (
                source.line,
                taxon_id,
                gene_id,
                fields[2],  # symbol
                tuple(dict.fromkeys(split_list(fields[4]))),  # aliases
                tuple(dict.fromkeys(xrefs)),
                none_if_dash(fields[6]),  # chromosome
                none_if_dash(fields[7]),  # map_location
                # name: the nomenclature authority's full name where there is one, as NCBI
                # shows it.
                none_if_dash(fields[11]) or none_if_dash(fields[8]),
                none_if_dash(fields[9]),  # gene_type
            )
        )
