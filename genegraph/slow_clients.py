"""Time limits on a client sending its request: slow clients ("slowloris") are answered
408 and disconnected instead of holding a connection and a task forever.

uvicorn has no such limit: its keep-alive timer runs only between requests, so a client
that sends half a request line, or a Content-Length and then a byte a minute, kept its
connection open for as long as it liked (measured: still open after 25 s of nothing;
docs/reliability.md). Two parts, each of ``seconds``:

- ``HeadTimeoutProtocol`` (uvicorn's httptools protocol, ``genegraph serve`` uses it): the
  request line and headers must arrive within ``seconds`` of the connection opening or of
  the previous answer;
- ``BodyTimeLimit`` (ASGI middleware): the body must arrive within ``seconds`` of the
  request's start; it answers with a GraphQL-style error naming the limit. A client that
  disconnects before its body is whole is logged with status 499, not as a server error.
"""

from __future__ import annotations

import asyncio
import functools
import os
from typing import Any

import orjson
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

REQUEST_TIMEOUT = "REQUEST_TIMEOUT"
CLIENT_CLOSED = 499
CLIENT_TIMEOUT_ENV = "GENEGRAPH_CLIENT_TIMEOUT"
DEFAULT_CLIENT_TIMEOUT = 10.0


class BodyTooSlow(Exception):
    """Raised from ``receive`` when the body has not arrived in time."""


def refusal_body(seconds: float) -> bytes:
    return orjson.dumps(
        {
            "errors": [
                {
                    "message": f"The request was not received within {seconds:g} s. "
                    "Send the whole request at once.",
                    "extensions": {"code": REQUEST_TIMEOUT, "maximum": seconds},
                }
            ]
        }
    )


class BodyTimeLimit:
    """ASGI middleware: the request body must be received within ``seconds`` of the
    request's start, else 408 (once the answer has begun, the body was read already)."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.seconds
        body_done = False
        started = False

        async def timed_receive() -> Message:
            nonlocal body_done
            if body_done:  # after the body only a disconnect comes: not timed
                return await receive()
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise BodyTooSlow from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_done = True
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, timed_receive, tracking_send)
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
            body = refusal_body(self.seconds)
            await send(
                {
                    "type": "http.response.start",
                    "status": 408,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"connection", b"close"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})


@functools.cache
def client_timeout_seconds() -> float:
    """$GENEGRAPH_CLIENT_TIMEOUT, read once per process (uvicorn makes a protocol object
    per connection); genegraph.settings checks the value before the server starts."""
    text = os.environ.get(CLIENT_TIMEOUT_ENV, "").strip()
    return float(text) if text else DEFAULT_CLIENT_TIMEOUT


class HeadTimeoutProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, closing with 408 a connection whose request line and
    headers do not arrive within ``client_timeout_seconds()``."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.head_timer: asyncio.TimerHandle | None = None
        self.head_begun = False

    def on_message_begin(self) -> None:
        self.head_begun = True  # the first byte of a request has arrived
        super().on_message_begin()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.wait_for_head()

    def on_headers_complete(self) -> None:
        self.stop_waiting_for_head()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        pipelined = bool(self.pipeline)  # its head has arrived already
        super().on_response_complete()
        if not pipelined:
            self.wait_for_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self.stop_waiting_for_head()
        super().connection_lost(exc)

    def wait_for_head(self) -> None:
        self.stop_waiting_for_head()
        self.head_begun = False
        if not self.transport.is_closing():
            self.head_timer = self.loop.call_later(client_timeout_seconds(), self.head_too_slow)

    def stop_waiting_for_head(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None

    def head_too_slow(self) -> None:
        self.head_timer = None
        if self.transport.is_closing():
            return
        if not self.head_begun:  # an idle connection is closed, as keep-alive does
            self.transport.close()
            return
        body = refusal_body(client_timeout_seconds())
        self.transport.write(
            b"HTTP/1.1 408 Request Timeout\r\n"
            b"content-type: application/json\r\n"
            b"content-length: " + str(len(body)).encode() + b"\r\n"
            b"connection: close\r\n\r\n" + body
        )
        self.transport.close()
