"""Starting the servers under test on loopback: genegraph (`genegraph serve`), the bare
Starlette limit and PostGraphile."""

from __future__ import annotations

from pathlib import Path

from lab import procs
from lab.paths import BENCH, NODE, POSTGRAPHILE, VENV_BIN, WORK

HOST = "127.0.0.1"
PORT = 8731


def _log(name: str) -> Path:
    return WORK / "logs" / f"server-{name}.log"


def genegraph(
    url: str,
    *,
    workers: int,
    cache: str,
    port: int = PORT,
    tree: Path | None = None,
    name: str = "genegraph",
) -> procs.Server:
    """`genegraph serve` as documented, on a loaded database; ``cache`` sets
    $GENEGRAPH_RESPONSE_CACHE (off: every request computed). With ``tree``, the code of
    that source tree (first on PYTHONPATH, with this checkout's .venv), as bench/ab.py and
    bench/scale.py compare trees."""
    command = [str(VENV_BIN / "genegraph")]
    env = {"GENEGRAPH_RESPONSE_CACHE": cache}
    if tree is not None:
        command = [str(VENV_BIN / "python"), "-m", "genegraph.cli"]
        env["PYTHONPATH"] = str(tree)
    return procs.start(
        name,
        [
            *command,
            "serve",
            "--host",
            HOST,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--database-url",
            url,
            "--no-seed",
        ],
        url=f"http://{HOST}:{port}/graphql",
        ready=f"http://{HOST}:{port}/healthz",
        log=_log(name),
        env=env,
        cwd=tree,
    )


def bare(answers: Path, *, workers: int, port: int = PORT) -> procs.Server:
    """uvicorn with `genegraph serve`'s settings (uvloop, httptools, log level info)."""
    return procs.start(
        "bare",
        [
            str(VENV_BIN / "uvicorn"),
            "bare_app:app",
            "--app-dir",
            str(BENCH / "peers"),
            "--host",
            HOST,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "info",
        ],
        url=f"http://{HOST}:{port}/graphql",
        ready=f"http://{HOST}:{port}/graphql",
        log=_log("bare"),
        env={"BENCH_BARE_ANSWERS": str(answers)},
    )


def postgraphile(url: str, *, port: int = PORT) -> procs.Server:
    """PostGraphile 5 (bench/peers/postgraphile), one Node.js process."""
    return procs.start(
        "postgraphile",
        [
            str(NODE),
            str(POSTGRAPHILE / "node_modules" / "postgraphile" / "dist" / "cli-run.js"),
            "-C",
            str(POSTGRAPHILE / "graphile.config.mjs"),
        ],
        url=f"http://{HOST}:{port}/graphql",
        ready=f"http://{HOST}:{port}/graphql",
        log=_log("postgraphile"),
        env={
            "BENCH_DATABASE_URL": url.replace("postgresql://", "postgres://", 1),
            "BENCH_PORT": str(port),
            "NODE_ENV": "production",
        },
    )
