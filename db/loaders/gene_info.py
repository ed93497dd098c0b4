"""Parser for NCBI ``gene_info`` (16 tab-separated columns, ``-`` for none)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from db.loaders.errors import LoadError
from db.loaders.files import open_text

HEADER_PREFIX = "#tax_id\tGeneID\tSymbol\tLocusTag\tSynonyms\tdbXrefs"
COLUMNS = 16


@dataclass(frozen=True, slots=True)
class GeneInfoRow:
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


def _value(field: str) -> str | None:
    return None if field in ("-", "") else field


def _list(field: str) -> list[str]:
    return [] if field in ("-", "") else [part for part in field.split("|") if part]


def read_gene_info(path: Path, taxa: frozenset[int] | None = None) -> Iterator[GeneInfoRow]:
    """Yield the rows of a gene_info file, optionally only those of ``taxa``."""
    with open_text(path) as handle:
        try:
            yield from _rows(handle, str(path), taxa)
        except UnicodeDecodeError as error:
            raise LoadError(str(path), None, f"not UTF-8 text ({error.reason})") from error


def _rows(handle: TextIO, path: str, taxa: frozenset[int] | None) -> Iterator[GeneInfoRow]:
    for number, raw in enumerate(handle, start=1):
        line = raw.rstrip("\r\n")
        if number == 1:
            if not line.startswith(HEADER_PREFIX):
                raise LoadError(path, 1, "not an NCBI gene_info file: its header is missing")
            continue
        if not line:
            continue
        fields = line.split("\t")
        if len(fields) != COLUMNS:
            raise LoadError(
                path, number, f"expected {COLUMNS} tab-separated columns, found {len(fields)}"
            )
        try:
            taxon_id, gene_id = int(fields[0]), int(fields[1])
        except ValueError:
            raise LoadError(
                path,
                number,
                f"tax_id and GeneID must be integers, got {fields[0]!r}, {fields[1]!r}",
            ) from None
        if taxa is not None and taxon_id not in taxa:
            continue
        xrefs = []
        for xref in _list(fields[5]):
            database, _, identifier = xref.partition(":")
            if identifier:
                xrefs.append((database, identifier))
        yield GeneInfoRow(
            line=number,
            taxon_id=taxon_id,
            gene_id=gene_id,
            symbol=fields[2],
            aliases=tuple(_list(fields[4])),
            xrefs=tuple(xrefs),
            chromosome=_value(fields[6]),
            map_location=_value(fields[7]),
            name=_value(fields[11]) or _value(fields[8]),
            gene_type=_value(fields[9]),
        )
