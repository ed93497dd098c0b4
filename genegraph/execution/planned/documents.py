"""The documents planned execution has answered, for the planned lane
(genegraph.server.planned_lane): by (document text, operation name as sent), the
operation, its plan and its cost shape. A document is remembered once Strawberry has
parsed and validated it, held it to every limit that reads only the document (size,
tokens, depth, aliases, introspection) and a plan answered it without an error; what
depends on the variables (their coercion, the cost, NUL characters) the lane checks per
request. Bounded in entries and in the documents' characters; the oldest go first. Each
document is also found by its SHA-256 (``text_of``), so that the lane knows, without a
look-up in the persisted-query store, whether a hash sent alone may be its to answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from graphql import OperationDefinitionNode, get_operation_ast
from strawberry.extensions import SchemaExtension

from genegraph.caching.bounded_index import BoundedIndex
from genegraph.caching.persisted_queries import sha256_hex
from genegraph.execution.internals import graphql_schema, provided_operation_name
from genegraph.execution.limits.query_shape import OperationShape, ShapeCache
from genegraph.execution.planned.plan import OperationPlan
from genegraph.resolvers.context import Context

MAX_ENTRIES = 1024
MAX_CHARACTERS = 2**20


@dataclass(frozen=True, slots=True)
class PlannedDocument:
    """What the planned lane needs of a document planned execution answered."""

    operation: OperationDefinitionNode  # its variables' definitions
    plan: OperationPlan
    name: str | None  # the operation's name as the request log gives it
    shape: OperationShape | None  # its cost, with a request's variables


class PlannedDocuments(BoundedIndex[tuple[str, str | None], PlannedDocument]):
    """``(document, operation name) -> PlannedDocument``, bounded in entries and documents'
    characters (see the module)."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_characters: int = MAX_CHARACTERS):
        super().__init__(max_entries, max_characters, lambda key: len(key[0]))
        # SHA-256 -> document, as many entries (a text no longer held finds no document).
        self.texts: BoundedIndex[str, str] = BoundedIndex(max_entries, max_characters, len)

    def get(self, query: str, operation_name: str | None) -> PlannedDocument | None:
        return self.find((query, operation_name))

    def text_of(self, sha256: str) -> str | None:
        """The document remembered whose SHA-256 (lowercase hex) this is, if any."""
        return self.texts.find(sha256)

    def remember(self, query: str, operation_name: str | None, document: PlannedDocument) -> None:
        self.add((query, operation_name), document)
        self.texts.add(sha256_hex(query), query)

    def clear(self) -> None:
        super().clear()
        self.texts.clear()


def remembering(documents: PlannedDocuments, shapes: ShapeCache) -> type[SchemaExtension]:
    """An extension class that remembers in ``documents`` each document a plan answered
    (``shapes``: the cost limit's, so the lane reads the same shapes)."""

    class RememberPlanned(SchemaExtension):
        def on_execute(self) -> Iterator[None]:
            yield  # not reached when an extension or the execution raised
            context = self.execution_context
            result, document, query = context.result, context.graphql_document, context.query
            planned = context.context.planned if isinstance(context.context, Context) else None
            if planned is None or result is None or result.errors or document is None:
                return
            provided = provided_operation_name(context)
            if query is None or documents.get(query, provided) is not None:
                return
            operation = get_operation_ast(document, provided)
            if operation is None:
                return
            name = context.operation_name
            shape = shapes.operations(graphql_schema(context.schema), document).get(name)
            documents.remember(query, provided, PlannedDocument(operation, planned, name, shape))

    return RememberPlanned
