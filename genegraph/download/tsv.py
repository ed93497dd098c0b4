"""Tab-separated values with a header row: every stored column of an annotation as stored
(the qualifier too: gene2go's "NOT involved_in", GAF's "NOT|involved_in"), with the gene
and the term, for reading into a data frame."""

from __future__ import annotations

from collections.abc import Iterable

from genegraph.db.identifiers import gene_curie
from genegraph.download.rows import DownloadRow

COLUMNS = (
    "gene",
    "symbol",
    "gene_name",
    "taxon",
    "go_id",
    "go_name",
    "aspect",
    "qualifier",
    "evidence",
    "references",
    "with_from",
    "assigned_by",
    "date",
    "source",
    "source_go_id",
)


def header() -> str:
    return "\t".join(COLUMNS) + "\n"


def lines(rows: Iterable[DownloadRow]) -> str:
    return "".join(
        "\t".join(
            (
                gene_curie(row),
                row.symbol,
                row.gene_name or "",
                str(row.taxon_id),
                row.go_id,
                row.term_name,
                row.category.value,
                row.qualifier,
                row.evidence,
                row.references,
                row.with_from,
                row.assigned_by,
                row.annotated_on,
                row.source,
                row.source_go_id,
            )
        )
        + "\n"
        for row in rows
    )
