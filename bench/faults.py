"""Benchmark: a load killed with SIGKILL at each of its fault points (db/ingest/faults.py)
at N times the kit, on each backend: is the previous release still served whole, does the
next load succeed, and how much disk does a load take beside the release it replaces.

    .venv/bin/python bench/faults.py --scale 1 [--backends sqlite postgresql]
        [--points parse bulk-insert closure index switch committed] [--kit ../shared/data]
        [--postgres postgresql://postgres@127.0.0.1:5432/test] [--replicate-from gg_bench_kit]
        [--no-full-load]

Into a database of its own (PostgreSQL gg_faults_xN, dropped at the end; SQLite a file in
a temporary folder under bench/.data): the previous release, then the fingerprint of what
is served (every table's row count, and a GraphQL answer through the schema: the release
and its files' lines, IL2's terms and annotations, a term's ancestors, an enrichment's
background). The new release is the kit at --scale 1 and bench/synth.py's N-fold files
(generated into bench/.data/synth-xN when missing) above it. The previous release is the
kit, loaded by `genegraph load` (an N-fold one would cost one more N-fold load, the longest
step of a run); or, with --replicate-from naming a loaded kit database (PostgreSQL, read
only), the N-fold release built from it in SQL (bench/replicate_kit.py, minutes), so that
the full load below is a re-load of a release as large.

Then, in the load's order, for each point: `genegraph load` of the new release with
GENEGRAPH_LOAD_FAULT=<point>. PASS when the process died by SIGKILL having named the point,
and what is served is the fingerprint from before (for `committed`: the new release, its
data equal to the full load's below). Each point's load is the "next load" of the point
before it (each gets past the previous point's place; `committed`'s commits); last (not
with --no-full-load), a full load of the new release, unarmed: PASS when it succeeds and
serves a release number above the one before (and, of the same files, the same data as the
kit's first load, and as the `committed` kill left).

Every load's disk use is sampled once a second (bench/lab/disk.py: the database on disk,
and its journal/WAL; PostgreSQL's WAL folder is the server's, shared with other databases):
reported as the peak over the size before that load; SQLite's rollback journal and
PostgreSQL's WAL folder in a column of their own. The figures go to
bench/results/faults.json under the scale and backend, and a table is printed. It asserts
nothing: the PASS/FAIL column is the finding.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import replicate_kit
from sqlalchemy import inspect, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lab import scaled_results
from lab.databases import new_database
from lab.datasets import dataset, generate_files
from lab.disk import DiskSampler, Measure, asyncpg_dsn
from lab.paths import KIT, POSTGRES, WORK
from lab.procs import load_average

from genegraph.db.engine import engine_scope
from genegraph.db.ingest import faults
from genegraph.resolvers.context import Context
from genegraph.schema.root import schema

GENEGRAPH = str(Path(sys.executable).parent / "genegraph")
ANSWER = """{ currentRelease { number sources { path lines } }
  gene(symbol: "IL2", taxon: 9606) { goTerms { id } annotations { term { id } source } }
  goTerm(id: "GO:0050778") { name ancestors { id } }
  enrichment(genes: ["NCBIGene:3558"], taxon: 9606) { backgroundSize testedTerms } }"""
# Tables a load adds to whatever the data: a release's record and its change log.
PER_RELEASE = ("releases", "annotation_changes")
# SQLite's FTS5 segments: their rows depend on the index's merge history, not on the data.
FTS_SEGMENTS = ("gene_text_data", "gene_text_idx")
# How long PostgreSQL may take to end the killed load's session (it rolls back meanwhile).
SESSION_END_SECONDS = 300


@dataclass
class Fingerprint:
    counts: dict[str, int]
    answer: dict[str, Any]

    @property
    def release(self) -> int:
        return int(self.answer["currentRelease"]["number"])

    def data(self) -> dict[str, Any]:
        """What the files say, not which load said it: the same for two loads of one release."""
        answer = {**self.answer, "currentRelease": self.answer["currentRelease"]["sources"]}
        counts = {t: n for t, n in self.counts.items() if t not in (*PER_RELEASE, *FTS_SEGMENTS)}
        return {"counts": counts, "answer": answer}

    def whole(self) -> dict[str, Any]:
        return {"counts": self.counts, "answer": self.answer}


@dataclass
class Run:
    """One `genegraph load`, armed (point) or not (point None)."""

    point: str | None
    returncode: int
    wall: float
    size_before_mb: float
    peak_mb: float
    size_after_mb: float
    wal_before_mb: float
    wal_peak_mb: float
    ok: bool = False
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def extra_mb(self) -> float:
        return self.peak_mb - self.size_before_mb


def fingerprint(url: str) -> Fingerprint:
    async def read() -> Fingerprint:
        async with engine_scope(url) as engine:
            async with engine.connect() as conn:
                names = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
                counts = {
                    name: int((await conn.scalar(text(f'SELECT count(*) FROM "{name}"'))) or 0)
                    for name in sorted(names)
                }
            result = await schema.execute(ANSWER, context_value=Context(engine))
            if result.errors:
                raise SystemExit(f"fingerprint query failed: {result.errors}")
            assert result.data is not None
            return Fingerprint(counts, result.data)

    return asyncio.run(read())


def load(url: str, folder: Path, disk: Measure, point: str | None, log: Path) -> Run:
    before = disk()
    sampler = DiskSampler(disk)
    sampler.start()
    env = {k: v for k, v in os.environ.items() if k != faults.ENVIRONMENT}
    if point is not None:
        env[faults.ENVIRONMENT] = point
    started = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.run(
            [GENEGRAPH, "load", "--dir", str(folder), "--database-url", url],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            check=False,
        )
    wall = time.perf_counter() - started
    peak_mb, wal_peak_mb = sampler.stop()
    return Run(
        point=point,
        returncode=process.returncode,
        wall=wall,
        size_before_mb=before[0] / 2**20,
        peak_mb=peak_mb,
        size_after_mb=disk()[0] / 2**20,
        wal_before_mb=before[1] / 2**20,
        wal_peak_mb=wal_peak_mb,
    )


async def _other_sessions(admin_url: str, name: str) -> int:
    conn = await asyncpg.connect(asyncpg_dsn(admin_url))
    try:
        count = await conn.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )
        return int(count)
    finally:
        await conn.close()


def wait_for_killed_session(admin_url: str, name: str) -> float:
    """PostgreSQL ends a killed client's session (rolling its transaction back) once it sees
    the socket closed: wait for that (seconds waited), so the next check sees its outcome."""
    started = time.monotonic()
    while asyncio.run(_other_sessions(admin_url, name)):
        if time.monotonic() - started > SESSION_END_SECONDS:
            break
        time.sleep(0.2)
    return time.monotonic() - started


def killed_problems(run: Run, log: Path) -> list[str]:
    problems = []
    if run.returncode != -signal.SIGKILL:
        problems.append(f"exit status {run.returncode}, not SIGKILL")
    if f"fault point {run.point} reached" not in log.read_text(errors="replace"):
        problems.append("the load did not name the point")
    return problems


def _differences(first: dict[str, Any], second: dict[str, Any]) -> list[str]:
    return [
        f"{key}: {first.get(key)!r} -> {second.get(key)!r}"
        for key in sorted({*first, *second})
        if first.get(key) != second.get(key)
    ]


def changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """What differs between two fingerprints (whole or their data), briefly."""
    out = _differences(before["counts"], after["counts"])
    if before["answer"] != after["answer"]:
        out.append("the GraphQL answer differs")
    return out


def replicated(kit_database: str, name: str, scale: int, disk: Measure) -> Run:
    """The N-fold previous release built in SQL from a loaded kit (bench/replicate_kit.py):
    the rows loading synth.py's files writes, in minutes instead of an N-fold load."""
    started = time.perf_counter()
    asyncio.run(replicate_kit.build(kit_database, name, scale))
    wall = time.perf_counter() - started
    size, wal = (x / 2**20 for x in disk())
    return Run(None, 0, wall, 0.0, size, size, 0.0, wal)


def run_backend(
    backend: str,
    scale: int,
    previous: Path,
    new: Path,
    points: list[str],
    admin_url: str,
    replicate_from: str | None,
    full_load: bool = True,
) -> dict[str, Any]:
    logs = WORK / "logs" / f"faults-x{scale}-{backend}"
    logs.mkdir(parents=True, exist_ok=True)
    with new_database(backend, admin_url, f"gg_faults_x{scale}") as (url, disk, name):

        def step(point: str | None, folder: Path, label: str) -> tuple[Run, Path]:
            log = logs / f"{label}.log"
            run = load(url, folder, disk, point, log)
            waited = wait_for_killed_session(admin_url, name) if name else 0.0
            print(
                f"  {backend} {label}: exit {run.returncode}, {run.wall:.0f} s, "
                f"disk {run.size_before_mb:,.0f} -> peak {run.peak_mb:,.0f} -> "
                f"{run.size_after_mb:,.0f} MB (session ended {waited:.1f} s after)",
                flush=True,
            )
            return run, log

        if replicate_from is not None and name:
            first = replicated(replicate_from, name, scale, disk)
            print(f"  {backend} previous: built from {replicate_from} in {first.wall:.0f} s")
        else:
            first, log = step(None, previous, "previous")
            if first.returncode != 0:
                raise SystemExit(f"the previous release did not load: {log}")
        served = kit = fingerprint(url)
        runs = {"previous": first}
        committed: Fingerprint | None = None

        for point in points:
            run, log = step(point, new, point)
            run.problems = killed_problems(run, log)
            now = fingerprint(url)
            if point == "committed":
                if now.release <= served.release:
                    run.problems.append("the new release is not served")
                committed = served = now
            else:
                run.problems += changed(served.whole(), now.whole())
            runs[point] = run
            # Printed now: the run may be ended before its last load (hours at 100x).
            found = "; ".join(run.problems) or "what was served before is served"
            print(f"  {backend} {point}: {found}", flush=True)
        if full_load:
            full, _ = step(None, new, "full")
            full.problems = [] if full.returncode == 0 else [f"exit status {full.returncode}"]
            final = fingerprint(url)
            if final.release <= served.release:
                full.problems.append("its release is not served")
            if new == previous and final.data() != kit.data():
                full.problems.append("the same files loaded again serve other data")
            if replicate_from is not None:
                # Not the fault points' finding: how closely the SQL build matched the load.
                full.notes = changed(kit.data(), final.data()) or ["the same data as the built"]
            if committed is not None and committed.data() != final.data():
                # The commit-killed load left other data than a whole load of the same files.
                runs["committed"].problems.append(
                    "not whole: " + "; ".join(changed(committed.data(), final.data()))
                )
            runs["full"] = full
        for run in runs.values():
            run.ok = not run.problems and (run.point is not None or run.returncode == 0)
        return {label: {**asdict(run), "extra_mb": run.extra_mb} for label, run in runs.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="1: the kit; N: synth.py's N-fold")
    parser.add_argument("--kit", type=Path, default=KIT)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "GENEGRAPH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--points", nargs="*", choices=faults.POINTS, default=list(faults.POINTS))
    parser.add_argument(
        "--replicate-from",
        metavar="KIT_DATABASE",
        help="PostgreSQL, --scale N > 1: the previous release is the N-fold one, built in SQL "
        "from this loaded kit database (read only; bench/replicate_kit.py), not the kit",
    )
    parser.add_argument(
        "--no-full-load",
        dest="full_load",
        action="store_false",
        help="skip the unarmed full load after the points (at 100x a second release's disk "
        "beside a killed load's dead rows, and an hour)",
    )
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    new = args.kit
    if args.scale > 1:
        data = dataset(f"x{args.scale}")
        generate_files(data)
        new = data.files
    points = [p for p in faults.POINTS if p in args.points]  # in the load's order
    started_at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"previous release {args.kit}, new {new}; {started_at}; load average {load_average()}")
    results: dict[str, Any] = {}
    for backend in args.backends:
        begun = load_average()
        replicate_from = args.replicate_from if backend == "postgresql" else None
        if replicate_from is not None and "/" not in replicate_from:
            replicate_from = f"{POSTGRES}/{replicate_from}"
        runs = run_backend(
            backend,
            args.scale,
            args.kit,
            new,
            points,
            args.postgres,
            replicate_from,
            args.full_load,
        )
        results[backend] = {
            "previous": replicate_from or str(args.kit),
            "new": str(new),
            "runs": runs,
            "started": started_at,
            "load_average": [begun, load_average()],
        }
    print(f"\nload average at the end: {load_average()}\n")
    print(
        "| backend | load | result | wall s | size before MB | peak MB | peak extra MB "
        "| extra / size before | size after MB | journal or WAL before → peak MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for backend, result in results.items():
        for label, run in result["runs"].items():
            verdict = "PASS" if run["ok"] else "FAIL: " + "; ".join(run["problems"])
            verdict += "".join(f" ({note})" for note in run["notes"])
            before = run["size_before_mb"]
            ratio = "-" if label == "previous" else f"{run['extra_mb'] / before:.2f}"
            print(
                f"| {backend} | {label} | {verdict} | {run['wall']:.0f} | {before:,.0f} "
                f"| {run['peak_mb']:,.0f} | {run['extra_mb']:,.0f} | {ratio} "
                f"| {run['size_after_mb']:,.0f} "
                f"| {run['wal_before_mb']:,.0f} → {run['wal_peak_mb']:,.0f} |"
            )
    print(f"\nresults: {scaled_results.save('faults.json', args.scale, results)}")


if __name__ == "__main__":
    main()
