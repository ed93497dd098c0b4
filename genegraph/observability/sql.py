"""Hooks on the database side of a request: SQL statements counted per request (on its
record), the connection pool's use and the DataLoaders' batch sizes (metrics)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.observability import metrics
from genegraph.observability.record import current
from genegraph.resolvers.dataloaders import Loaders


def observe_engine(engine: AsyncEngine) -> None:
    """Count the engine's SQL statements per request, and its pool's use."""
    sync_engine = engine.sync_engine
    if event.contains(sync_engine, "before_cursor_execute", _count_statement):
        return  # an engine shared by several apps (tests) is counted once
    event.listen(sync_engine, "before_cursor_execute", _count_statement)
    event.listen(sync_engine.pool, "checkout", _checked_out)
    event.listen(sync_engine.pool, "checkin", _checked_in)
    size = getattr(sync_engine.pool, "size", None)
    if callable(size):
        metrics.POOL_SIZE.inc(size())


def forget_engine(engine: AsyncEngine) -> None:
    """Undo ``observe_engine`` (the app's shutdown), so the pool size adds up."""
    sync_engine = engine.sync_engine
    if not event.contains(sync_engine, "before_cursor_execute", _count_statement):
        return
    event.remove(sync_engine, "before_cursor_execute", _count_statement)
    event.remove(sync_engine.pool, "checkout", _checked_out)
    event.remove(sync_engine.pool, "checkin", _checked_in)
    size = getattr(engine.sync_engine.pool, "size", None)
    if callable(size):
        metrics.POOL_SIZE.dec(size())


def _count_statement(*_args: Any) -> None:
    record = current()
    if record is not None:
        record.sql_statements += 1


def _checked_out(*_args: Any) -> None:
    metrics.POOL_CHECKOUTS.inc()
    metrics.POOL_IN_USE.inc()


def _checked_in(*_args: Any) -> None:
    metrics.POOL_IN_USE.dec()


def observe_loaders(loaders: Loaders) -> None:
    """Count each batch's size, by the loader's name, for every DataLoader the request
    makes (the loaders are made on first use: resolvers/dataloaders.py)."""
    loaders.observe = _counting


def _counting(
    name: str, load: Callable[[list[Any]], Awaitable[Any]]
) -> Callable[[list[Any]], Awaitable[Any]]:
    histogram = metrics.labelled(metrics.BATCH_SIZE, name)

    def counted(keys: list[Any]) -> Awaitable[Any]:
        histogram.observe(len(keys))
        return load(keys)

    return counted
