"""The schema extensions that hold each request to the ``Limits``.

- the document's size and tokens, before parsing (a regular expression counts the tokens
  in a fraction of what parsing costs), and tokens again while parsing (Strawberry's
  ``MaxTokensLimiter``);
- depth, aliases and recursive lists: a validation rule, so its verdict is cached with
  the rest of validation (``ValidationCache``);
- cost: after validation and before execution, because variables (`first: $n`,
  `ids: $ids`) change it and validation rules do not see variables; the document's cost
  plan is read once and kept by document (``ShapeCache``), so a repeated document only
  evaluates its plan;
- time: the operation is cancelled when it runs past the timeout.

Each refusal is a ``LimitExceeded`` error: ``extensions.code`` is QUERY_TOO_COMPLEX
(TIMEOUT for the timeout) and the message names the limit, the value and the maximum.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLError,
    GraphQLSchema,
    GraphQLSyntaxError,
    ValidationContext,
    ValidationRule,
)
from graphql.validation.validate import ValidationAbortedError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    SchemaExtension,
)

from genegraph.execution.caches.identity import IdentityCache
from genegraph.execution.limits import TIMEOUT, LimitExceeded, Limits, count
from genegraph.execution.limits.query_shape import (
    DEFAULT_LIST_WEIGHT,
    LIST_WEIGHTS,
    MAX_NESTING,
    MAX_REPEATS,
    OperationShape,
    Shape,
    ShapeReader,
)

ExtensionFactory = Callable[[], SchemaExtension]


class ShapeCache:
    """Operation shapes by document, shared by the validation rule and the cost check.
    Documents are keyed by identity: ``ParserCache`` hands out the same document object
    for the same query text, and hashing a document walks all of it."""

    def __init__(self, maxsize: int = 1024) -> None:
        self.reader: ShapeReader | None = None
        self.cache: IdentityCache[dict[str | None, OperationShape]] = IdentityCache(maxsize)

    def operations(
        self, schema: GraphQLSchema, document: DocumentNode
    ) -> dict[str | None, OperationShape]:
        if self.reader is None or self.reader.schema is not schema:
            self.reader = ShapeReader(schema)
            self.cache.clear()
        reader = self.reader
        return self.cache.get((document,), None, lambda: reader.read(document.definitions))


def shape_errors(shape: Shape, limits: Limits) -> list[GraphQLError]:
    """Depth, aliases and recursive lists of one operation, against the limits."""
    errors: list[GraphQLError] = []
    if shape.depth > limits.max_depth:
        errors.append(
            LimitExceeded(
                f"The query is {shape.depth} fields deep ({'.'.join(shape.deepest)}); the "
                f"maximum depth is {limits.max_depth}. Ask for fewer levels of nested fields, "
                "or split the query into several requests.",
                limit="depth",
                value=shape.depth,
                maximum=limits.max_depth,
            )
        )
    if shape.aliases > limits.max_aliases:
        errors.append(
            LimitExceeded(
                f"The query uses {shape.aliases} aliases; the maximum is {limits.max_aliases}. "
                "Split it into several requests.",
                limit="aliases",
                value=shape.aliases,
                maximum=limits.max_aliases,
            )
        )
    times, name = shape.repeats
    if times > MAX_REPEATS:
        errors.append(
            LimitExceeded(
                f"The query selects `{name}` {times:,} times in one selection set; the "
                f"maximum is {MAX_REPEATS}. A field or fragment selected several times is "
                "answered once: select it once.",
                limit="repeats",
                value=times,
                maximum=MAX_REPEATS,
            )
        )
    if shape.nesting > MAX_NESTING:
        errors.append(
            LimitExceeded(
                f"The query nests selections (fields, inline fragments, fragments spread "
                f"in fragments) more than {MAX_NESTING} levels deep, the maximum. Spread "
                "fewer fragments inside each other.",
                limit="nesting",
                value=None,
                maximum=MAX_NESTING,
            )
        )
    allowed = "once" if limits.max_list_nesting == 1 else f"{limits.max_list_nesting} times"
    for coordinate, recurrence in shape.recurrences.items():
        if recurrence.times > limits.max_list_nesting:
            field = coordinate.split(".")[-1]
            errors.append(
                LimitExceeded(
                    f"Recursive query: the list {coordinate} is selected inside itself "
                    f"({'.'.join(recurrence.path)}, {recurrence.times} levels of `{field}`); "
                    f"a list field may appear {allowed} on a path. Each level repeats "
                    f"answers already given at a multiplied cost: select `{field}` "
                    "once, and ask about the genes it returns in a further request.",
                    limit="listNesting",
                    value=recurrence.times,
                    maximum=limits.max_list_nesting,
                )
            )
    return errors


def shape_rule(limits: Limits, shapes: ShapeCache) -> type[ValidationRule]:
    """A validation rule refusing operations too deep, too aliased or recursive."""

    class QueryShapeRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.errors = [
                error
                for operation in shapes.operations(context.schema, context.document).values()
                for error in shape_errors(operation.shape, limits)
            ]

        def enter_document(self, *args: object) -> None:
            # Validation stops here, before the other rules walk the document: some of
            # them cost its size squared (docs/reliability.md, "Hostile queries").
            if self.errors:
                *others, last = self.errors
                for error in others:
                    self.report_error(error)
                raise ValidationStopped(last.message, extensions=last.extensions)

    return QueryShapeRule


class ValidationStopped(ValidationAbortedError):
    """A limit's error that ends validation (graphql-core reports it as the last error)."""


class CostLimit(SchemaExtension):
    """Refuses an operation whose cost, with this request's variables, is over the
    maximum; it runs after validation, before any resolver."""

    def __init__(self, limits: Limits, shapes: ShapeCache) -> None:
        super().__init__()
        self.limits = limits
        self.shapes = shapes

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            shapes = self.shapes.operations(context.schema._schema, document)
            operation = shapes.get(context.operation_name)
            cost = 0 if operation is None else operation.cost(context.variables)
            if cost > self.limits.max_cost:
                context.result = ExecutionResult(data=None, errors=[self.refusal(cost)])
        yield

    def refusal(self, cost: int) -> LimitExceeded:
        weights = ", ".join(f"{name} {weight}" for name, weight in LIST_WEIGHTS.items())
        return LimitExceeded(
            f"The query's estimated cost is {count(cost)}; the maximum is "
            f"{count(self.limits.max_cost)}. Each field costs 1, and a list multiplies the "
            "cost of what it selects by its `first` argument, by its number of ids, "
            f"symbols or entity representations, or by its expected length ({weights}, other lists "
            f"{DEFAULT_LIST_WEIGHT}). Ask for fewer fields or smaller pages, or split the "
            "query into several requests.",
            limit="cost",
            value=cost,
            maximum=self.limits.max_cost,
        )


# One GraphQL token (graphql-core's lexer, which also counts comments towards max_tokens):
# a comment (group 1, so that findall returns it non-empty), a block string, a string, a
# spread, a number, a name, a punctuator. What matches none (white space, commas) is
# skipped. On a document the lexer reads whole, the matches are its tokens.
_TOKEN = re.compile(
    r"(#[^\n\r]*)"
    r'|"""(?:\\"""|[^"]|"(?!""))*"""'
    r'|"(?:\\.|[^"\\\n\r])*"'
    r"|\.\.\."
    r"|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
    r"|[_A-Za-z][_0-9A-Za-z]*"
    r"|[!$&()*:=@\[\]{|}]"
)


def token_count(document: str) -> int:
    """The tokens of ``document`` as graphql-core's parser counts them for ``max_tokens``
    (comments included), in about a twentieth of the time its lexer takes: the regular
    expression runs in C. Exact for a document that lexes; for one that does not, parsing
    refuses it anyway."""
    return len(_TOKEN.findall(document))


class DocumentLimits(SchemaExtension):
    """The document's size, checked before parsing, and the token limit's error, made
    one a client can act on. ``MaxTokensLimiter`` sets the token limit itself."""

    def __init__(self, limits: Limits) -> None:
        super().__init__()
        self.limits = limits

    def on_operation(self) -> Iterator[None]:
        query = self.execution_context.query
        if query is not None and len(query) > self.limits.max_document_size:
            raise LimitExceeded(
                f"The query document is {count(len(query))} characters long; the maximum is "
                f"{count(self.limits.max_document_size)}. Send a shorter document: pass long "
                "lists as variables, leave out comments and unused fragments.",
                limit="documentSize",
                value=len(query),
                maximum=self.limits.max_document_size,
            )
        # Refused before parsing: a document near the limit costs about 100 ms of Python
        # parsing (docs/reliability.md, "Normal p99 under hostile traffic"). Every token is
        # at least one character, so a document no longer than the limit is not counted
        # (the card's count, 7 us, on every request).
        if (
            query is not None
            and len(query) > self.limits.max_tokens
            and token_count(query) > self.limits.max_tokens
        ):
            raise self.too_many_tokens()
        try:
            yield
        except GraphQLSyntaxError as error:
            if f"more than {self.limits.max_tokens} tokens" not in error.message:
                raise
            raise self.too_many_tokens() from error

    def too_many_tokens(self) -> LimitExceeded:
        return LimitExceeded(
            f"The query document has more than {count(self.limits.max_tokens)} tokens "
            "(names, punctuation, values, comments), the maximum. Send a shorter document: "
            "pass long lists as variables, or split the query into several requests.",
            limit="tokens",
            value=None,
            maximum=self.limits.max_tokens,
        )


DOCUMENT_CPU: ContextVar[list[float] | None] = ContextVar("genegraph_document_cpu", default=None)
"""Where the request being served notes the CPU seconds that parsing and validating its
document took, when the server asks (genegraph.client_budget charges them)."""
cpu_clock = time.thread_time


class DocumentCpu(SchemaExtension):
    """Notes the CPU time of parsing and validation in ``DOCUMENT_CPU``: the part of a
    request that no limit can cut short, and that blocks the worker while it runs."""

    def on_parse(self) -> Iterator[None]:
        yield from _timed()

    def on_validate(self) -> Iterator[None]:
        yield from _timed()


def _timed() -> Iterator[None]:
    tally = DOCUMENT_CPU.get()
    if tally is None:
        yield
        return
    started = cpu_clock()
    try:
        yield
    finally:
        tally.append(cpu_clock() - started)


class Timeout(SchemaExtension):
    """Cancels an operation that runs longer than the timeout. A sync generator, not
    ``asyncio.timeout``, so the schema's ``execute_sync`` still works (without one)."""

    def __init__(self, limits: Limits) -> None:
        super().__init__()
        self.limits = limits

    def on_execute(self) -> Iterator[None]:
        try:
            task = asyncio.current_task()
        except RuntimeError:  # no event loop: execute_sync, nothing can be interrupted
            task = None
        if task is None:
            yield
            return
        expired = False

        def expire() -> None:
            nonlocal expired
            expired = True
            task.cancel()

        timer = asyncio.get_running_loop().call_later(self.limits.timeout_seconds, expire)
        try:
            yield
        except asyncio.CancelledError:
            if not expired:
                raise
            task.uncancel()
            raise LimitExceeded(
                f"The query ran longer than {count(self.limits.timeout_seconds)} s, the "
                "time limit, and was stopped. Ask for less: fewer genes or smaller pages, "
                "fewer nested lists, or split the query into several requests.",
                limit="timeout",
                value=None,
                maximum=self.limits.timeout_seconds,
                code=TIMEOUT,
            ) from None
        finally:
            timer.cancel()


def limit_extensions(limits: Limits, *, introspection: bool = True) -> list[ExtensionFactory]:
    """The extensions that enforce ``limits``, as factories for ``strawberry.Schema``.

    The validation rule is one class made here, once, so that the tuple of rules the
    ``ValidationCache`` is keyed by stays the same from request to request."""
    shapes = ShapeCache()
    rules: list[type[ValidationRule]] = [shape_rule(limits, shapes)]
    factories: list[ExtensionFactory] = [
        DocumentCpu,  # first, so that its hooks wrap the other extensions' parsing
        lambda: DocumentLimits(limits),
        lambda: MaxTokensLimiter(limits.max_tokens),
        lambda: AddValidationRules(list(rules)),
        lambda: CostLimit(limits, shapes),
        lambda: Timeout(limits),
    ]
    if not introspection:
        factories.append(DisableIntrospection)
    return factories
