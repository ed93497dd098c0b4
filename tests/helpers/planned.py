"""Comparing planned execution (genegraph/execution/planned/) with the general executor:
a document run by the server's schema and by the same schema with planning off must give
the same JSON, key order included; a spy on the planner tells which path answered."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any
from unittest import mock

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.engine import create_engine, for_reads
from genegraph.execution.limits import DEFAULT_LIMITS
from genegraph.execution.planned import executor, run
from genegraph.resolvers.context import Context
from genegraph.schema.root import build_schema
from tests.conftest import StatementLog

LIMITS = replace(DEFAULT_LIMITS, timeout_seconds=120.0)
PLANNED = build_schema(LIMITS, introspection=True)
GENERAL = build_schema(LIMITS, introspection=True, planned=False)

Kit = tuple[asyncio.Runner, AsyncEngine]


@dataclass
class Answer:
    text: str  # data and errors as JSON, key order kept
    path: str  # planned, fallback (the plan raised) or general (not plannable)


def kit_runner(url: str) -> Iterator[Kit]:
    """One event loop and engine over the database at ``url``, for a module's fixture:
    hypothesis' examples run in it."""
    runner = asyncio.Runner()
    engine = for_reads(create_engine(url))
    yield runner, engine
    runner.run(engine.dispose())
    runner.close()


async def execute(
    schema: Any, engine: AsyncEngine, document: str, variables: dict[str, Any] | None
) -> str:
    result = await schema.execute(
        document, variable_values=variables, context_value=Context(engine)
    )
    errors = [e.formatted for e in result.errors or []]
    return json.dumps({"data": result.data, "errors": errors})


def answer(kit: Kit, document: str, variables: dict[str, Any] | None = None) -> Answer:
    """The planned schema's answer, checked equal to the general executor's."""
    runner, engine = kit
    return runner.run(compared(engine, document, variables))


async def compared(
    engine: AsyncEngine,
    document: str,
    variables: dict[str, Any] | None = None,
    schemas: tuple[Any, Any] = (PLANNED, GENERAL),
) -> Answer:
    """The answer of ``schemas``' planned one, checked equal to its general one's."""
    outcomes: list[str] = []
    real = run.execute_plan

    async def spy(*args: Any) -> Any:
        try:
            data = await real(*args)
        except Exception:
            outcomes.append("fallback")
            raise
        outcomes.append("planned")
        return data

    with mock.patch.object(executor, "execute_plan", spy):
        planned = await execute(schemas[0], engine, document, variables)
    general = await execute(schemas[1], engine, document, variables)
    assert planned == general, document
    assert len(outcomes) <= 1
    return Answer(planned, outcomes[0] if outcomes else "general")


@contextmanager
def recorded(engine: AsyncEngine) -> Iterator[StatementLog]:
    """The statements ``engine`` runs inside the block."""
    log = StatementLog()

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        log.statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield log
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


def statement_counts(
    kit: Kit, document: str, variables: dict[str, Any] | None = None
) -> tuple[int, int]:
    """How many statements the planned schema and the general one run for ``document``,
    each once warm: a first run may read what the process then keeps (the species, read
    once per process by whichever request needs them first), so a count taken cold
    depended on the tests run before it in the same process."""
    runner, engine = kit
    counts = []
    for schema in (PLANNED, GENERAL):
        runner.run(execute(schema, engine, document, variables))
        with recorded(engine) as log:
            runner.run(execute(schema, engine, document, variables))
        counts.append(len(log))
    return counts[0], counts[1]


def fallback_error(result: Answer) -> dict[str, Any]:
    """The one error of an answer the plan gave way on (the general executor's)."""
    assert result.path == "fallback"
    errors: list[dict[str, Any]] = json.loads(result.text)["errors"]
    (error,) = errors
    return error
