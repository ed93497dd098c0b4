"""The fast lane: response-cache hits, and documents planned before.

Response-cache hits: a POST to /graphql whose body the view has keyed
before (genegraph.caching.hit_index) is answered from the response cache by this ASGI
layer, the innermost of the app's own, without Starlette's routing and Strawberry's
view: one look-up of the body's bytes, one of the cache, and the stored bytes sent with
the headers the view sends for a hit. Everything else goes on (to the planned lane, then
the view), with the body handed over as read.

What the view's hit does and this keeps: the same key (release from the release watch,
the body's digest), ``expectRelease`` (a body expecting another release goes to the
view, which answers 409), the media type from Accept, ``x-cache: HIT``, and the request
log's operation and cache fields. The layers outside it (request log and metrics, CORS,
rate limit, client budget, the body's size and time limits) run as for any request.
Why: a hit cost 0.29 ms of CPU in process, most of it in Strawberry's request handling
(BENCHMARKS.md, "Response-cache hits in a fast lane").

A POST not answered so (the cache off, or not a hit here), and every GET of /graphql, go
to the planned lane (genegraph.server.planned_lane), which answers a document planned
execution has answered before without the view, or hands the request to the view.
"""

from __future__ import annotations

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from genegraph.caching.http import CACHE_HEADER, HttpCaching
from genegraph.caching.responses import CacheKey
from genegraph.execution.planned.executor import general_only
from genegraph.observability.record import note_cache, note_operation
from genegraph.server.lane_request import LaneRequest, read_get, read_post
from genegraph.server.planned_lane import Outcome, PlannedLane
from genegraph.server.view import JSON, response_media_type

GRAPHQL_PATH = "/graphql"
HIT = b"HIT"


async def read_body(receive: Receive) -> bytes:
    """The request's whole body (``ClientDisconnect`` if the client leaves first, as
    Starlette's ``Request.body``)."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise ClientDisconnect
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


class FastLane:
    """ASGI middleware: answers a response-cache hit for a known POST body, else hands a
    POST or a GET of /graphql to the planned lane (see the module); passes every other
    request on."""

    def __init__(
        self, app: ASGIApp, caching: HttpCaching, planned: PlannedLane | None = None
    ) -> None:
        self.app = app
        self.caching = caching
        self.planned = planned

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        hits, responses = self.caching.hits, self.caching.responses
        if (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"] == GRAPHQL_PATH
            and self.planned is not None
        ):
            await self.lane(scope, receive, send, read_get(scope, self.planned.view))
            return
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or scope["path"] != GRAPHQL_PATH
            or ((hits is None or responses is None) and self.planned is None)
        ):
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        if hits is None or responses is None:
            await self.lane(scope, replaying(body, receive), send, read_post(scope, body))
            return
        content_type = b""
        accept: bytes | None = None
        for name, value in scope["headers"]:
            if name == b"content-type" and not content_type:
                content_type = value
            elif name == b"accept" and accept is None:
                accept = value
        known = hits.get(content_type, body)
        release = self.caching.releases.current()
        if known is not None and release is not None and known.expected in (None, release):
            answer = await responses.get(CacheKey(release, known.digest))
            if answer is not None:
                note_operation(known.operation)
                note_cache("hit")
                media_type = JSON if accept is None else response_media_type(accept.decode())
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (CACHE_HEADER.encode(), HIT),
                            (b"content-length", str(len(answer)).encode()),
                            (b"content-type", media_type.encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": answer})
                return
        if self.planned is not None:
            await self.lane(scope, replaying(body, receive), send, read_post(scope, body))
            return
        await self.app(scope, replaying(body, receive), send)

    async def lane(
        self, scope: Scope, receive: Receive, send: Send, request: LaneRequest | None
    ) -> None:
        """The planned lane's answer; else the view's (``receive``: a POST's body
        replayed, as read)."""
        assert self.planned is not None
        if request is None:
            await self.app(scope, receive, send)
            return
        outcome = await self.planned.answer(scope, receive, send, request)
        if outcome is Outcome.GENERAL:
            with general_only():
                await self.app(scope, receive, send)
        elif outcome is Outcome.VIEW:
            await self.app(scope, receive, send)


def replaying(body: bytes, receive: Receive) -> Receive:
    """``receive`` with the body, already read, handed over first."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay
