"""The server logs a traceback for an exception nobody handled, and nothing for a
client's mistake (a syntax error, a resolver's UserInputError): those are counted by code
in the request log. Before genegraph/execution/error_log.py every error was logged with a
traceback."""

from __future__ import annotations

import logging

import pytest
import strawberry

from genegraph.execution.error_log import ErrorLoggingSchema
from genegraph.resolvers.errors import UserInputError


@strawberry.type
class Query:
    @strawberry.field
    def broken(self) -> int:
        raise ZeroDivisionError("a bug")

    @strawberry.field
    def refused(self) -> int:
        raise UserInputError("a bad argument")


SCHEMA = ErrorLoggingSchema(query=Query)


@pytest.mark.parametrize(
    ("document", "logged"),
    [("{ broken }", True), ("{ refused }", False), ("{ nosuchfield }", False), ("{", False)],
)
async def test_only_unhandled_exceptions_are_logged(
    caplog: pytest.LogCaptureFixture, document: str, logged: bool
) -> None:
    with caplog.at_level(logging.DEBUG, logger="strawberry.execution"):
        result = await SCHEMA.execute(document)
    assert result.errors
    tracebacks = [r for r in caplog.records if r.exc_info is not None]
    assert bool(tracebacks) is logged, caplog.text
    if logged:
        assert "ZeroDivisionError: a bug" in caplog.text
