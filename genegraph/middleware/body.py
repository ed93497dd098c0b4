"""The request body's limits, in one ASGI middleware: its size (413) and the time it takes
to arrive (408, see genegraph.middleware.head_timeout for why and for the head's own limit).

Both watch the same thing, the body as ``receive`` hands it over, and answer the same way,
a GraphQL-style error before the application has begun its answer: one layer wraps
``receive`` and ``send`` once per request, where two nested ones did it twice.
"""

from __future__ import annotations

import asyncio

import orjson
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from genegraph.middleware.head_timeout import refusal_body as too_slow_body

PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
CLIENT_CLOSED = 499
CONTENT_LENGTH = b"content-length"


class BodyTooLarge(Exception):
    """Raised from ``receive`` once a body without Content-Length grows past the limit."""


class BodyTooSlow(Exception):
    """Raised from ``receive`` when the body has not arrived in time."""


def too_large_body(max_bytes: int, size: int | None) -> bytes:
    found = f" ({size:,} bytes)" if size is not None else ""
    return orjson.dumps(
        {
            "errors": [
                {
                    "message": f"The request body{found} is larger than the maximum of "
                    f"{max_bytes:,} bytes. Send a shorter query, or fewer variables.",
                    "extensions": {"code": PAYLOAD_TOO_LARGE, "maximum": max_bytes},
                }
            ]
        }
    )


def declared_length(scope: Scope) -> int | None:
    """The Content-Length header's value (the last one, if repeated), when a number."""
    declared = None
    for name, value in scope["headers"]:
        if name == CONTENT_LENGTH:
            declared = value
    return int(declared) if declared is not None and declared.isdigit() else None


class BodyGuard:
    """ASGI middleware: a declared Content-Length over ``max_bytes`` is answered 413 at
    once; a body sent in chunks is counted as it arrives and stopped at the limit (413);
    the body must be received within ``seconds`` of the request's start, else 408. Once
    the answer has begun, the body was read already. A client that disconnects before its
    body is whole is logged with status 499, not as a server error."""

    def __init__(self, app: ASGIApp, max_bytes: int, seconds: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            await refuse(send, 413, too_large_body(self.max_bytes, declared))
            return
        deadline = asyncio.get_running_loop().time() + self.seconds
        max_bytes = self.max_bytes
        received = 0
        body_done = False
        started = False

        async def guarded_receive() -> Message:
            nonlocal received, body_done
            if body_done:  # after the body only a disconnect comes: not timed
                return await receive()
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise BodyTooSlow from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise BodyTooLarge
                body_done = not message.get("more_body", False)
            else:
                body_done = True
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, guarded_receive, tracking_send)
        except ClientDisconnect:
            # The client left before its body was whole: nobody to answer, nothing wrong
            # with the server (it was logged as an unhandled exception and a 500). 499,
            # "client closed request", is what the request log then says.
            if started:
                raise
            await send({"type": "http.response.start", "status": CLIENT_CLOSED, "headers": []})
            await send({"type": "http.response.body", "body": b""})
        except BodyTooSlow:
            if started:
                raise
            await refuse(send, 408, too_slow_body(self.seconds))
        except BodyTooLarge:
            if started:
                raise
            await refuse(send, 413, too_large_body(self.max_bytes, None))


async def refuse(send: Send, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
