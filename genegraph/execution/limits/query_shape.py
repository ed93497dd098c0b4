"""The shape of an operation, measured from its document before anything runs: depth,
aliases, how often a list field recurs inside itself, and a cost plan that the request's
variables complete (``CostPlan.evaluate``). How cost is counted: README, "Limits";
why a plan: ARCHITECTURE.md, section 4 (Limits).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    NullValueNode,
    OperationDefinitionNode,
    SchemaMetaFieldDef,
    SelectionSetNode,
    TypeMetaFieldDef,
    TypeNameMetaFieldDef,
    VariableNode,
    get_named_type,
    introspection_from_schema,
    value_from_ast_untyped,
)

from genegraph.execution.caches.identity import IdentityCache

# Expected lengths of lists that take no `first`, from the real-data kit (human genes in
# gene2go: 14.5 distinct terms on average, 74 at the 99th percentile; orthologs in
# gene_orthologs: 8.3 on average).
LIST_WEIGHTS: Mapping[str, int] = {
    "Gene.goTerms": 50,
    "Gene.annotations": 50,
    "Gene.orthologs": 10,
}
DEFAULT_LIST_WEIGHT = 10
# A paged field without `first` returns its argument's default, else this many items.
DEFAULT_PAGE_SIZE = 50
# Selection sets nested in each other: fields, inline fragments and fragments spread in
# fragments. Fields are limited to Limits.max_depth; fragments add no field, and a chain
# of 600 fragments each spreading the next (4,800 tokens) overflowed Python's stack in
# this walk. The walk stops beyond this and the operation is refused (shape_rule).
MAX_NESTING = 100
# How often one selection set may name the same field (by response name) or spread the
# same fragment. Repeats are merged into one answer, so a client gains nothing from them,
# but graphql-core's OverlappingFieldsCanBeMerged compares them pairwise: 4,980 `id` in
# one selection set (15 KB, under every other limit) took 390 ms of CPU to refuse.
MAX_REPEATS = 20
PAGE_ARGUMENTS = ("first", "last")
# Arguments listing the items a batch field returns, one per entry; federation's
# `_entities` answers one entity per representation, so a gateway's long list costs its length.
BATCH_ARGUMENTS = ("ids", "symbols", "representations")
# A connection's `edges` and `nodes` are the page its field's `first` already counted.
CONNECTION_LISTS = ("edges", "nodes")
INTROSPECTION_ROOTS = ("__schema", "__type")

META_FIELDS: Mapping[str, GraphQLField] = {
    "__schema": SchemaMetaFieldDef,
    "__type": TypeMetaFieldDef,
    "__typename": TypeNameMetaFieldDef,
}

Path = tuple[str, ...]
Variables = Mapping[str, Any]


@dataclass(frozen=True)
class ListSize:
    """A list's length that the request's variables decide, read per request."""

    page: int | str | None
    """`first`/`last`: a literal, a variable's name, or absent."""
    page_default: int
    batch: tuple[int | str, ...] | None
    """Per batch argument: a literal list's length, or a variable's name."""
    weight: int

    def evaluate(self, variables: Variables) -> int:
        size: int | None = None
        if self.batch is not None:
            size = sum(_length(part, variables) for part in self.batch)
        if self.page is not None:
            page = _whole(self.page, variables, self.page_default)
            size = page if size is None else min(size, page)
        return self.weight if size is None else size


def _whole(value: int | str, variables: Variables, fallback: int) -> int:
    if isinstance(value, int):
        return value
    given = variables.get(value)
    # A variable of the wrong type fails coercion when the operation runs; until then
    # it counts as the default.
    return max(given, 0) if isinstance(given, int) and not isinstance(given, bool) else fallback


def _length(value: int | str, variables: Variables) -> int:
    if isinstance(value, int):
        return value
    given = variables.get(value)
    if isinstance(given, list):
        return len(given)
    return 0 if given is None else 1  # GraphQL coerces a single value to a list of one


@dataclass(frozen=True)
class CostPlan:
    """fixed + the sum of scale * size * plan over its terms, once variables are known."""

    fixed: int
    terms: tuple[tuple[int, ListSize | None, Cost], ...]

    def evaluate(self, variables: Variables) -> int:
        return self._evaluate(variables, {})

    def _evaluate(self, variables: Variables, seen: dict[int, int]) -> int:
        # Plans of fragments are shared, so each is evaluated once per request.
        if id(self) in seen:
            return seen[id(self)]
        total = self.fixed
        for scale, size, plan in self.terms:
            length = 1 if size is None else size.evaluate(variables)
            inner = plan if isinstance(plan, int) else plan._evaluate(variables, seen)
            total += scale * length * inner
        seen[id(self)] = total
        return total


Cost = int | CostPlan


def evaluate(cost: Cost, variables: Variables) -> int:
    return cost if isinstance(cost, int) else cost.evaluate(variables)


def _add(costs: list[Cost]) -> Cost:
    fixed = sum(cost for cost in costs if isinstance(cost, int))
    plans = tuple((1, None, cost) for cost in costs if isinstance(cost, CostPlan))
    return CostPlan(fixed, plans) if plans else fixed


def _times(size: int | ListSize, cost: Cost) -> Cost:
    if isinstance(size, int):
        return size * cost if isinstance(cost, int) else CostPlan(0, ((size, None, cost),))
    return CostPlan(0, ((1, size, cost),))


@dataclass(frozen=True)
class Recurrence:
    """The most times one list field appears on a single path, and such a path."""

    times: int
    path: Path


@dataclass
class Shape:
    """What a selection set asks for, relative to where it stands."""

    depth: int = 0
    deepest: Path = ()
    aliases: int = 0
    recurrences: dict[str, Recurrence] = field(default_factory=dict)
    cost: Cost = 0
    nesting: int = 0
    """Selection sets nested in each other, this one included (see MAX_NESTING)."""
    repeats: tuple[int, str] = (0, "")
    """The most times one selection set names one field or fragment, and that name."""

    def include(self, other: Shape) -> None:
        """Add a sibling selection's shape to this one."""
        self.nesting = max(self.nesting, other.nesting)
        self.repeats = max(self.repeats, other.repeats)
        if other.depth > self.depth:
            self.depth, self.deepest = other.depth, other.deepest
        self.aliases += other.aliases
        for coordinate, recurrence in other.recurrences.items():
            known = self.recurrences.get(coordinate)
            if known is None or recurrence.times > known.times:
                self.recurrences[coordinate] = recurrence


@dataclass
class OperationShape:
    shape: Shape
    variable_defaults: dict[str, Any]

    def cost(self, variables: Variables | None) -> int:
        if isinstance(self.shape.cost, int):
            return self.shape.cost
        return self.shape.cost.evaluate({**self.variable_defaults, **(variables or {})})


def _values(answer: object) -> int:
    if isinstance(answer, dict):
        return 1 + sum(_values(value) for value in answer.values())
    if isinstance(answer, list):
        return sum(_values(value) for value in answer)
    return 1


@dataclass(frozen=True)
class IntrospectionSizes:
    """The values of a full introspection answer, and of the largest type's."""

    schema: int
    largest_type: int

    @classmethod
    def of(cls, schema: GraphQLSchema) -> IntrospectionSizes:
        answer = introspection_from_schema(schema)
        types = answer["__schema"]["types"]
        return cls(_values(answer), max((_values(type_) for type_ in types), default=1))


class ShapeReader:
    """Measures the operations of documents against one schema."""

    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema
        self.introspection = IntrospectionSizes.of(schema)

    def read(self, document_definitions: tuple[Any, ...]) -> dict[str | None, OperationShape]:
        """The shape of each operation of a document, by operation name."""
        walk = _Walk(self, document_definitions)
        shapes: dict[str | None, OperationShape] = {}
        for definition in document_definitions:
            if not isinstance(definition, OperationDefinitionNode):
                continue
            root = self.schema.get_root_type(definition.operation)
            defaults = {
                variable.variable.name.value: value_from_ast_untyped(variable.default_value)
                for variable in definition.variable_definitions or ()
                if variable.default_value is not None
            }
            shape = walk.selections(definition.selection_set, root) if root else Shape()
            shapes[definition.name.value if definition.name else None] = OperationShape(
                shape, defaults
            )
        return shapes


def _selection_name(selection: Any) -> str:
    """A field's response name, ``...Name`` for a fragment spread; inline fragments are
    each their own."""
    if isinstance(selection, FieldNode):
        return (selection.alias or selection.name).value
    if isinstance(selection, FragmentSpreadNode):
        return f"...{selection.name.value}"
    return f"... on #{id(selection)}"


class _Walk:
    """One document's walk; fragments are measured once and their shapes reused."""

    def __init__(self, reader: ShapeReader, definitions: tuple[Any, ...]) -> None:
        self.reader = reader
        self.fragments = {
            d.name.value: d for d in definitions if isinstance(d, FragmentDefinitionNode)
        }
        self.fragment_shapes: dict[str, Shape] = {}
        self.in_progress: set[str] = set()
        self.level = 0

    def selections(
        self, selection_set: SelectionSetNode | None, parent: GraphQLNamedType | None
    ) -> Shape:
        shape = Shape()
        if selection_set is None:
            return shape
        if self.level >= MAX_NESTING:
            return Shape(nesting=MAX_NESTING + 1)  # not walked further: refused
        self.level += 1
        try:
            self.include_selections(selection_set, parent, shape)
        finally:
            self.level -= 1
        shape.nesting += 1
        return shape

    def include_selections(
        self, selection_set: SelectionSetNode, parent: GraphQLNamedType | None, shape: Shape
    ) -> None:
        costs: list[Cost] = []
        names = Counter(_selection_name(selection) for selection in selection_set.selections)
        name, times = names.most_common(1)[0] if names else ("", 0)
        shape.repeats = max(shape.repeats, (times, name))
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                part = self.field(selection, parent)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                on = self.reader.schema.get_type(condition.name.value) if condition else parent
                part = self.selections(selection.selection_set, on)
            elif isinstance(selection, FragmentSpreadNode):
                part = self.fragment(selection.name.value)
            else:  # pragma: no cover - the three kinds above are all GraphQL has
                continue
            shape.include(part)
            costs.append(part.cost)
        shape.cost = _add(costs)

    def fragment(self, name: str) -> Shape:
        known = self.fragment_shapes.get(name)
        if known is not None:
            return known
        definition = self.fragments.get(name)
        # Unknown fragments and cycles are validation errors reported by graphql-core.
        if definition is None or name in self.in_progress:
            return Shape()
        self.in_progress.add(name)
        on = self.reader.schema.get_type(definition.type_condition.name.value)
        shape = self.selections(definition.selection_set, on)
        self.in_progress.discard(name)
        self.fragment_shapes[name] = shape
        return shape

    def field(self, node: FieldNode, parent: GraphQLNamedType | None) -> Shape:
        name = node.name.value
        label = node.alias.value if node.alias else name
        definition = _field_definition(parent, name)
        returns = definition.type if definition else None
        inner = self.selections(node.selection_set, get_named_type(returns) if returns else None)
        shape = Shape(
            aliases=inner.aliases + (1 if node.alias else 0),
            nesting=inner.nesting,
            repeats=inner.repeats,
        )
        if name in INTROSPECTION_ROOTS:
            # Introspection answers from the schema in memory: its size is known and it
            # does not count towards depth. Its lists still may not recur (below).
            sizes = self.reader.introspection
            shape.cost = sizes.schema if name == "__schema" else sizes.largest_type
        else:
            shape.depth = inner.depth + 1
            shape.deepest = (label, *inner.deepest)
            shape.cost = _add([1, _times(self.list_size(node, parent, definition), inner.cost)])
        shape.recurrences = {
            coordinate: Recurrence(r.times, (label, *r.path))
            for coordinate, r in inner.recurrences.items()
        }
        if _repeats(definition, parent, name):
            assert parent is not None
            coordinate = f"{parent.name}.{name}"
            below = inner.recurrences.get(coordinate)
            shape.recurrences[coordinate] = (
                Recurrence(below.times + 1, (label, *below.path))
                if below
                else Recurrence(1, (label,))
            )
        return shape

    def list_size(
        self, node: FieldNode, parent: GraphQLNamedType | None, definition: GraphQLField | None
    ) -> int | ListSize:
        """How many times a field's selections are answered: 1 for a single object."""
        if not _repeats(definition, parent, node.name.value) or node.selection_set is None:
            return 1  # a single object; or a list of scalars, one value of the answer
        assert definition is not None and parent is not None
        paged = next((a for a in PAGE_ARGUMENTS if a in definition.args), None)
        arguments = {argument.name.value: argument.value for argument in node.arguments or ()}
        page: int | str | None = None
        page_default = DEFAULT_PAGE_SIZE
        if paged is not None:
            default = definition.args[paged].default_value
            if isinstance(default, int):
                page_default = default
            given = next((arguments[a] for a in PAGE_ARGUMENTS if a in arguments), None)
            if isinstance(given, IntValueNode):
                page = max(int(given.value), 0)
            elif isinstance(given, VariableNode):
                page = given.name.value
            else:
                page = page_default
        batch: list[int | str] | None = None
        for argument in BATCH_ARGUMENTS:
            if argument not in definition.args:
                continue
            batch = batch or []
            value = arguments.get(argument)
            if isinstance(value, ListValueNode):
                batch.append(len(value.values))
            elif isinstance(value, VariableNode):
                batch.append(value.name.value)
            elif value is not None and not isinstance(value, NullValueNode):
                batch.append(1)
        if batch is not None and not batch:
            batch = None  # none of the batch arguments given: the field's other answer
        weight = LIST_WEIGHTS.get(f"{parent.name}.{node.name.value}", DEFAULT_LIST_WEIGHT)
        size = ListSize(page, page_default, tuple(batch) if batch else None, weight)
        if isinstance(page, str) or any(isinstance(part, str) for part in batch or ()):
            return size
        return size.evaluate({})


def _repeats(definition: GraphQLField | None, parent: GraphQLNamedType | None, name: str) -> bool:
    """Whether a field answers with many items: a list, or a page of a list; not the
    `edges` and `nodes` of a connection, the items of the page its field counted."""
    if definition is None or parent is None:
        return False
    if parent.name.endswith("Connection") and name in CONNECTION_LISTS:
        return False
    return _is_list(definition.type) or any(a in definition.args for a in PAGE_ARGUMENTS)


def _field_definition(parent: GraphQLNamedType | None, name: str) -> GraphQLField | None:
    if name in META_FIELDS:
        return META_FIELDS[name]
    if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
        found: GraphQLField | None = parent.fields.get(name)
        return found
    return None


def _is_list(type_: GraphQLOutputType) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


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
