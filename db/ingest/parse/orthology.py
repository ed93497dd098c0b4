"""Parsers for orthology tables: NCBI ``gene_orthologs`` pairs and HomoloGene groups."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from itertools import chain
from typing import NamedTuple

from genegraph.db.ingest.parse.files import SourceFile
from genegraph.db.ingest.parse.tsv import not_integers, rows, split_row

GENE_ORTHOLOGS_HEADER = "#tax_id\tGeneID\trelationship\tOther_tax_id\tOther_GeneID"
HOMOLOGENE_HEADER = "#HID\ttax_id\tGeneID\tSymbol"


class OrthologPair(NamedTuple):
    # A tuple: cheaper to build than a frozen dataclass, and sent between processes as
    # one (parse/in_child.py).
    line: int
    taxon_id: int
    gene_id: int
    other_taxon_id: int
    other_gene_id: int


class HomologeneRow(NamedTuple):
    # A tuple: cheaper to build than a frozen dataclass, and sent between processes as
    # one (parse/in_child.py).
    line: int
    hid: int
    taxon_id: int
    gene_id: int
    symbol: str


# Built positionally: a NamedTuple's keyword constructor costs several times more per line.
_pair = partial(tuple.__new__, OrthologPair)
_member = partial(tuple.__new__, HomologeneRow)
# (index, name) of the integer columns, for the error naming a bad one.
_PAIR_COLUMNS = ((0, "tax_id"), (1, "GeneID"), (3, "Other_tax_id"), (4, "Other_GeneID"))
_HOMOLOGENE_COLUMNS = ((0, "HID"), (1, "tax_id"), (2, "GeneID"))


def read_gene_orthologs(source: SourceFile) -> Iterator[OrthologPair]:
    for fields in rows(
        source, header=GENE_ORTHOLOGS_HEADER, columns=5, what="an NCBI gene_orthologs file"
    ):
        try:
            numbers = int(fields[0]), int(fields[1]), int(fields[3]), int(fields[4])
        except ValueError:
            not_integers(source, fields, _PAIR_COLUMNS)
        yield _pair((source.line, *numbers))


def read_homologene(source: SourceFile) -> Iterator[HomologeneRow]:
    """The kit's 4-column file with its header, or NCBI's ``homologene.data``
    (6 columns, no header: HID, taxon, GeneID, symbol, protein gi, protein accession)."""
    lines = source.lines()
    first = next(lines, None)
    if first is None:
        return
    headed = first.startswith(HOMOLOGENE_HEADER)
    columns = 4 if headed else 6
    for line in lines if headed else chain([first], lines):
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) != columns:
            split_row(source, line, columns)
        try:
            numbers = int(fields[0]), int(fields[1]), int(fields[2])
        except ValueError:
            not_integers(source, fields, _HOMOLOGENE_COLUMNS)
        yield _member((source.line, *numbers, fields[3]))
