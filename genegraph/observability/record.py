"""The record of one HTTP request, filled in while it runs by the parts that know something:
the SQL hook counts statements (genegraph.observability.sql), ``OperationObserver`` (a
schema extension) names the operation, the GraphQL view adds error codes, the caching
steps say what the cache did, ``DocumentCpu`` (a schema extension) times parsing and
validation for the client budget (genegraph.middleware.client_budget). It lives in a
context variable set by the request log's middleware (genegraph.observability.request_log),
which writes it out at the end. (The GraphQL view's caching steps keep their own state on
``request.state``: only the view's methods, one call chain, read it.)"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextvars import ContextVar, Token
from dataclasses import dataclass, field

from graphql import GraphQLError, Source, TokenKind
from graphql.language import Lexer
from strawberry.extensions import SchemaExtension

OPERATION_KEYWORDS = frozenset({"query", "mutation", "subscription"})
UNCODED = "UNCODED"
"""The code counted for an error that carries no extensions.code (e.g. a syntax error)."""


@dataclass(slots=True)
class RequestRecord:
    """What one HTTP request did, filled in while it runs."""

    request_id: str
    method: str
    path: str
    operation: str | None = None
    # A document whose leading operation name is the operation's, unless a name is
    # noted later (the executed operation's, which is most requests'): read only then.
    unnamed_document: str | None = None
    sql_statements: int = 0
    cache: str | None = None
    executed: bool = False
    error_codes: list[str] = field(default_factory=list)
    # The CPU seconds of parsing and validating the document: None unless the client
    # budget asks (it sets 0.0), so that without a budget nothing is timed.
    document_cpu: float | None = None


_current: ContextVar[RequestRecord | None] = ContextVar("genegraph_request", default=None)


def current() -> RequestRecord | None:
    """The record of the request being served, if any (not in background tasks)."""
    return _current.get()


def opened(record: RequestRecord) -> Token[RequestRecord | None]:
    """Make ``record`` the current request's until ``closed``."""
    return _current.set(record)


def closed(token: Token[RequestRecord | None]) -> None:
    _current.reset(token)


def note_errors(errors: Iterable[GraphQLError] | None) -> None:
    """Add the codes of errors sent to the client to the current request."""
    record = _current.get()
    if record is None:
        return
    for error in errors or ():
        code = (error.extensions or {}).get("code")
        record.error_codes.append(code if isinstance(code, str) else UNCODED)


def note_error_code(code: str) -> None:
    record = _current.get()
    if record is not None:
        record.error_codes.append(code)


def note_cache(result: str) -> None:
    """What the cache did for the current request: ``hit`` or ``not_modified`` (a
    request executed is a ``miss``, noted at its end)."""
    record = _current.get()
    if record is not None:
        record.cache = result


def note_operation(name: str | None) -> None:
    record = _current.get()
    if record is not None and name:
        record.operation = name
        record.unnamed_document = None


def note_document(document: str | None) -> None:
    """Name the operation after the document's first operation, as
    ``note_operation(leading_operation_name(document))`` would; the document is read
    only if no name is noted after it (see ``RequestRecord.unnamed_document``)."""
    record = _current.get()
    if record is not None and document:
        name_from_document(record)
        record.unnamed_document = document


def name_from_document(record: RequestRecord) -> None:
    name = leading_operation_name(record.unnamed_document)
    record.unnamed_document = None
    if name:
        record.operation = name


def note_executed(operation: str | None) -> None:
    """The current request's operation was executed (named ``operation`` when it has a
    name): by Strawberry (``OperationObserver``) or by the planned lane."""
    note_operation(operation)
    record = _current.get()
    if record is not None:
        record.executed = True


def leading_operation_name(document: str | None) -> str | None:
    """The name of the document's first definition when it is a named operation, read
    from its first two tokens (no parsing): for answers sent without execution (a cache
    hit), which ``OperationObserver`` never sees."""
    if not document:
        return None
    lexer = Lexer(Source(document))
    try:
        keyword = lexer.advance()
        name = lexer.advance()
    except GraphQLError:
        return None
    if keyword.kind is TokenKind.NAME and keyword.value in OPERATION_KEYWORDS:
        return name.value if name.kind is TokenKind.NAME else None
    return None


class OperationObserver(SchemaExtension):
    """Names the operation (the one executed, also when the request names none)."""

    def on_execute(self) -> Iterator[None]:
        note_executed(self.execution_context.operation_name)
        yield
