"""The level walk of the planned root shapes (``search.py``'s connection, ``enrichment.py``'s
answer): a root field's selection compiled, against its shape's table of levels, into
nested ``Part``s, and the root's answer read from its records by those parts, without
field-by-field resolution. A level's field is a leaf read from the level's record, a
level below (one record or a list of them), or objects the card's plans build
(``plan.py``; ``run.py`` builds them and fetches what they need)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
)

from genegraph.execution.planned.plan import ObjectPlan, Read, Unplannable, _collect, _object_plan

# An object's answer by the card's plan of its selection.
Build = Callable[[ObjectPlan, Any], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Leaf:
    """A field answered with ``read`` of the level's record."""

    read: Read


@dataclass(frozen=True, slots=True)
class Nested:
    """A field whose value is a record of the level ``level`` (a list of them: ``many``)."""

    level: str
    read: Read
    many: bool = False


@dataclass(frozen=True, slots=True)
class Objects:
    """A field whose value is an object of the GraphQL type ``type_name`` (a list of
    them: ``many``), answered by the card's plan of the field's selection. ``keyed``:
    ``read`` gives the object's key among those the shape read for the whole root
    (enrichment's GO terms, by id)."""

    type_name: str
    read: Read
    many: bool = False
    keyed: bool = False


# A shape's levels, by name: each level's fields, by field name.
Levels = Mapping[str, Mapping[str, Leaf | Nested | Objects]]


@dataclass(frozen=True, slots=True)
class Part:
    """A response key of one level: its field's name, how its value is read (None for
    ``__typename``, whose value is its type's name) and what it selects below (a level's
    parts, an object's plan; None for a leaf); ``many`` and ``keyed`` as its field's."""

    key: str
    name: str
    read: Read | None = None
    below: tuple[Part, ...] | ObjectPlan | None = None
    many: bool = False
    keyed: bool = False
    typename: str | None = None


def compile_level(
    schema: GraphQLSchema,
    levels: Levels,
    level: str,
    definition: GraphQLField,
    nodes: list[FieldNode],
    fragments: dict[str, FragmentDefinitionNode],
    plans: dict[str, list[ObjectPlan]],
) -> tuple[Part, ...]:
    """The parts that ``nodes`` (fields of ``definition``) select at ``level``; each
    object's plan is also added to ``plans`` under its field's name, for fetching what
    the objects need. ``Unplannable`` for a field the level does not have."""
    graphql_type = get_named_type(definition.type)
    assert isinstance(graphql_type, GraphQLObjectType)
    selection_sets = [n.selection_set for n in nodes if n.selection_set is not None]
    fields = levels[level]
    parts = []
    for key, group in _collect(graphql_type.name, selection_sets, fragments).items():
        name = group[0].name.value
        field = fields.get(name)
        if name == "__typename":
            parts.append(Part(key, name, typename=graphql_type.name))
        elif isinstance(field, Leaf):
            parts.append(Part(key, name, field.read))
        elif isinstance(field, Nested):
            below = graphql_type.fields[name]
            nested = compile_level(schema, levels, field.level, below, group, fragments, plans)
            parts.append(Part(key, name, field.read, nested, field.many))
        elif isinstance(field, Objects):
            plan = _object_plan(schema, field.type_name, group, fragments)
            plans.setdefault(name, []).append(plan)
            parts.append(Part(key, name, field.read, plan, field.many, field.keyed))
        else:
            raise Unplannable(f"{graphql_type.name}.{name}")
    return tuple(parts)


def answer(
    parts: tuple[Part, ...], record: Any, by_key: Mapping[Any, Any], build: Build
) -> dict[str, Any]:
    """A level's answer: ``parts`` read from its ``record``; ``by_key`` holds the keyed
    objects the shape read for the whole root, ``build`` answers an object's selection."""
    out: dict[str, Any] = {}
    for part in parts:
        read, below = part.read, part.below
        if read is None:  # __typename
            out[part.key] = part.typename
        elif below is None:
            out[part.key] = read(record)
        elif isinstance(below, ObjectPlan):
            value = read(record)
            if part.keyed:
                value = by_key[value]
            out[part.key] = [build(below, v) for v in value] if part.many else build(below, value)
        elif part.many:
            out[part.key] = [answer(below, v, by_key, build) for v in read(record)]
        else:
            out[part.key] = answer(below, read(record), by_key, build)
    return out
