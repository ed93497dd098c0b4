"""Benchmark: `genegraph load` with an environment variable at two or more values, the runs
alternating (A B, B A, A B, ...) so that a host whose speed drifts moves every value alike.
Each run is bench/load.py's: a new `genegraph` process into a new database (the kit at
--scale 1, bench/synth.py's N-fold release above), its wall, CPU (its own and its waited-for
children's, from the kernel) and peak RSS. Prints one row per run and the median per value,
with each round's ratio to the first value. It asserts nothing.

    .venv/bin/python bench/load_settings.py GENEGRAPH_PARSE_IN_CHILD_FROM off 16777216 \
        [--scale 10] [--rounds 3] [--backend postgresql]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load
from lab.databases import new_database
from lab.datasets import dataset, generate_files
from lab.procs import load_average


def one_load(backend: str, folder: Path, admin_url: str) -> dict[str, float]:
    with new_database(backend, admin_url) as (url, disk, _):
        return load.run_load(url, folder, disk)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("variable", help="the environment variable the loads differ by")
    parser.add_argument("values", nargs="+", help="its values ('unset': not set)")
    parser.add_argument("--scale", type=int, default=1, help="1: the kit; N: synth.py's N-fold")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--kit", type=Path, default=load.REPO.parent / "shared" / "data")
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "GENEGRAPH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    args = parser.parse_args()
    (load.REPO / "bench" / ".data").mkdir(exist_ok=True)
    folder = args.kit
    if args.scale > 1:
        data = dataset(f"x{args.scale}")
        generate_files(data)
        folder = data.files
    print(f"{folder}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {args.backend}\n")
    print(f"| round | {args.variable} | wall s | CPU s | peak RSS MB | load average before |")
    print("|---|---|---|---|---|---|")
    runs: dict[str, list[dict[str, float]]] = {value: [] for value in args.values}
    for round_ in range(args.rounds):
        order = args.values if round_ % 2 == 0 else args.values[::-1]
        for value in order:
            if value == "unset":
                os.environ.pop(args.variable, None)
            else:
                os.environ[args.variable] = value
            before = load_average()
            figures = one_load(args.backend, folder, args.postgres)
            runs[value].append(figures)
            print(
                f"| {round_ + 1} | {value} | {figures['wall']:.1f} | {figures['cpu']:.1f} "
                f"| {figures['peak_mb']:.0f} | {before} |",
                flush=True,
            )
    os.environ.pop(args.variable, None)
    first = args.values[0]
    print(f"\n| {args.variable} | wall s, median | CPU s, median | wall ÷ {first}'s, by round |")
    print("|---|---|---|---|")
    for value, measured in runs.items():
        ratios = ", ".join(
            f"{mine['wall'] / theirs['wall']:.3f}"
            for mine, theirs in zip(measured, runs[first], strict=True)
        )
        print(
            f"| {value} | {statistics.median(f['wall'] for f in measured):.1f} "
            f"| {statistics.median(f['cpu'] for f in measured):.1f} | {ratios} |"
        )


if __name__ == "__main__":
    main()
