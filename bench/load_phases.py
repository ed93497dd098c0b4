"""Benchmark: where one PostgreSQL `genegraph load --dir` spends each file's time. Runs the
load into a new database (as bench/load.py does) and samples, ten times a second, the
loader's CPU (user, system; its child parsers' included) and its threads' run-queue wait
(/proc/PID/schedstat), the same for the load's PostgreSQL backend, and the backend's
`pg_stat_activity` state: running a statement (CPU or I/O) or idle in the transaction
(waiting for the loader's next message). Per file (from the load's "genegraph: loading"
lines; the last file's row includes the load's tail after it), prints the wall, each
side's CPU and the backend's share of samples idle. With ``--statements N``, also the N
statements (their text's start, numbers folded) the last file and the tail spent the most
time on: the wall between samples, the loader's, the backend's and its parallel workers'
CPU in it (idle in the transaction: the loader's turn; after the commit, other sessions).

    .venv/bin/python bench/load_phases.py --dir bench/.data/synth-x10 [--keep NAME]
        [--postgres postgresql://postgres@127.0.0.1:5432/test] [--env NAME=VALUE ...]
        [--statements 25]

It asserts nothing; the machine's other work shows in the run-queue waits.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lab.datasets import run_sql
from lab.disk import asyncpg_dsn
from lab.procs import CLOCK_TICKS, load_average, tree

GENEGRAPH = str(Path(sys.executable).parent / "genegraph")


@dataclass
class Counters:
    user: float = 0.0
    system: float = 0.0
    waited: float = 0.0  # on a run queue

    def __sub__(self, other: Counters) -> Counters:
        return Counters(
            self.user - other.user, self.system - other.system, self.waited - other.waited
        )


def counters(pids: list[int]) -> Counters:
    """CPU and run-queue wait of ``pids`` and all their threads (dead children not counted:
    the sampler keeps the last reading of each)."""
    total = Counters()
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text()
            fields_after = fields[fields.rindex(")") + 2 :].split()
            total.user += int(fields_after[11]) / CLOCK_TICKS
            total.system += int(fields_after[12]) / CLOCK_TICKS
            for task in os.listdir(f"/proc/{pid}/task"):
                schedstat = Path(f"/proc/{pid}/task/{task}/schedstat").read_text()
                total.waited += int(schedstat.split()[1]) / 1e9
        except (OSError, IndexError, ValueError):
            continue
    return total


@dataclass
class Phase:
    name: str
    started: float
    loader: Counters
    backend: Counters
    states: Counter[str] = field(default_factory=Counter)


@dataclass
class Statement:
    """What the samples that saw one statement (or state) add up to."""

    wall: float = 0.0
    loader: float = 0.0
    backend: float = 0.0
    workers: float = 0.0
    samples: int = 0


def statement_key(state: str, query: str) -> str:
    """A statement's kind: its text's start, numbers and whitespace folded."""
    if state != "active":
        return f"({state})"
    folded = re.sub(r"\s+", " ", re.sub(r"\b\d+\b", "N", query)).strip()
    return folded[:110]


class Sampler(threading.Thread):
    def __init__(self, process: subprocess.Popen[bytes], database: str, admin: str) -> None:
        super().__init__(daemon=True)
        self.process, self.database, self.admin = process, database, admin
        self.stopped = threading.Event()
        self.phases: list[Phase] = []
        self.backend_pid: int | None = None
        self.last_loader: dict[int, Counters] = {}
        self.last_backend = Counters()
        self.lines: list[str] = []
        self.pending_name: str | None = "start"
        # Per statement kind, from the last file on (reset at each file).
        self.statements: dict[str, Statement] = {}
        self.last_workers: dict[int, float] = {}

    def loader_now(self) -> Counters:
        for pid in tree(self.process.pid):
            reading = counters([pid])
            if reading.user or reading.system:
                self.last_loader[pid] = reading
        total = Counters()
        for reading in self.last_loader.values():
            total.user += reading.user
            total.system += reading.system
            total.waited += reading.waited
        return total

    def read_stderr(self) -> None:
        assert self.process.stderr is not None
        for raw in self.process.stderr:
            line = raw.decode(errors="replace")
            self.lines.append(line)
            if line.startswith("genegraph: loading "):
                self.pending_name = line.split()[2]

    def run(self) -> None:
        reader = threading.Thread(target=self.read_stderr, daemon=True)
        reader.start()
        asyncio.run(self.sample())
        reader.join()

    async def sample(self) -> None:
        conn = await asyncpg.connect(asyncpg_dsn(self.admin))
        sampled = (time.perf_counter(), Counters(), Counters(), 0.0)
        try:
            while not self.stopped.is_set():
                rows = await conn.fetch(
                    "SELECT pid, state, wait_event_type, wait_event, query FROM pg_stat_activity"
                    " WHERE datname = $1 AND backend_type = 'client backend'"
                    " AND xact_start IS NOT NULL AND pid <> pg_backend_pid()"
                    " ORDER BY xact_start",
                    self.database,
                )
                # The load's transaction: the oldest once it reads its first file.
                if rows and self.backend_pid is None and self.phases:
                    self.backend_pid = rows[0]["pid"]
                backend = counters([self.backend_pid]) if self.backend_pid else Counters()
                if backend.user or backend.system:
                    self.last_backend = backend
                workers = await self.workers_now(conn)
                if self.pending_name is not None:
                    name, self.pending_name = self.pending_name, None
                    self.phases.append(
                        Phase(name, time.perf_counter(), self.loader_now(), self.last_backend)
                    )
                    self.statements = {}
                    sampled = (time.perf_counter(), self.loader_now(), self.last_backend, workers)
                loader = self.loader_now()
                if self.phases:
                    state, query = "none", ""
                    for row in rows:
                        if row["pid"] != self.backend_pid and row["state"] == "active":
                            # After the commit: the load's other connection (wall only).
                            state, query = "active", f"(other session) {row['query']}"
                    for row in rows:
                        if row["pid"] == self.backend_pid:
                            state, query = row["state"] or "none", row["query"] or ""
                            if state == "active" and row["wait_event_type"]:
                                waited = f"active:{row['wait_event_type']}:{row['wait_event']}"
                                self.phases[-1].states[waited] += 1
                            else:
                                self.phases[-1].states[state] += 1
                    now = time.perf_counter()
                    seen = self.statements.setdefault(statement_key(state, query), Statement())
                    seen.wall += now - sampled[0]
                    seen.loader += (loader.user + loader.system) - (
                        sampled[1].user + sampled[1].system
                    )
                    seen.backend += (self.last_backend.user + self.last_backend.system) - (
                        sampled[2].user + sampled[2].system
                    )
                    seen.workers += workers - sampled[3]
                    seen.samples += 1
                    sampled = (now, loader, self.last_backend, workers)
                await asyncio.sleep(0.1)
        finally:
            await conn.close()

    async def workers_now(self, conn: asyncpg.Connection) -> float:
        """CPU of every parallel worker the load's backend has had so far (a worker's last
        reading kept once it ends)."""
        if self.backend_pid is not None:
            for row in await conn.fetch(
                "SELECT pid FROM pg_stat_activity WHERE leader_pid = $1 AND pid <> $1",
                self.backend_pid,
            ):
                used = counters([row["pid"]])
                if used.user or used.system:
                    self.last_workers[row["pid"]] = used.user + used.system
        return sum(self.last_workers.values())

    def finish(self, usage: Counters) -> list[tuple[Phase, float, Counters, Counters]]:
        """Each phase's wall, loader and backend figures; ``usage``: the loader's whole
        rusage, for the end of the last phase."""
        self.stopped.set()
        self.join()
        end = (time.perf_counter(), usage, self.last_backend)
        out = []
        for phase, after in zip(self.phases, [*self.phases[1:], None], strict=True):
            stop = end if after is None else (after.started, after.loader, after.backend)
            out.append(
                (phase, stop[0] - phase.started, stop[1] - phase.loader, stop[2] - phase.backend)
            )
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "GENEGRAPH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--database", default=None, help="the new database's name")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--env", nargs="*", default=[], help="NAME=VALUE for the load")
    parser.add_argument(
        "--statements", type=int, default=0, help="the last file's and tail's top N statements"
    )
    args = parser.parse_args()
    name = args.database or f"h_files_{uuid.uuid4().hex[:8]}"
    asyncio.run(run_sql(args.postgres, f'CREATE DATABASE "{name}"'))
    url = make_url(args.postgres).set(database=name).render_as_string(hide_password=False)
    env = dict(os.environ, **dict(pair.split("=", 1) for pair in args.env))
    print(
        f"{args.dir} into {name}, {time.strftime('%H:%M:%S', time.gmtime())} UTC,"
        f" load average {load_average()}",
        flush=True,
    )
    try:
        started = time.perf_counter()
        process = subprocess.Popen(
            [GENEGRAPH, "load", "--dir", str(args.dir), "--database-url", url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        sampler = Sampler(process, name, args.postgres)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        phases = sampler.finish(
            Counters(usage.ru_utime, usage.ru_stime, sampler.loader_now().waited)
        )
        if status != 0:
            raise SystemExit(f"load failed: {''.join(sampler.lines)}")
        print(
            "| file | wall s | loader user+sys s | loader run-queue s | backend user+sys s"
            " | backend run-queue s | backend idle in transaction | backend's top waits |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for phase, seconds, loader, backend in phases:
            total = sum(phase.states.values()) or 1
            idle = phase.states["idle in transaction"] / total
            waits = ", ".join(
                f"{state.removeprefix('active:')} {count / total:.0%}"
                for state, count in phase.states.most_common()
                if state.startswith("active:")
            )[:80]
            print(
                f"| {Path(phase.name).name} | {seconds:.1f} | {loader.user:.1f}+{loader.system:.1f}"
                f" | {loader.waited:.1f} | {backend.user:.1f}+{backend.system:.1f}"
                f" | {backend.waited:.1f} | {idle:.0%} | {waits} |"
            )
        print(
            f"\nwhole: wall {wall:.1f} s, loader rusage {usage.ru_utime:.1f}+{usage.ru_stime:.1f}"
            f" s, load average at the end {load_average()}"
        )
        if args.statements:
            print(
                "\n| statement (last file and tail) | wall s | loader CPU s | backend CPU s"
                " | workers CPU s | samples |\n|---|---|---|---|---|---|"
            )
            top = sorted(sampler.statements.items(), key=lambda item: -item[1].wall)
            for key, seen in top[: args.statements]:
                print(
                    f"| `{key.replace('|', '/')}` | {seen.wall:.1f} | {seen.loader:.1f}"
                    f" | {seen.backend:.1f} | {seen.workers:.1f} | {seen.samples} |"
                )
    finally:
        if not args.keep:
            asyncio.run(run_sql(args.postgres, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
