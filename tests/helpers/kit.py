"""The real-data kit (../shared/data), loaded once per test run and backend, as a
user would load it; every module that checks behaviour on real data reads it and never
writes to it.

Once per run, not per xdist worker: the first worker to need a backend's kit loads it
(under a run-wide lock, tests/helpers/run_folder.py) and records the outcome; each
worker then reads a copy of its own (PostgreSQL: CREATE DATABASE ... TEMPLATE; SQLite:
SQLite's backup). A worker that finds a kit being loaded loads another backend's kit
that nobody has started, rather than wait idle.

The load is also the fault test: over a database serving the seed page, a load of
the whole kit is killed with SIGKILL as it reaches gene2go (the fault point ``parse`` of
db/ingest/faults.py: gene2go's first line parsed, the ontology and 120k genes written,
uncommitted), and what is served right after is recorded; then the same load is run
again and must succeed.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import signal
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
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
    create_postgres_copy,
    database_name,
    drop_database,
    run_query,
    sqlite_database,
    table_counts,
)
from tests.helpers.run_folder import drop_at_end_of_run, run_folder, run_lock
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


def _record(backend: str) -> Path:
    return run_folder() / f"kit-{backend}.json"


def _failure(backend: str) -> Path:
    return run_folder() / f"kit-{backend}.failed"


def _load_once(backend: str, template: str | None) -> None:
    """Load the run's kit on ``backend`` and record it, unless recorded already; a
    failed load is recorded too, and not tried again (it takes minutes)."""
    if _failure(backend).exists():
        pytest.fail(f"the kit's load on {backend} failed:\n{_failure(backend).read_text()}")
    if _record(backend).exists():
        return
    try:
        if backend == "sqlite":
            (run_folder() / "kit-sqlite").mkdir()
            database = sqlite_database(run_folder() / "kit-sqlite")
        else:
            assert template is not None
            database = create_postgres_copy(template, prefix="genegraph_kit")
            drop_at_end_of_run(database)
        kit = load_kit(database)
    except BaseException as error:
        _failure(backend).write_text(f"{type(error).__name__}: {error}"[:4000])
        raise
    partial = _record(backend).with_suffix(".partial")
    partial.write_text(json.dumps(dataclasses.asdict(kit)))
    partial.rename(_record(backend))


def _recorded(backend: str) -> LoadedKit:
    fields = json.loads(_record(backend).read_text())
    return LoadedKit(**{**fields, "database": Database(**fields["database"])})


def _template(request: pytest.FixtureRequest, backend: str) -> str | None:
    return request.getfixturevalue("postgres_template") if backend == "postgresql" else None


def _wanted_backends(request: pytest.FixtureRequest) -> list[str]:
    """The backends of the kit that the run's selected tests use."""
    params = (getattr(item, "callspec", None) for item in request.session.items)
    return sorted({p.params["loaded_kit"] for p in params if p and "loaded_kit" in p.params})


def shared_kit(request: pytest.FixtureRequest, backend: str) -> LoadedKit:
    """The run's kit on ``backend``, loaded here if no process has loaded it."""
    with run_lock(f"kit-{backend}", wait=False) as mine:
        if mine:
            _load_once(backend, _template(request, backend))
    if not _record(backend).exists():
        # Another process is loading it: load what nobody has started meanwhile.
        for other in _wanted_backends(request):
            with run_lock(f"kit-{other}", wait=False) as mine:
                if not mine or _record(other).exists() or _failure(other).exists():
                    continue
                # A skip (no PostgreSQL) or a failure is reported by the other's tests.
                with contextlib.suppress(Exception, pytest.skip.Exception):
                    _load_once(other, _template(request, other))
    with run_lock(f"kit-{backend}"):
        _load_once(backend, _template(request, backend))  # if its loader ended
    return _recorded(backend)


@contextlib.contextmanager
def kit_copy(request: pytest.FixtureRequest, folder: Path) -> Iterator[LoadedKit]:
    """A copy of the run's kit on the backend ``request.param``, this process's own,
    dropped afterwards."""
    kit = shared_kit(request, request.param)
    if kit.database.backend == "sqlite":
        copy = sqlite_database(folder)
        source, target = (
            sqlite3.connect(make_url(db.url).database or "") for db in (kit.database, copy)
        )
        with contextlib.closing(source), contextlib.closing(target):
            source.backup(target)
        yield dataclasses.replace(kit, database=copy)
        return
    copy = create_postgres_copy(database_name(kit.database))
    try:
        yield dataclasses.replace(kit, database=copy)
    finally:
        drop_database(copy)
