"""The CPU time of parsing and validation, noted per request for the client budget
(genegraph.middleware.client_budget): the part of a request that no limit can cut short.

Example: with ``DOCUMENT_CPU.set([])`` before a request through a schema with
``DocumentCpu``, the list holds the seconds its parsing and validation took.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextvars import ContextVar

from strawberry.extensions import SchemaExtension

DOCUMENT_CPU: ContextVar[list[float] | None] = ContextVar("genegraph_document_cpu", default=None)
"""Where the request being served notes the CPU seconds that parsing and validating its
document took, when the server asks (genegraph.middleware.client_budget charges them)."""
cpu_clock = time.thread_time


class DocumentCpu(SchemaExtension):
    """Notes the CPU time of parsing and validation in ``DOCUMENT_CPU``: the part of a
    request that no limit can cut short, and that blocks the worker while it runs."""

    def on_parse(self) -> Iterator[None]:
        yield from _timed()

    def on_validate(self) -> Iterator[None]:
        yield from _timed()


def _timed() -> Iterator[None]:
    tally = DOCUMENT_CPU.get()
    if tally is None:
        yield
        return
    started = cpu_clock()
    try:
        yield
    finally:
        tally.append(cpu_clock() - started)
