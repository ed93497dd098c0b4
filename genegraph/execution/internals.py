"""Every use of Strawberry's and graphql-core's internals, in this one module: subclasses
of their classes and names that are not their public API. genegraph pins
strawberry-graphql 0.341.x and graphql-core 3.3.x; tests/execution/test_internals.py checks each
signature and attribute relied on here, so an upgrade that changes one fails there, not
in production. ARCHITECTURE.md, "Internals", says why each is used.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from graphql import (
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
)
from graphql.validation.validate import ValidationAbortedError
from strawberry import Schema
from strawberry import enum as strawberry_enum
from strawberry.extensions import SchemaExtension
from strawberry.extensions.context import (
    ExecutingContextManager,
    ExtensionContextManagerBase,
    OperationContextManager,
    ParsingContextManager,
    ValidationContextManager,
    WrappedHook,
)
from strawberry.extensions.runner import SchemaExtensionsRunner
from strawberry.federation import Schema as FederationSchema
from strawberry.federation.schema import FederationAny
from strawberry.federation.schema_directives import Key
from strawberry.federation.types import FieldSet
from strawberry.http.base import BaseRequestProtocol
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext, validate_document
from strawberry.types import ExecutionContext
from strawberry.utils.await_maybe import await_maybe
from strawberry.utils.logging import StrawberryLogger
from strawberry.utils.str_converters import to_camel_case

__all__ = [
    "BaseRequestProtocol",
    "CachedHooksSchema",
    "FederationAny",
    "ValidationStopped",
    "described_enum",
    "federation_key",
    "graphql_name",
    "graphql_schema",
    "log_error",
    "planned_execution_context",
    "provided_operation_name",
    "validate_document",
]


def graphql_name(attribute: str) -> str:
    """The GraphQL name Strawberry gives a type's attribute (auto camel case)."""
    return to_camel_case(attribute)


def graphql_schema(schema: Schema) -> GraphQLSchema:
    """The graphql-core schema a Strawberry schema built (``Schema._schema``)."""
    return schema._schema


E = TypeVar("E", bound=enum.Enum)


def described_enum(
    cls: type[E], *, name: str, description: str, values: Mapping[E, str]
) -> type[E]:
    """``strawberry.enum(cls, ...)`` with a description for each value. Strawberry takes
    value descriptions only from members defined as ``strawberry.enum_value(...)``, which
    the storage and resolver enums registered here cannot be (their values are stored
    and compared as plain strings), so they are set on the definition it made
    (``__strawberry_definition__.values``)."""
    missing = [member.name for member in cls if member not in values]
    if missing:
        raise ValueError(f"{name}: no description for {', '.join(missing)}")
    strawberry_enum(cls, name=name, description=description)
    definition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    by_value = {member.value: text for member, text in values.items()}
    definition.values = [
        dataclasses.replace(value, description=by_value[value.value]) for value in definition.values
    ]
    return cls


def federation_key(fields: str) -> Key:
    """The federation ``@key`` directive of an entity type, as the exported SDL has it
    (``resolvable: true`` included, which ``strawberry.federation.type(keys=...)`` leaves
    out)."""
    return Key(fields=FieldSet(fields))


class ValidationStopped(ValidationAbortedError):
    """An error that ends validation: raised by a rule, graphql-core reports it as the last
    error and runs no further rule (``ValidationAbortedError`` is not exported)."""


def provided_operation_name(execution_context: ExecutionContext) -> str | None:
    """The operation name the request sent (``operationName``), not the one Strawberry
    finds in the document when it sent none (``ExecutionContext._provided_operation_name``)."""
    name: str | None = execution_context._provided_operation_name
    return name


def log_error(error: GraphQLError, execution_context: ExecutionContext | None) -> None:
    """Logs an error with its traceback, as Strawberry's ``process_errors`` does."""
    StrawberryLogger.error(error, execution_context)


# Strawberry's extension runner, with each extension class's hooks looked up once.
#
# For each of a request's four steps Strawberry's runner asks every extension whether it
# has a hook, inspects it and wraps it in a new ``contextlib.contextmanager``: forty
# look-ups and wraps a request, about a fifth of Strawberry's CPU outside execution.
# Here the answer per (class, step) is kept; entering and leaving the hooks is
# Strawberry's own code (``ExtensionContextManagerBase``), in the same order.

# Makes an extension's context manager for one step, given the extension.
HookFactory = Callable[[SchemaExtension], Any]
Resolved = tuple[HookFactory, bool] | None  # (factory, is async), or None: no hook
_resolved: dict[tuple[type[SchemaExtension], str], Resolved] = {}


def resolve_hook(kind: type[SchemaExtension], name: str) -> Resolved:
    """The factory of ``kind``'s hook ``name``, told apart as Strawberry's ``get_hook``
    does; None when ``kind`` keeps the default (no hook)."""
    hook: Any = getattr(kind, name)
    if hook is getattr(SchemaExtension, name):
        return None
    if inspect.isgeneratorfunction(hook):
        return contextlib.contextmanager(hook), False
    if inspect.isasyncgenfunction(hook):
        return contextlib.asynccontextmanager(hook), True
    if not callable(hook):
        raise ValueError(f"Hook {name} on {kind} must be callable, received {hook!r}")

    def from_callable(extension: SchemaExtension) -> Any:
        # A plain or async function: Strawberry's own wrapping, per extension.
        return ExtensionContextManagerBase.from_callable(extension, hook).hook()

    return from_callable, inspect.iscoroutinefunction(hook)


class _CachedHooks(ExtensionContextManagerBase):
    """A step's hooks for one request, made from the factories resolved once."""

    def __init__(self, extensions: list[SchemaExtension]) -> None:
        self.hooks = []
        name = self.HOOK_NAME
        for extension in extensions:
            key = (type(extension), name)
            try:
                resolved = _resolved[key]
            except KeyError:
                resolved = _resolved[key] = resolve_hook(type(extension), name)
            if resolved is not None:
                factory, is_async = resolved
                hook = functools.partial(factory, extension)
                self.hooks.append(WrappedHook(extension, hook, is_async))


class _Operation(_CachedHooks, OperationContextManager):
    pass


class _Parsing(_CachedHooks, ParsingContextManager):
    pass


class _Validation(_CachedHooks, ValidationContextManager):
    pass


class _Executing(_CachedHooks, ExecutingContextManager):
    pass


class CachedHooksRunner(SchemaExtensionsRunner):
    """``SchemaExtensionsRunner`` whose steps use the hooks resolved once per class."""

    def operation(self) -> OperationContextManager:
        return _Operation(self.extensions)

    def validation(self) -> ValidationContextManager:
        return _Validation(self.extensions)

    def parsing(self) -> ParsingContextManager:
        return _Parsing(self.extensions)

    def executing(self) -> ExecutingContextManager:
        return _Executing(self.extensions)

    async def get_extensions_results(self, ctx: ExecutionContext) -> dict[str, Any]:
        # As Strawberry's, skipping the extensions that keep the default (no results).
        data: dict[str, Any] = {}
        for extension in self.extensions:
            if type(extension).get_results is not SchemaExtension.get_results:
                data.update(await await_maybe(extension.get_results()))
        data.update(ctx.extensions_results)
        return data


class CachedHooksSchema(FederationSchema):
    """The federation schema, running extensions with ``CachedHooksRunner``."""

    def create_extensions_runner(
        self, execution_context: ExecutionContext, extensions: list[SchemaExtension]
    ) -> SchemaExtensionsRunner:
        return CachedHooksRunner(execution_context, extensions)


# Planned execution: graphql-core's executor, with a hook where it executes the chosen
# operation (after Strawberry's parsing, validation and the limits, inside the time limit
# and the observers).
PlannedRun = Callable[[Any], Awaitable[dict[str, Any]]]
"""Answers the operation's data from the request's variable values."""
Planner = Callable[
    [GraphQLSchema, OperationDefinitionNode, dict[str, FragmentDefinitionNode], Any],
    PlannedRun | None,
]
"""(schema, operation, fragments, context value) -> the operation's planned run, or None
when the general executor answers it."""
Fallback = Callable[[str, BaseException], None]
"""Told (reason, exception) when a planned run failed and the general executor answers."""


def planned_execution_context(
    planner: Planner, fallback: Fallback
) -> type[StrawberryGraphQLCoreExecutionContext]:
    """Strawberry's execution context class, answering an operation by ``planner``'s run
    when there is one; by the general executor otherwise, under an abort signal or field
    middleware, and when the run raises (which then reports errors its own way)."""

    class PlannedExecutionContext(StrawberryGraphQLCoreExecutionContext):
        def execute_operation(self, serially: bool | None = None) -> Any:
            if self.abort_signal is not None or (
                self.middleware_manager is not None and self.middleware_manager.middlewares
            ):
                return super().execute_operation(serially)
            run = planner(
                self.schema, self.operation, self.fragment_definitions, self.context_value
            )
            if run is None:
                return super().execute_operation(serially)
            return self._execute_planned(run, serially)

        async def _execute_planned(self, run: PlannedRun, serially: bool | None) -> Any:
            try:
                data = await run(self.variable_values)
            except Exception as error:
                fallback("error", error)
                result = super().execute_operation(serially)
                return await result if self.is_awaitable(result) else result
            return self.build_response(data)

    return PlannedExecutionContext
