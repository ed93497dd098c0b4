"""The planned lane's coercion of variables (genegraph/execution/planned/variables.py)
answers what graphql-core's ``get_variable_values`` answers, for hypothesis-drawn
variable types and JSON values, and takes its shortcut for the usual ones."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLSchema, OperationDefinitionNode, get_variable_values, parse
from graphql.execution.values import VariableValues
from hypothesis import given, settings
from hypothesis import strategies as st

from genegraph.execution.internals import graphql_schema
from genegraph.execution.planned import variables
from genegraph.execution.planned.variables import coerce_variables
from genegraph.schema.root import build_schema
from tests.helpers.planned import LIMITS

SCHEMA: GraphQLSchema = graphql_schema(build_schema(LIMITS, introspection=False))

# The shortcut's scalars, often; others (graphql-core's), now and then.
NAMED = ["ID", "String", "Int", "Boolean"] * 3 + ["Float", "GOCategory"]
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
    st.sampled_from(["BIOLOGICAL_PROCESS", "NCBIGene:3558", "7", ""]),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner),
    max_leaves=6,
)


def _near(type_text: str) -> st.SearchStrategy[Any]:
    """Values for a variable of this type: mostly of its shape, the scalars any JSON
    scalar, now and then any JSON value at all."""
    if type_text.endswith("!"):
        type_text = type_text[:-1]
    if type_text.startswith("["):
        items = st.lists(_near(type_text[1:-1]), max_size=3)
        return st.one_of(items, items, st.none(), json_values)
    return st.one_of(json_scalars, json_values)


@st.composite
def variable_types(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(NAMED))
    for _ in range(draw(st.integers(0, 2))):
        if draw(st.booleans()):
            text += "!"
        text = f"[{text}]"
    return text + ("!" if draw(st.booleans()) else "")


def _operation(types: list[str], defaults: list[bool]) -> OperationDefinitionNode:
    definitions = ", ".join(
        f"$v{i}: {t}" + (" = null" if default and not t.endswith("!") else "")
        for i, (t, default) in enumerate(zip(types, defaults, strict=True))
    )
    document = parse(f"query Q({definitions}) {{ __typename }}")
    operation = document.definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    return operation


def _comparable(found: Any) -> Any:
    """Errors by message; values with each source's signature by name, type and default
    (graphql-core builds new type wrappers each time, equal only by what they print)."""
    if isinstance(found, list):
        return [error.message for error in found]
    assert isinstance(found, VariableValues)
    sources = {
        name: (s.signature.name, str(s.signature.type), s.signature.default_value, s.value)
        for name, s in found.sources.items()
    }
    return sources, found.coerced


@settings(max_examples=1000, deadline=None)
@given(
    types=st.lists(variable_types(), min_size=1, max_size=3),
    data=st.data(),
)
def test_coercion_is_graphql_cores(types: list[str], data: st.DataObject) -> None:
    defaults = [data.draw(st.integers(0, 9)) == 0 for _ in types]
    operation = _operation(types, defaults)
    inputs = {
        f"v{i}": data.draw(_near(t)) for i, t in enumerate(types) if data.draw(st.integers(0, 9))
    }
    if data.draw(st.booleans()):
        inputs["x"] = data.draw(json_values)  # not defined: ignored
    definitions = operation.variable_definitions or ()
    expected = get_variable_values(SCHEMA, definitions, inputs)
    assert _comparable(coerce_variables(SCHEMA, definitions, inputs)) == _comparable(expected)


def test_the_batch_and_the_card_take_the_shortcut(monkeypatch: Any) -> None:
    def refused(*_: object) -> None:
        raise AssertionError("graphql-core's coercion was called")

    monkeypatch.setattr(variables, "get_variable_values", refused)
    operation = _operation(["[ID!]!", "ID!", "Int", "[String]", "Boolean!"], [False] * 5)
    inputs = {
        "v0": ["NCBIGene:3558", "NCBIGene:7157"],
        "v1": "NCBIGene:3558",
        "v2": 9606,
        "v3": ["a", None],
        "v4": True,
    }
    found = coerce_variables(SCHEMA, operation.variable_definitions or (), inputs)
    assert isinstance(found, VariableValues)
    assert found.coerced == inputs
    assert {n: str(s.signature.type) for n, s in found.sources.items()} == {
        "v0": "[ID!]!",
        "v1": "ID!",
        "v2": "Int",
        "v3": "[String]",
        "v4": "Boolean!",
    }
