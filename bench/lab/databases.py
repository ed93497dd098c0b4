"""Throwaway databases for a bench's loads, each with the measure of its disk use."""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

from lab.datasets import run_sql
from lab.disk import Measure, postgresql_disk, sqlite_disk
from lab.paths import WORK


@contextmanager
def new_database(
    backend: str, admin_url: str, name: str | None = None
) -> Iterator[tuple[str, Measure, str]]:
    """A new, empty database: its URL, its disk measure and (PostgreSQL) its name; dropped
    on leaving. PostgreSQL: named ``name`` (one a killed run left behind is dropped first,
    so a rerun finds it by name), else a name of its own; SQLite: a file in a temporary
    folder under bench/.data."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(dir=WORK, prefix=f"{name or 'bench'}-") as scratch:
            path = Path(scratch) / "bench.sqlite"
            yield f"sqlite:///{path}", sqlite_disk(path), ""
        return
    name = name or f"genegraph_bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(run_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    asyncio.run(run_sql(admin_url, f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        yield url, postgresql_disk(admin_url, name), name
    finally:
        asyncio.run(run_sql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
