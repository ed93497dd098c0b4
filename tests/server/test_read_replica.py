"""A read replica (`--read-database-url`, $GENEGRAPH_DATABASE_READ_URL): `genegraph serve`
migrates and seeds the primary, and its server processes read only from the replica.

PostgreSQL streaming replication needs a second cluster; here two databases of one server
stand in for primary and replica, with different content, so each answer shows which one
it came from, and pg_stat_activity shows which databases the server holds connections to.
"""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from genegraph import cli, settings
from tests.conftest import FIXTURES, SEED_PAGE, Database, _asyncpg_dsn, fresh_database
from tests.helpers.servers import GENEGRAPH, running_server

CARD = '{ gene(symbol: "IL2") { id } currentRelease { number } }'


@pytest.fixture
def primary(postgres_template: str, tmp_path: Path) -> Iterator[Database]:
    with fresh_database("postgresql", tmp_path, postgres_template) as database:
        yield database


@pytest.fixture
def replica(postgres_template: str, tmp_path: Path) -> Iterator[Database]:
    with fresh_database("postgresql", tmp_path, postgres_template) as database:
        yield database


def load(database: Database, *files: Path) -> None:
    command = [GENEGRAPH, "load", *map(str, files), "--database-url", database.url]
    loaded = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr + loaded.stdout


def ask(graphql: str) -> dict[str, Any]:
    response = httpx.post(graphql, json={"query": CARD}, timeout=10)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def _scalar(database: Database, sql: str, *args: object) -> Any:
    conn = await asyncpg.connect(_asyncpg_dsn(database.url), timeout=5)
    try:
        return await conn.fetchval(sql, *args)
    finally:
        await conn.close()


def scalar(database: Database, sql: str, *args: object) -> Any:
    return asyncio.run(_scalar(database, sql, *args))


def connections_to(database: Database) -> int:
    """Backends connected to ``database`` other than this query's own."""
    name = database.url.rsplit("/", 1)[1]
    sql = "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()"
    return int(scalar(database, sql, name))


def no_connections_to(database: Database) -> bool:
    """Whether ``database`` has no backends but this check's: a closed connection's
    backend may take a moment to leave pg_stat_activity, one held in a pool never does."""
    deadline = time.monotonic() + 10
    while connections_to(database) > 0:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def test_queries_read_the_replica_and_the_primary_is_migrated_and_seeded(
    primary: Database, replica: Database, tmp_path: Path
) -> None:
    # The replica holds IL2 with its NCBI id; the primary is empty.
    load(replica, SEED_PAGE, FIXTURES / "gene_info_il2.tsv")
    fast_watch = {"GENEGRAPH_RELEASE_CHECK_SECONDS": "0.2"}
    log = tmp_path / "serve.log"
    with running_server(
        primary.url, log, "--read-database-url", replica.url, env=fast_watch
    ) as base:
        answer = ask(f"{base}/graphql")
        assert answer == {"gene": {"id": "NCBIGene:3558"}, "currentRelease": {"number": 1}}
        assert "queries read from postgresql+asyncpg://" in log.read_text()
        # `serve` seeded the empty primary (and only the primary) before serving.
        assert scalar(primary, "SELECT count(*) FROM releases") == 1
        assert scalar(primary, "SELECT count(*) FROM genes WHERE gene_id = 3558") == 0
        assert scalar(replica, "SELECT count(*) FROM releases") == 1
        # The server process holds connections to the replica, none to the primary.
        assert connections_to(replica) >= 1
        assert no_connections_to(primary)

        # A release reaches the replica (as replication would bring it): the server
        # serves it once its release watch reads it there, at most 20 s here.
        load(replica, FIXTURES / "gene_info_il2.tsv")
        deadline = time.monotonic() + 20
        while ask(f"{base}/graphql")["currentRelease"] == {"number": 1}:
            assert time.monotonic() < deadline, "the new release on the replica was not served"
            time.sleep(0.1)
        assert ask(f"{base}/graphql")["currentRelease"] == {"number": 2}
        assert no_connections_to(primary)


def test_without_a_replica_everything_uses_the_database(
    primary: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(settings.READ_DATABASE_URL_ENV, raising=False)
    with running_server(primary.url, tmp_path / "serve.log") as base:
        # The seed page only: IL2 has no NCBI id there.
        answer = ask(f"{base}/graphql")
        assert answer == {"gene": {"id": "GeneSymbol:9606/IL2"}, "currentRelease": {"number": 1}}
        assert connections_to(primary) >= 1
    assert "queries read from" not in (tmp_path / "serve.log").read_text()


@pytest.mark.parametrize(
    ("read_url", "problem"),
    [
        ("mysql://db/genegraph", "unsupported database URL 'mysql://db/genegraph'"),
        ("sqlite:///replica.db", "on the same engine: it is sqlite, the database postgresql"),
    ],
)
def test_a_bad_read_url_stops_serve_naming_the_setting(
    capsys: pytest.CaptureFixture[str], read_url: str, problem: str
) -> None:
    argv = ["serve", "--database-url", "postgresql://nowhere.invalid/genegraph"]
    assert cli.main([*argv, "--read-database-url", read_url]) == 2
    error = capsys.readouterr().err
    assert "GENEGRAPH_DATABASE_READ_URL (--read-database-url)" in error
    assert problem in error


def test_the_read_url_comes_from_the_flag_else_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(settings.READ_DATABASE_URL_ENV, raising=False)
    assert settings.read_database_url() is None
    monkeypatch.setenv(settings.READ_DATABASE_URL_ENV, "postgresql://replica/genegraph")
    assert settings.read_database_url() == "postgresql://replica/genegraph"
    assert settings.read_database_url("postgresql://other/g") == "postgresql://other/g"
