"""A list of values as ONE SQL parameter, however long: a term with its descendants can be
tens of thousands of ids, past what ``IN (?, ?, ...)`` may bind (32,766 on SQLite, 32,767
on asyncpg)."""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import InstrumentedAttribute


def one_of(
    column: ColumnElement[Any] | InstrumentedAttribute[Any], values: Collection[Any], dialect: str
) -> ColumnElement[bool]:
    """``column`` is one of ``values``: ``= ANY(array)`` on PostgreSQL, ``IN (SELECT value
    FROM json_each(...))`` on SQLite."""
    if dialect == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    listed = func.json_each(bindparam(None, json.dumps(list(values)))).table_valued("value")
    return column.in_(select(listed.c.value))
