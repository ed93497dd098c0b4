"""Reading rows into records: the column lists, the converters and the one-statement
fetch every batch function uses."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from sqlalchemy import BindParameter, Executable, bindparam
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncEngine

from db.models import Gene, GOTerm
from resolvers.records import GeneRecord, TermRecord

K = TypeVar("K")
V = TypeVar("V")

GENE_COLUMNS = (
    Gene.pk,
    Gene.gene_id,
    Gene.taxon_id,
    Gene.symbol,
    Gene.name,
    Gene.summary,
    Gene.summary_provenance,
    Gene.gene_type,
    Gene.chromosome,
    Gene.map_location,
)
TERM_COLUMNS = (
    GOTerm.go_id,
    GOTerm.name,
    GOTerm.category,
    GOTerm.definition,
    GOTerm.is_obsolete,
    GOTerm.replaced_by,
    GOTerm.consider,
)


def gene_of(row: Sequence[Any]) -> GeneRecord:
    """A gene from a row that starts with GENE_COLUMNS."""
    (pk, gene_id, taxon_id, symbol, name, summary, provenance, gene_type, chromosome, location) = (
        row[: len(GENE_COLUMNS)]
    )
    return GeneRecord(
        pk, gene_id, taxon_id, symbol, name, summary, provenance, gene_type, chromosome, location
    )


def term_of(row: Sequence[Any]) -> TermRecord:
    """A term from a row that starts with TERM_COLUMNS."""
    go_id, name, category, definition, is_obsolete, replaced_by, consider = row[: len(TERM_COLUMNS)]
    return TermRecord(go_id, name, category, definition, bool(is_obsolete), replaced_by, consider)


def split_list(text: str | None) -> tuple[str, ...]:
    return tuple(part for part in (text or "").split("|") if part)


class Fetch:
    """Runs one statement on a connection borrowed from the pool for that statement only,
    so a request holds no connection between its batches."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def rows(
        self, statement: Executable, parameters: dict[str, Any] | None = None
    ) -> Sequence[Row[Any]]:
        async with self.engine.connect() as conn:
            return (await conn.execute(statement, parameters)).all()


def keys_parameter() -> BindParameter[Any]:
    """The ``keys`` of a prebuilt statement: a list, expanded into ``IN (...)`` when run."""
    return bindparam("keys", expanding=True)


def grouped(
    keys: Sequence[K],
    rows: Iterable[Row[Any]],
    key_of: Callable[[Row[Any]], K],
    value_of: Callable[[Row[Any]], V],
) -> list[list[V]]:
    groups: dict[K, list[V]] = defaultdict(list)
    for row in rows:
        groups[key_of(row)].append(value_of(row))
    return [groups.get(key, []) for key in keys]
