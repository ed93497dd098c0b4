"""Engine set-up: one async engine per process, for SQLite or PostgreSQL."""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import AsyncIterator, Callable
from typing import Any, Generic, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import Pool

# Plain URLs name the async driver genegraph uses, so users may write either.
_ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}


def normalize_url(url: str | URL) -> URL:
    """Return the URL with its async driver: ``postgresql://`` -> ``postgresql+asyncpg://``."""
    parsed = make_url(url)
    driver = _ASYNC_DRIVERS.get(parsed.drivername)
    if driver is not None:
        parsed = parsed.set(drivername=driver)
    if parsed.get_backend_name() not in _ASYNC_DRIVERS:
        raise ValueError(
            f"unsupported database URL {parsed.render_as_string(hide_password=True)!r}: "
            "genegraph runs on SQLite (sqlite:///path) or PostgreSQL (postgresql://...)"
        )
    return parsed


def for_reads(engine: AsyncEngine) -> AsyncEngine:
    """The engine the API's resolvers read through. On PostgreSQL its connections run in
    autocommit: each resolver batch is one SELECT on a connection borrowed for it alone
    (resolvers/rows.py), so a transaction around it only added two round trips, BEGIN and
    ROLLBACK, to every statement (BENCHMARKS.md). It shares ``engine``'s pool."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    return engine


Held = TypeVar("Held")


class PerDatabase(Generic[Held]):
    """One ``Held`` per database a process reads, made on first use: keyed by the engine's
    pool, because the server's read engine (``for_reads``) is a copy of its engine with
    other options that shares its pool, its database; gone with the pool."""

    def __init__(self, make: Callable[[], Held]) -> None:
        self._make = make
        self._held: weakref.WeakKeyDictionary[Pool, Held] = weakref.WeakKeyDictionary()

    def __call__(self, engine: AsyncEngine) -> Held:
        pool = engine.sync_engine.pool
        held = self._held.get(pool)
        if held is None:
            held = self._held[pool] = self._make()
        return held


async def driver_of(conn: AsyncConnection) -> Any:
    """The driver's own connection (asyncpg's or aiosqlite's) under ``conn``, in its
    transaction: for the load's work that SQLAlchemy's execution would cost more than it
    does (COPY, cursors, a statement read ahead while the loader works)."""
    return (await conn.get_raw_connection()).driver_connection


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def create_engine(url: str | URL, **kwargs: Any) -> AsyncEngine:
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "postgresql":
        # No JIT compilation: PostgreSQL compiles a statement whose estimated cost passes
        # jit_above_cost, and a term's genes walked in symbol order (estimated at the
        # whole walk's cost, read for a page only) spent 150 ms compiling to run in 20 ms
        # (BENCHMARKS.md). genegraph's statements read pages and counts, not millions of
        # rows per statement, where JIT pays.
        connect_args = dict(kwargs.pop("connect_args", {}))
        settings = {"jit": "off"} | dict(connect_args.get("server_settings", {}))
        kwargs["connect_args"] = connect_args | {"server_settings": settings}
    engine = create_async_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
    return engine


@contextlib.asynccontextmanager
async def engine_scope(url: str | URL) -> AsyncIterator[AsyncEngine]:
    """An engine for one piece of work (a command, a script), disposed afterwards."""
    engine = create_engine(url)
    try:
        yield engine
    finally:
        await engine.dispose()


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers go on while a load writes; foreign keys are off by default.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
