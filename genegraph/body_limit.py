"""Refuses request bodies over a size with 413, before the application reads them whole."""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"


class BodyTooLarge(Exception):
    """Raised from ``receive`` once a body without Content-Length grows past the limit."""


class BodySizeLimit:
    """ASGI middleware: a declared Content-Length over ``max_bytes`` is answered with 413
    at once; a body sent in chunks is counted as it arrives and stopped at the limit."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self.refuse(send, int(declared))
            return

        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await self.refuse(send, None)

    async def refuse(self, send: Send, size: int | None) -> None:
        found = f" ({size:,} bytes)" if size is not None else ""
        body = orjson.dumps(
            {
                "errors": [
                    {
                        "message": f"The request body{found} is larger than the maximum of "
                        f"{self.max_bytes:,} bytes. Send a shorter query, or fewer variables.",
                        "extensions": {"code": PAYLOAD_TOO_LARGE, "maximum": self.max_bytes},
                    }
                ]
            }
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
