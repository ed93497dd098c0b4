"""Validation results cached by the document's identity.

Strawberry's ``ValidationCache`` keys an ``lru_cache`` by the document itself, and hashing
a graphql-core document walks all of it: 0.2 ms for the gene card, on every request,
about what validating it cost before caching. ``ParserCache`` hands out the same document
object for the same query text, so the object's identity is key enough
(``genegraph.execution.caches.identity``).
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema
from strawberry.extensions import SchemaExtension

from genegraph.execution.caches.identity import IdentityCache
from genegraph.execution.internals import graphql_schema, validate_document


class ValidationResults:
    """The errors of each (schema, document, rules) validated, at most ``maxsize``."""

    def __init__(self, maxsize: int) -> None:
        self.cache: IdentityCache[list[GraphQLError]] = IdentityCache(maxsize)

    def errors(
        self,
        schema: GraphQLSchema,
        document: DocumentNode,
        rules: tuple[type[ASTValidationRule], ...],
    ) -> list[GraphQLError]:
        return self.cache.get(
            (schema, document), rules, lambda: validate_document(schema, document, rules)
        )


def identity_validation_cache(maxsize: int) -> type[SchemaExtension]:
    """An extension class (one per call, its results shared by every request) that
    replaces Strawberry's ``ValidationCache``."""
    results = ValidationResults(maxsize)

    class IdentityValidationCache(SchemaExtension):
        def on_validate(self) -> Iterator[None]:
            context = self.execution_context
            assert context.graphql_document is not None
            context.pre_execution_errors = results.errors(
                graphql_schema(context.schema), context.graphql_document, context.validation_rules
            )
            yield

    return IdentityValidationCache
