"""SQL statements per request.

genegraph: counted in process, with the GraphQL schema the server runs and a listener on
the engine (as tests/resolvers/test_statement_count.py counts), on either backend.

Any server on PostgreSQL (genegraph, PostGraphile): counted from the PostgreSQL server's
log, with log_statement = 'all' set on the benchmark's database for the time of the count.
This also shows the transaction control statements (BEGIN, ROLLBACK) a driver adds.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from sqlalchemy import event

from genegraph.db.engine import engine_scope
from genegraph.resolvers.context import Context
from lab import client
from lab.paths import PG_LOG, POSTGRES

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "START TRANSACTION", "SET ", "RESET ")


@dataclass
class Counted:
    per_request: float  # mean data statements (SELECT, WITH ...) per request
    most: int  # the largest count seen for one request
    control: float  # BEGIN/COMMIT/ROLLBACK/SET per request (log counts only)


async def _in_process(url: str, bodies: list[str]) -> list[int]:
    from genegraph.schema.root import schema

    counts = []
    async with engine_scope(url) as engine:
        seen: list[str] = []

        def record(conn: object, cursor: object, statement: str, *args: object) -> None:
            seen.append(statement)

        event.listen(engine.sync_engine, "before_cursor_execute", record)
        for body in bodies:
            request = json.loads(body)
            seen.clear()
            result = await schema.execute(
                request["query"],
                variable_values=request["variables"],
                context_value=Context(engine),
            )
            if result.errors:
                raise RuntimeError(f"{body[:200]}: {result.errors}")
            counts.append(len(seen))
    return counts


def in_process(url: str, bodies: list[str]) -> Counted:
    counts = asyncio.run(_in_process(url, bodies))
    return Counted(sum(counts) / len(counts), max(counts), 0.0)


async def _set_logging(database: str, on: bool) -> None:
    conn = await asyncpg.connect(f"{POSTGRES}/postgres")
    try:
        if on:
            await conn.execute(f"ALTER DATABASE \"{database}\" SET log_statement = 'all'")
        else:
            await conn.execute(f'ALTER DATABASE "{database}" RESET log_statement')
    finally:
        await conn.close()


def logging_statements(database: str, on: bool) -> None:
    """Switch statement logging on or off for ``database``'s new sessions."""
    asyncio.run(_set_logging(database, on))


def _logged(database: str, since: int) -> list[str]:
    """The statements logged for ``database`` after byte ``since`` of the server log."""
    time.sleep(0.5)  # the server writes its log asynchronously
    with PG_LOG.open("rb") as log:
        log.seek(since)
        lines = log.read().decode("utf-8", "replace").splitlines()
    marker = f"@{database} "
    statements = []
    for line in lines:
        if marker not in line:
            continue
        for tag in ("LOG:  statement: ", "LOG:  execute "):
            if tag in line:
                text = line.split(tag, 1)[1]
                if tag == "LOG:  execute ":
                    text = text.split(": ", 1)[1] if ": " in text else text
                statements.append(text.strip())
    return statements


def from_log(database: str, url: str, bodies: list[str]) -> Counted:
    """Send ``bodies`` one at a time to the server at ``url`` (whose connections to
    ``database`` were opened with statement logging on) and count what PostgreSQL logged."""
    since = PG_LOG.stat().st_size
    for _ in client.post_all(url, bodies):
        pass
    statements = _logged(database, since)
    control = [s for s in statements if s.upper().startswith(TRANSACTION_CONTROL)]
    data = len(statements) - len(control)
    return Counted(data / len(bodies), -1, len(control) / len(bodies))


def log_readable() -> bool:
    return PG_LOG.exists() and PG_LOG.stat().st_size >= 0 and _can_read(PG_LOG)


def _can_read(path: Path) -> bool:
    try:
        with path.open("rb"):
            return True
    except OSError:
        return False


Counter = Callable[[list[str]], Counted]
