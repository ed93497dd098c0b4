"""Before/after: genegraph from two source trees, measured in alternating rounds, so that
a busy machine's changing load falls on both alike.

    rsync -a --exclude .venv --exclude .git --exclude bench/.data ./ /tmp/ab/before/
    (change the code, copy it to /tmp/ab/after likewise)
    .venv/bin/python bench/ab.py /tmp/ab/before /tmp/ab/after --workload card \\
        --clients 1,32 --rounds 3 --seconds 6 [--backend sqlite] [--workers 1]

Each tree's server runs with this checkout's .venv and the tree first on PYTHONPATH.
Prints, per tree and concurrency, the median over the rounds of req/s, p50 and p99.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lab import datasets, loadgen, servers
from lab.workloads import WORKLOADS, write_pools


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--workload", choices=list(WORKLOADS), default="card")
    parser.add_argument("--clients", default="1,32")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--backend", choices=datasets.BACKENDS, default="postgresql")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    kit = datasets.dataset("kit")
    url = datasets.ensure(kit, args.backend)
    bodies = write_pools("kit", datasets.ensure(kit, "postgresql")).path(args.workload, "genegraph")
    clients = [int(c) for c in args.clients.split(",")]
    seen: dict[tuple[str, int], list[loadgen.Cell]] = {}
    for round_ in range(args.rounds):
        for tree in args.trees:
            server = servers.genegraph(
                url, workers=args.workers, cache="off", tree=tree.resolve(), name=f"ab-{tree.name}"
            )
            try:
                server.wait_idle(kit.database(args.backend))
                loadgen.wrk(server.url, bodies, 8, 2)
                for c in clients:
                    labels = {
                        "server": tree.name,
                        "backend": args.backend,
                        "dataset": "kit",
                        "workers": args.workers,
                        "cache": "off",
                        "workload": args.workload,
                    }
                    database = kit.database(args.backend)
                    cell = loadgen.measure(
                        server=server,
                        database=database,
                        bodies=bodies,
                        concurrency=c,
                        seconds=args.seconds,
                        labels=labels,
                    )
                    seen.setdefault((tree.name, c), []).append(cell)
                    print(
                        f"round {round_ + 1} {tree.name:<12} c={c:<3} {cell.rps:8.1f} req/s "
                        f"p50 {cell.p50_ms:7.1f} p99 {cell.p99_ms:7.1f} ms err {cell.errors} "
                        f"cpu/request {cell.server_cpu_ms:.2f}+db {cell.db_cpu_ms:.2f} ms "
                        f"busy {cell.machine_busy:.0%}",
                        flush=True,
                    )
            finally:
                server.stop()
    print(f"medians of {args.rounds} rounds ({args.workload}, {args.backend}):")
    for (name, c), cells in seen.items():
        print(
            f"  {name:<12} c={c:<3} {statistics.median(x.rps for x in cells):8.1f} req/s "
            f"p50 {statistics.median(x.p50_ms for x in cells):7.1f} "
            f"p99 {statistics.median(x.p99_ms for x in cells):7.1f} ms "
            f"cpu/request {statistics.median(x.server_cpu_ms for x in cells):.2f}"
            f"+db {statistics.median(x.db_cpu_ms for x in cells):.2f} ms"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
