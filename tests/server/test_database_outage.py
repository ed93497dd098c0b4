"""PostgreSQL cutting the server's connections under load, as a restart does to its
clients (the real restart is bench/restart_under_load.py: the test cluster is shared).

Requests in flight or handed a dead connection fail as a whole with 503, Retry-After and
one SERVICE_UNAVAILABLE error naming no SQL; the server recovers by itself."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, InterfaceError, ProgrammingError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from genegraph.server.database_outage import is_outage
from tests.conftest import Database, fresh_database
from tests.helpers.cli import genegraph
from tests.helpers.outage import CARD, OUTAGE
from tests.helpers.servers import running_server

# A server that never reads the release number in the background during the test: that
# read would meet a dead connection first and spare the requests.
SERVER_ENV = {"GENEGRAPH_RESPONSE_CACHE": "off", "GENEGRAPH_RELEASE_CHECK_SECONDS": "3600"}


class _Closed(Exception):
    sqlstate = "57P01"  # admin_shutdown, what pg_terminate_backend and a restart send


def test_outages_are_told_from_bugs() -> None:
    shutdown = DBAPIError("SELECT 1", None, _Closed("terminating connection"))
    assert is_outage(shutdown)
    assert is_outage(PoolTimeoutError("no connection free"))
    assert is_outage(ConnectionRefusedError(111, "refused"))
    assert not is_outage(ProgrammingError("SELECT nonsense", None, Exception("syntax")))
    # SQLite's refusal of a parameter it cannot bind: a bug, though an InterfaceError.
    assert not is_outage(InterfaceError("SELECT ?", None, Exception("Error binding parameter")))
    assert not is_outage(ZeroDivisionError())
    assert not is_outage(None)


@pytest.fixture
def postgres(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    template = request.getfixturevalue("postgres_template")
    with fresh_database("postgresql", tmp_path, template) as database:
        yield database


async def _terminate_sessions(url: str) -> int:
    """pg_terminate_backend on every other session of the database: the server's."""
    dsn = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        ended = await conn.fetchval(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return int(ended)
    finally:
        await conn.close()


def _ask(client: httpx.Client, base: str) -> tuple[int, str | None, Any]:
    response = client.post(f"{base}/graphql", json=CARD, timeout=60)
    return response.status_code, response.headers.get("retry-after"), response.json()


def test_cut_connections_fail_cleanly_and_the_server_recovers(
    postgres: Database, tmp_path: Path
) -> None:
    seeded = genegraph("load", "data/il2.txt", "--database-url", postgres.url)
    assert seeded.returncode == 0, seeded.stderr
    with running_server(postgres.url, tmp_path / "serve.log", env=SERVER_ENV) as base:
        client = httpx.Client()
        with ThreadPoolExecutor(8) as pool:  # several pooled connections, all open
            warm = list(pool.map(lambda _: _ask(client, base), range(24)))
        assert {status for status, _, _ in warm} == {200}
        expected = warm[0][2]
        assert "errors" not in expected

        answers: list[tuple[int, str | None, Any]] = []
        stop = threading.Event()

        def hammer() -> None:
            with httpx.Client() as own:
                while not stop.is_set():
                    answers.append(_ask(own, base))

        threads = [threading.Thread(target=hammer) for _ in range(4)]
        for thread in threads:
            thread.start()
        try:
            while len(answers) < 20:
                stop.wait(0.05)
            ended = asyncio.run(_terminate_sessions(postgres.url))
            cut_at = len(answers)
            while len(answers) < cut_at + 40:
                stop.wait(0.05)
        finally:
            stop.set()
            for thread in threads:
                thread.join()

        assert ended >= 1
        failed = [a for a in answers if a[0] != 200]
        assert failed, "no request met a cut connection"
        for status, retry_after, body in answers:
            if status == 200:
                assert body == expected
            else:
                assert (status, retry_after, body) == (503, "1", OUTAGE)
        # Recovered without a restart: the same process answers again.
        after = [_ask(client, base) for _ in range(10)]
        assert after == [(200, None, expected)] * 10
        client.close()
