"""The real-data kit (../shared/data), loaded once per test session and backend, as a
user would load it; every module that checks behaviour on real data reads this one
database and never writes to it.

The load is also the fault test: over a database serving the seed page, a load of
the whole kit is killed with SIGKILL as it reaches gene2go (the fault point ``parse`` of
db/ingest/faults.py: gene2go's first line parsed, the ontology and 120k genes written,
uncommitted), and what is served right after is recorded; then the same load is run
again and must succeed.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from genegraph.db.engine import engine_scope
from genegraph.db.ingest import faults
from genegraph.db.models import Gene, Release
from tests.conftest import (
    REQUIRE_POSTGRES,
    SEED_PAGE,
    SHARED_DATA,
    Database,
    run_query,
    table_counts,
)
from tests.helpers.servers import GENEGRAPH

KIT_PRESENT = (SHARED_DATA / "gene2go.gz").exists()

# Under CI the kit is always beside the repo, so its absence is a failure there.
needs_kit = pytest.mark.skipif(
    not KIT_PRESENT and not REQUIRE_POSTGRES, reason=f"no real-data kit at {SHARED_DATA}"
)

CARD = """{ gene(symbol: "IL2") { id symbol goTerms { id } orthologs { sources gene { id } } } }"""


async def query_async(url: str, text: str, variables: dict[str, Any] | None = None) -> Any:
    async with engine_scope(url) as engine:
        return (await run_query(engine, text, variables)).ok()


def query(url: str, text: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The data of a query, which must succeed, run on the database at ``url``."""
    result: dict[str, Any] = asyncio.run(query_async(url, text, variables))
    return result


async def table_count(url: str, model: type[Gene] | type[Release]) -> int:
    async with engine_scope(url) as engine:
        return (await table_counts(engine, [model]))[model.__tablename__]


@dataclass
class LoadedKit:
    database: Database
    card_before_kill: dict[str, Any]
    card_after_kill: dict[str, Any]
    releases_after_kill: int
    genes_after_kill: int
    integrity_after_kill: list[str]
    killed_during: str
    summary: str

    @property
    def url(self) -> str:
        return self.database.url


def kill_load_midway(url: str) -> str:
    """Load the kit with the fault point ``parse`` armed, so that the load kills itself
    with SIGKILL once gene2go's first line is parsed; return the file it was loading."""
    process = subprocess.run(
        [GENEGRAPH, "load", "--dir", str(SHARED_DATA), "--database-url", url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, faults.ENVIRONMENT: "parse"},
        timeout=600,
    )
    assert process.returncode == -signal.SIGKILL, process.stderr[-2000:]
    lines = process.stderr.splitlines()
    assert lines[-1] == "genegraph: fault point parse reached: SIGKILL", lines[-5:]
    # The last line naming a file before the kill: the one being loaded.
    return next((line for line in reversed(lines) if "gene2go" in line), "")


def integrity(database: Database) -> list[str]:
    if database.backend != "sqlite":
        return []  # PostgreSQL: a killed client's transaction is rolled back by the server
    path = make_url(database.url).database
    assert path is not None
    with sqlite3.connect(path) as conn:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        problems += [repr(row) for row in conn.execute("PRAGMA foreign_key_check")]
    return [p for p in problems if p != "ok"]


def load_kit(database: Database) -> LoadedKit:
    if not KIT_PRESENT:
        pytest.fail(f"the real-data kit is missing at {SHARED_DATA}", pytrace=False)
    url = database.url
    seeded = subprocess.run(
        [GENEGRAPH, "load", str(SEED_PAGE), "--database-url", url], capture_output=True, text=True
    )
    assert seeded.returncode == 0, seeded.stderr
    before = query(url, CARD)

    killed_during = kill_load_midway(url)
    after = query(url, CARD)
    releases = asyncio.run(table_count(url, Release))
    genes = asyncio.run(table_count(url, Gene))
    problems = integrity(database)

    rerun = subprocess.run(
        [GENEGRAPH, "load", "--dir", str(SHARED_DATA), "--database-url", url],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert rerun.returncode == 0, rerun.stderr
    return LoadedKit(
        database, before, after, releases, genes, problems, killed_during, rerun.stdout
    )
