"""The CPU time of parsing and validation, noted per request for the client budget
(genegraph.middleware.client_budget): the part of a request that no limit can cut short.

Example: with a request record (genegraph.observability.record) whose ``document_cpu``
is 0.0 before a request through a schema with ``DocumentCpu``, it then holds the seconds
its parsing and validation took.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension

from genegraph.observability import record

cpu_clock = time.thread_time


class DocumentCpu(SchemaExtension):
    """Adds the CPU time of parsing and validation to the request record's
    ``document_cpu``, when the client budget asks for it: the part of a
    request that no limit can cut short, and that blocks the worker while it runs."""

    def on_parse(self) -> Iterator[None]:
        yield from _timed()

    def on_validate(self) -> Iterator[None]:
        yield from _timed()


def _timed() -> Iterator[None]:
    request = record.current()
    if request is None or request.document_cpu is None:
        yield
        return
    started = cpu_clock()
    try:
        yield
    finally:
        request.document_cpu += cpu_clock() - started
