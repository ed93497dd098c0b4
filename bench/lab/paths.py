"""Where the lab reads and writes."""

from __future__ import annotations

import os
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent
REPO = BENCH.parent
KIT = Path(os.environ.get("GENEGRAPH_KIT", REPO.parent / "shared" / "data"))
# Databases' stamps, synthetic files, request bodies, logs: rebuilt at will, not committed.
WORK = BENCH / ".data"
RESULTS = BENCH / "results"
VENV_BIN = REPO / ".venv" / "bin"
POSTGRAPHILE = BENCH / "peers" / "postgraphile"
NODE = POSTGRAPHILE / "node_modules" / ".bin" / "node"
WRK_SCRIPT = BENCH / "wrk" / "post.lua"
# The PostgreSQL server the benchmark databases live on (each gets a database of its own).
POSTGRES = os.environ.get("GENEGRAPH_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
PG_LOG = Path(
    os.environ.get("GENEGRAPH_BENCH_PG_LOG", "/var/log/postgresql/postgresql-15-main.log")
)
