"""Benchmark: load the whole real-data kit into a fresh SQLite and a fresh PostgreSQL
database with `genegraph load --dir`, as a user would, and report wall time, data lines
per second and the loader's peak memory (median of the runs), then each file's seconds
as the release records them, and the machine's load average (the machines are shared).

    .venv/bin/python bench/load_kit.py [--runs 3] [--kit ../shared/data]
        [--postgres postgresql://postgres@127.0.0.1:5432/test] [--backends sqlite postgresql]

Each run is a new `genegraph` process on a new database; rusage comes from the kernel
(os.wait4), so the figures are the whole process's.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parent.parent
GENEGRAPH = str(Path(sys.executable).parent / "genegraph")
FIGURES = ("wall", "peak_mb", "cpu", "lines")


def run_load(url: str, kit: Path) -> dict[str, float]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [GENEGRAPH, "load", "--dir", str(kit), "--database-url", url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"load failed: {process.stderr.read().decode() if process.stderr else ''}")
    return {"wall": wall, "peak_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime}


def release_sources(url: str) -> list[dict[str, Any]]:
    out = subprocess.run(
        [sys.executable, "-c", _SOURCES, url], capture_output=True, text=True, check=True
    )
    sources: list[dict[str, Any]] = json.loads(out.stdout)
    return sources


# Reads the newest release's files (lines, seconds) through the GraphQL schema itself.
_SOURCES = """
import asyncio, json, sys
from genegraph.db.engine import create_engine
from genegraph.resolvers.context import Context
from genegraph.schema.root import schema
async def main():
    engine = create_engine(sys.argv[1])
    query = "{ currentRelease { sources { path lines seconds } } }"
    result = await schema.execute(query, context_value=Context(engine))
    await engine.dispose()
    print(json.dumps(result.data["currentRelease"]["sources"]))
asyncio.run(main())
"""


def with_sources(figures: dict[str, float], url: str) -> dict[str, float]:
    sources = release_sources(url)
    figures["lines"] = sum(s["lines"] for s in sources)
    figures.update({Path(s["path"]).name: s["seconds"] for s in sources})
    return figures


async def _admin(admin_url: str, sql: str) -> None:
    dsn = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def one_run(backend: str, kit: Path, admin_url: str) -> dict[str, float]:
    import asyncio

    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{folder}/bench.sqlite"
            return with_sources(run_load(url, kit), url)
    name = f"genegraph_bench_{uuid.uuid4().hex[:10]}"
    asyncio.run(_admin(admin_url, f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        return with_sources(run_load(url, kit), url)
    finally:
        asyncio.run(_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kit", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "GENEGRAPH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    args = parser.parse_args()

    print(f"load average at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print("| backend | runs | wall s (median, min-max) | data lines/s | peak RSS MB | CPU s |")
    print("|---|---|---|---|---|---|")
    raw = {}
    for backend in args.backends:
        runs = [one_run(backend, args.kit, args.postgres) for _ in range(args.runs)]
        raw[backend] = runs
        walls = [r["wall"] for r in runs]
        wall = statistics.median(walls)
        print(
            f"| {backend} | {len(runs)} | {wall:.1f} ({min(walls):.1f}-{max(walls):.1f}) "
            f"| {statistics.median(r['lines'] / r['wall'] for r in runs):,.0f} "
            f"| {statistics.median(r['peak_mb'] for r in runs):.0f} "
            f"| {statistics.median(r['cpu'] for r in runs):.1f} |",
            flush=True,
        )
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("\nseconds per file (median), as the release records them:\n")
    print(f"| file | {' | '.join(raw)} |")
    print(f"|---|{'---|' * len(raw)}")
    files = [key for key in next(iter(raw.values()))[0] if key not in FIGURES]
    for name in files:
        cells = [f"{statistics.median(r[name] for r in runs):.1f}" for runs in raw.values()]
        print(f"| {name} | {' | '.join(cells)} |")
    print("\nraw:", json.dumps(raw))


if __name__ == "__main__":
    main()
