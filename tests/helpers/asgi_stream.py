"""Calling an ASGI app as a server would, with the test in the place of the socket: each
body message is handed to ``on_body`` as it is sent, and the app waits until it returns
(as it waits for a slow client), so a test can act between two chunks of a streamed
response. httpx's in-process transport collects the whole body first."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message


@dataclass
class Streamed:
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body_messages: int = 0


async def stream_get(
    app: ASGIApp, path: str, query: str, on_body: Callable[[bytes], Awaitable[None]]
) -> Streamed:
    """GET ``path?query`` from ``app``; ``on_body`` gets each body message's bytes."""
    streamed = Streamed()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"genegraph.test")],
        "client": ("127.0.0.1", 50000),
        "server": ("genegraph.test", 80),
    }
    requested = False
    never = asyncio.Event()  # the client never leaves

    async def receive() -> Message:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await never.wait()
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            streamed.status = message["status"]
            streamed.headers = {k.decode(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            streamed.body_messages += 1
            await on_body(message.get("body", b""))

    await app(scope, receive, send)
    return streamed
