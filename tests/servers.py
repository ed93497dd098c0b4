"""`genegraph serve` as a separate process, for tests that need a real server."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

GENEGRAPH = str(Path(sys.executable).parent / "genegraph")
# How long a `genegraph serve` may take to answer /healthz: a start is a second or two on a
# quiet machine, but tens of seconds were seen with the test suite sharing 2 cores with
# other work; a server that exits fails at once.
SERVER_START_SECONDS = 180


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def running_server(
    database_url: str, output: Path, *args: str, env: dict[str, str] | None = None
) -> Iterator[str]:
    """`genegraph serve` on ``database_url`` (its output written to ``output``) until
    /healthz answers; yields its base URL, and stops it afterwards."""
    port = free_port()
    with output.open("w") as sink:
        process = subprocess.Popen(
            [GENEGRAPH, "serve", "--port", str(port), "--database-url", database_url, *args],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"genegraph serve did not come up:\n{output.read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
