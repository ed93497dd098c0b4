"""Time limit on a client sending its request line and headers (``HeadTimeoutProtocol``,
the uvicorn protocol ``genegraph serve`` uses; uvicorn has none): slow clients are
answered 408 and disconnected instead of holding a connection forever. The body's limit
is in genegraph.middleware.body; measurements: docs/reliability.md, "Slow clients".
"""

from __future__ import annotations

import asyncio
import functools
import os
from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from genegraph.server.errors import error_response

REQUEST_TIMEOUT = "REQUEST_TIMEOUT"
CLIENT_TIMEOUT_ENV = "GENEGRAPH_CLIENT_TIMEOUT"
DEFAULT_CLIENT_TIMEOUT = 10.0


def too_slow(seconds: float, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return error_response(
        408,
        f"The request was not received within {seconds:g} s. Send the whole request at once.",
        REQUEST_TIMEOUT,
        {"maximum": seconds},
        headers,
    )


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
        body = too_slow(client_timeout_seconds()).body
        self.transport.write(
            b"HTTP/1.1 408 Request Timeout\r\n"
            b"content-type: application/json\r\n"
            b"content-length: " + str(len(body)).encode() + b"\r\n"
            b"connection: close\r\n\r\n" + body
        )
        self.transport.close()
