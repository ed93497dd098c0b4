"""What planned execution answers, and the plan it compiles a document's operation into.

Supported: the gene card's shapes under ``gene(...)`` and ``genes(...)`` roots
(ARCHITECTURE.md, "Planned execution", lists them): the fields of ``SCALARS``,
``CHILDREN`` and ``LISTS``, ``__typename``, aliases, fragments on the field's own type
and variables; and ``search(...)`` and ``enrichment(...)`` roots, planned by ``search.py``
and ``enrichment.py`` (their levels walked by ``levels.py``). Anything else, any
directive included, raises ``Unplannable``. The plan keeps the response's keys in
graphql-core's field collection order, so the assembled dictionary is the general
executor's, key order included.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    ValueNode,
    VariableNode,
    get_named_type,
    is_non_null_type,
)

from genegraph.db.identifiers import GENE_CURIE_FIELDS, gene_curie
from genegraph.execution.internals import graphql_name
from genegraph.resolvers import links
from genegraph.schema.types import RECORD_FIELDS

if TYPE_CHECKING:
    from genegraph.execution.planned.enrichment import RootEnrichment
    from genegraph.execution.planned.search import RootSearch

Read = Callable[[Any], Any]

INT_MIN, INT_MAX = -(2**31), 2**31 - 1


class Unplannable(Exception):
    """Planned execution does not answer this (a field, a directive, a value it does not
    handle): the general executor does."""


def _int(read: Read) -> Read:
    # GraphQL's Int is 32 bits: the general executor reports an error for a larger value.
    def checked(record: Any) -> Any:
        value = read(record)
        if value is not None and not INT_MIN <= value <= INT_MAX:
            raise Unplannable("Int out of range")
        return value

    return checked


def _enum_name(read: Read) -> Read:
    # An enum member is answered by its name, as graphql-core serializes it; ``_name_``,
    # the member's own attribute, not ``name``, a property's Python call per member.
    def name(record: Any) -> Any:
        value = read(record)
        return None if value is None else value._name_

    return name


# Per GraphQL type: its scalar fields and how each is read from the type's record. The
# Strawberry types' own readers (schema/types.py, RECORD_FIELDS), which their
# from_record builds them with, so a field added there is planned too; then the fields
# they resolve by a method, and the types built elsewhere.
SCALARS: dict[str, dict[str, Read]] = {
    type_name: {graphql_name(attribute): read for attribute, read in fields.items()}
    for type_name, (_, fields) in RECORD_FIELDS.items()
}
SCALARS["GOTerm"] |= {
    "quickGoUrl": lambda t: links.quickgo_url(t.go_id),
    "amigoUrl": lambda t: links.amigo_url(t.go_id),
}
SCALARS["GeneMatch"] = {  # resolvers.gene_matching.GeneMatch, as schema/lookups.py builds it
    "input": attrgetter("input"),
    "matchedBy": attrgetter("kind"),
    "problem": attrgetter("problem"),
}


def _serialization(definition: GraphQLField) -> str:
    """How graphql-core serializes the field's value (``SERIALIZED_SOURCE``): an enum
    member by its name, an Int checked for 32 bits, else as it is ("")."""
    named = get_named_type(definition.type)
    if isinstance(named, GraphQLEnumType):
        return "enum"
    return "int" if named.name == "Int" else ""


# ``_enum_name`` and ``_int`` as statements on a value ``{v}`` read by a field's own reader,
# for the Builders' source (run.py), where the call of the wrapper was one per object.
SERIALIZED_SOURCE = {
    "enum": "if {v} is not None: {v} = {v}._name_",
    "int": "if {v} is not None and not INT_MIN <= {v} <= INT_MAX: "
    "raise Unplannable('Int out of range')",
    "": "",
}


def attribute_read(read: Any) -> str | None:
    """The attribute a reader reads when it is ``attrgetter`` of one plain attribute
    (most of schema/types.py's readers), for a Builder's source to read it without a call
    per field (BENCHMARKS.md, issue #17); None for any other reader."""
    if type(read) is not attrgetter:
        return None
    names = read.__reduce__()[1]  # attrgetter's own arguments
    if len(names) != 1 or not isinstance(names[0], str) or not names[0].isidentifier():
        return None
    name: str = names[0]
    return None if keyword.iskeyword(name) else name


# The record fields a reader that is not one attribute's reads (``fields_read``).
_FIELDS_READ: dict[Read, tuple[str, ...]] = {gene_curie: GENE_CURIE_FIELDS}


def fields_read(plans: Iterable[ObjectPlan]) -> frozenset[str] | None:
    """The fields of a Gene's record that Gene selections ``plans`` read: their scalars'
    readers' (one attribute's, or ``_FIELDS_READ``'s), the species' ``taxon_id`` and the
    lists' ``pk`` (their keys); None (any field) when a reader is another function, whose
    reads are not known."""
    found: set[str] = set()
    for plan in plans:
        for entry in plan.entries:
            if isinstance(entry, Scalar):
                attribute = attribute_read(entry.read)
                read = (attribute,) if attribute is not None else _FIELDS_READ.get(entry.read)
                if read is None:
                    return None
                found.update(read)
            elif isinstance(entry, ListField):
                found.add("pk")
            elif isinstance(entry, Child) and entry.kind == "species":
                found.add("taxon_id")
            else:
                return None
    return frozenset(found)


# Object fields holding one object: (type, field) -> (kind, the object's type).
CHILDREN = {
    ("Gene", "species"): ("species", "Species"),
    ("GOAnnotation", "term"): ("term", "GOTerm"),
    ("Ortholog", "gene"): ("gene", "Gene"),
    ("GeneMatch", "gene"): ("gene", "Gene"),  # the one object field that may be null
}
# Object fields holding a list, with arguments: (type, field) -> the items' type.
LISTS = {
    ("Gene", "goTerms"): "GOTerm",
    ("Gene", "annotations"): "GOAnnotation",
    ("Gene", "orthologs"): "Ortholog",
    ("GeneMatch", "candidates"): "Gene",
}


def _names_variable(value: ValueNode) -> bool:
    if isinstance(value, VariableNode):
        return True
    if isinstance(value, ListValueNode):
        return any(_names_variable(item) for item in value.values)
    if isinstance(value, ObjectValueNode):
        return any(_names_variable(item.value) for item in value.fields)
    return False


@dataclass(frozen=True, slots=True)
class Scalar:
    key: str
    read: Read  # the field's own reader
    non_null: bool
    # How the value read is answered: a key of SERIALIZED_SOURCE (``_serialization``).
    serialization: str = ""


@dataclass(frozen=True, slots=True)
class Child:
    key: str
    kind: str  # species, term, gene
    plan: ObjectPlan


@dataclass(frozen=True, slots=True, eq=False)
class ListField:
    key: str
    kind: str  # goTerms, annotations, orthologs, candidates
    node: FieldNode  # its arguments (merged fields have the same ones: validation)
    definition: GraphQLField
    plan: ObjectPlan
    # Whether its arguments name a variable: else their values are every request's.
    variables: bool = True


Entry = Scalar | Child | ListField


@dataclass(frozen=True, slots=True)
class ObjectPlan:
    entries: tuple[Entry, ...]
    # What fetching needs to know of a Gene's plan.
    species: bool = False
    annotation_lists: tuple[ListField, ...] = ()
    ortholog_lists: tuple[ListField, ...] = ()
    # For an Ortholog's or a GeneMatch's plan: the plans of its `gene` fields (one per
    # response key).
    gene_plans: tuple[ObjectPlan, ...] = ()
    # For a GeneMatch's plan: its `candidates` fields.
    candidate_lists: tuple[ListField, ...] = ()


@dataclass(frozen=True, slots=True, eq=False)  # by identity: plans key per-request data
class RootGene:
    key: str
    node: FieldNode
    definition: GraphQLField
    plan: ObjectPlan


@dataclass(frozen=True, slots=True, eq=False)
class RootMatches:
    """A ``genes(...)`` root: its GeneMatch selection."""

    key: str
    node: FieldNode
    definition: GraphQLField
    plan: ObjectPlan


@dataclass(frozen=True, slots=True, eq=False)
class GeneSet:
    """Genes the plan fetches alike: a root's gene, or the orthologs (of the species the
    field asks for) under one ``orthologs`` field of another set's genes. ``depth`` counts
    the ``orthologs`` fields above; sets come in order of depth."""

    depth: int
    plans: tuple[ObjectPlan, ...]  # the Gene selections its genes are built with
    parent: int | None = None  # the index of the set whose orthologs these are; None: a root
    field: ListField | None = None  # the parent's ``orthologs`` field
    orthologs: bool = False  # its genes' orthologs are needed
    annotations: bool = False  # its genes' annotations are needed
    species: bool = False  # its genes' species are needed


@dataclass(frozen=True, slots=True)
class OperationPlan:
    entries: tuple[Scalar | RootGene | RootMatches | RootSearch | RootEnrichment, ...]
    lookups: tuple[RootGene, ...] = field(default=())
    batches: tuple[RootMatches, ...] = field(default=())
    # The roots' sets first, one per lookup in order, then one per batch (the genes its
    # matches show), then the orthologs' by depth.
    gene_sets: tuple[GeneSet, ...] = field(default=())
    searches: tuple[RootSearch, ...] = field(default=())  # search.py's shape
    enrichments: tuple[RootEnrichment, ...] = field(default=())  # enrichment.py's shape


def compile_operation(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
) -> OperationPlan:
    """The operation's plan; ``Unplannable`` when it asks for anything unsupported."""
    query = schema.query_type
    if operation.operation is not OperationType.QUERY or operation.directives or query is None:
        raise Unplannable("not a plain query")
    entries: list[Scalar | RootGene | RootMatches | RootSearch | RootEnrichment] = []
    searches: list[RootSearch] = []
    enrichments: list[RootEnrichment] = []
    for key, nodes in _collect(query.name, [operation.selection_set], fragments).items():
        name = nodes[0].name.value
        if name == "__typename":
            entries.append(_typename(key, query.name))
        elif name == "gene":
            plan = _object_plan(schema, "Gene", nodes, fragments)
            entries.append(RootGene(key, nodes[0], query.fields[name], plan))
        elif name == "genes":
            plan = _object_plan(schema, "GeneMatch", nodes, fragments)
            entries.append(RootMatches(key, nodes[0], query.fields[name], plan))
        elif name == "search":
            # Imported here: the search shape builds on this module's plans.
            from genegraph.execution.planned.search import compile_search

            searches.append(compile_search(schema, key, nodes, query.fields[name], fragments))
            entries.append(searches[-1])
        elif name == "enrichment":
            from genegraph.execution.planned.enrichment import compile_enrichment

            root = compile_enrichment(schema, key, nodes, query.fields[name], fragments)
            enrichments.append(root)
            entries.append(root)
        else:
            raise Unplannable(f"Query.{name}")
    lookups = tuple(e for e in entries if isinstance(e, RootGene))
    batches = tuple(e for e in entries if isinstance(e, RootMatches))
    sets = _gene_sets(lookups, batches)
    return OperationPlan(
        tuple(entries), lookups, batches, sets, tuple(searches), tuple(enrichments)
    )


def _gene_sets(
    lookups: tuple[RootGene, ...], batches: tuple[RootMatches, ...]
) -> tuple[GeneSet, ...]:
    sets = [_gene_set(0, (root.plan,)) for root in lookups]
    sets += [_gene_set(0, batch.plan.gene_plans) for batch in batches]
    for index, parent in enumerate(sets):  # grows as it goes: breadth first, by depth
        for plan in parent.plans:
            for orthologs in plan.ortholog_lists:
                if orthologs.plan.gene_plans:
                    below = (parent.depth + 1, orthologs.plan.gene_plans, index, orthologs)
                    sets.append(_gene_set(*below))
    return tuple(sets)


def _gene_set(
    depth: int,
    plans: tuple[ObjectPlan, ...],
    parent: int | None = None,
    orthologs: ListField | None = None,
) -> GeneSet:
    return GeneSet(
        depth,
        plans,
        parent,
        orthologs,
        orthologs=any(p.ortholog_lists for p in plans),
        annotations=any(p.annotation_lists for p in plans),
        species=any(p.species for p in plans),
    )


def _typename(key: str, type_name: str) -> Scalar:
    return Scalar(key, lambda _: type_name, non_null=True)


def _object_plan(
    schema: GraphQLSchema,
    type_name: str,
    nodes: list[FieldNode],
    fragments: dict[str, FragmentDefinitionNode],
) -> ObjectPlan:
    graphql_type = schema.get_type(type_name)
    assert isinstance(graphql_type, GraphQLObjectType)
    selection_sets = [n.selection_set for n in nodes if n.selection_set is not None]
    scalars = SCALARS.get(type_name, {})
    entries: list[Entry] = []
    for key, group in _collect(type_name, selection_sets, fragments).items():
        name = group[0].name.value
        if name == "__typename":
            entries.append(_typename(key, type_name))
            continue
        definition = graphql_type.fields[name]
        if name in scalars:
            serialization = _serialization(definition)
            non_null = is_non_null_type(definition.type)
            entries.append(Scalar(key, scalars[name], non_null, serialization))
        elif (type_name, name) in CHILDREN:
            kind, child_type = CHILDREN[(type_name, name)]
            entries.append(Child(key, kind, _object_plan(schema, child_type, group, fragments)))
        elif (type_name, name) in LISTS:
            item_plan = _object_plan(schema, LISTS[(type_name, name)], group, fragments)
            node = group[0]
            variables = any(_names_variable(a.value) for a in node.arguments or ())
            entries.append(ListField(key, name, node, definition, item_plan, variables))
        else:
            raise Unplannable(f"{type_name}.{name}")
    lists = [e for e in entries if isinstance(e, ListField)]
    return ObjectPlan(
        tuple(entries),
        species=any(isinstance(e, Child) and e.kind == "species" for e in entries),
        annotation_lists=tuple(e for e in lists if e.kind in ("goTerms", "annotations")),
        ortholog_lists=tuple(e for e in lists if e.kind == "orthologs"),
        gene_plans=tuple(e.plan for e in entries if isinstance(e, Child) and e.kind == "gene"),
        candidate_lists=tuple(e for e in lists if e.kind == "candidates"),
    )


def _collect(
    type_name: str,
    selection_sets: Iterable[SelectionSetNode],
    fragments: dict[str, FragmentDefinitionNode],
) -> dict[str, list[FieldNode]]:
    """The fields selected on an object of ``type_name``, by response key, in the order
    of graphql-core's ``collect_fields`` (a fragment spread once per selection)."""
    fields: dict[str, list[FieldNode]] = {}
    visited: set[str] = set()

    def walk(selection_set: SelectionSetNode) -> None:
        for selection in selection_set.selections:
            if selection.directives:
                raise Unplannable("directive")
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                fields.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if condition is not None and condition.name.value != type_name:
                    raise Unplannable("type condition")
                walk(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in visited:
                    continue
                visited.add(name)
                fragment = fragments.get(name)
                if (
                    fragment is None
                    or fragment.directives
                    or fragment.variable_definitions
                    or fragment.type_condition.name.value != type_name
                ):
                    raise Unplannable("fragment")
                walk(fragment.selection_set)
            else:
                raise Unplannable("selection")

    for selection_set in selection_sets:
        walk(selection_set)
    return fields
