"""Observability: one JSON log line per request, the request id, and /metrics."""

from __future__ import annotations

import importlib.util
import io
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.release import Source, load
from genegraph.observability import request_log
from genegraph.observability.record import RequestRecord
from tests.conftest import SEED_PAGE, AppClient, Database
from tests.helpers.servers import running_server

CARD = (
    'query Card { gene(symbol: "IL2") { symbol goTerms(category: BIOLOGICAL_PROCESS) { id } '
    "orthologs(taxa: [10090, 10116]) { gene { symbol } } } }"
)
LOG_FIELDS = {
    "time",
    "event",
    "request_id",
    "method",
    "path",
    "status",
    "operation",
    "duration_ms",
    "sql_statements",
    "cache",
    "error_codes",
}


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def sample(metrics_text: str, name: str, **labels: str) -> float:
    """The value of one sample in a Prometheus text exposition (0 when absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in metrics_text.splitlines():
        match = re.fullmatch(r"([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)", line)
        if match is None or match.group(1) != name:
            continue
        found = ",".join(sorted((match.group(2) or "").split(","))) if match.group(2) else ""
        if found == wanted:
            return float(match.group(3))
    return 0.0


async def test_a_request_logs_one_json_line(
    engine: AsyncEngine, log_lines: io.StringIO, app_client: AppClient
) -> None:
    await load(engine, [Source(SEED_PAGE)])
    async with app_client(engine) as client:
        response = await client.post("/graphql", json={"query": CARD})
    assert response.status_code == 200
    assert response.json()["data"]["gene"]["symbol"] == "IL2"

    [line] = lines(log_lines)
    assert set(line) == LOG_FIELDS
    assert line["event"] == "request"
    assert line["method"] == "POST"
    assert line["path"] == "/graphql"
    assert line["status"] == 200
    assert line["operation"] == "Card"
    assert isinstance(line["duration_ms"], float)
    assert line["duration_ms"] > 0
    # The planned card's one statement, and the species and the release's terms if not read
    # yet (an app without warm-up; test_statement_count)
    assert isinstance(line["sql_statements"], int)
    assert 1 <= line["sql_statements"] <= 3
    assert line["cache"] == "miss"
    assert line["error_codes"] == []
    # A new id, given back to the client.
    assert re.fullmatch(r"[0-9a-f]{32}", str(line["request_id"]))
    made = uuid.UUID(hex=str(line["request_id"]))  # a random UUID's digits, as uuid4's
    assert (made.version, made.variant) == (4, uuid.RFC_4122)
    assert response.headers["x-request-id"] == line["request_id"]


async def test_an_incoming_request_id_is_kept(
    engine: AsyncEngine, log_lines: io.StringIO, app_client: AppClient
) -> None:
    async with app_client(engine) as client:
        kept = await client.post(
            "/graphql",
            json={"query": "{ currentRelease { number } }"},
            headers={"x-request-id": "lb-7f3a.42"},
        )
        # Not safe to echo (a header break): replaced by a new id.
        replaced = await client.post(
            "/graphql",
            json={"query": "{ currentRelease { number } }"},
            headers={"x-request-id": "a b"},
        )
    assert kept.headers["x-request-id"] == "lb-7f3a.42"
    assert replaced.headers["x-request-id"] not in ("a b", "lb-7f3a.42")
    first, second = lines(log_lines)
    assert first["request_id"] == "lb-7f3a.42"
    assert second["request_id"] == replaced.headers["x-request-id"]


async def test_errors_are_logged_with_their_codes(
    engine: AsyncEngine, log_lines: io.StringIO, app_client: AppClient
) -> None:
    async with app_client(engine) as client:
        bad_input = await client.post("/graphql", json={"query": '{ gene(id: "3558") { id } }'})
        too_deep = await client.post(
            "/graphql",
            json={
                "query": '{ gene(symbol: "IL2") { orthologs { gene { orthologs { gene '
                "{ id } } } } } }"
            },
        )
    assert bad_input.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert too_deep.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    first, second = lines(log_lines)
    assert first["error_codes"] == ["BAD_USER_INPUT"]
    assert second["error_codes"] == ["QUERY_TOO_COMPLEX"]
    assert second["sql_statements"] == 0  # refused before any SQL


async def test_metrics_show_the_traffic(
    engine: AsyncEngine,
    log_lines: io.StringIO,
    monkeypatch: pytest.MonkeyPatch,
    app_client: AppClient,
) -> None:
    monkeypatch.setenv("GENEGRAPH_RESPONSE_CACHE", "off")  # every request executes
    await load(engine, [Source(SEED_PAGE)])
    async with app_client(engine) as client:
        before = (await client.get("/metrics")).text
        for _ in range(3):
            assert (await client.post("/graphql", json={"query": CARD})).status_code == 200
        await client.post("/graphql", json={"query": '{ gene(id: "3558") { id } }'})
        # Through the DataLoaders (the card is read in one statement without them).
        alias = 'query Alias { gene(alias: "TCGF") { symbol } }'
        assert (await client.post("/graphql", json={"query": alias})).status_code == 200
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    after = response.text

    def grew(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert grew("genegraph_requests_total", operation="Card", status="200") == 3
    assert grew("genegraph_request_duration_seconds_count", operation="Card") == 3
    assert grew("genegraph_requests_total", operation="anonymous", status="200") == 1
    assert grew("genegraph_errors_total", code="BAD_USER_INPUT") == 1
    assert grew("genegraph_cache_results_total", result="miss") >= 3
    assert grew("genegraph_sql_statements_per_request_count") == 5
    # The alias is looked up in a batch of one.
    assert grew("genegraph_dataloader_batch_size_count", loader="genes_by_alias") == 1
    assert grew("genegraph_db_checkouts_total") > 0
    assert sample(after, "genegraph_db_pool_size") > 0
    # /metrics and the scrape itself are not logged.
    assert [line["path"] for line in lines(log_lines)] == ["/graphql"] * 5


@pytest.mark.skipif(
    importlib.util.find_spec("genegraph.caching.http") is None, reason="no response cache"
)
async def test_a_cache_hit_is_logged(
    engine: AsyncEngine, log_lines: io.StringIO, app_client: AppClient
) -> None:
    await load(engine, [Source(SEED_PAGE)])
    async with app_client(engine) as client:
        first = await client.get("/graphql", params={"query": CARD})
        second = await client.get("/graphql", params={"query": CARD})
        revalidated = await client.get(
            "/graphql", params={"query": CARD}, headers={"if-none-match": first.headers["etag"]}
        )
    assert (first.status_code, second.status_code, revalidated.status_code) == (200, 200, 304)
    logged = lines(log_lines)
    assert [line["cache"] for line in logged] == ["miss", "hit", "not_modified"]
    assert [line["sql_statements"] for line in logged][1:] == [0, 0]
    assert [line["operation"] for line in logged] == ["Card"] * 3


async def test_the_operation_is_named_as_executed_else_as_sent(
    engine: AsyncEngine, log_lines: io.StringIO, app_client: AppClient
) -> None:
    """The executed operation's name; for a request that never executes, the name it
    sends, else its document's first operation's name (read from the text)."""
    await load(engine, [Source(SEED_PAGE)])
    two = 'query First { gene(symbol: "IL2") { id } } query Second { releases { number } }'
    sent = [
        {"query": two, "operationName": "Second"},  # executed: the one chosen
        {"query": 'query Broken { gene(symbol: "IL2") { id '},  # a syntax error
        {"query": "query Unknown { nothing }"},  # a validation error
        {"query": "{ nothing }", "operationName": "Asked"},  # sent, never executed
        {"query": "{ releases { number } }"},  # executed, anonymous
        {"query": two},  # which to run is not said: refused, the first one named
    ]
    async with app_client(engine) as client:
        for body in sent:
            await client.post("/graphql", json=body)
    operations = [line["operation"] for line in lines(log_lines)]
    assert operations == ["Second", "Broken", "Unknown", "Asked", None, "First"]


def test_workers_share_their_metrics(database: Database, tmp_path: Path) -> None:
    """`serve --workers 2`: whichever process answers /metrics counts every process's
    requests (multiprocess mode), and each request is one JSON line on stdout."""
    shared = tmp_path / "metrics"
    output = tmp_path / "serve.log"
    env = {"PROMETHEUS_MULTIPROC_DIR": str(shared), "GENEGRAPH_RESPONSE_CACHE": "off"}
    with running_server(database.url, output, "--workers", "2", env=env) as base:
        deadline = time.monotonic() + 60
        while len(worker_pids(shared)) < 2:
            assert time.monotonic() < deadline, f"2 workers did not start: {worker_pids(shared)}"
            time.sleep(0.2)
        for _ in range(20):  # a new connection each, so the kernel spreads them
            response = httpx.post(f"{base}/graphql", json={"query": CARD}, timeout=10)
            assert response.status_code == 200
        scrapes = [httpx.get(f"{base}/metrics", timeout=10).text for _ in range(6)]
    for scrape in scrapes:
        assert sample(scrape, "genegraph_requests_total", operation="Card", status="200") == 20
    logged = [json.loads(line) for line in output.read_text().splitlines() if line[:1] == "{"]
    assert [line["operation"] for line in logged if line["path"] == "/graphql"] == ["Card"] * 20


def worker_pids(folder: Path) -> set[str]:
    """The processes that have written metrics to the multiprocess folder."""
    return {path.stem.rsplit("_", 1)[-1] for path in folder.glob("*.db")}


@pytest.mark.parametrize(
    "nanoseconds",
    [
        0,
        999_999_999,  # the last millisecond of a second: floored, never rounded up
        1_796_659_199_999_500_000,  # the last microsecond of a day, half of it past
        1_796_659_200_000_000_000,  # the next day's first instant
        1_796_659_200_000_999_999,
        1_796_659_200_001_000_000,
    ],
)
def test_the_log_lines_time_is_datetimes_iso_format(
    monkeypatch: pytest.MonkeyPatch, nanoseconds: int
) -> None:
    # As datetime.now(UTC).isoformat(timespec="milliseconds") writes that instant: the
    # clock's microseconds floored (CPython's datetime.now), then the milliseconds.
    expected = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=nanoseconds // 1000)
    monkeypatch.setattr(time, "time_ns", lambda: nanoseconds)
    for _ in range(2):  # the second's text made, then reused
        assert request_log._now() == expected.isoformat(timespec="milliseconds")


def _observed(logger_name: str) -> tuple[request_log.RequestObserver, io.StringIO]:
    """A request log writing through ``configure_request_log``'s kind of handler, into a
    string."""
    logger = logging.getLogger(logger_name)
    logger.handlers.clear()
    handler = request_log.RequestLines()
    stream = io.StringIO()
    handler.setStream(stream)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False

    async def app(scope: object, receive: object, send: object) -> None:
        raise AssertionError("not called")

    return request_log.RequestObserver(app, logger), stream


def test_the_request_lines_are_written_without_a_log_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    observer, stream = _observed("genegraph.test_request_lines")
    made: list[logging.LogRecord] = []
    make_record = logging.Logger.makeRecord

    def counted(self: logging.Logger, *args: Any, **kwargs: Any) -> logging.LogRecord:
        made.append(record := make_record(self, *args, **kwargs))
        return record

    monkeypatch.setattr(logging.Logger, "makeRecord", counted)
    for request_id in ("a1", "a2"):
        record = RequestRecord(request_id=request_id, method="POST", path="/graphql")
        record.operation, record.sql_statements, record.executed = "Card", 1, True
        observer.finish(record, 200, 0.0015)
    written = lines(stream)
    assert [line["request_id"] for line in written] == ["a1", "a2"]
    assert set(written[0]) == LOG_FIELDS
    assert (written[0]["duration_ms"], written[0]["cache"]) == (1.5, "miss")
    assert stream.getvalue().endswith("}\n")
    assert made == []  # the handler wrote them, no record made

    # Once anything else may see the records (here a filter), they are made again.
    seen: list[str] = []

    def seeing(record: logging.LogRecord) -> bool:
        seen.append(record.getMessage())
        return True

    observer.logger.handlers[0].addFilter(seeing)
    observer.finish(RequestRecord(request_id="a3", method="GET", path="/graphql"), 200, 0.001)
    assert len(made) == 1 and [json.loads(seen[0])["request_id"]] == ["a3"]
    assert [line["request_id"] for line in lines(stream)] == ["a1", "a2", "a3"]
