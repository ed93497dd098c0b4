"""A plain keep-alive HTTP client for the lab's own requests (answers for the bare
endpoint, equivalence checks, SQL counting), not for load."""

from __future__ import annotations

import http.client
from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit


def post_all(url: str, bodies: Iterable[str]) -> Iterator[tuple[str, bytes]]:
    """POST each body in turn; yields (body, answer)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        for body in bodies:
            conn.request("POST", parts.path, body, {"Content-Type": "application/json"})
            response = conn.getresponse()
            answer = response.read()
            if response.status != 200:
                raise RuntimeError(f"{url}: HTTP {response.status}: {answer[:500]!r}")
            yield body, answer
    finally:
        conn.close()
