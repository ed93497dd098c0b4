"""The hook: graphql-core's executor, which runs a supported operation's plan instead of
resolving it field by field.

It sits where graphql-core executes the chosen operation, after Strawberry's parsing,
validation and the request limits (cost, NUL characters) and inside the time limit and
the observers, so all of those apply to planned operations as to others; the response
cache and ETags sit around the whole execution (genegraph/http_caching.py). Plans are
compiled once per (schema, operation): the parser cache hands the same document objects
back for the same text.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLSchema, OperationDefinitionNode
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from genegraph.execution.caches.identity import IdentityCache
from genegraph.execution.planned.plan import OperationPlan, Unplannable, compile_operation
from genegraph.execution.planned.run import execute_plan
from genegraph.resolvers.context import Context

PLAN_CACHE_SIZE = 1024

# Per (schema, operation): its plan, or None when it is not supported.
_plans: IdentityCache[OperationPlan | None] = IdentityCache(PLAN_CACHE_SIZE)


def plan_for(
    schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: dict[str, Any]
) -> OperationPlan | None:
    def compile_plan() -> OperationPlan | None:
        try:
            return compile_operation(schema, operation, fragments)
        except Unplannable:
            return None

    return _plans.get((schema, operation), None, compile_plan)


class PlannedExecutionContext(StrawberryGraphQLCoreExecutionContext):
    def execute_operation(self, serially: bool | None = None) -> Any:
        context = self.context_value
        if (
            not isinstance(context, Context)
            or self.abort_signal is not None
            or (self.middleware_manager is not None and self.middleware_manager.middlewares)
        ):
            return super().execute_operation(serially)
        plan = plan_for(self.schema, self.operation, self.fragment_definitions)
        if plan is None:
            return super().execute_operation(serially)
        return self._execute_planned(plan, context, serially)

    async def _execute_planned(
        self, plan: OperationPlan, context: Context, serially: bool | None
    ) -> Any:
        try:
            data = await execute_plan(plan, context, self.variable_values)
        except Exception:  # the general executor runs it again and reports errors its way
            result = super().execute_operation(serially)
            return await result if self.is_awaitable(result) else result
        return self.build_response(data)
