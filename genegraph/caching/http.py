"""Caching around the GraphQL view (``genegraph.server.view.GraphQLView``): persisted
queries, the response cache and HTTP validators, applied in three steps of a request
(``prepare``, ``describe``, ``finish``), so that repeated requests are answered without
executing anything. The steps: ARCHITECTURE.md, section 4 (Caching).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from strawberry.http import GraphQLRequestData
from strawberry.schema import BaseSchema
from strawberry.types import ExecutionResult

from genegraph.caching.hit_index import HitIndex, KnownBody, content_type_of
from genegraph.caching.persisted_queries import (
    IN_PROCESS_BYTES,
    IN_PROCESS_DOCUMENTS,
    AllowList,
    PersistedQueries,
    Refusal,
)
from genegraph.caching.redis import SharedRedis
from genegraph.caching.release_watch import ReleaseWatch
from genegraph.caching.responses import IN_PROCESS_ENTRIES, CacheKey, ResponseCache, cache_key
from genegraph.caching.responses import etag_matches as _etag_matches
from genegraph.caching.stores import ByteStore, MemoryStore, RedisStore
from genegraph.observability.record import leading_operation_name, note_cache
from genegraph.server.expected_release import expected_release
from genegraph.settings import CacheSettings

CACHE_HEADER = "x-cache"


class Answered(Exception):
    """A request answered before execution: a 304, or a cache hit."""

    def __init__(self, response: Response) -> None:
        super().__init__()
        self.response = response


@dataclass
class RequestCaching:
    """What the steps of one request tell each other (kept on ``request.state``)."""

    key: CacheKey | None
    media_type: str
    register: str | None = None
    query: str | None = None
    succeeded: bool = False
    validated: bool = False
    refusal: Refusal | None = None
    expected: int | None = None  # the release the client expects (expectRelease)
    release: int | None = None  # the release that answered, once executed


class HttpCaching:
    """The caches of one server process, and the steps that use them."""

    def __init__(
        self,
        settings: CacheSettings,
        releases: ReleaseWatch,
        schema: BaseSchema,
        variant: str,
        allowlist: AllowList | None = None,
        redis: SharedRedis | None = None,
    ) -> None:
        self.settings = settings
        self.releases = releases
        # Answers also depend on the schema (the code) and the server's limits: processes
        # of two versions, or two configurations, sharing one Redis never mix answers.
        self.fingerprint = hashlib.sha256((schema.as_str() + variant).encode()).hexdigest()
        shared: ByteStore | None = None
        if redis is not None:
            shared = RedisStore(redis, settings.redis_prefix)
        self.stores: list[ByteStore] = []
        documents = shared or MemoryStore(
            max_entries=IN_PROCESS_DOCUMENTS, max_bytes=IN_PROCESS_BYTES
        )
        self.stores.append(documents)
        self.persisted = PersistedQueries(documents, allowlist)
        self.responses: ResponseCache | None = None
        # The POST bodies keyed already, for the fast lane (genegraph.server.fast_lane).
        self.hits: HitIndex | None = None
        if settings.response_cache:
            self.hits = HitIndex()
            store = shared or MemoryStore(
                max_entries=IN_PROCESS_ENTRIES, max_bytes=settings.max_bytes
            )
            if store is not documents:
                self.stores.append(store)
            self.responses = ResponseCache(store, settings.ttl_seconds)
            releases.on_change.append(self.responses.forget_older_releases)

    async def start(self) -> None:
        """Start watching the release (the server's start-up): until then, and whenever
        the release is not known to be current, requests are served uncached."""
        await self.releases.start()

    async def close(self) -> None:
        await self.releases.stop()
        for store in self.stores:
            await store.close()

    async def prepare(
        self, request: Request, data: GraphQLRequestData, media_type: str
    ) -> GraphQLRequestData:
        """The request to execute (its query resolved), unless it is answered here:
        ``Refusal`` for a persisted query refused, ``Answered`` for a 304 or a hit."""
        state = RequestCaching(key=None, media_type=media_type)
        request.state.caching = state
        try:
            state.expected = expected_release(data.extensions)
            resolved = await self.persisted.resolve(data.query, data.extensions)
        except Refusal as refusal:
            state.refusal = refusal
            raise
        state.register = resolved.register
        state.query = resolved.query
        if resolved.query is None:
            return data  # Strawberry refuses a request without a query
        sent = data  # as the client sent it: maybe a persisted query's hash alone
        if resolved.query is not data.query:
            data = GraphQLRequestData(
                query=resolved.query,
                variables=data.variables,
                operation_name=data.operation_name,
                extensions=data.extensions,
                protocol=data.protocol,
            )
        is_get = request.method == "GET"
        key = self.key_of(is_get, resolved.query, data.variables, data.operation_name)
        state.key = key
        if key is None:
            return data
        if not is_get and self.hits is not None:
            body = await request.body()
            self.remember_body(content_type_of(request.scope), body, key, state.expected, sent)
        if_none_match = request.headers.get("if-none-match", "") if is_get else ""
        answer = await self.cached_answer(key, state.expected, is_get, if_none_match, media_type)
        if answer is not None:
            raise Answered(answer)
        return data

    def key_of(
        self,
        is_get: bool,
        query: str,
        variables: dict[str, object] | None,
        operation_name: str | None,
    ) -> CacheKey | None:
        """A request's key (``prepare``'s and the planned lane's): None while the release
        is not known, when the variables cannot be encoded canonically, and for a POST
        when there is no response cache (the key would serve nothing: a POST gets no ETag)."""
        release = self.releases.current()
        if release is None or (not is_get and self.responses is None):
            return None
        return cache_key(self.fingerprint, release, query, variables, operation_name)

    async def cached_answer(
        self,
        key: CacheKey,
        expected: int | None,
        is_get: bool,
        if_none_match: str,
        media_type: str,
    ) -> Response | None:
        """The answer to a request keyed ``key`` without executing it (``prepare``'s and
        the planned lane's): 304 for a GET naming its ETag, or a response-cache hit; None
        when it must be executed, as when it expects another release (the release that
        answers is then found, and refused)."""
        if expected not in (None, key.release):
            return None
        etag = key.etag(media_type)
        if is_get and _etag_matches(if_none_match, etag):
            note_cache("not_modified")
            return Response(status_code=304, headers=self.validators(etag))
        if self.responses is not None:
            body = await self.responses.get(key)
            if body is not None:
                headers = self.validators(etag) if is_get else {}
                headers[CACHE_HEADER] = "HIT"
                note_cache("hit")
                return Response(body, headers=headers, media_type=media_type)
        return None

    def remember_body(
        self,
        content_type: bytes,
        body: bytes,
        key: CacheKey,
        expected: int | None,
        sent: GraphQLRequestData,
    ) -> None:
        """Let the fast lane answer later hits of this POST body, as ``sent`` by the
        client (see genegraph.caching.hit_index): ``prepare``'s and the planned lane's."""
        if self.hits is None or (sent.query is None and self.persisted.allowlist is None):
            return  # no response cache; or the document came from the APQ store
        if body.lstrip()[:1] != b"{":
            return  # several operations in one body (a batch) would share one key
        # The name the request log gave this request (GraphQLView.execute_single).
        operation = sent.operation_name or leading_operation_name(sent.query)
        self.hits.remember(content_type, body, KnownBody(key.digest, expected, operation))

    def answered(self, request: Request, release: int) -> None:
        """Note the release an executed request's statements read."""
        state: RequestCaching | None = getattr(request.state, "caching", None)
        if state is not None:
            state.release = release

    def describe(self, request: Request, result: ExecutionResult, response: Response) -> None:
        """Headers and status for an executed (or refused) request's answer."""
        state: RequestCaching | None = getattr(request.state, "caching", None)
        if state is None:
            return
        # Kept only as the answer of its key's release: a key names one set of bytes, and
        # an entry under release N is stamped N (a load may commit after the key's read).
        state.succeeded = not result.errors and (
            state.key is None or state.release == state.key.release
        )
        state.validated = result.data is not None
        if state.refusal is not None and state.refusal.status is not None:
            response.status_code = state.refusal.status
        is_get = request.method == "GET"
        headers = self.answer_headers(is_get, state.key, state.succeeded, state.media_type)
        response.headers.update(headers)

    def answer_headers(
        self, is_get: bool, key: CacheKey | None, succeeded: bool, media_type: str
    ) -> dict[str, str]:
        """The caching headers of an executed (or refused) answer, ``describe``'s and the
        planned lane's: a GET's validators when it succeeded, else ``no-store``; ``x-cache:
        MISS`` for a keyed request when the response cache is on."""
        headers: dict[str, str] = {}
        if is_get:
            if succeeded and key is not None:
                headers.update(self.validators(key.etag(media_type)))
            else:
                headers["cache-control"] = "no-store"
        if key is not None and self.responses is not None:
            headers[CACHE_HEADER] = "MISS"
        return headers

    async def finish(self, request: Request, response: Response) -> None:
        """Store a successful answer; register a persisted query that validated."""
        state: RequestCaching | None = getattr(request.state, "caching", None)
        if state is None:
            return
        if (
            self.responses is not None
            and state.key is not None
            and state.succeeded
            and response.status_code == 200
        ):
            await self.responses.put(state.key, bytes(response.body))
        if state.register is not None and state.validated and state.query is not None:
            await self.persisted.register(state.register, state.query)

    def validators(self, etag: str) -> dict[str, str]:
        return {
            "etag": etag,
            "cache-control": f"public, max-age={self.settings.http_max_age}",
            "vary": "Accept",
        }
