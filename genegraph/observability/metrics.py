"""Prometheus metrics and the /metrics endpoint.

One server process keeps its numbers in prometheus_client's default registry. With
``genegraph serve --workers N`` the processes share nothing, so the command points
``PROMETHEUS_MULTIPROC_DIR`` at a fresh folder before the workers start: each process
then writes its numbers to files there, and /metrics, whichever process answers it,
adds up the files of all of them (prometheus_client's multiprocess mode).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TypeVar

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    make_asgi_app,
    multiprocess,
)
from prometheus_client.metrics import MetricWrapperBase
from starlette.types import Receive, Scope, Send

MULTIPROC_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"  # set by `genegraph serve --workers N`

REQUESTS = Counter(
    "genegraph_requests",
    "GraphQL requests answered, by operation name and HTTP status.",
    ["operation", "status"],
)
DURATION = Histogram(
    "genegraph_request_duration_seconds",
    "Time from a GraphQL request's arrival to the end of its answer, by operation name.",
    ["operation"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ERRORS = Counter(
    "genegraph_errors",
    "Errors sent to clients, by extensions.code.",
    ["code"],
)
CACHE = Counter(
    "genegraph_cache_results",
    "GraphQL requests by what the cache did: hit (stored answer sent), not_modified (304) "
    "or miss (executed).",
    ["result"],
)
SQL_STATEMENTS = Histogram(
    "genegraph_sql_statements_per_request",
    "SQL statements one GraphQL request ran.",
    buckets=(0, 1, 2, 4, 6, 8, 12, 16, 32, 64, 128),
)
BATCH_SIZE = Histogram(
    "genegraph_dataloader_batch_size",
    "Keys per DataLoader batch (each batch is one SQL statement), by loader.",
    ["loader"],
    buckets=(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000),
)
POOL_IN_USE = Gauge(
    "genegraph_db_connections_in_use",
    "Database connections checked out of the pool now (summed over live processes).",
    multiprocess_mode="livesum",
)
POOL_SIZE = Gauge(
    "genegraph_db_pool_size",
    "Connections each pool keeps open (summed over live processes).",
    multiprocess_mode="livesum",
)
POOL_CHECKOUTS = Counter(
    "genegraph_db_checkouts",
    "Connections taken from the pool.",
)
PLANNED_FALLBACKS = Counter(
    "genegraph_planned_fallbacks",
    "Documents planned execution left to the general executor, by reason: unsupported "
    "(it selects something the planner does not answer) or error (the planned run failed).",
    ["reason"],
)

# Operation names come from clients: past this many distinct ones per process, further
# names are counted as "other", so a client cannot grow the metrics without bound.
MAX_OPERATION_NAMES = 200
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
_seen_operations: set[str] = set()


def operation_label(name: str | None) -> str:
    """The label for an operation name: the name, "anonymous", or "other"."""
    if not name:
        return "anonymous"
    if name in _seen_operations:
        return name
    if not _NAME.fullmatch(name) or len(_seen_operations) >= MAX_OPERATION_NAMES:
        return "other"
    _seen_operations.add(name)
    return name


Metric = TypeVar("Metric", bound=MetricWrapperBase)
_children: dict[tuple[MetricWrapperBase, tuple[str, ...]], MetricWrapperBase] = {}


def labelled(metric: Metric, *values: str) -> Metric:
    """``metric.labels(*values)``, kept: prometheus_client checks the label names and
    takes a lock on every call, several times a request; a child, once made, stays the
    same object (nothing here removes one). The label values are bounded (operation
    names by ``operation_label``, statuses, error codes, loaders), so is this."""
    key = (metric, values)
    found = _children.get(key)
    if found is None:
        found = _children[key] = metric.labels(*values)
    return found  # type: ignore[return-value]


def multiprocess_dir() -> Path | None:
    """The folder of multiprocess mode, when this process runs in it."""
    folder = os.environ.get(MULTIPROC_DIR_ENV)
    return Path(folder) if folder else None


def process_exited() -> None:
    """Drop this process's live gauges (multiprocess mode), at a worker's shutdown."""
    if multiprocess_dir() is not None:
        multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]


def registry() -> CollectorRegistry:
    """Every metric: this process's registry, or in multiprocess mode one that reads all
    processes' files at each scrape."""
    if multiprocess_dir() is None:
        return REGISTRY
    merged = CollectorRegistry()
    multiprocess.MultiProcessCollector(merged)  # type: ignore[no-untyped-call]
    return merged


class MetricsApp:
    """/metrics: prometheus_client's ASGI app, uncompressed as before (an object, for
    Starlette's Route takes a function for a request handler)."""

    def __init__(self) -> None:
        self.app = make_asgi_app(registry(), disable_compression=True)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)
