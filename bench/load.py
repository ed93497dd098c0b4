"""Benchmark: `genegraph load --dir` of the real-data kit (--scale 1) or of bench/synth.py's
N-times release (--scale N, generated into bench/.data/synth-xN when missing) into a fresh
SQLite and a fresh PostgreSQL database, as a user would. Reports per backend, medians of
the runs: wall time, data lines per second, the loader's CPU (user+system) and peak RSS,
the database's peak size on disk during the load (PostgreSQL: also the server's WAL
folder, which other databases share), and each file's seconds as the release records
them; and, on PostgreSQL, a plain COPY of the rows the load wrote into tables without
keys or indexes, timed in the same run: the ingest limit, and the load's ratio to it.

    .venv/bin/python bench/load.py [--scale 1] [--runs 3] [--backends sqlite postgresql]
        [--kit ../shared/data] [--postgres postgresql://postgres@127.0.0.1:5432/test] [--keep]

Each run is a new `genegraph` process on a new database; rusage comes from the kernel
(os.wait4), so the figures are the whole process's. Results are added to
bench/results/load.json under the scale and backend. It asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lab import scaled_results
from lab.databases import new_database
from lab.datasets import Dataset, adopt, dataset, generate_files
from lab.disk import DiskSampler, Measure, asyncpg_dsn
from lab.procs import load_average

REPO = Path(__file__).resolve().parent.parent
GENEGRAPH = str(Path(sys.executable).parent / "genegraph")
FIGURES = ("wall", "peak_mb", "cpu", "lines", "disk_mb", "wal_mb", "copy_s", "copy_rows")
# Written by the load but not of its data lines: the release record, the schema version.
NOT_COPIED = ("releases", "alembic_version")
# Figures of the loader's peak RSS (MB) while it stored one file: RSS_PREFIX + file name.
RSS_PREFIX = "rss_mb:"


class RssSampler(threading.Thread):
    """Reads the load's stderr for the file it is storing ("genegraph: loading PATH") and
    polls its resident set twice a second: the peak RSS during each file."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        super().__init__(daemon=True)
        self.process, self.stopped = process, threading.Event()
        self.current, self.peaks, self.errors = "start", dict[str, float](), list[str]()
        self.reader = threading.Thread(target=self._read, daemon=True)

    def _read(self) -> None:
        assert self.process.stderr is not None
        for raw in self.process.stderr:
            line = raw.decode(errors="replace")
            self.errors.append(line)
            if line.startswith("genegraph: loading "):
                self.current = Path(line.split()[2]).name

    def run(self) -> None:
        self.reader.start()
        status = Path(f"/proc/{self.process.pid}/status")
        while not self.stopped.wait(0.5):
            try:
                rss = next(
                    int(line.split()[1]) / 1024
                    for line in status.read_text().splitlines()
                    if line.startswith("VmRSS:")
                )
            except (OSError, StopIteration):  # the process has ended
                continue
            self.peaks[self.current] = max(self.peaks.get(self.current, 0.0), rss)

    def stop(self) -> dict[str, float]:
        self.stopped.set()
        self.join()
        self.reader.join()
        return {f"{RSS_PREFIX}{name}": mb for name, mb in self.peaks.items()}


def run_load(url: str, folder: Path, disk: Measure) -> dict[str, float]:
    sampler = DiskSampler(disk)
    sampler.start()
    started = time.perf_counter()
    process = subprocess.Popen(
        [GENEGRAPH, "load", "--dir", str(folder), "--database-url", url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    rss = RssSampler(process)
    rss.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    disk_mb, wal_mb = sampler.stop()
    rss_by_file = rss.stop()
    if status != 0:
        raise SystemExit(f"load failed: {''.join(rss.errors)}")
    return {
        "wall": wall,
        "peak_mb": usage.ru_maxrss / 1024,
        "cpu": usage.ru_utime + usage.ru_stime,
        "disk_mb": disk_mb,
        "wal_mb": wal_mb,
        **rss_by_file,
    }


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


async def plain_copy(url: str) -> tuple[float, int]:
    """Seconds to COPY (binary, as the loader sends rows) every row the load wrote into new
    tables of the same columns without keys or indexes, and the rows. Table by table (dump,
    COPY timed, drop), so the extra disk is one table's rows twice, not the release's: at
    100x the whole release dumped beside its database would not fit these machines' disks."""
    conn = await asyncpg.connect(asyncpg_dsn(url))
    try:
        tables = [
            name
            for (name,) in await conn.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
            if name not in NOT_COPIED
        ]
        seconds, rows = 0.0, 0
        for name in tables:
            with tempfile.TemporaryDirectory(dir=REPO / "bench" / ".data") as folder:
                path = Path(folder) / name
                await conn.copy_from_table(name, output=str(path), format="binary")
                started = time.perf_counter()
                async with conn.transaction():
                    await conn.execute(f'CREATE TABLE "plain_{name}" (LIKE "{name}")')
                    status = await conn.copy_to_table(
                        f"plain_{name}", source=str(path), format="binary"
                    )
                seconds += time.perf_counter() - started
                rows += int(status.split()[-1])
            await conn.execute(f'DROP TABLE "plain_{name}"')
        return seconds, rows
    finally:
        await conn.close()


def one_run(
    backend: str, folder: Path, admin_url: str, keep: Dataset | None = None
) -> dict[str, float]:
    with new_database(backend, admin_url) as (url, disk, name):
        figures = with_sources(run_load(url, folder, disk), url)
        if not name:
            return figures
        # Printed before the reference COPY, which needs a table's rows twice more on disk:
        # at 100x it ran out of disk once and took the load's figures with it.
        print(f"load done: {json.dumps(figures)}", flush=True)
        figures["copy_s"], figures["copy_rows"] = asyncio.run(plain_copy(url))
        if keep is not None:
            adopt(keep, name)
        return figures


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def summary(runs: list[dict[str, float]]) -> dict[str, float]:
    """Medians of the runs; the ratio to COPY run by run, then its median."""
    out = {key: _median(runs, key) for key in runs[0] if all(key in r for r in runs)}
    out["lines_per_s"] = statistics.median(r["lines"] / r["wall"] for r in runs)
    if "copy_s" in runs[0]:
        out["ratio_to_copy"] = statistics.median(r["wall"] / r["copy_s"] for r in runs)
        out["copy_lines_per_s"] = statistics.median(r["lines"] / r["copy_s"] for r in runs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="1: the kit; N: synth.py's N-fold")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kit", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "GENEGRAPH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the last PostgreSQL run's database as the benchmark's database of the "
        "scale (e.g. gg_bench_x100, for bench/scale.py) instead of dropping it",
    )
    args = parser.parse_args()
    (REPO / "bench" / ".data").mkdir(exist_ok=True)
    if args.scale == 1:
        folder = args.kit
    else:
        data = dataset(f"x{args.scale}")
        generate_files(data)
        folder = data.files

    started_at = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load_start = load_average()
    print(f"{folder}, {started_at}, load average at the start: {load_start}\n")
    print(
        "| backend | runs | wall s (median, min-max) | data lines/s | loader CPU s "
        "| peak RSS MB | peak disk MB (WAL) | COPY s | ratio to COPY |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    raw, results = {}, {}
    for backend in args.backends:
        kept = dataset("kit" if args.scale == 1 else f"x{args.scale}") if args.keep else None
        runs = [
            one_run(backend, folder, args.postgres, kept if run == args.runs - 1 else None)
            for run in range(args.runs)
        ]
        raw[backend] = runs
        s = summary(runs)
        walls = [r["wall"] for r in runs]
        copy = f"{s['copy_s']:.1f} | {s['ratio_to_copy']:.1f}" if "copy_s" in s else "- | -"
        print(
            f"| {backend} | {len(runs)} | {s['wall']:.1f} ({min(walls):.1f}-{max(walls):.1f}) "
            f"| {s['lines_per_s']:,.0f} | {s['cpu']:.1f} | {s['peak_mb']:.0f} "
            f"| {s['disk_mb']:,.0f} ({s['wal_mb']:,.0f}) | {copy} |",
            flush=True,
        )
        results[backend] = {"median": s, "runs": runs}
    load_end = load_average()
    print(f"\nload average at the end: {load_end}")
    print("\nseconds per file (median), as the release records them:\n")
    print(f"| file | {' | '.join(raw)} |")
    print(f"|---|{'---|' * len(raw)}")
    first = next(iter(raw.values()))[0]
    files = [key for key in first if key not in FIGURES and not key.startswith(RSS_PREFIX)]
    for name in files:
        cells = [f"{_median(runs, name):.1f}" for runs in raw.values()]
        print(f"| {name} | {' | '.join(cells)} |")
    print(
        "\nthe loader's peak RSS (MB) while storing each file (median; sampled twice a second):\n"
    )
    print(f"| file | {' | '.join(raw)} |")
    print(f"|---|{'---|' * len(raw)}")
    for key in (k for k in first if k.startswith(RSS_PREFIX)):
        cells = [
            f"{_median(runs, key):.0f}" if all(key in r for r in runs) else "-"
            for runs in raw.values()
        ]
        print(f"| {key.removeprefix(RSS_PREFIX)} | {' | '.join(cells)} |")
    for backend in results:
        results[backend].update(started=started_at, load_average=[load_start, load_end])
    print(f"\nresults: {scaled_results.save('load.json', args.scale, results)}")


if __name__ == "__main__":
    main()
