"""Parser for GO Consortium annotation files, GAF 2.x (17 tab-separated columns)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import NamedTuple

from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse.files import SourceFile

HEADER = "!gaf-version: 2"
COLUMNS = 17
MIN_COLUMNS = 15  # the last two columns are optional


class GafRow(NamedTuple):
    # A tuple: cheaper to build than a frozen dataclass, and sent between processes as
    # one (parse/in_child.py).
    line: int
    db: str  # "UniProtKB", "NCBIGene", "MGI" ...
    object_id: str
    symbol: str
    qualifier: str  # "NOT|involved_in", "enables" ...
    go_id: str
    references: str
    evidence: str
    with_from: str
    taxon_id: int
    date: str
    assigned_by: str

    @property
    def negated(self) -> bool:
        return "NOT" in self.qualifier.split("|")


# Built positionally: a NamedTuple's keyword constructor costs several times more per line.
_row = partial(tuple.__new__, GafRow)


def read_gaf(source: SourceFile) -> Iterator[GafRow]:
    """The rows of a GAF whose ``!gaf-version: 2`` line is among its leading ``!`` lines
    (GO Central's files put it first, some excerpts after ``!Date Generated`` lines)."""
    versioned = False
    for line in source.lines():
        if line.startswith(HEADER):
            versioned = True
        if not line or line.startswith("!"):
            continue
        if not versioned:
            raise LoadError(
                source.name, source.line, f"not a GAF 2.x file: no {HEADER!r} line before it"
            )
        fields = line.split("\t")
        if not MIN_COLUMNS <= len(fields) <= COLUMNS:
            raise LoadError(
                source.name,
                source.line,
                f"expected {MIN_COLUMNS} to {COLUMNS} tab-separated columns, found {len(fields)}",
            )
        # Column 13 is "taxon:9606", or "taxon:9606|taxon:11676" for an interaction.
        taxon = fields[12].split("|")[0].removeprefix("taxon:")
        if not taxon.isdigit():
            raise LoadError(source.name, source.line, f"bad taxon {fields[12]!r}")
        yield _row(
            (
                source.line,
                fields[0],  # db
                fields[1],  # object_id
                fields[2],  # symbol
                fields[3],  # qualifier
                fields[4],  # go_id
                fields[5],  # references
                fields[6],  # evidence
                fields[7],  # with_from
                int(taxon),
                fields[13],  # date
                fields[14],  # assigned_by
            )
        )
