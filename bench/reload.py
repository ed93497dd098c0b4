"""Benchmark: the monthly update. Loads the kit into a fresh database, then loads it again
(the same files, or with --changed a copy whose gene2go lost and gained some lines) into
the database that holds the first, and times each phase of both loads: every file's store,
inside the annotation files the change log's snapshots and the species' replacements, then
the change log's comparison (``record``) and the load's other closing steps.

    PYTHONPATH=. .venv/bin/python bench/reload.py --backend postgresql [--changed 500]
        [--kit ../shared/data] [--postgres postgresql://postgres@127.0.0.1:5432/test]

Per phase: wall seconds, the loader's CPU (process_time) and, on PostgreSQL, the CPU of
the load's server backend (/proc/PID/stat), so that a shared machine's load shows as wall
time only. The database (gg_reload_<random>, or a temporary SQLite file) is dropped at the
end. It asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import gzip
import os
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db import background_counts, term_gene_lists
from genegraph.db.engine import engine_scope
from genegraph.db.ingest import release
from genegraph.db.ingest.store import annotation_changes, deferred_indexes
from genegraph.db.ingest.store import annotations as annotation_store
from genegraph.db.migrate import upgrade

REPO = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


class Phases:
    """Seconds per phase (wall, loader CPU, server CPU), summed over calls."""

    def __init__(self) -> None:
        self.totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0])
        self.backend_pid: int | None = None

    def server_cpu(self) -> float:
        if self.backend_pid is None:
            return 0.0
        fields = Path(f"/proc/{self.backend_pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS

    @contextmanager
    def timed(self, name: str) -> Iterator[None]:
        wall, cpu, server = time.perf_counter(), time.process_time(), self.server_cpu()
        try:
            yield
        finally:
            total = self.totals[name]
            total[0] += time.perf_counter() - wall
            total[1] += time.process_time() - cpu
            total[2] += self.server_cpu() - server
            total[3] += 1

    def wrap(self, name: str, function: Callable[..., Awaitable[Any]]) -> Callable[..., Any]:
        @functools.wraps(function)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            with self.timed(name):
                return await function(*args, **kwargs)

        return wrapper

    def print(self, title: str) -> None:
        print(f"\n{title}")
        print(f"{'phase':48} {'calls':>5} {'wall s':>8} {'loader s':>9} {'server s':>9}")
        for name, (wall, cpu, server, calls) in self.totals.items():
            print(f"{name:48} {calls:5d} {wall:8.2f} {cpu:9.2f} {server:9.2f}")


PHASES = Phases()


def instrument() -> None:
    """Time the load's steps by wrapping the functions ``release.load`` calls."""
    for name in (
        "store_ontology",
        "store_gene_info",
        "store_gene_page",
        "store_gene2go",
        "store_gaf",
        "store_gene_orthologs",
        "store_homologene",
        "store_gene_history",
        "check_annotations",
        "swap_in_closure",
    ):
        setattr(release, name, PHASES.wrap(name, getattr(release, name)))
    log = annotation_changes.AnnotationChangeLog
    for name in ("record", "_snapshot"):
        setattr(log, name, PHASES.wrap(f"  changes.{name}", getattr(log, name)))
    replacer = annotation_store._Replacer
    replace = PHASES.wrap("  replace a species (snapshot+delete)", replacer.taxon)

    async def taxon(self: annotation_store._Replacer, taxon_id: int) -> None:
        # Called for every line: timed only when it replaces.
        if taxon_id not in self.done:
            await replace(self, taxon_id)

    replacer.taxon = taxon  # type: ignore[method-assign]
    background_counts.store = PHASES.wrap("background_counts", background_counts.store)
    term_gene_lists.store = PHASES.wrap("term_gene_lists", term_gene_lists.store)
    drop = deferred_indexes.drop

    async def drop_and_note_backend(conn: AsyncConnection) -> None:
        # The load's first call with its connection: note its server process.
        if conn.dialect.name == "postgresql":
            pid = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
            PHASES.backend_pid = int(pid)
        await drop(conn)

    deferred_indexes.drop = drop_and_note_backend


def changed_kit(kit: Path, folder: Path, every: int) -> tuple[int, int]:
    """The kit with links to its files, but a gene2go whose every ``every``-th data line is
    dropped and whose every ``every``-th line after that is added again with evidence ND
    (unless it had it); returns (lines dropped, lines added)."""
    for path in kit.iterdir():
        if path.is_file() and path.name != "gene2go.gz":
            (folder / path.name).symlink_to(path)
    dropped = added = 0
    with (
        gzip.open(kit / "gene2go.gz", "rt") as source,
        gzip.open(folder / "gene2go.gz", "wt", compresslevel=1) as out,
    ):
        for number, line in enumerate(source):
            if number and number % every == 0:
                dropped += 1
                continue
            out.write(line)
            fields = line.split("\t")
            if number and number % every == every // 2 and fields[3] != "ND":
                fields[3] = "ND"
                out.write("\t".join(fields))
                added += 1
    return dropped, added


async def run(url: str, kit: Path, changed: int) -> None:
    instrument()
    async with engine_scope(url) as engine:
        await upgrade(engine)

        async def one_load(folder: Path, title: str) -> None:
            PHASES.totals.clear()
            sources, _ = release.sources_in(folder)
            with PHASES.timed("whole load"):
                report = await release.load(engine, sources)
            PHASES.print(f"{title}: release {report.release}, {report.seconds:.1f} s in the load")

        await one_load(kit, "first load")
        with tempfile.TemporaryDirectory() as scratch:
            folder = kit
            if changed:
                folder = Path(scratch)
                dropped, added = changed_kit(kit, folder, changed)
                print(f"\nchanged gene2go: {dropped} lines dropped, {added} added")
            await one_load(folder, "second load")
        async with engine.connect() as conn:
            counts = await conn.execute(
                text("SELECT kind, count(*) FROM annotation_changes GROUP BY kind ORDER BY kind")
            )
            print("\nannotation_changes:", dict(counts.all()))
    print("load average:", os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), required=True)
    parser.add_argument("--kit", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument(
        "--changed",
        type=int,
        default=0,
        metavar="N",
        help="second load: drop every Nth gene2go line and add as many (0: the same files)",
    )
    args = parser.parse_args()
    if args.backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            asyncio.run(run(f"sqlite:///{folder}/reload.sqlite", args.kit, args.changed))
        return
    name = f"gg_reload_{uuid.uuid4().hex[:8]}"
    admin = make_url(args.postgres)

    async def database(statement: str) -> None:
        conn = await asyncpg.connect(
            host=admin.host, port=admin.port, user=admin.username, database=admin.database
        )
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(database(f"CREATE DATABASE {name}"))
    try:
        asyncio.run(run(admin.set(database=name).render_as_string(False), args.kit, args.changed))
    finally:
        asyncio.run(database(f"DROP DATABASE {name}"))


if __name__ == "__main__":
    main()
