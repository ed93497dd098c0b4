"""Where planned execution meets graphql-core's executor: a supported operation's plan,
compiled once per (schema, operation) and cached, runs instead of field-by-field
resolution; anything else goes to the general executor, counted by reason in
``genegraph_planned_fallbacks_total`` and logged at debug level (ARCHITECTURE.md,
"Planned execution")."""

from __future__ import annotations

import functools
import logging
from typing import Any

from graphql import FragmentDefinitionNode, GraphQLSchema, OperationDefinitionNode

from genegraph.execution.caches.identity import IdentityCache
from genegraph.execution.internals import PlannedRun, planned_execution_context
from genegraph.execution.planned.plan import OperationPlan, Unplannable, compile_operation
from genegraph.execution.planned.run import execute_plan
from genegraph.observability.metrics import PLANNED_FALLBACKS, labelled
from genegraph.resolvers.context import Context

PLAN_CACHE_SIZE = 1024

logger = logging.getLogger(__name__)

# Per (schema, operation): its plan, or why it has none.
_plans: IdentityCache[OperationPlan | Unplannable] = IdentityCache(PLAN_CACHE_SIZE)


def plan_for(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
) -> OperationPlan | Unplannable:
    def compile_plan() -> OperationPlan | Unplannable:
        try:
            return compile_operation(schema, operation, fragments)
        except Unplannable as why:
            return why

    return _plans.get((schema, operation), None, compile_plan)


def planned_run(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: dict[str, FragmentDefinitionNode],
    context: Any,
) -> PlannedRun | None:
    """The operation's planned run, or None when the general executor answers it."""
    if not isinstance(context, Context):  # not a request of the server's
        return None
    plan = plan_for(schema, operation, fragments)
    if isinstance(plan, Unplannable):
        fell_back("unsupported", plan)
        return None
    return functools.partial(execute_plan, plan, context)


def fell_back(reason: str, why: BaseException) -> None:
    labelled(PLANNED_FALLBACKS, reason).inc()
    logger.debug("planned execution left a document to the general executor (%s): %s", reason, why)


PlannedExecutionContext = planned_execution_context(planned_run, fell_back)
