"""results.json -> results.md (tables: every cell, the ratios to the peers, the scale
series, SQL per request, the targets) and PNG plots. Cache-off and cache-on cells are
never put in one table or figure."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from lab.workloads import WORKLOADS

Cell = dict[str, Any]
SCALE_FACTOR = {"kit": 1, "x10": 10, "x100": 100}


def config(cell: Cell) -> str:
    if cell["server"] == "genegraph":
        backend = "PostgreSQL" if cell["backend"] == "postgresql" else "SQLite"
        name = f"genegraph {backend}"
    elif cell["server"] == "postgraphile":
        name = "PostGraphile 5"
    else:
        name = "bare Starlette"
    processes = "process" if cell["workers"] == 1 else "processes"
    return f"{name}, {cell['workers']} {processes}"


def _find(cells: Iterable[Cell], **match: Any) -> Cell | None:
    for cell in cells:
        if all(cell.get(k) == v for k, v in match.items()):
            return cell
    return None


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _num(value: float, digits: int = 1) -> str:
    return f"{value:,.{digits}f}"


def cells_table(cells: list[Cell]) -> str:
    rows = [
        [
            config(c),
            WORKLOADS[c["workload"]].title,
            c["concurrency"],
            _num(c["rps"]),
            _num(c["p50_ms"]),
            _num(c["p95_ms"]),
            _num(c["p99_ms"]),
            c["errors"],
            _num(c["server_cpu"], 2),
            _num(c.get("server_cpu_ms", 0), 2),
            _num(c["db_cpu"], 2),
            _num(c.get("db_cpu_ms", 0), 2),
            _num(c["peak_rss_mb"], 0),
            f"{c['machine_busy']:.0%}",
        ]
        for c in cells
    ]
    header = [
        "server",
        "workload",
        "clients",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "errors",
        "server CPU (cores)",
        "server CPU ms / request",
        "PostgreSQL CPU (cores)",
        "PostgreSQL CPU ms / request",
        "peak RSS MB (largest process)",
        "machine busy",
    ]
    return _table(header, rows)


def ratio_table(cells: list[Cell], peer: str, workloads: Iterable[str]) -> str:
    """genegraph (PostgreSQL, cache off) divided by ``peer``, req/s and p99, by processes."""
    rows = []
    for workload in workloads:
        for c in sorted({x["concurrency"] for x in cells}):
            row: list[Any] = [WORKLOADS[workload].title, c]
            for workers in (1, 2):
                ours = _find(
                    cells,
                    server="genegraph",
                    backend="postgresql",
                    dataset="kit",
                    cache="off",
                    workers=workers,
                    workload=workload,
                    concurrency=c,
                )
                theirs = _find(cells, server=peer, workload=workload, concurrency=c, workers=1)
                if peer == "bare":
                    theirs = (
                        _find(cells, server=peer, workload=workload, concurrency=c, workers=workers)
                        or theirs
                    )
                if ours and theirs and theirs["rps"]:
                    row += [
                        f"{ours['rps'] / theirs['rps']:.2f}",
                        f"{ours['p99_ms'] / max(theirs['p99_ms'], 1e-9):.2f}",
                    ]
                else:
                    row += ["-", "-"]
            if any(v != "-" for v in row[2:]):
                rows.append(row)
    header = [
        "workload",
        "clients",
        "req/s ratio (1 process)",
        "p99 ratio (1 process)",
        "req/s ratio (2 processes)",
        "p99 ratio (2 processes)",
    ]
    return _table(header, rows)


def scale_table(cells: list[Cell]) -> str:
    rows = []
    for backend in ("postgresql", "sqlite"):
        for c in (1, 32):
            base = _find(
                cells,
                server="genegraph",
                backend=backend,
                dataset="kit",
                workers=1,
                cache="off",
                workload="card",
                concurrency=c,
            )
            for dataset in ("kit", "x10", "x100"):
                cell = _find(
                    cells,
                    server="genegraph",
                    backend=backend,
                    dataset=dataset,
                    workers=1,
                    cache="off",
                    workload="card",
                    concurrency=c,
                )
                if cell is None:
                    continue
                change = (
                    ""
                    if base is None or dataset == "kit"
                    else f"{cell['p50_ms'] / base['p50_ms'] - 1:+.0%}"
                )
                rows.append(
                    [
                        backend,
                        c,
                        f"{SCALE_FACTOR[dataset]}x",
                        _num(cell["rps"]),
                        _num(cell["p50_ms"]),
                        _num(cell["p99_ms"]),
                        change,
                        _num(cell["peak_rss_mb"], 0),
                    ]
                )
    return _table(
        [
            "backend",
            "clients",
            "genes (x kit)",
            "req/s",
            "p50 ms",
            "p99 ms",
            "p50 vs kit",
            "peak RSS MB",
        ],
        rows,
    )


def statements_table(statements: list[dict[str, Any]]) -> str:
    rows = []
    for s in statements:
        control = f"{s['control']:.1f}" if s["method"] == "PostgreSQL log" else "-"
        most = s["most"] if s["most"] >= 0 else "-"
        rows.append(
            [
                s["server"],
                s["backend"],
                s["dataset"],
                WORKLOADS[s["workload"]].title,
                s["method"],
                s["requests"],
                f"{s['per_request']:.1f}",
                most,
                control,
            ]
        )
    return _table(
        [
            "server",
            "backend",
            "data",
            "workload",
            "counted",
            "requests",
            "SQL statements / request",
            "most",
            "BEGIN/ROLLBACK / request",
        ],
        rows,
    )


def targets(cells: list[Cell], statements: list[dict[str, Any]]) -> str:
    rows = []
    ours = _find(
        cells,
        server="genegraph",
        backend="postgresql",
        dataset="kit",
        cache="off",
        workers=1,
        workload="card",
        concurrency=32,
    )
    theirs = _find(cells, server="postgraphile", workload="card", concurrency=32)
    if ours and theirs:
        met = (
            "met"
            if ours["rps"] >= theirs["rps"]
            else f"not met ({ours['rps'] / theirs['rps']:.2f}x)"
        )
        rows.append(
            [
                "gene card, PostgreSQL, 32 clients, cache off: req/s >= PostGraphile",
                f"{_num(ours['rps'])} vs {_num(theirs['rps'])}",
                met,
            ]
        )
    if ours:
        met = "met" if ours["p99_ms"] < 25 else "not met"
        rows.append(
            ["gene card, PostgreSQL, 32 clients: p99 < 25 ms", f"{_num(ours['p99_ms'])} ms", met]
        )
    card = [
        s
        for s in statements
        if s["workload"] == "card" and s["server"] == "genegraph" and s["method"] == "in process"
    ]
    if card:
        most = max(s["most"] for s in card)
        rows.append(
            [
                "gene card: at most one SQL statement per nesting level (3 levels: the gene; "
                "its species, terms, orthologs; the orthologs' species and terms)",
                f"{most} statements",
                "met" if most <= 3 else "not met",
            ]
        )
    for backend in ("postgresql", "sqlite"):
        base = _find(
            cells,
            server="genegraph",
            backend=backend,
            dataset="kit",
            workers=1,
            cache="off",
            workload="card",
            concurrency=1,
        )
        for dataset in ("x10", "x100"):
            cell = _find(
                cells,
                server="genegraph",
                backend=backend,
                dataset=dataset,
                workers=1,
                cache="off",
                workload="card",
                concurrency=1,
            )
            if base and cell:
                change = cell["p50_ms"] / base["p50_ms"] - 1
                rows.append(
                    [
                        f"gene card latency flat within 20% from kit to {dataset} "
                        f"({backend}, 1 client, p50)",
                        f"{base['p50_ms']:.2f} -> {cell['p50_ms']:.2f} ms ({change:+.0%})",
                        "met" if abs(change) <= 0.2 else "not met",
                    ]
                )
                before = base["server_cpu_ms"] + base["db_cpu_ms"]
                after = cell["server_cpu_ms"] + cell["db_cpu_ms"]
                rows.append(
                    [
                        f"... the same as CPU ms per request, server + PostgreSQL ({backend}, "
                        "1 client; what a busy machine distorts least)",
                        f"{before:.2f} -> {after:.2f} ms ({after / before - 1:+.0%})",
                        "met" if abs(after / before - 1) <= 0.2 else "not met",
                    ]
                )
    genegraph = [c for c in cells if c["server"] == "genegraph"]
    if genegraph:
        worst = max(genegraph, key=lambda c: c["peak_rss_mb"])
        rows.append(
            [
                "server RSS < 300 MB per process under load",
                f"largest {worst['peak_rss_mb']:.0f} MB ({config(worst)}, {worst['dataset']}, "
                f"{worst['workload']}, {worst['concurrency']} clients)",
                "met" if worst["peak_rss_mb"] < 300 else "not met",
            ]
        )
    return _table(["target (issue #5)", "measured", ""], rows)


def _series(cells: list[Cell]) -> dict[str, list[Cell]]:
    found: dict[str, list[Cell]] = {}
    for cell in cells:
        found.setdefault(config(cell), []).append(cell)
    return found


def plot_workloads(cells: list[Cell], folder: Path, cache: str) -> list[str]:
    names = []
    for workload, spec in WORKLOADS.items():
        mine = [
            c
            for c in cells
            if c["workload"] == workload and c["dataset"] == "kit" and c["cache"] in (cache, "n/a")
        ]
        if cache == "on":
            mine = [c for c in mine if c["cache"] == "on"]
        if not mine:
            continue
        fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
        for label, series in sorted(_series(mine).items()):
            series.sort(key=lambda c: c["concurrency"])
            xs = [c["concurrency"] for c in series]
            left.plot(xs, [c["rps"] for c in series], marker="o", label=label)
            right.plot(xs, [c["p99_ms"] for c in series], marker="o", label=label)
        for axis, title in ((left, "requests/s"), (right, "p99 latency (ms)")):
            axis.set_xscale("log", base=2)
            axis.set_xticks([1, 8, 32, 64], ["1", "8", "32", "64"])
            axis.set_xlabel("concurrent clients")
            axis.set_title(title)
            axis.grid(alpha=0.3)
        left.set_yscale("log")
        right.set_yscale("log")
        left.legend(fontsize=8)
        fig.suptitle(f"{spec.title}, real kit, response cache {cache}")
        fig.tight_layout()
        name = f"{workload}-cache-{cache}.png"
        fig.savefig(folder / name, dpi=90)
        plt.close(fig)
        names.append(name)
    return names


def plot_scale(cells: list[Cell], folder: Path) -> str | None:
    mine = [
        c
        for c in cells
        if c["server"] == "genegraph"
        and c["workload"] == "card"
        and c["cache"] == "off"
        and c["workers"] == 1
        and c["concurrency"] in (1, 32)
    ]
    if not any(c["dataset"] != "kit" for c in mine):
        return None
    fig, axis = plt.subplots(figsize=(7, 4))
    for backend in ("postgresql", "sqlite"):
        for c in (1, 32):
            series = sorted(
                (x for x in mine if x["backend"] == backend and x["concurrency"] == c),
                key=lambda x: SCALE_FACTOR[x["dataset"]],
            )
            if len(series) > 1:
                xs = [SCALE_FACTOR[x["dataset"]] for x in series]
                axis.plot(
                    xs,
                    [x["p50_ms"] for x in series],
                    marker="o",
                    label=f"{backend}, {c} clients, p50",
                )
                axis.plot(
                    xs,
                    [x["p99_ms"] for x in series],
                    marker="x",
                    linestyle="--",
                    label=f"{backend}, {c} clients, p99",
                )
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("genes (x the kit's 120,185)")
    axis.set_ylabel("latency (ms)")
    axis.set_title("gene card latency by data size, genegraph, cache off")
    axis.grid(alpha=0.3)
    axis.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(folder / "scale.png", dpi=90)
    plt.close(fig)
    return "scale.png"


def write(folder: Path) -> None:
    results = json.loads((folder / "results.json").read_text())
    cells: list[Cell] = results["cells"]
    statements = results["statements"]
    meta = results["meta"]
    off = [c for c in cells if c["cache"] in ("off", "n/a")]
    on = [c for c in cells if c["cache"] == "on"]
    parts = [
        "# Benchmark results (generated by bench/run.py; see BENCHMARKS.md)",
        f"Run {meta.get('started')} to {meta.get('finished', '(unfinished)')}: "
        f"`{meta.get('command')}`; {meta.get('duration')} s per cell after "
        f"{meta.get('warmup')} s of warm-up per workload; {meta.get('cpus')} CPUs shared by "
        "wrk (1 thread), the server, PostgreSQL and other users; load average at start "
        f"{meta.get('load_average_start')}, at end {meta.get('load_average_end')}.",
    ]
    parts += [
        f"- cells re-measured later by `{m['command']}` ({m['started']}, load average "
        f"{m['load_average_start']})"
        for m in meta.get("merged", [])
    ]
    parts += [f"- {note}" for note in results["notes"]]
    parts += ["## Targets", targets(cells, statements)]
    parts += [
        "## genegraph / PostGraphile (PostgreSQL, cache off)",
        ratio_table(off, "postgraphile", ("card", "search", "term_genes", "batch")),
    ]
    parts += [
        "## genegraph / bare Starlette (the limit; cache off)",
        ratio_table(off, "bare", WORKLOADS),
    ]
    parts += ["## Gene card by data size", scale_table(cells)]
    parts += ["## SQL statements per request", statements_table(statements)]
    parts += ["## Every cell, response cache off", cells_table(off)]
    if on:
        parts += ["## Every cell, response cache on", cells_table(on)]
    plots = plot_workloads(off, folder, "off") + (plot_workloads(on, folder, "on") if on else [])
    scale = plot_scale(cells, folder)
    plots += [scale] if scale else []
    parts += ["## Plots", "\n".join(f"![{p}]({p})" for p in plots)]
    (folder / "results.md").write_text("\n\n".join(parts) + "\n")
