"""``GET /download/annotations``: annotations as a file, GAF 2.2 or TSV, streamed.

Arguments are checked first (400 naming the problem, before any SQL); then the filters
are resolved and a read transaction is pinned to one release (genegraph/download/pinned.py),
and the rows stream from it in chunks while the client reads. No row cap and no time
limit: the GraphQL time limit is for documents, and a download takes as long as its client
takes to read it (the rate limit and the client budget count downloads as they count
GraphQL requests: genegraph/middleware/buckets.py). A process
sends at most ``MAX_DOWNLOADS`` at once, each holding a pooled connection; past that a
download is refused with a retryable 503."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from urllib.parse import urlencode

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

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

PATH = "/download/annotations"
BAD_USER_INPUT = "BAD_USER_INPUT"
MEDIA_TYPES = {
    FileFormat.GAF: "text/plain; charset=utf-8",
    FileFormat.TSV: "text/tab-separated-values; charset=utf-8",
}
RELEASE_MOVING = "new releases kept being loaded while the download started; send it again"
# Each download holds a pooled connection while its client reads (the server's pool has
# 10, genegraph/server/app.py): slow downloads must leave most of them to the API.
MAX_DOWNLOADS = 4
BUSY = (
    f"{MAX_DOWNLOADS} downloads are being sent already, the most this server sends at "
    "once; send the request again shortly"
)


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
    ) -> None:
        name = file_name(read.release.number, file_format)
        super().__init__(
            body,
            media_type=MEDIA_TYPES[file_format],
            headers={"content-disposition": f'attachment; filename="{name}"'},
        )
        self.read, self.stream, self.done = read, body, done

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
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
    """How many downloads are being sent, at most ``MAX_DOWNLOADS``."""

    def __init__(self) -> None:
        self.taken = 0

    def take(self) -> bool:
        if self.taken >= MAX_DOWNLOADS:
            return False
        self.taken += 1
        return True

    def give_back(self) -> None:
        self.taken -= 1


def download_route(engine: AsyncEngine) -> Route:
    reads = for_reads(engine)
    slots = Slots()

    async def download(request: Request) -> Response:
        params = request.query_params.multi_items()
        if not slots.take():
            return _unavailable(BUSY)
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
        return DownloadResponse(read, body, arguments.file_format, slots.give_back)

    return Route(PATH, download, methods=["GET"])


def _unavailable(message: str) -> Response:
    note_error_code(SERVICE_UNAVAILABLE)
    return error_response(
        503, message, SERVICE_UNAVAILABLE, headers={"retry-after": str(RETRY_AFTER_SECONDS)}
    )
