"""The benchmark's databases: the real kit, and synthetic data at 10x and 100x its gene
count, each in a PostgreSQL database and a SQLite file of its own: loaded with `genegraph
load`, except the synthetic sets in PostgreSQL, built in SQL from the loaded kit
(bench/replicate_kit.py). A stamp records what was loaded, so later runs reuse a database
until the kit, the generator or the schema changes."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import replicate_kit
import synth
from alembic.script import ScriptDirectory

from genegraph.db.migrate import alembic_config
from lab.disk import asyncpg_dsn
from lab.paths import KIT, POSTGRAPHILE, POSTGRES, VENV_BIN, WORK

BACKENDS = ("postgresql", "sqlite")
# Another prefix gives a tree's own PostgreSQL databases (and stamps), e.g. for a schema the
# shared ones do not have yet.
ADMIN = f"{POSTGRES}/postgres"  # for CREATE and DROP DATABASE
DATABASE_PREFIX = os.environ.get("GENEGRAPH_BENCH_DATABASE_PREFIX", "gg_bench")


@dataclass(frozen=True)
class Dataset:
    name: str  # kit, x10, x100
    factor: int

    @property
    def files(self) -> Path:
        return KIT if self.factor == 1 else WORK / f"synth-{self.name}"

    @property
    def pg_database(self) -> str:
        return f"{DATABASE_PREFIX}_{self.name}"

    def url(self, backend: str) -> str:
        if backend == "postgresql":
            return f"{POSTGRES}/{self.pg_database}"
        return f"sqlite:///{WORK / f'{self.name}.sqlite'}"

    def database(self, backend: str) -> str | None:
        """The PostgreSQL database's name, whose server processes are measured too."""
        return self.pg_database if backend == "postgresql" else None


def dataset(name: str) -> Dataset:
    factor = 1 if name == "kit" else int(name.removeprefix("x"))
    return Dataset(name, factor)


def _files_fingerprint(data: Dataset) -> dict[str, object]:
    """What a dataset's synthetic files are made from."""
    kit = sorted((p.name, p.stat().st_size) for p in KIT.iterdir() if p.is_file())
    return {"kit": kit, "factor": data.factor, "synth": synth.VERSION}


def _fingerprint(data: Dataset) -> str:
    """What a dataset's database is made from: its files, and the schema's revision. A
    database of an older revision is rebuilt, not left to the server's migration (which
    derives a new table from 100x the rows, far slower than a load or a replication
    writes it)."""
    schema = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return json.dumps({**_files_fingerprint(data), "schema": schema})


def _log(message: str) -> None:
    print(f"bench: {message}", flush=True)


def generate_files(data: Dataset) -> None:
    """Write the dataset's synthetic files, unless the stamp shows they are there already."""
    stamp = WORK / f"synth-{data.name}.stamp"
    # The files do not depend on the schema: a migration does not regenerate them.
    made_from = json.dumps(_files_fingerprint(data))
    if stamp.exists() and stamp.read_text() == made_from:
        return
    _log(f"generating {data.name} ({data.factor}x the kit's genes) in {data.files}")
    synth.generate(KIT, data.files, data.factor)
    stamp.write_text(made_from)


async def run_sql(url: str, script: str) -> None:
    """Run SQL on a PostgreSQL database (``url``: any SQLAlchemy driver's form)."""
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        await conn.execute(script)
    finally:
        await conn.close()


def _stamp(data: Dataset, backend: str) -> Path:
    if backend == "postgresql" and DATABASE_PREFIX != "gg_bench":
        return WORK / f"{data.pg_database}.stamp"
    return WORK / f"{data.name}.{backend}.stamp"


def _prepare_postgresql(url: str) -> None:
    # PostGraphile's peer functions (see the file), in the benchmark's database only.
    asyncio.run(run_sql(url, (POSTGRAPHILE / "functions.sql").read_text()))
    # Statistics and the visibility map, as autovacuum gathers and sets them on a
    # production server within minutes of a load (a load's inserts pass its insert
    # threshold). This machine's PostgreSQL runs with autovacuum = off, and `genegraph
    # load` analyzes on SQLite only: without statistics the planner picks plans 10 to 100
    # times slower, and without the visibility map an index-only scan (term -> genes'
    # walk) reads every row's page anyway (BENCHMARKS.md).
    asyncio.run(run_sql(url, "VACUUM (ANALYZE)"))


def adopt(data: Dataset, database: str) -> None:
    """Make PostgreSQL ``database``, just loaded from ``data``'s files by bench/load.py, the
    benchmark's database of ``data``: at 100x a load takes an hour, not to be done twice."""
    asyncio.run(run_sql(ADMIN, f'DROP DATABASE IF EXISTS "{data.pg_database}" WITH (FORCE)'))
    asyncio.run(run_sql(ADMIN, f'ALTER DATABASE "{database}" RENAME TO "{data.pg_database}"'))
    _prepare_postgresql(data.url("postgresql"))
    _stamp(data, "postgresql").write_text(_fingerprint(data))


def ensure(data: Dataset, backend: str) -> str:
    """The URL of ``data`` loaded on ``backend``, loading it first when needed."""
    stamp = _stamp(data, backend)
    url = data.url(backend)
    if stamp.exists() and stamp.read_text() == _fingerprint(data):
        if backend == "postgresql":
            # The peer's functions change with genegraph's API: applied on every run.
            asyncio.run(run_sql(url, (POSTGRAPHILE / "functions.sql").read_text()))
        return url
    WORK.mkdir(parents=True, exist_ok=True)
    if data.factor > 1 and backend == "postgresql":
        # In SQL from the loaded kit: the rows loading synth.py's files writes, in minutes
        # instead of hours at 100x (bench/replicate_kit.py; equal to the load's at 10x,
        # table for table: `replicate_kit.py compare`).
        kit_url = ensure(dataset("kit"), backend)
        _log(f"building {data.name} in {backend} from the kit (bench/replicate_kit.py)")
        started = time.monotonic()
        asyncio.run(replicate_kit.build(kit_url, data.pg_database, data.factor))
        _log(f"built {data.name} in {time.monotonic() - started:.0f} s")
        # Vacuumed as a loaded database is: without the visibility map its index-only scans
        # (search, term -> genes' walk) read the heap too.
        _prepare_postgresql(url)
        stamp.write_text(_fingerprint(data))
        return url
    if data.factor > 1:
        generate_files(data)
    if backend == "postgresql":
        asyncio.run(run_sql(ADMIN, f'DROP DATABASE IF EXISTS "{data.pg_database}" WITH (FORCE)'))
        asyncio.run(run_sql(ADMIN, f'CREATE DATABASE "{data.pg_database}"'))
    else:
        for leftover in WORK.glob(f"{data.name}.sqlite*"):
            leftover.unlink()
    log = WORK / "logs" / f"load-{data.name}-{backend}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    _log(f"loading {data.name} into {backend} (log: {log})")
    started = time.monotonic()
    with log.open("wb") as out:
        subprocess.run(
            [str(VENV_BIN / "genegraph"), "load", "--dir", str(data.files), "--database-url", url],
            stdout=out,
            stderr=subprocess.STDOUT,
            check=True,
        )
    _log(f"loaded {data.name} into {backend} in {time.monotonic() - started:.0f} s")
    if backend == "postgresql":
        _prepare_postgresql(url)
    stamp.write_text(_fingerprint(data))
    return url
