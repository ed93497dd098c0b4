"""The raw request bodies the response cache has keyed already: a POST body's bytes (and
its Content-Type) to what the view made of it in ``HttpCaching.prepare`` — the key's
digest, the release the client expects, the operation name the request log gives it. The
fast lane (genegraph.server.fast_lane) answers a later request with the same bytes from
the response cache by one look-up here, without parsing the body again.

A body is remembered only when its meaning cannot change while the process runs: the
digest covers the schema, the server's limits, the document, the variables and the
operation name, all read from these bytes (a persisted query's hash resolved from the
APQ store is not: the document may expire there, and the slow path then answers
PERSISTED_QUERY_NOT_FOUND). Bounded in entries and in bytes; the oldest go first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from genegraph.caching.bounded_index import BoundedIndex

MAX_ENTRIES = 10_000
MAX_BYTES = 16 * 2**20


@dataclass(frozen=True, slots=True)
class KnownBody:
    """What a request body means to the response cache."""

    digest: str
    expected: int | None  # the release the body's expectRelease names
    operation: str | None  # the request log's operation name for it


class HitIndex(BoundedIndex[tuple[bytes, bytes], KnownBody]):
    """``(content type, body) -> KnownBody``, bounded in entries and bodies' bytes (see the
    module)."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        super().__init__(max_entries, max_bytes, lambda key: len(key[1]))

    def get(self, content_type: bytes, body: bytes) -> KnownBody | None:
        return self.find((content_type, body))

    def remember(self, content_type: bytes, body: bytes, known: KnownBody) -> None:
        self.add((content_type, body), known)


def content_type_of(scope: Mapping[str, Any]) -> bytes:
    """A request's Content-Type header, as sent (the first, as Starlette reads it)."""
    for name, value in scope["headers"]:
        if name == b"content-type":
            return bytes(value)
    return b""
