"""Bulk writes inside the load's transaction: COPY on PostgreSQL, executemany on SQLite."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import FromClause, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.models import Gene

BATCH = 5000
T = TypeVar("T")


def batched(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


async def insert_rows(
    conn: AsyncConnection,
    table: FromClause,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Append ``rows`` (tuples in ``columns`` order) to ``table``."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        raw = await conn.get_raw_connection()
        await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
            table.name,  # type: ignore[attr-defined]
            records=rows,
            columns=list(columns),
        )
    else:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        await conn.exec_driver_sql(
            f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})',  # type: ignore[attr-defined]
            list(map(tuple, rows)),
        )


@dataclass(slots=True)
class Tally:
    """What a source file's data lines became: each line is stored or skipped for a reason."""

    lines: int = 0
    stored: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    # Rows written, by table or kind (a line may write several rows, or none of its own).
    rows: Counter[str] = field(default_factory=Counter)

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1


async def gene_pks_by_gene_id(conn: AsyncConnection) -> dict[int, int]:
    rows = await conn.execute(select(Gene.gene_id, Gene.pk).where(Gene.gene_id.is_not(None)))
    return {gene_id: pk for gene_id, pk in rows if gene_id is not None}
