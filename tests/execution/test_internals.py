"""What genegraph/execution/internals.py relies on in Strawberry and graphql-core, checked
against the installed versions: an upgrade that renames, moves or re-signs one of these
fails here, naming it, rather than in a request."""

from __future__ import annotations

import enum
import inspect
from importlib.metadata import version

import pytest
import strawberry
from graphql import GraphQLError, GraphQLSyntaxError, parse, validate
from graphql.validation import ValidationRule
from strawberry.asgi import GraphQL
from strawberry.extensions import MaxTokensLimiter, SchemaExtension
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
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types import ExecutionContext
from strawberry.utils.logging import StrawberryLogger

from genegraph.execution import internals
from genegraph.schema.root import schema

PINNED = {"strawberry-graphql": "0.341.", "graphql-core": "3.3."}


def _parameters(function: object) -> list[str]:
    return list(inspect.signature(function).parameters)  # type: ignore[arg-type]


@pytest.mark.parametrize("package", sorted(PINNED))
def test_the_pinned_versions_are_installed(package: str) -> None:
    # Upgrading either: check every test below, then move the pin.
    assert version(package).startswith(PINNED[package])


def test_names_and_schema() -> None:
    assert internals.graphql_name("summary_provenance") == "summaryProvenance"
    assert internals.graphql_schema(schema).query_type is not None
    assert _parameters(internals.validate_document) == ["schema", "document", "validation_rules"]


def test_a_validation_stopped_error_ends_validation() -> None:
    class Stop(ValidationRule):
        def enter_document(self, *args: object) -> None:
            raise internals.ValidationStopped("stop")

    class After(ValidationRule):
        def enter_document(self, *args: object) -> None:
            self.report_error(GraphQLError("after"))

    errors = validate(internals.graphql_schema(schema), parse("{ __typename }"), [Stop, After])
    assert [e.message for e in errors] == ["stop"]


def test_the_extension_runner_parts() -> None:
    assert _parameters(SchemaExtensionsRunner.__init__) == [
        "self",
        "execution_context",
        "extensions",
    ]
    for step in ("operation", "validation", "parsing", "executing", "get_extensions_results"):
        assert callable(getattr(SchemaExtensionsRunner, step)), step
    hook_names = {
        OperationContextManager: "on_operation",
        ParsingContextManager: "on_parse",
        ValidationContextManager: "on_validate",
        ExecutingContextManager: "on_execute",
    }
    for manager, name in hook_names.items():
        assert name == manager.HOOK_NAME
        assert issubclass(manager, ExtensionContextManagerBase)
    assert _parameters(ExtensionContextManagerBase.from_callable) == ["extension", "func"]
    assert WrappedHook._fields == ("extension", "hook", "is_async")
    assert _parameters(FederationSchema.create_extensions_runner) == [
        "self",
        "execution_context",
        "extensions",
    ]
    assert _parameters(FederationSchema.process_errors) == ["self", "errors", "execution_context"]


def test_the_cached_runner_runs_hooks_as_strawberrys_does() -> None:
    calls: list[str] = []

    class Watch(SchemaExtension):
        def on_operation(self):  # type: ignore[no-untyped-def]
            calls.append("operation")
            yield

        def on_execute(self) -> None:  # type: ignore[override]  # a plain hook
            calls.append("execute")

    @strawberry.type
    class Query:
        @strawberry.field
        def answer(self) -> int:
            return 42

    for kind in (FederationSchema, internals.CachedHooksSchema):
        calls.clear()
        built = kind(query=Query, extensions=[Watch])
        assert built.execute_sync("{ answer }").data == {"answer": 42}
        assert calls == ["operation", "execute"], kind


def test_the_execution_context_hooks() -> None:
    context = StrawberryGraphQLCoreExecutionContext
    assert _parameters(context.execute_operation) == ["self", "serially"]
    assert _parameters(context.build_response) == ["self", "data"]
    built = context.build(internals.graphql_schema(schema), parse("{ __typename }"))
    assert isinstance(built, context)
    for attribute in (
        "schema",
        "operation",
        "fragment_definitions",
        "context_value",
        "variable_values",
        "abort_signal",
        "middleware_manager",
        "is_awaitable",
    ):
        assert hasattr(built, attribute), attribute


def test_the_provided_operation_name() -> None:
    def context(name: str | None) -> ExecutionContext:
        query = "query A { __typename }"
        return ExecutionContext(query, schema, (), provided_operation_name=name)

    assert internals.provided_operation_name(context("A")) == "A"
    # Strawberry's own property names the document's operation; the request sent none.
    unnamed = context(None)
    unnamed.graphql_document = parse(unnamed.query or "")
    assert (unnamed.operation_name, internals.provided_operation_name(unnamed)) == ("A", None)


def test_the_token_limit_message() -> None:
    # DocumentLimits recognizes the parser's refusal by its text.
    with pytest.raises(GraphQLSyntaxError, match="more than 3 tokens"):
        parse("{ a b c d }", max_tokens=3)
    assert _parameters(MaxTokensLimiter.__init__) == ["self", "max_token_count"]


def test_the_federation_any_scalar_and_the_error_logger() -> None:
    assert internals.FederationAny is not None
    assert _parameters(StrawberryLogger.error) == [
        "error",
        "execution_context",
        "logger_kwargs",
    ]


def test_the_federation_key_directive() -> None:
    """Entity types carry ``@key`` as the exported SDL has it (schema/schema.graphql)."""
    key = internals.federation_key("id")
    assert (key.fields, key.resolvable) == ("id", True)
    sdl = schema.as_str()
    for entity in ("Gene", "GOTerm"):
        key_sdl = f'type {entity} implements Node @key(fields: "id", resolvable: true) {{'
        assert key_sdl in sdl, entity


def test_the_view_methods_genegraph_overrides() -> None:
    """genegraph.server.view.GraphQLView overrides these methods of Strawberry's view,
    some of them not documented (``execute_single``, ``get_sub_response``,
    ``create_response``, ``should_render_graphql_ide``, ``parse_json``), the planned
    lane reads a GET's query string with ``parse_query_params``, and the view reads a
    request through ``BaseRequestProtocol``."""
    assert {
        name: _parameters(getattr(GraphQL, name))
        for name in (
            "run",
            "execute_single",
            "get_context",
            "get_sub_response",
            "process_result",
            "create_response",
            "should_render_graphql_ide",
            "parse_json",
            "parse_query_params",
            "encode_json",
            "decode_json",
            "render_graphql_ide",
        )
    } == {
        "run": ["self", "request", "context", "root_value"],
        "execute_single": [
            "self",
            "request",
            "request_adapter",
            "sub_response",
            "context",
            "root_value",
            "request_data",
        ],
        "get_context": ["self", "request", "response"],
        "get_sub_response": ["self", "request"],
        "process_result": ["self", "request", "result"],
        "create_response": ["self", "response_data", "sub_response"],
        "should_render_graphql_ide": ["self", "request"],
        "parse_json": ["self", "data"],
        "parse_query_params": ["self", "params"],
        "encode_json": ["self", "data"],
        "decode_json": ["self", "data"],
        "render_graphql_ide": ["self", "request"],
    }
    assert {"headers", "method", "query_params"} <= set(dir(internals.BaseRequestProtocol))


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


def test_described_enum_describes_each_value_and_refuses_a_missing_one() -> None:
    with pytest.raises(ValueError, match="BLUE"):
        internals.described_enum(Color, name="Color", description="A color.", values={})

    internals.described_enum(
        Color, name="Color", description="A color.", values={Color.RED: "Red.", Color.BLUE: "Blue."}
    )

    @strawberry.type(description="Q.")
    class Query:
        color: Color = strawberry.field(description="C.", default=Color.RED)

    values = strawberry.Schema(query=Query)._schema.type_map["Color"].values  # type: ignore[attr-defined]
    assert {name: value.description for name, value in values.items()} == {
        "RED": "Red.",
        "BLUE": "Blue.",
    }
    assert Color("red") is Color.RED  # the values stay plain
