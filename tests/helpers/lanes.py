"""What the tests of the fast lanes share (tests/caching/test_fast_lane.py,
tests/server/test_planned_lane.py): the ``view_calls`` fixture, counting the requests
that reach Strawberry's view, ``without_planned_documents``, and ``replay``, which sends
requests (POSTs, and GETs: ``Get``) to an app and keeps everything of each answer that
must not depend on which lane answered it: status, headers, body, the request log's line
(whose fields are what the metrics count: genegraph.observability.request_log) and the
statements run."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.execution.planned.documents import PlannedDocument, PlannedDocuments
from genegraph.server.view import GraphQLView
from genegraph.settings import ServerSettings
from tests.conftest import StatementLog
from tests.helpers.cache_fixtures import serving

# What may differ between two answers to one request: its id, and the time taken.
VARYING_HEADERS = {"x-request-id"}
VARYING_LOG_FIELDS = {"time", "request_id", "duration_ms"}

# A header value ``replay`` replaces with the ETag of the answer before (If-None-Match).
PREVIOUS_ETAG = "<the ETag of the answer before>"


@dataclass(frozen=True)
class Get:
    """A GET of /graphql with these query-string parameters."""

    params: dict[str, str]


# A request: a POST's JSON body (or raw bytes), or a GET; and its headers.
Request = tuple[dict[str, Any] | bytes | Get, dict[str, str]]


@pytest.fixture
def view_calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The paths of the requests that reached Strawberry's view."""
    calls: list[str] = []
    run = GraphQLView.run

    async def counting(self: GraphQLView, request: Any, *args: Any) -> Any:
        calls.append(request.url.path)
        return await run(self, request, *args)

    monkeypatch.setattr(GraphQLView, "run", counting)
    yield calls


def without_planned_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    """No planned lane: it finds no document, so every request it would answer goes
    through the view."""

    def finds_nothing(
        self: PlannedDocuments, query: str, operation_name: str | None
    ) -> PlannedDocument | None:
        return None

    monkeypatch.setattr(PlannedDocuments, "get", finds_nothing)


async def replay(
    engine: AsyncEngine,
    server: ServerSettings,
    requests: list[Request],
    log_lines: io.StringIO,
    statements: StatementLog,
    view_calls: list[str],
) -> tuple[list[dict[str, Any]], list[bool]]:
    """Each request's answer (status, headers, body), log line and statement count; and
    whether it reached the view."""
    seen: list[dict[str, Any]] = []
    viewed: list[bool] = []
    async with serving(engine, server) as (client, _):
        etag = ""
        for body, sent_headers in requests:
            headers = {k: etag if v == PREVIOUS_ETAG else v for k, v in sent_headers.items()}
            statements.clear()
            views = len(view_calls)
            start = log_lines.tell()
            if isinstance(body, Get):
                response = await client.get("/graphql", params=body.params, headers=headers)
            elif isinstance(body, bytes):
                response = await client.post("/graphql", content=body, headers=headers)
            else:
                response = await client.post("/graphql", json=body, headers=headers)
            log_lines.seek(start)
            [line] = log_lines.read().splitlines()
            log = {k: v for k, v in orjson.loads(line).items() if k not in VARYING_LOG_FIELDS}
            answer_headers = [
                (name, value)
                for name, value in response.headers.multi_items()
                if name not in VARYING_HEADERS
            ]
            seen.append(
                {
                    "status": response.status_code,
                    "headers": answer_headers,
                    "body": response.content,
                    "log": log,
                    "sql": len(statements),
                }
            )
            viewed.append(len(view_calls) > views)
            etag = response.headers.get("etag", "")
    return seen, viewed
