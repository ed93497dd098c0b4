"""What the client tests share (tests/server/test_clients.py and
tests/schema/test_federation_gateway.py):
the tools they run, installed by scripts/install-test-tools.sh, and a running genegraph
that serves the IL2 card with NCBI ids.

Where a tool is missing the tests skip, except under CI (CI=true), where they fail.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from genegraph.db.engine import engine_scope
from genegraph.db.ingest.release import Source, load
from genegraph.db.migrate import upgrade
from tests.conftest import REPO, SEED_PAGE
from tests.helpers.servers import running_server

CLIENTS = REPO / "tests" / "clients"
NODE_MODULES = CLIENTS / "node_modules"
CODEGEN_PYTHON = CLIENTS / "python" / ".venv" / "bin" / "python"
GENE_INFO = REPO / "tests" / "fixtures" / "gene_info_il2.tsv"
UNDER_CI = os.environ.get("CI") == "true"
NODE = shutil.which("node") or ""
INSTALL = "scripts/install-test-tools.sh installs them; Node.js as root"


def require(missing: list[str]) -> None:
    """Skip (fail under CI) when any of the tools a test runs is missing."""
    if not missing:
        return
    message = f"client test tools missing: {'; '.join(missing)} ({INSTALL})"
    if UNDER_CI:
        pytest.fail(message + " (required under CI)")
    pytest.skip(message)


def missing_node_packages(*packages: str) -> list[str]:
    missing = [] if NODE else ["node (apt-get install nodejs npm)"]
    for package in packages:
        if not (NODE_MODULES / package / "package.json").exists():
            missing.append(f"{package} (npm ci in tests/clients)")
    return missing


def il2_server(folder: Path) -> Iterator[str]:
    """`genegraph serve` on a new SQLite database holding the IL2 page and NCBI's
    gene_info rows of IL2 and its mouse and rat orthologs, so that IL2 is NCBIGene:3558;
    yields the GraphQL endpoint's URL. (The ``il2_graphql`` fixture of conftest.py.)"""
    database = f"sqlite:///{folder}/clients.db"
    asyncio.run(_load_il2(database))
    with running_server(database, folder / "serve.log", "--no-seed") as base:
        yield f"{base}/graphql"


async def _load_il2(url: str) -> None:
    async with engine_scope(url) as engine:
        await upgrade(engine)
        await load(engine, [Source(SEED_PAGE), Source(GENE_INFO)])


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a client tool; its stdout, or a failure showing what it printed."""
    done = subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )
    assert done.returncode == 0, f"{' '.join(command)}:\n{done.stderr}\n{done.stdout[-3000:]}"
    return done.stdout
