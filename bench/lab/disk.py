"""A database's size on disk while a load runs: a sampler thread polling it once a second,
and the measures it polls (SQLite: the file, and its journal or WAL; PostgreSQL: the
database, and the server's WAL folder, which other databases share). Used by bench/load.py
and bench/faults.py."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

# (database bytes, journal or WAL bytes)
Measure = Callable[[], tuple[int, int]]


class DiskSampler(threading.Thread):
    """Polls a size (bytes) once a second until stopped, keeping the largest seen."""

    def __init__(self, measure: Measure) -> None:
        super().__init__(daemon=True)
        self.measure, self.stopped = measure, threading.Event()
        self.peak = (0, 0)

    def run(self) -> None:
        while not self.stopped.wait(1.0):
            self._sample()

    def _sample(self) -> None:
        try:
            size, wal = self.measure()
        except Exception:  # the database is being created or dropped: next second
            return
        self.peak = (max(self.peak[0], size), max(self.peak[1], wal))

    def stop(self) -> tuple[float, float]:
        """The peaks, in MB."""
        self._sample()
        self.stopped.set()
        self.join()
        return self.peak[0] / 2**20, self.peak[1] / 2**20


def asyncpg_dsn(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL (any driver) as asyncpg takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _postgresql(admin_url: str, name: str) -> tuple[int, int]:
    conn = await asyncpg.connect(asyncpg_dsn(admin_url))
    try:
        size = await conn.fetchval("SELECT pg_database_size($1)", name)
        wal = await conn.fetchval("SELECT coalesce(sum(size), 0) FROM pg_ls_waldir()")
        return int(size), int(wal)
    finally:
        await conn.close()


def postgresql_disk(admin_url: str, name: str) -> Measure:
    """Database ``name``'s size and the server's WAL folder's, asked through ``admin_url``."""
    return lambda: asyncio.run(_postgresql(admin_url, name))


def sqlite_disk(path: Path) -> Measure:
    """The SQLite file's size, and its rollback journal's and WAL's together."""

    def measure() -> tuple[int, int]:
        sizes = [
            Path(f"{path}{suffix}").stat().st_size if Path(f"{path}{suffix}").exists() else 0
            for suffix in ("", "-journal", "-wal")
        ]
        return sizes[0], sizes[1] + sizes[2]

    return measure
