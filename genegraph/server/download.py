"""``GET /download/annotations``: annotations as a file, GAF 2.2 or TSV, streamed.

Arguments are checked first (400 naming the problem, before any SQL); then the filters
are resolved and a read transaction is pinned to one release (genegraph/download/pinned.py),
and the rows stream from it in chunks while the client reads, gzipped when it accepts
gzip. No row cap and no overall time limit: a download takes as long as its client takes
to read it, but a client that stops reading for ``download_stall_seconds`` is cut off, so
that it does not hold a transaction and a slot for ever. A process sends at most
``max_downloads`` at once, each holding a pooled connection; past that a download is
refused with a retryable 503. Design notes: ARCHITECTURE.md, "Downloads"."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from urllib.parse import urlencode

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

from genegraph.db.engine import for_reads
from genegraph.download import gaf, tsv
from genegraph.download.arguments import BadArgument, DownloadArguments, FileFormat, parse_arguments
from genegraph.download.pinned import PinnedRead, ReleaseMoving, pin
from genegraph.download.rows import chunks
from genegraph.download.selection import Selection, select_annotations
from genegraph.observability.record import current as current_request
from genegraph.observability.record import note_error_code
from genegraph.server.database_outage import (
    MESSAGE as OUTAGE_MESSAGE,
)
from genegraph.server.database_outage import (
    RETRY_AFTER_SECONDS,
    SERVICE_UNAVAILABLE,
    is_outage,
)
from genegraph.server.errors import error_response
from genegraph.settings import ServerSettings

log = logging.getLogger("genegraph.download")

PATH = "/download/annotations"
BAD_USER_INPUT = "BAD_USER_INPUT"
MEDIA_TYPES = {
    FileFormat.GAF: "text/plain; charset=utf-8",
    FileFormat.TSV: "text/tab-separated-values; charset=utf-8",
}
# In the request log's error codes of a download cut off for a client that stopped reading.
CLIENT_STALLED = "CLIENT_STALLED"
RELEASE_MOVING = "new releases kept being loaded while the download started; send it again"
# zlib's own default. Starlette's, 9, took 1.7x its compression CPU for a file 5% smaller
# (BENCHMARKS.md, bench/download_cpu.py).
GZIP_LEVEL = 6


def busy(most: int) -> str:
    return (
        f"{most} downloads are being sent already, the most this server sends at once; "
        "send the request again shortly"
    )


class ClientStalled(Exception):
    """The client took no part of the file for the stall limit."""


def file_name(release: int, file_format: FileFormat) -> str:
    return f"genegraph-release-{release}-annotations.{file_format.value}"


class DownloadResponse(StreamingResponse):
    """A streamed file whose read transaction ends with the response, however it ends
    (sent whole, the client gone, an error)."""

    def __init__(
        self,
        read: PinnedRead,
        body: AsyncIterator[bytes],
        file_format: FileFormat,
        done: Callable[[], None],
        stall_seconds: float,
    ) -> None:
        name = file_name(read.release.number, file_format)
        super().__init__(
            body,
            media_type=MEDIA_TYPES[file_format],
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )
        self.read, self.stream, self.done = read, body, done
        self.stall_seconds = stall_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # A client that stops reading makes ``send`` wait (the server's write buffer is
        # full) for as long as it does not read, with the transaction open meanwhile.
        async def send_or_give_up(message: Message) -> None:
            try:
                async with asyncio.timeout(self.stall_seconds):
                    await send(message)
            except TimeoutError:
                raise ClientStalled from None

        try:
            await super().__call__(scope, receive, send_or_give_up)
        except ClientStalled:
            # The response is left unfinished, so the client cannot take the part it has
            # for the whole file: the server closes the connection (uvicorn logs "ASGI
            # callable returned without completing response").
            note_error_code(CLIENT_STALLED)
            log.warning("download cut off: its client read nothing for %s s", self.stall_seconds)
        finally:
            aclose = getattr(self.stream, "aclose", None)
            if aclose is not None:
                await aclose()
            await self.read.close()
            self.done()


async def file_body(
    read: PinnedRead, selection: Selection, arguments: DownloadArguments, query: str
) -> AsyncIterator[bytes]:
    if arguments.file_format is FileFormat.GAF:
        yield gaf.header(read.release, query, datetime.now(UTC).date()).encode()
        async for chunk in chunks(read.conn, selection):
            yield gaf.lines(chunk, selection.complexes).encode()
    else:
        yield tsv.header().encode()
        async for chunk in chunks(read.conn, selection):
            yield tsv.lines(chunk).encode()


class Slots:
    """How many downloads are being sent, at most ``most``."""

    def __init__(self, most: int) -> None:
        self.most = most
        self.taken = 0

    def take(self) -> bool:
        if self.taken >= self.most:
            return False
        self.taken += 1
        return True

    def give_back(self) -> None:
        self.taken -= 1


def download_route(engine: AsyncEngine, server: ServerSettings) -> Route:
    """The route, gzipping its files for clients that accept gzip (only here: the GraphQL
    endpoint's compression is a policy of its own)."""
    reads = for_reads(engine)
    slots = Slots(server.max_downloads)

    async def download(request: Request) -> Response:
        params = request.query_params.multi_items()
        if not slots.take():
            return _unavailable(busy(slots.most))
        response: Response | None = None
        try:
            response = await respond(params)
            return response
        finally:
            if not isinstance(response, DownloadResponse):  # that one gives it back once sent
                slots.give_back()

    async def respond(params: list[tuple[str, str]]) -> Response:
        try:
            arguments = parse_arguments(params)
            record = current_request()
            if record is not None:
                record.operation = f"download {arguments.file_format.value}"
            read, selection = await pin(
                engine, reads, lambda conn: select_annotations(conn, arguments)
            )
        except BadArgument as error:
            note_error_code(BAD_USER_INPUT)
            return error_response(400, str(error), BAD_USER_INPUT)
        except ReleaseMoving:
            return _unavailable(RELEASE_MOVING)
        except Exception as error:
            if is_outage(error):
                return _unavailable(OUTAGE_MESSAGE)
            raise
        body = file_body(read, selection, arguments, urlencode(params))
        return DownloadResponse(
            read, body, arguments.file_format, slots.give_back, server.download_stall_seconds
        )

    gzip = Middleware(GZipMiddleware, compresslevel=GZIP_LEVEL)
    return Route(PATH, download, methods=["GET"], middleware=[gzip])


def _unavailable(message: str) -> Response:
    note_error_code(SERVICE_UNAVAILABLE)
    return error_response(
        503, message, SERVICE_UNAVAILABLE, headers={"retry-after": str(RETRY_AFTER_SECONDS)}
    )
