"""A database that cannot answer for now: PostgreSQL restarting or shutting down, its
connections cut, no connection free in time, SQLite's file locked. A request that meets
one fails as a whole with HTTP 503, ``Retry-After`` and one error coded
``SERVICE_UNAVAILABLE``, whose message names neither the SQL nor the driver; the client
may send it again. Nothing needs restarting: SQLAlchemy drops a connection found closed
and, with it, every pooled connection opened before (the pool's invalidation time), so
the next requests connect afresh (docs/reliability.md, "PostgreSQL restart").
"""

from __future__ import annotations

from graphql import GraphQLError
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
RETRY_AFTER_SECONDS = 1
MESSAGE = "the database is unavailable for the moment; send the request again shortly"

# SQLSTATE classes and codes of a server that is going away or not taking connections:
# 08 connection exception, 57P01-57P03 admin/crash shutdown and "cannot connect now",
# 53300 too many connections.
_SQLSTATE_PREFIXES = ("08", "57P0", "53300")
# SQLite's words for a file another process holds or that cannot be opened.
_SQLITE_MESSAGES = ("database is locked", "unable to open database file", "disk I/O error")


def is_outage(error: BaseException | None) -> bool:
    """Whether ``error`` (an exception a resolver raised) means the database could not be
    reached or used just now, rather than a bug or a bad request."""
    seen = 0
    while error is not None and seen < 10:  # its causes, in case a resolver wrapped it
        if isinstance(error, PoolTimeoutError | ConnectionError):
            return True
        if isinstance(error, DBAPIError):
            # Invalidated: SQLAlchemy found the connection closed (asyncpg's "connection is
            # closed" / "closed in the middle of operation" after a terminate or restart).
            if error.connection_invalidated:
                return True
            sqlstate = getattr(error.orig, "sqlstate", None)
            if isinstance(sqlstate, str) and sqlstate.startswith(_SQLSTATE_PREFIXES):
                return True
            if any(words in str(error.orig) for words in _SQLITE_MESSAGES):
                return True
        if isinstance(error, OSError) and not isinstance(error, FileNotFoundError):
            return True  # refused or reset while connecting
        error, seen = error.__cause__, seen + 1
    return False


def caused_by_outage(errors: list[GraphQLError] | None) -> bool:
    """Whether an exception behind any of a result's errors is an outage."""
    return any(is_outage(error.original_error) for error in errors or ())


def retryable(errors: list[GraphQLError] | None) -> bool:
    """Whether any of a result's errors tells the client to send the request again."""
    return any(
        (error.extensions or {}).get("code") == SERVICE_UNAVAILABLE for error in errors or ()
    )


def outage_error() -> GraphQLError:
    return GraphQLError(MESSAGE, extensions={"code": SERVICE_UNAVAILABLE})
