"""Persisted queries: Apollo's automatic persisted queries (APQ) and an allow-list mode
(``GENEGRAPH_ALLOWLIST``), so clients can send a query's SHA-256 instead of its text and
a deployment can run only the operations it lists. Protocol and list formats: README,
"Caching"; design: ARCHITECTURE.md, section 4.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from graphql import GraphQLError, GraphQLSyntaxError, parse, print_ast

from genegraph.caching.stores import ByteStore

PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
OPERATION_NOT_ALLOWED = "OPERATION_NOT_ALLOWED"
BAD_USER_INPUT = "BAD_USER_INPUT"

NAMESPACE = "apq:"
# Registered documents are kept a day after their last registration: clients whose
# hash has expired send the query again, as for any unknown hash.
TTL_SECONDS = 24 * 3600
IN_PROCESS_DOCUMENTS = 10_000
IN_PROCESS_BYTES = 16 * 2**20

_SHA256 = re.compile(r"[0-9a-f]{64}")
APOLLO_MANIFEST = "apollo-persisted-query-manifest"


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@functools.lru_cache(maxsize=256)
def printed(document: str, max_tokens: int | None = None) -> str | None:
    """The document as graphql-js prints it (None when it does not parse, or has more
    than ``max_tokens`` tokens)."""
    try:
        return print_ast(parse(document, max_tokens=max_tokens))
    except GraphQLSyntaxError:
        return None


class Refusal(Exception):
    """A request the persisted-query rules refuse, answered as a GraphQL request error
    with this ``code``, and this HTTP status whatever media type the client accepts
    (None: the status of any request error)."""

    def __init__(self, message: str, code: str, status: int | None) -> None:
        super().__init__(message)
        self.error = GraphQLError(message, extensions={"code": code})
        self.code = code
        self.status = status


@dataclass(frozen=True)
class Resolved:
    """The query a request runs, and the hash to register it under once it validates."""

    query: str | None
    register: str | None = None


@dataclass(frozen=True)
class AllowList:
    """The registered operations: documents by hash, and the printed forms of all."""

    documents: Mapping[str, str]
    printed_hashes: frozenset[str]
    max_tokens: int

    def __len__(self) -> int:
        return len(self.documents)

    def allows(self, query: str) -> bool:
        text = printed(query, self.max_tokens)
        return text is not None and sha256_hex(text) in self.printed_hashes


def load_allowlist(path: Path, max_tokens: int) -> AllowList:
    """Read an allow-list (formats: README, "Caching"); ValueError names what is wrong."""
    documents: dict[str, str] = {}
    if path.is_dir():
        files = sorted(path.rglob("*.graphql"))
        if not files:
            raise ValueError(f"allow-list {path}: the folder holds no .graphql file")
        for file in files:
            text = printed(file.read_text(encoding="utf-8"))
            if text is None:
                raise ValueError(f"allow-list {file}: not a GraphQL document")
            documents[sha256_hex(text)] = text
    else:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ValueError(f"allow-list {path}: not a readable JSON file ({error})") from None
        if isinstance(data, dict) and data.get("format") == APOLLO_MANIFEST:
            operations = data.get("operations")
            if not isinstance(operations, list):
                raise ValueError(f"allow-list {path}: the manifest has no operations list")
            pairs = [(op.get("id"), op.get("body")) for op in operations if isinstance(op, dict)]
        elif isinstance(data, dict):
            pairs = list(data.items())
        else:
            raise ValueError(
                f"allow-list {path}: expected a JSON object of hash to document, or an "
                "Apollo persisted query manifest"
            )
        for key, body in pairs:
            if not isinstance(key, str) or not isinstance(body, str):
                raise ValueError(f"allow-list {path}: entry {key!r} is not a hash and a document")
            if printed(body) is None:
                raise ValueError(f"allow-list {path}: the document of {key} does not parse")
            documents[key] = body
    hashes = frozenset(sha256_hex(text) for body in documents.values() if (text := printed(body)))
    return AllowList(documents, hashes, max_tokens)


class PersistedQueries:
    """Resolves a request's query from its persisted-query extension."""

    def __init__(self, store: ByteStore, allowlist: AllowList | None = None) -> None:
        self.store = store
        self.allowlist = allowlist

    async def resolve(self, query: str | None, extensions: object) -> Resolved:
        persisted = extensions.get("persistedQuery") if isinstance(extensions, dict) else None
        if persisted is None:
            if query is not None and self.allowlist is not None:
                self._check_allowed(query)
            return Resolved(query)
        digest = _hash_of(persisted)
        if query is not None:
            if sha256_hex(query) != digest:
                raise Refusal(
                    "The persistedQuery's sha256Hash is not the SHA-256 of the query sent "
                    "with it: hash the query's exact text, in UTF-8, as lowercase hex.",
                    BAD_USER_INPUT,
                    400,
                )
            if self.allowlist is not None:
                self._check_allowed(query)
                return Resolved(query)
            return Resolved(query, register=digest)
        if self.allowlist is not None:
            document = self.allowlist.documents.get(digest)
            if document is None:
                raise self._not_allowed()
            return Resolved(document)
        stored = await self.store.get(NAMESPACE + digest)
        if stored is None:
            raise Refusal("PersistedQueryNotFound", PERSISTED_QUERY_NOT_FOUND, 200)
        return Resolved(stored.decode())

    async def register(self, digest: str, query: str) -> None:
        await self.store.set(NAMESPACE + digest, query.encode(), TTL_SECONDS)

    def _check_allowed(self, query: str) -> None:
        assert self.allowlist is not None
        if not self.allowlist.allows(query):
            raise self._not_allowed()

    def _not_allowed(self) -> Refusal:
        return Refusal(
            "This server runs only the operations of its allow-list, and this is not one of "
            "them. Add it to the list (GENEGRAPH_ALLOWLIST) and restart the server.",
            OPERATION_NOT_ALLOWED,
            None,
        )


def _hash_of(persisted: object) -> str:
    if not isinstance(persisted, dict):
        raise Refusal(
            'extensions.persistedQuery must be an object: {"version": 1, "sha256Hash": ...}',
            BAD_USER_INPUT,
            400,
        )
    version = persisted.get("version")
    if version != 1:
        raise Refusal(
            f"Unsupported persistedQuery version {version!r}: only version 1 is supported.",
            BAD_USER_INPUT,
            400,
        )
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
        raise Refusal(
            "persistedQuery.sha256Hash must be the query's SHA-256 as 64 lowercase hex digits.",
            BAD_USER_INPUT,
            400,
        )
    return digest
