"""Instructions per request of one workload in process, counted by callgrind: the figure to
compare two source trees by when the machine is too busy for CPU times (BENCHMARKS.md,
issue #17, seventh session).

    PYTHONPATH=TREE .venv/bin/python bench/instructions.py WORKLOAD --url URL \\
        [--requests 100] [--warm-up 200]

WORKLOAD is one of bench/lab/workloads.py's; its bodies (drawn as bench/workload_cpu.py
draws them, same seed) are sent straight to the ASGI app of the tree on PYTHONPATH (no
HTTP client; response cache off; the request log to /dev/null). The script runs itself
under ``valgrind --tool=callgrind --instr-atstart=no`` and counts only the measured
requests, switching callgrind on and off from inside through its client requests (a
small C library over valgrind/callgrind.h, built with gcc in a temporary folder).
Prints the user-space instructions per request of the whole process (not the kernel's,
not the database's). Needs valgrind, its headers and gcc.
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

os.environ["GENEGRAPH_RESPONSE_CACHE"] = "off"

from lab.asgi import call
from lab.workloads import WORKLOADS, pool_variables

from genegraph.db.engine import create_engine
from genegraph.server.app import SERVER_POOL, create_app

TOGGLE_C = """#include <valgrind/callgrind.h>
void measure_on(void) { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; }
void measure_off(void) { CALLGRIND_STOP_INSTRUMENTATION; CALLGRIND_DUMP_STATS_AT("measured"); }
"""
# Set, to the toggle library's path, in the run under callgrind.
TOGGLE_ENV = "GENEGRAPH_BENCH_CALLGRIND_TOGGLE"


def _build_toggle(folder: Path) -> Path:
    source, library = folder / "toggle.c", folder / "toggle.so"
    source.write_text(TOGGLE_C)
    subprocess.run(["gcc", "-O2", "-shared", "-fPIC", "-o", library, source], check=True)
    return library


async def _requests(workload: str, url: str, warm_up: int, requests: int) -> None:
    """The measured requests, between the toggles (run under callgrind)."""
    toggle = ctypes.CDLL(os.environ[TOGGLE_ENV])
    document = WORKLOADS[workload].genegraph
    bodies = [
        json.dumps({"query": document, "variables": variables}).encode()
        for variables in await pool_variables(workload, url)
    ]
    app = create_app(create_engine(url, **SERVER_POOL))

    async with app.router.lifespan_context(app):
        for i in range(warm_up):
            status, text = await call(app, bodies[i % len(bodies)])
            assert status == 200 and b'"errors"' not in text, text[:500]
        answers = []
        toggle.measure_on()
        for i in range(warm_up, warm_up + requests):
            answers.append(await call(app, bodies[i % len(bodies)]))
        toggle.measure_off()
    for status, text in answers:  # checked after the count
        assert status == 200 and b'"errors"' not in text, text[:500]


def count(workload: str, url: str, warm_up: int, requests: int) -> float:
    """Instructions per measured request: this script re-run under callgrind."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        command = [
            "valgrind",
            "-q",
            "--tool=callgrind",
            "--instr-atstart=no",
            f"--callgrind-out-file={out}.%p",
            sys.executable,
            __file__,
            workload,
            f"--url={url}",
            f"--warm-up={warm_up}",
            f"--requests={requests}",
        ]
        environment = os.environ | {TOGGLE_ENV: str(_build_toggle(Path(folder)))}
        with open(os.devnull, "w") as log:  # the request log, one line a request
            subprocess.run(command, check=True, env=environment, stdout=log)
        for dump in Path(folder).glob("callgrind.out.*"):
            text = dump.read_text()
            if "Trigger: Client Request: measured" in text:
                totals = next(line for line in text.splitlines() if line.startswith("totals:"))
                return int(totals.split()[1]) / requests
    raise RuntimeError("callgrind wrote no measured dump")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workload", choices=sorted(WORKLOADS))
    parser.add_argument(
        "--url", required=True, help="postgresql+asyncpg://... or sqlite+aiosqlite:///..."
    )
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--warm-up", type=int, default=200)
    args = parser.parse_args()
    if os.environ.get(TOGGLE_ENV):
        asyncio.run(_requests(args.workload, args.url, args.warm_up, args.requests))
        return
    per_request = count(args.workload, args.url, args.warm_up, args.requests)
    print(f"{args.workload}: {per_request / 1e6:.3f} M instructions per request")


if __name__ == "__main__":
    main()
