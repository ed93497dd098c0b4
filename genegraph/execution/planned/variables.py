"""A request's variables coerced for the planned lane: graphql-core's
``get_variable_values``, with a shortcut for the usual case. When every variable the
operation defines is sent, is of a built-in scalar type (``ID``, ``String``, ``Int``,
``Boolean``) or a list of one, and holds a value of exactly the Python type that scalar
answers unchanged (a ``str`` for ``ID`` and ``String``, an ``int`` in 32 bits, a
``bool``; a ``list`` for a list; ``None`` where the type admits it), the coerced values
are the values sent, and the shortcut builds the same ``VariableValues`` without walking
them through graphql-core's coercion; anything else (a default, an ``int`` for an
``ID``, an enum, an input object, a value to refuse) goes to graphql-core.
Why: graphql-core's coercion of the batch's 100 GeneIDs cost about 0.14 ms of CPU per
request, a tenth of the batch's server CPU (BENCHMARKS.md, "The batch and the card:
server CPU per request").
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLError,
    GraphQLID,
    GraphQLInputType,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    GraphQLString,
    VariableDefinitionNode,
    get_variable_values,
)
from graphql.execution.get_variable_signature import (
    GraphQLVariableSignature,
    get_variable_signature,
)
from graphql.execution.values import VariableValues, VariableValuesOrErrors, VariableValueSource

from genegraph.execution.caches.identity import IdentityCache

CACHE_SIZE = 1024
INT_MIN, INT_MAX = -(2**31), 2**31 - 1

# Whether a value is one its type's coercion answers unchanged.
Check = Callable[[Any], bool]


def _is_str(value: Any) -> bool:
    return type(value) is str


def _is_int(value: Any) -> bool:
    return type(value) is int and INT_MIN <= value <= INT_MAX


def _is_bool(value: Any) -> bool:
    return type(value) is bool


_STR_ONLY = frozenset({str})
# By identity: a scalar of the same name with other rules must not take the shortcut.
_SCALARS: dict[object, Check] = {
    GraphQLID: _is_str,
    GraphQLString: _is_str,
    GraphQLInt: _is_int,
    GraphQLBoolean: _is_bool,
}


def _check(type_: GraphQLInputType) -> Check | None:
    """A check of values the shortcut may take for ``type_``; None when it takes none."""
    if isinstance(type_, GraphQLNonNull):
        inner = _check(type_.of_type)
        if inner is None:
            return None
        return lambda value: value is not None and inner(value)
    if isinstance(type_, GraphQLList):
        of = type_.of_type
        if isinstance(of, GraphQLNonNull) and _SCALARS.get(of.of_type) is _is_str:
            # The batch's [ID!]: its items' types in one pass, without a call per item
            # (a generator's step per item was 10 K instructions for 100 GeneIDs).
            return lambda value: (
                value is None or (type(value) is list and {*map(type, value)} <= _STR_ONLY)
            )
        item = _check(of)
        if item is None:
            return None
        # A list, item by item; not a single value, which graphql-core wraps in a list.
        return lambda value: value is None or (type(value) is list and all(item(v) for v in value))
    scalar = _SCALARS.get(type_)
    if scalar is None:
        return None
    return lambda value: value is None or scalar(value)


class _Shortcut:
    """An operation's variables' signatures and checks; ``usable`` False when one of
    them is not the shortcut's (a default value, a type it does not take)."""

    def __init__(
        self, schema: GraphQLSchema, definitions: Collection[VariableDefinitionNode]
    ) -> None:
        self.entries: list[tuple[str, GraphQLVariableSignature, Check, bool]] = []
        self.usable = True
        for node in definitions:
            signature = get_variable_signature(schema, node)
            if isinstance(signature, GraphQLError) or node.default_value is not None:
                self.usable = False
                return
            check = _check(signature.type)
            if check is None:
                self.usable = False
                return
            self.entries.append((signature.name, signature, check, _is_list(signature.type)))

    def coerce(self, inputs: dict[str, Any]) -> VariableValues | None:
        sources: dict[str, VariableValueSource] = {}
        coerced: dict[str, Any] = {}
        for name, signature, check, is_list in self.entries:
            if name not in inputs:
                return None  # omitted: graphql-core's rules (omitted, or an error)
            value = inputs[name]
            if not check(value):
                return None
            sources[name] = VariableValueSource(signature, value)
            # graphql-core answers a list with a new list of its items.
            coerced[name] = value[:] if is_list and value is not None else value
        return VariableValues(sources, coerced)


def _is_list(type_: GraphQLInputType) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


_shortcuts: IdentityCache[_Shortcut] = IdentityCache(CACHE_SIZE)


def coerce_variables(
    schema: GraphQLSchema,
    definitions: Collection[VariableDefinitionNode],
    inputs: dict[str, Any],
) -> VariableValuesOrErrors:
    """As ``get_variable_values(schema, definitions, inputs)`` (see the module)."""
    shortcut = _shortcuts.get((schema, definitions), None, lambda: _Shortcut(schema, definitions))
    if shortcut.usable:
        found = shortcut.coerce(inputs)
        if found is not None:
            return found
    return get_variable_values(schema, definitions, inputs)
