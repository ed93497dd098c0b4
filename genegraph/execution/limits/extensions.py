"""The extensions that hold each request to the ``Limits``, put together for
``strawberry.Schema``, one limit per module (ARCHITECTURE.md, "Limits"):
``document`` (size and tokens), ``shape_rule`` (depth, aliases, recursive lists),
``cost``, ``timeout``; ``document_cpu`` notes what parsing and validation cost.
"""

from __future__ import annotations

from collections.abc import Callable

from graphql import ValidationRule
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    SchemaExtension,
)

from genegraph.execution.limits import Limits
from genegraph.execution.limits.cost import CostLimit
from genegraph.execution.limits.document import DocumentLimits
from genegraph.execution.limits.document_cpu import DocumentCpu
from genegraph.execution.limits.query_shape import ShapeCache
from genegraph.execution.limits.shape_rule import shape_rule
from genegraph.execution.limits.timeout import Timeout

ExtensionFactory = Callable[[], SchemaExtension]


def limit_extensions(
    limits: Limits, *, introspection: bool = True, shapes: ShapeCache | None = None
) -> list[ExtensionFactory]:
    """The extensions that enforce ``limits``, as factories for ``strawberry.Schema``;
    ``shapes``: the documents' shapes, when another part reads them too (the planned
    lane's cost check).

    The validation rule is one class made here, once, so that the tuple of rules the
    ``ValidationCache`` is keyed by stays the same from request to request."""
    shapes = ShapeCache() if shapes is None else shapes
    rules: list[type[ValidationRule]] = [shape_rule(limits, shapes)]
    factories: list[ExtensionFactory] = [
        DocumentCpu,  # first, so that its hooks wrap the other extensions' parsing
        lambda: DocumentLimits(limits),
        lambda: MaxTokensLimiter(limits.max_tokens),
        lambda: AddValidationRules(list(rules)),
        lambda: CostLimit(limits, shapes),
        lambda: Timeout(limits),
    ]
    if not introspection:
        factories.append(DisableIntrospection)
    return factories
