"""The `genegraph` command run as a user runs it, for tests of what it prints and exits
with."""

from __future__ import annotations

import os
import subprocess

from tests.helpers.servers import GENEGRAPH


def genegraph(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [GENEGRAPH, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
