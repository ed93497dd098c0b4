"""Tab-separated NCBI-style files: a header line, then rows of a fixed column count."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NoReturn

from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse.files import SourceFile

# NCBI's gene_info and gene2go: (index, name) of the columns every row starts with.
TAXON_AND_GENE = ((0, "tax_id"), (1, "GeneID"))


def none_if_dash(field: str) -> str | None:
    """NCBI writes "-" for "none"."""
    return None if field in ("-", "") else field


def split_list(field: str) -> list[str]:
    return [] if field in ("-", "") else [part for part in field.split("|") if part]


def rows(
    source: SourceFile, *, header: str | tuple[str, ...] | None, columns: int, what: str
) -> Iterator[list[str]]:
    """The data rows of ``source`` split into fields. ``header`` is the prefix the first line
    must have (None: the file has no header); every row must have ``columns`` fields."""
    lines = source.lines()
    if header is not None:
        first = next(lines, None)
        if first is not None and not first.startswith(header):
            expected = header if isinstance(header, str) else header[0]
            raise LoadError(source.name, 1, f"not {what}: expected a header starting {expected!r}")
    # Per line: no call but the split (``split_row`` only for the error).
    for line in lines:
        if not line or line[0] == "#":
            continue
        fields = line.split("\t")
        if len(fields) != columns:
            split_row(source, line, columns)
        yield fields


def split_row(source: SourceFile, line: str, columns: int) -> list[str]:
    """The fields of a data line, which must have exactly ``columns`` of them."""
    fields = line.split("\t")
    if len(fields) != columns:
        raise LoadError(
            source.name,
            source.line,
            f"expected {columns} tab-separated columns, found {len(fields)}",
        )
    return fields


def integer(source: SourceFile, field: str, column: str) -> int:
    """``field`` as an integer; a readers' fast path converts without it and calls it on
    a ``ValueError``, for the error naming the column."""
    try:
        return int(field)
    except ValueError:
        raise LoadError(
            source.name, source.line, f"{column} must be an integer, got {field[:40]!r}"
        ) from None


def not_integers(
    source: SourceFile, fields: Sequence[str], columns: tuple[tuple[int, str], ...]
) -> NoReturn:
    """A readers' fast path converts ``columns`` (index, name) with ``int`` and calls this on
    its ``ValueError``: the LoadError naming the first column that is not an integer."""
    for index, name in columns:
        integer(source, fields[index], name)
    raise  # the caller's ValueError, if every column converts after all
