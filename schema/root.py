"""The root Query type and the executable schema."""

from __future__ import annotations

import functools

import strawberry
from strawberry.extensions import ParserCache, SchemaExtension

from genegraph.execution.caches.validation import identity_validation_cache
from genegraph.execution.error_log import ErrorLoggingSchema
from genegraph.execution.internals import CachedHooksSchema
from genegraph.execution.limits import DEFAULT_LIMITS, Limits
from genegraph.execution.limits.extensions import limit_extensions
from genegraph.execution.limits.query_shape import ShapeCache
from genegraph.execution.planned.documents import PlannedDocuments, remembering
from genegraph.execution.planned.executor import PlannedExecutionContext
from genegraph.schema.enrichment import EnrichmentQueries
from genegraph.schema.federation import SCALAR_OVERRIDES, FederationQueries, describe_spec_types
from genegraph.schema.history import HistoryQueries
from genegraph.schema.lookups import LookupQueries
from genegraph.schema.nodes import NodeQueries
from genegraph.schema.releases import ReleaseQueries
from genegraph.schema.search import SearchQueries
from genegraph.schema.slims import SlimQueries
from genegraph.schema.species import SpeciesQueries
from genegraph.schema.text_inputs import RejectNulCharacters

# Parsing and validating a document costs more than executing it on this stack
# (see ARCHITECTURE.md), so both are cached across requests, bounded; validation results
# by the parsed document's identity (genegraph/execution/caches/validation.py).
DOCUMENT_CACHE_SIZE = 1024


# The root type is put together from one class per area, each in its own module.
@strawberry.type(description="Look-ups of genes and GO terms, and the releases they come from.")
class Query(
    LookupQueries,
    SearchQueries,
    ReleaseQueries,
    HistoryQueries,
    EnrichmentQueries,
    NodeQueries,
    SlimQueries,
    FederationQueries,
    SpeciesQueries,
):
    pass


class GeneGraphSchema(ErrorLoggingSchema, CachedHooksSchema):
    """The schema: unhandled errors logged (genegraph/execution/error_log.py), each
    extension's hooks looked up once per class rather than per request
    (``CachedHooksSchema``, genegraph/execution/internals.py)."""

    # The documents a plan answered, for the planned lane; None: planned execution off.
    planned_documents: PlannedDocuments | None = None


@functools.cache
def build_schema(
    limits: Limits,
    *,
    introspection: bool,
    observers: tuple[type[SchemaExtension], ...] = (),
    planned: bool = True,
) -> GeneGraphSchema:
    """The schema, holding requests to ``limits`` (see genegraph/execution/limits/); one
    per set of limits. ``observers`` are extensions that watch requests (the server's
    logs and metrics). ``planned``: the gene card's shapes skip field-by-field
    resolution (genegraph/execution/planned/); off, every document runs the general
    executor."""
    shapes = ShapeCache()
    documents = PlannedDocuments() if planned else None
    # Always a federation subgraph (schema/federation.py): the same schema serves clients
    # and an Apollo gateway.
    built = GeneGraphSchema(
        query=Query,
        extensions=[
            *limit_extensions(limits, introspection=introspection, shapes=shapes),
            RejectNulCharacters,
            lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
            identity_validation_cache(DOCUMENT_CACHE_SIZE),
            *observers,
            *([remembering(documents, shapes)] if documents is not None else []),
        ],
        scalar_overrides=SCALAR_OVERRIDES,
        execution_context_class=PlannedExecutionContext if planned else None,
    )
    built.planned_documents = documents
    describe_spec_types(built)
    return built


schema = build_schema(DEFAULT_LIMITS, introspection=True)
