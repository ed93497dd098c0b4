"""The response cache: encoded answers by (schema, release, document, variables,
operation name), and the HTTP validators (ETag) derived from the same key.

Only answers without errors are stored, as the bytes that were sent; a hit is sent as
it is, without parsing, validating or any SQL. The key holds the release number
(``genegraph.caching.release_watch``), so a new release makes every older entry unreachable at
once; entries also expire after a TTL and, in process, give way to newer ones past a
size in bytes. With Redis every process shares the entries (``genegraph.caching.stores``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

import orjson

from genegraph.caching.stores import ByteStore

NAMESPACE = "response:"
IN_PROCESS_ENTRIES = 100_000


@dataclass(frozen=True)
class CacheKey:
    """What a successful answer depends on: the release and a digest of the rest."""

    release: int
    digest: str

    @property
    def store_key(self) -> str:
        return f"{NAMESPACE}{self.release}:{self.digest}"

    def etag(self, media_type: str) -> str:
        """A strong validator: the same key always gives the same bytes; the media type
        is part of it because it is part of the representation."""
        kind = "g" if media_type.startswith("application/graphql-response") else "j"
        return f'"{self.release}-{self.digest[:40]}-{kind}"'


def cache_key(
    fingerprint: str,
    release: int,
    query: str,
    variables: Mapping[str, object] | None,
    operation_name: str | None,
) -> CacheKey | None:
    """The key of a request; None when its variables cannot be encoded canonically."""
    try:
        encoded_variables = orjson.dumps(variables or {}, option=orjson.OPT_SORT_KEYS)
    except orjson.JSONEncodeError:
        return None
    digest = hashlib.sha256()
    for part in (fingerprint.encode(), query.encode(), encoded_variables):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    digest.update((operation_name or "").encode())
    return CacheKey(release, digest.hexdigest())


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Whether an If-None-Match header names ``etag`` (weak comparison, RFC 9110)."""
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate.startswith("W/"):
            candidate = candidate[2:]
        if candidate == etag:
            return True
    return False


class ResponseCache:
    """Encoded responses in a store, each kept ``ttl`` seconds at most."""

    def __init__(self, store: ByteStore, ttl: int) -> None:
        self.store = store
        self.ttl = ttl

    async def get(self, key: CacheKey) -> bytes | None:
        return await self.store.get(key.store_key)

    async def put(self, key: CacheKey, body: bytes) -> None:
        await self.store.set(key.store_key, body, self.ttl)

    def forget_older_releases(self, release: int) -> None:
        """A new release makes all entries unreachable: an in-process store can free
        them now (Redis lets them expire)."""
        self.store.clear()
