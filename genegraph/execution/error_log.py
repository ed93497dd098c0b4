"""Which GraphQL errors the server logs: only exceptions nobody handled.

Strawberry logs every error of every request with its traceback, the client's syntax
errors and the resolvers' ``UserInputError`` alike, so a fuzzer's few hundred bad
documents left hundreds of tracebacks in the log and a real bug was lost among them.
The client's mistakes are already counted by their code in the request's log line
(genegraph.observability); a traceback is kept for an exception that is not a
``GraphQLError``, which is a bug.
"""

from __future__ import annotations

from graphql import GraphQLError
from strawberry.federation import Schema
from strawberry.types import ExecutionContext

from genegraph.execution.internals import log_error


def unhandled(error: GraphQLError) -> bool:
    """An error raised while executing by something other than the GraphQL machinery or
    our resolvers' own errors (each a GraphQLError with a code)."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError)


class ErrorLoggingSchema(Schema):
    """The federation schema, logging only unhandled exceptions (see the module)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if unhandled(error):
                log_error(error, execution_context)
