"""`genegraph serve` as a separate process, for tests that need a real server."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


def wait_until_serving(
    process: subprocess.Popen[Any], base: str, read_output: Callable[[], str]
) -> None:
    """Wait until the server at ``base`` answers /healthz; fail with its output if
    ``process`` exits first or takes longer than ``SERVER_START_SECONDS``."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"genegraph serve did not come up:\n{read_output()}")
        time.sleep(0.2)


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
        wait_until_serving(process, base, output.read_text)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
