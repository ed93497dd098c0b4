"""Fault points of a load, for tests: with ``GENEGRAPH_LOAD_FAULT=<point>`` set, a load
kills its own process with SIGKILL on reaching that point, so a test stops it at an exact
place instead of racing it with sleeps (tests/db/test_faults.py; the points: docs/reliability.md).
Unset, as always outside tests, a point costs one dictionary look-up."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

ENVIRONMENT = "GENEGRAPH_LOAD_FAULT"
POINTS = ("parse", "bulk-insert", "closure", "index", "switch", "committed")
# parse/in_child.FAULT_POINT ("parser") kills a parsing child process, not the load itself.
T = TypeVar("T")


def reached(point: str) -> None:
    """Die here, at once and without clean-up, if the environment names this point."""
    if os.environ.get(ENVIRONMENT) == point:
        print(f"genegraph: fault point {point} reached: SIGKILL", file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)


def after_first(point: str, items: Iterable[T]) -> Iterator[T]:
    """``items``, reaching ``point`` once the first has been handed on."""
    iterator = iter(items)
    for item in iterator:
        yield item
        reached(point)
        break
    # The rest handed on without a Python step per item.
    yield from iterator
