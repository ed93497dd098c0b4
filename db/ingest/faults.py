"""Fault points of a load, for tests: with ``GENEGRAPH_LOAD_FAULT=<point>`` in its
environment, a load kills its own process with SIGKILL when it reaches that point, so a
test kills it at an exact place rather than racing it with sleeps (tests/test_faults.py).

Points:

- ``parse``: gene2go's first line is parsed; the files before it are written, uncommitted.
- ``bulk-insert``: the load's first bulk insert (COPY on PostgreSQL) has run.
- ``closure``: the ontology's closure is written (PostgreSQL: the staged table, no index).
- ``index``: PostgreSQL: the staged closure's key and indexes are built and analysed;
  SQLite: the load's ANALYZE has run.
- ``switch``: everything is written and the closure swapped in; the commit is next.
- ``committed``: the release is committed; PostgreSQL's ANALYZE of it is next.

Unset (always, outside tests) each point costs one dictionary look-up.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

ENVIRONMENT = "GENEGRAPH_LOAD_FAULT"
POINTS = ("parse", "bulk-insert", "closure", "index", "switch", "committed")
T = TypeVar("T")


def reached(point: str) -> None:
    """Die here, at once and without clean-up, if the environment names this point."""
    if os.environ.get(ENVIRONMENT) == point:
        print(f"genegraph: fault point {point} reached: SIGKILL", file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)


def after_first(point: str, items: Iterable[T]) -> Iterator[T]:
    """``items``, reaching ``point`` once the first has been handed on."""
    for number, item in enumerate(items):
        yield item
        if number == 0:
            reached(point)
