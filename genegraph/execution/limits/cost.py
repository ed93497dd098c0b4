"""The cost limit: refuses an operation whose estimated cost, with this request's
variables, is over ``Limits.max_cost``. It runs after validation and before execution,
because variables (`first: $n`, `ids: $ids`) change the cost and validation rules do not
see variables; the document's cost plan is read once and kept (``ShapeCache``), so a
repeated document only evaluates its plan.

Example: ``strawberry.Schema(Query, extensions=[lambda: CostLimit(Limits(max_cost=500),
ShapeCache())])`` refuses ``{ genes(ids: $ids) { gene { goTerms { id } } } }`` for 100 ids.
"""

from __future__ import annotations

from collections.abc import Iterator

from graphql import ExecutionResult
from strawberry.extensions import SchemaExtension

from genegraph.execution.internals import graphql_schema
from genegraph.execution.limits import LimitExceeded, Limits, count
from genegraph.execution.limits.query_shape import DEFAULT_LIST_WEIGHT, LIST_WEIGHTS, ShapeCache


class CostLimit(SchemaExtension):
    """Refuses an operation whose cost, with this request's variables, is over the
    maximum; it runs after validation, before any resolver."""

    def __init__(self, limits: Limits, shapes: ShapeCache) -> None:
        super().__init__()
        self.limits = limits
        self.shapes = shapes

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            shapes = self.shapes.operations(graphql_schema(context.schema), document)
            operation = shapes.get(context.operation_name)
            cost = 0 if operation is None else operation.cost(context.variables)
            if cost > self.limits.max_cost:
                context.result = ExecutionResult(data=None, errors=[self.refusal(cost)])
        yield

    def refusal(self, cost: int) -> LimitExceeded:
        weights = ", ".join(f"{name} {weight}" for name, weight in LIST_WEIGHTS.items())
        return LimitExceeded(
            f"The query's estimated cost is {count(cost)}; the maximum is "
            f"{count(self.limits.max_cost)}. Each field costs 1, and a list multiplies the "
            "cost of what it selects by its `first` argument, by its number of ids, "
            f"symbols or entity representations, or by its expected length ({weights}, other lists "
            f"{DEFAULT_LIST_WEIGHT}). Ask for fewer fields or smaller pages, or split the "
            "query into several requests.",
            limit="cost",
            value=cost,
            maximum=self.limits.max_cost,
        )
