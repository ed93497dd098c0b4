"""Flame graphs of genegraph under load: starts `genegraph serve` (one process) on the kit,
runs wrk with one workload's bodies and records the server with py-spy meanwhile.

    .venv/bin/python bench/flamegraph.py card --clients 32 --seconds 15 [--backend sqlite]
        [--out bench/results/profiles/card-c32.svg] [--format flamegraph|speedscope|raw]

py-spy (bench/requirements.txt) samples the Python stacks of the running server without
slowing it much; the SVG opens in a browser. Nothing here asserts.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lab import datasets, loadgen, servers
from lab.paths import RESULTS, VENV_BIN
from lab.workloads import WORKLOADS, write_pools


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("workload", choices=list(WORKLOADS))
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--backend", choices=datasets.BACKENDS, default="postgresql")
    parser.add_argument(
        "--format", default="flamegraph", choices=["flamegraph", "speedscope", "raw"]
    )
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    kit = datasets.dataset("kit")
    url = datasets.ensure(kit, args.backend)
    pools = write_pools("kit", datasets.ensure(kit, "postgresql"))
    suffix = {"flamegraph": "svg", "speedscope": "json", "raw": "txt"}[args.format]
    out = (
        args.out
        or RESULTS / "profiles" / f"{args.workload}-{args.backend}-c{args.clients}.{suffix}"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    server = servers.genegraph(url, workers=1, cache="off")
    try:
        bodies = pools.path(args.workload, "genegraph")
        loadgen.wrk(server.url, bodies, 8, 2)  # warm-up
        results: dict[str, object] = {}

        def load() -> None:
            results["wrk"], _ = loadgen.wrk(server.url, bodies, args.clients, args.seconds + 4)

        loader = threading.Thread(target=load)
        loader.start()
        time.sleep(2)
        subprocess.run(
            [
                str(VENV_BIN / "py-spy"),
                "record",
                "--pid",
                str(server.process.pid),
                "--duration",
                str(int(args.seconds)),
                "--rate",
                "250",
                "--format",
                args.format,
                "--output",
                str(out),
                "--nonblocking",
            ],
            check=True,
        )
        loader.join()
    finally:
        server.stop()
    print(f"profile: {out}; load meanwhile: {results.get('wrk')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
