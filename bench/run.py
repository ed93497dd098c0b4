"""genegraph's performance lab: genegraph, PostGraphile 5 and a bare Starlette endpoint
under the same load, on the real kit in PostgreSQL and SQLite, and on synthetic data at
10x and 100x its gene count. One command (README/BENCHMARKS.md):

    make bench                       # bench/install.sh, then this with the defaults
    .venv/bin/python bench/run.py [--duration 7] [--scales x10[,x100]] [--phases ...] [--quick]
    .venv/bin/python bench/run.py --rounds 3 ...   # the kit's servers side by side, cells in turn

It installs what it needs (bench/install.sh: wrk, the bench-only Python packages,
PostGraphile under bench/peers/postgraphile), loads the databases it lacks (`genegraph
load`, stamped under bench/.data/ and reused), draws the request bodies, then runs each
phase: starts a server, warms it up per workload, runs wrk at each concurrency and reads
the server's CPU and peak RSS from /proc. It writes bench/results/results.json,
results.md and the PNG plots. Nothing here asserts: it measures and reports.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lab import client, datasets, loadgen, procs, report, servers, sqlcount
from lab.paths import BENCH, REPO, RESULTS
from lab.workloads import WORKLOADS, Pools, write_pools

CONCURRENCY = (1, 8, 32, 64)
ALL = tuple(WORKLOADS)
PEER_WORKLOADS = ("card", "search", "term_genes", "batch")
PHASES = (
    "genegraph-pg",
    "genegraph-pg-2w",
    "genegraph-sqlite",
    "genegraph-sqlite-2w",
    "cache-on",
    "postgraphile",
    "bare",
    "scale",
    "statements",
)


@dataclass
class Phase:
    name: str
    start: Callable[[int], procs.Server]  # the port to listen on
    labels: dict[str, Any]
    workloads: Sequence[str]
    concurrency: Sequence[int]
    dialect: str = "genegraph"
    database: str | None = None
    pools: Pools | None = None


@dataclass
class Run:
    args: argparse.Namespace
    cells: list[dict[str, Any]] = field(default_factory=list)
    statements: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    earlier: dict[str, Any] = field(default_factory=dict)

    def save(self) -> None:
        RESULTS.mkdir(parents=True, exist_ok=True)
        cells, statements, notes = self.cells, self.statements, self.notes
        if self.earlier:
            # --merge: this run's cells replace earlier cells with the same labels.
            mine = {_cell_key(c) for c in cells}
            cells = [c for c in self.earlier["cells"] if _cell_key(c) not in mine] + cells
            counted = {_count_key(s) for s in statements}
            statements = [
                s for s in self.earlier["statements"] if _count_key(s) not in counted
            ] + statements
            notes = [n for n in self.earlier["notes"] if n not in notes] + notes
        meta = self.meta
        if self.earlier:
            # The run merged into keeps its description; this one is listed after it.
            meta = dict(self.earlier["meta"])
            meta["merged"] = [*meta.get("merged", []), self.meta]
        (RESULTS / "results.json").write_text(
            json.dumps(
                {"meta": meta, "notes": notes, "cells": cells, "statements": statements},
                indent=1,
            )
        )


def _cell_key(cell: dict[str, Any]) -> tuple[Any, ...]:
    labels = ("server", "backend", "dataset", "workers", "cache", "workload", "concurrency")
    return tuple(cell[k] for k in labels)


def _count_key(count: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(count[k] for k in ("server", "backend", "dataset", "workload", "method"))


def log(message: str) -> None:
    print(f"bench: {message}", flush=True)


def load_average() -> str:
    return Path("/proc/loadavg").read_text().split(" ", 3)[:3].__str__()


def response_cache_available() -> bool:
    """Whether genegraph has the response cache that $GENEGRAPH_RESPONSE_CACHE switches."""
    for folder in ("genegraph", "schema", "resolvers"):
        for path in (REPO / folder).glob("*.py"):
            if "GENEGRAPH_RESPONSE_CACHE" in path.read_text():
                return True
    return False


def run_phase(run: Run, phase: Phase) -> None:
    pools = phase.pools
    assert pools is not None
    log(f"phase {phase.name}: starting")
    server = phase.start(servers.PORT)
    try:
        waited = server.wait_idle(phase.database)
        if waited > 3:
            log(f"  {phase.name}: the server was busy for {waited:.0f} s after it started")
        for workload in phase.workloads:
            bodies = pools.path(workload, phase.dialect)
            if run.args.warmup > 0:
                loadgen.wrk(server.url, bodies, 8, run.args.warmup)
            for concurrency in phase.concurrency:
                cell = measure_cell(run, server, phase, workload, concurrency)
                run.cells.append(cell.as_dict())
                log_cell(phase, cell)
                run.save()
    finally:
        server.stop()


def measure_cell(
    run: Run, server: procs.Server, phase: Phase, workload: str, clients: int
) -> loadgen.Cell:
    """One cell: ``workload`` at ``clients`` on the phase's ``server``."""
    assert phase.pools is not None
    return loadgen.measure(
        server=server,
        database=phase.database,
        bodies=phase.pools.path(workload, phase.dialect),
        concurrency=clients,
        seconds=run.args.duration,
        labels={**phase.labels, "workload": workload},
    )


def log_cell(phase: Phase, cell: loadgen.Cell, rounds: Sequence[loadgen.Cell] = ()) -> None:
    each = f"(rounds {', '.join(f'{c.rps:.0f}' for c in rounds)}) " if rounds else ""
    log(
        f"  {phase.name} {cell.workload:<11} c={cell.concurrency:<3} {cell.rps:8.1f} req/s "
        f"{each}p50 {cell.p50_ms:7.1f} p99 {cell.p99_ms:7.1f} ms  err {cell.errors}  "
        f"cpu/req {cell.server_cpu_ms:.2f}+db {cell.db_cpu_ms:.2f} ms  "
        f"rss {cell.peak_rss_mb:.0f} MB  busy {cell.machine_busy:.0%}"
    )


def run_alternating(run: Run, phases: Sequence[Phase], rounds: int) -> None:
    """Measure ``phases`` side by side: their servers run at once and each cell (workload,
    concurrency) is measured on every phase that has it, in turn, ``rounds`` times, the
    order rotated each round. A host whose speed drifts during the run (these machines are
    shared) then moves every server's figures alike, not one phase's; the cell kept per
    phase is its round with the median requests per second, with every round's figure
    beside it."""
    started: dict[str, procs.Server] = {}
    try:
        for offset, phase in enumerate(phases):
            log(f"phase {phase.name}: starting")
            started[phase.name] = phase.start(servers.PORT + offset)
        for phase in phases:
            started[phase.name].wait_idle(phase.database)
        for phase in phases:
            assert phase.pools is not None
            for workload in phase.workloads:
                if run.args.warmup > 0:
                    bodies = phase.pools.path(workload, phase.dialect)
                    loadgen.wrk(started[phase.name].url, bodies, 8, run.args.warmup)
        workloads = list(dict.fromkeys(w for p in phases for w in p.workloads))
        concurrency = sorted({c for p in phases for c in p.concurrency})
        for workload in workloads:
            for clients in concurrency:
                members = [
                    p for p in phases if workload in p.workloads and clients in p.concurrency
                ]
                rounds_of: dict[str, list[loadgen.Cell]] = {p.name: [] for p in members}
                for turn in range(rounds):
                    shift = turn % len(members)
                    for phase in members[shift:] + members[:shift]:
                        rounds_of[phase.name].append(
                            measure_cell(run, started[phase.name], phase, workload, clients)
                        )
                for phase in members:
                    cells = sorted(rounds_of[phase.name], key=lambda c: c.rps)
                    cell = cells[len(cells) // 2]
                    run.cells.append({**cell.as_dict(), "rounds_rps": [c.rps for c in cells]})
                    log_cell(phase, cell, cells)
                run.save()
    finally:
        for server in started.values():
            server.stop()


def bare_answers(url: str, pools: Pools, workloads: Sequence[str]) -> Path:
    """genegraph's answer to every body of the pools, for the bare endpoint to serve."""
    answers: dict[str, str] = {}
    for workload in workloads:
        lines = pools.path(workload, "genegraph").read_text().splitlines()
        for body, answer in client.post_all(url, lines):
            answers[body] = answer.decode()
    path = pools.folder / "bare-answers.json"
    path.write_text(json.dumps(answers))
    return path


def _normalised(workload: str, answer: dict[str, Any], dialect: str) -> Any:
    """The part of an answer both APIs give, in one shape, to compare them."""
    data = answer["data"]
    if workload == "card":
        gene = data["gene"] if dialect == "genegraph" else data["geneByGeneId"]
        if gene is None:
            return None
        if dialect == "genegraph":
            return (
                gene["symbol"],
                [t["id"] for t in gene["goTerms"]],
                [
                    (o["gene"]["id"], [t["id"] for t in o["gene"]["goTerms"]])
                    for o in gene["orthologs"]
                ],
            )
        return (
            gene["symbol"],
            [t["goId"] for t in gene["goTerms"]["nodes"]],
            [
                (f"NCBIGene:{o['geneId']}", [t["goId"] for t in o["goTerms"]["nodes"]])
                for o in gene["orthologs"]["nodes"]
            ],
        )
    if workload == "search":
        if dialect == "genegraph":
            return [e["node"]["gene"]["id"] for e in data["search"]["edges"]]
        return [f"NCBIGene:{n['geneId']}" for n in data["searchGenes"]["nodes"]]
    if workload == "term_genes":
        term = data["goTerm"] if dialect == "genegraph" else data["goTermByGoId"]
        genes = term["genes"]
        ids = [
            n["id"] if dialect == "genegraph" else f"NCBIGene:{n['geneId']}" for n in genes["nodes"]
        ]
        return genes["totalCount"], ids
    if dialect == "genegraph":
        return [m["gene"]["id"] for m in data["genes"] if m["gene"] is not None]
    return [f"NCBIGene:{n['geneId']}" for n in data["genesByGeneIds"]["nodes"]]


def check_equivalence(run: Run, url: str, pools: Pools, answers: Path) -> None:
    """Ask PostGraphile the first bodies of each peer workload and compare with genegraph's
    answers to the same variables: the peers must do the same work."""
    ours = json.loads(answers.read_text())
    for workload in PEER_WORKLOADS:
        mine = pools.path(workload, "genegraph").read_text().splitlines()[:20]
        theirs = pools.path(workload, "postgraphile").read_text().splitlines()[:20]
        differ = 0
        for (_, answer), body in zip(client.post_all(url, theirs), mine, strict=True):
            a = _normalised(workload, json.loads(ours[body]), "genegraph")
            b = _normalised(workload, json.loads(answer), "postgraphile")
            differ += a != b
        note = f"equivalence {workload}: {20 - differ}/20 answers equal to genegraph's"
        log(note)
        run.notes.append(note)


def count_statements(
    run: Run, dataset: str, url: str, pools: Pools, backend: str, workloads: Sequence[str] = ALL
) -> None:
    for workload in workloads:
        bodies = pools.path(workload, "genegraph").read_text().splitlines()
        sample = bodies[: 5 if workload == "enrichment" else 20]
        counted = sqlcount.in_process(url, sample)
        run.statements.append(
            {
                "server": "genegraph",
                "backend": backend,
                "dataset": dataset,
                "workload": workload,
                "method": "in process",
                "requests": len(sample),
                **asdict(counted),
            }
        )
        log(f"  statements genegraph {backend} {dataset} {workload}: {counted}")


def count_logged(run: Run, data: datasets.Dataset, url: str, pools: Pools) -> None:
    database = data.pg_database
    sqlcount.logging_statements(database, True)
    try:
        for name, start, dialect, workloads in (
            ("genegraph", lambda: servers.genegraph(url, workers=1, cache="off"), "genegraph", ALL),
            ("postgraphile", lambda: servers.postgraphile(url), "postgraphile", PEER_WORKLOADS),
        ):
            server = start()
            try:
                for workload in workloads:
                    bodies = pools.path(workload, dialect).read_text().splitlines()
                    for _ in client.post_all(server.url, bodies[-3:]):  # connections, caches
                        pass
                    sample = bodies[: 3 if workload == "enrichment" else 10]
                    counted = sqlcount.from_log(database, server.url, sample)
                    run.statements.append(
                        {
                            "server": name,
                            "backend": "postgresql",
                            "dataset": data.name,
                            "workload": workload,
                            "method": "PostgreSQL log",
                            "requests": len(sample),
                            **asdict(counted),
                        }
                    )
                    log(f"  statements {name} (log) {workload}: {counted}")
            finally:
                server.stop()
    finally:
        sqlcount.logging_statements(database, False)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--duration", type=float, default=7, help="seconds per measured cell")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up per workload")
    parser.add_argument(
        "--phases", default=",".join(PHASES), help="comma-separated: " + ", ".join(PHASES)
    )
    parser.add_argument("--workloads", default=",".join(ALL))
    parser.add_argument("--concurrency", default=",".join(map(str, CONCURRENCY)))
    parser.add_argument("--scales", default="x10", help="synthetic data sets for the scale phase")
    parser.add_argument(
        "--scale-backends",
        default="postgresql",
        help="backends for the scale phase: postgresql and/or sqlite (a 10x SQLite load "
        "takes minutes, 100x about an hour on our machines)",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="above 1: the kit's phases run side by side, each cell measured on each of "
        "them in turn this many times (the median kept), so host drift moves all alike",
    )
    parser.add_argument("--quick", action="store_true", help="smoke test: 2 s cells, c=1,8")
    parser.add_argument("--no-install", action="store_true", help="skip bench/install.sh")
    parser.add_argument("--report-only", action="store_true", help="rewrite results.md and plots")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="keep the cells of bench/results/results.json that this run does not measure",
    )
    args = parser.parse_args(argv)
    if args.report_only:
        report.write(RESULTS)
        return 0
    if args.quick:
        args.duration, args.warmup, args.concurrency = 2, 1, "1,8"
    phases = args.phases.split(",")
    workloads = [w for w in args.workloads.split(",") if w]
    concurrency = [int(c) for c in args.concurrency.split(",")]
    if not args.no_install:
        subprocess.run(["bash", str(BENCH / "install.sh")], check=True)

    run = Run(args)
    if args.merge and (RESULTS / "results.json").exists():
        run.earlier = json.loads((RESULTS / "results.json").read_text())
    run.meta = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S"),
        "command": " ".join([Path(sys.argv[0]).name, *sys.argv[1:]]),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_average_start": load_average(),
        "duration": args.duration,
        "warmup": args.warmup,
    }
    kit = datasets.dataset("kit")
    pg_url = datasets.ensure(kit, "postgresql")
    wants_sqlite = any(p.startswith("genegraph-sqlite") for p in phases)
    sqlite_url = datasets.ensure(kit, "sqlite") if wants_sqlite else ""
    pools = write_pools("kit", pg_url)
    cache = "off"
    kit_labels = {"dataset": "kit", "cache": cache}
    plan: list[Phase] = []

    def genegraph_phase(
        name: str, url: str, backend: str, workers: int, cache: str, conc: Sequence[int]
    ) -> Phase:
        return Phase(
            name,
            lambda port: servers.genegraph(url, workers=workers, cache=cache, port=port),
            {
                "server": "genegraph",
                "backend": backend,
                "workers": workers,
                **kit_labels,
                "cache": cache,
            },
            workloads,
            conc,
            database=kit.pg_database if backend == "postgresql" else None,
            pools=pools,
        )

    if "genegraph-pg" in phases:
        plan.append(genegraph_phase("genegraph-pg", pg_url, "postgresql", 1, "off", concurrency))
    if "genegraph-pg-2w" in phases:
        plan.append(genegraph_phase("genegraph-pg-2w", pg_url, "postgresql", 2, "off", concurrency))
    if "genegraph-sqlite" in phases:
        plan.append(
            genegraph_phase("genegraph-sqlite", sqlite_url, "sqlite", 1, "off", concurrency)
        )
    if "genegraph-sqlite-2w" in phases:
        plan.append(
            genegraph_phase(
                "genegraph-sqlite-2w",
                sqlite_url,
                "sqlite",
                2,
                "off",
                [c for c in concurrency if c >= 32],
            )
        )
    if "cache-on" in phases:
        if response_cache_available():
            plan.append(genegraph_phase("cache-on", pg_url, "postgresql", 1, "on", concurrency))
        else:
            note = (
                "cache-on: skipped, genegraph has no response cache ($GENEGRAPH_RESPONSE_CACHE) yet"
            )
            run.notes.append(note)
            log(note)

    answers: Path | None = None
    if "bare" in phases or "postgraphile" in phases:
        log("precomputing genegraph's answers (the bare endpoint's, and the peers' check)")
        server = servers.genegraph(pg_url, workers=1, cache="off")
        try:
            answers = bare_answers(server.url, pools, ALL)
        finally:
            server.stop()
    if "postgraphile" in phases:
        peer = [w for w in PEER_WORKLOADS if w in workloads]
        plan.append(
            Phase(
                "postgraphile",
                lambda port: servers.postgraphile(pg_url, port=port),
                {
                    "server": "postgraphile",
                    "backend": "postgresql",
                    "workers": 1,
                    "dataset": "kit",
                    "cache": "n/a",
                },
                peer,
                concurrency,
                dialect="postgraphile",
                database=kit.pg_database,
                pools=pools,
            )
        )
    if "bare" in phases:
        assert answers is not None
        bare_file = answers
        for workers, bare_workloads in ((1, workloads), (2, [w for w in workloads if w == "card"])):
            plan.append(
                Phase(
                    f"bare-{workers}w",
                    lambda port, w=workers: servers.bare(bare_file, workers=w, port=port),  # type: ignore[misc]
                    {
                        "server": "bare",
                        "backend": "memory",
                        "workers": workers,
                        "dataset": "kit",
                        "cache": "n/a",
                    },
                    bare_workloads,
                    concurrency,
                    pools=pools,
                )
            )
    if "scale" in phases:
        for name in [s for s in args.scales.split(",") if s]:
            data = datasets.dataset(name)
            for backend in args.scale_backends.split(","):
                url = datasets.ensure(data, backend)
                scale_pools = write_pools(name, url)
                if "statements" in phases:
                    count_statements(run, name, url, scale_pools, backend, workloads)
                plan.append(
                    Phase(
                        f"scale-{name}-{backend}",
                        lambda port, u=url: servers.genegraph(  # type: ignore[misc]
                            u, workers=1, cache="off", port=port
                        ),
                        {
                            "server": "genegraph",
                            "backend": backend,
                            "workers": 1,
                            "dataset": name,
                            "cache": "off",
                        },
                        workloads,  # all five at every size (issue #16)
                        [c for c in concurrency if c in (1, 32)] or concurrency[:1],
                        database=data.database(backend),
                        pools=scale_pools,
                    )
                )

    if "postgraphile" in phases and answers is not None:
        server = servers.postgraphile(pg_url)
        try:
            check_equivalence(run, server.url, pools, answers)
        finally:
            server.stop()
    side_by_side = [p for p in plan if p.labels["dataset"] == "kit"] if args.rounds > 1 else []
    if side_by_side:
        run_alternating(run, side_by_side, args.rounds)
    for phase in plan:
        if phase not in side_by_side:
            run_phase(run, phase)

    if "statements" in phases:
        log("counting SQL statements per request")
        count_statements(run, "kit", pg_url, pools, "postgresql")
        if wants_sqlite:
            count_statements(run, "kit", sqlite_url, pools, "sqlite")
        if sqlcount.log_readable():
            count_logged(run, kit, pg_url, pools)
        else:
            run.notes.append("statements from the PostgreSQL log: skipped, the log is not readable")
    run.meta["load_average_end"] = load_average()
    run.meta["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    run.save()
    report.write(RESULTS)
    log(f"results: {RESULTS / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
