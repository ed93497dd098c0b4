"""Validation results cached by the document's identity.

Strawberry's ``ValidationCache`` keys an ``lru_cache`` by the document itself, and hashing
a graphql-core document walks all of it: 0.2 ms for the gene card, on every request,
about what validating it cost before caching. ``ParserCache`` hands out the same document
object for the same query text, so the object's identity is key enough (as in
``schema.request_limits.ShapeCache``); the entry keeps the document and the schema, so an
id reused after they are freed never matches.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

Key = tuple[int, int, tuple[type[ASTValidationRule], ...]]
Entry = tuple[GraphQLSchema, DocumentNode, list[GraphQLError]]


class ValidationResults:
    """The errors of each (schema, document, rules) validated, at most ``maxsize``."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.entries: OrderedDict[Key, Entry] = OrderedDict()

    def errors(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        rules: tuple[type[ASTValidationRule], ...],
    ) -> list[GraphQLError]:
        key = (id(schema), id(document), rules)
        entry = self.entries.get(key)
        if entry is not None and entry[0] is schema and entry[1] is document:
            return entry[2]
        errors = validate_document(schema, document, rules)
        self.entries[key] = (schema, document, errors)
        if len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)
        return errors


def identity_validation_cache(maxsize: int) -> type[SchemaExtension]:
    """An extension class (one per call, its results shared by every request) that
    replaces Strawberry's ``ValidationCache``."""
    results = ValidationResults(maxsize)

    class IdentityValidationCache(SchemaExtension):
        def on_validate(self) -> Iterator[None]:
            context = self.execution_context
            assert context.graphql_document is not None
            context.pre_execution_errors = results.errors(
                context.schema._schema, context.graphql_document, context.validation_rules
            )
            yield

    return IdentityValidationCache
