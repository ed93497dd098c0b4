"""PostgreSQL restarted under load (docs/reliability.md, "PostgreSQL restart"): a server
is started on a loaded PostgreSQL database, clients send gene cards for a while, and
PostgreSQL is restarted in the middle. Prints what the clients got back.

    .venv/bin/python bench/restart_under_load.py \\
        --database-url postgresql://postgres@127.0.0.1:5432/mydb \\
        --restart "pg_ctlcluster --skip-systemctl-redirect 15 main restart"

Every database on the cluster loses its connections: do not point it at a cluster that
others' tests use. Every answer must be the card (200) or a clean retryable error (503,
Retry-After, SERVICE_UNAVAILABLE); anything else is counted as "other" and the script
exits 1. The server is the same process from start to end (no restart); its resident
memory (RSS) is printed after the warm-up, before the restart and at the end.

Any fault can stand in for the restart: `--restart "genegraph load data/il2.txt
--database-url …"` (a release switched in under load, the same card), the same with
`GENEGRAPH_LOAD_FAULT=switch` before it (a load killed at the switch), or a
`pg_terminate_backend` of the database's sessions (an outage on a shared cluster).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from soak import rss_mb

from tests.helpers.outage import CARD, OUTAGE
from tests.helpers.servers import free_port, wait_until_serving

GENEGRAPH = str(Path(sys.executable).parent / "genegraph")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--restart", required=True, help="shell command restarting PostgreSQL")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20.0, help="of load in all")
    args = parser.parse_args()

    load = subprocess.run(
        [GENEGRAPH, "load", "data/il2.txt", "--database-url", args.database_url],
        capture_output=True,
        text=True,
    )
    if load.returncode:
        sys.exit(load.stderr)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [GENEGRAPH, "serve", "--port", str(port), "--database-url", args.database_url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={"GENEGRAPH_RESPONSE_CACHE": "off", "PATH": "/usr/bin:/bin"},
    )
    try:
        return run(args, base, server)
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(args: argparse.Namespace, base: str, server: subprocess.Popen[bytes]) -> int:
    wait_until_serving(server, base, lambda: "(its output is not kept)")
    expected = httpx.post(f"{base}/graphql", json=CARD, timeout=30).json()
    rss = {"after warm-up": rss_mb(server.pid)}

    outcomes: list[tuple[float, str]] = []  # (time, outcome)
    stop = threading.Event()

    def client() -> None:
        with httpx.Client() as http:
            while not stop.is_set():
                try:
                    response = http.post(f"{base}/graphql", json=CARD, timeout=30)
                    body = response.json()
                    if response.status_code == 200 and body == expected:
                        outcome = "ok"
                    elif (response.status_code, response.headers.get("retry-after"), body) == (
                        503,
                        "1",
                        OUTAGE,
                    ):
                        outcome = "503 SERVICE_UNAVAILABLE"
                    else:
                        outcome = f"other: {response.status_code} {response.text[:200]}"
                except httpx.HTTPError as error:
                    outcome = f"other: {type(error).__name__}"
                outcomes.append((time.monotonic(), outcome))

    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    time.sleep(args.seconds / 2)
    rss["before the restart"] = rss_mb(server.pid)
    restart_at = time.monotonic()
    restarted = subprocess.run(args.restart, shell=True, capture_output=True, text=True)
    restart_done = time.monotonic()
    time.sleep(max(0.0, args.seconds - (time.monotonic() - started)))
    stop.set()
    for thread in threads:
        thread.join()
    rss["at the end"] = rss_mb(server.pid)

    counts = Counter(outcome for _, outcome in outcomes)
    failed = [t for t, outcome in outcomes if outcome != "ok" and t >= restart_at]
    recovered = [t for t, outcome in outcomes if outcome == "ok" and t >= restart_done]
    print(f"restart command: exit {restarted.returncode}, {restart_done - restart_at:.2f} s")
    print(f"requests: {len(outcomes)} in {args.seconds:.0f} s from {args.clients} clients")
    for outcome, count in counts.most_common():
        print(f"  {count:6d}  {outcome}")
    if failed:
        print(f"failures from {failed[0] - restart_at:.2f} s to {failed[-1] - restart_at:.2f} s")
    if recovered:
        print(f"first card after the restart: {recovered[0] - restart_done:.2f} s after it ended")
    print(f"server process still the same: {server.poll() is None}")
    print("server RSS: " + ", ".join(f"{mb:.1f} MB {when}" for when, mb in rss.items()))
    bad = sum(count for outcome, count in counts.items() if outcome.startswith("other"))
    return 1 if bad or not recovered or server.poll() is not None else 0


if __name__ == "__main__":
    sys.exit(main())
