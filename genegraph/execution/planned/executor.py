"""Where planned execution meets graphql-core's executor: a supported operation's plan,
compiled once per (schema, operation) and cached, runs instead of field-by-field
resolution; anything else goes to the general executor, counted by reason in
``genegraph_planned_fallbacks_total`` and logged at debug level (ARCHITECTURE.md,
"Planned execution")."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from graphql import FragmentDefinitionNode, GraphQLSchema, OperationDefinitionNode, VariableValues

from genegraph.execution.caches.identity import IdentityCache
from genegraph.execution.internals import PlannedRun, planned_execution_context
from genegraph.execution.planned.plan import OperationPlan, Unplannable, compile_operation
from genegraph.execution.planned.run import execute_plan
from genegraph.observability.metrics import PLANNED_FALLBACKS, labelled
from genegraph.resolvers.context import Context

PLAN_CACHE_SIZE = 1024

logger = logging.getLogger(__name__)

# Set while the view answers a request whose plan failed in the planned lane: the general
# executor answers it, as it would have after the plan failed in the view.
_general_only: ContextVar[bool] = ContextVar("genegraph_general_only", default=False)

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
    if not isinstance(context, Context) or _general_only.get():  # not a request of the
        return None  # server's, or one whose plan failed already (``general_only``)
    plan = plan_for(schema, operation, fragments)
    if isinstance(plan, Unplannable):
        fell_back("unsupported", plan)
        return None
    return run_of(plan, context)


def run_of(plan: OperationPlan, context: Context) -> PlannedRun:
    """The run of ``plan`` for one request, by the executor and the planned lane alike;
    a run that answers marks the context (``Context.planned``)."""

    async def run(variables: VariableValues) -> dict[str, Any]:
        data = await execute_plan(plan, context, variables)
        context.planned = plan
        return data

    return run


@contextmanager
def general_only() -> Iterator[None]:
    """Within: the general executor answers every operation (the planned lane hands the
    view a request whose plan failed)."""
    token = _general_only.set(True)
    try:
        yield
    finally:
        _general_only.reset(token)


def fell_back(reason: str, why: BaseException) -> None:
    labelled(PLANNED_FALLBACKS, reason).inc()
    logger.debug("planned execution left a document to the general executor (%s): %s", reason, why)


PlannedExecutionContext = planned_execution_context(planned_run, fell_back)
