"""Depth, aliases, repeated fields, nesting and recursive lists: a validation rule, so
its verdict is cached with the rest of validation. Each refusal is a ``LimitExceeded``.
It stops validation at the first document it refuses, before graphql-core's other rules
walk it (some cost its size squared).

Example: ``AddValidationRules([shape_rule(Limits(max_depth=4), ShapeCache())])`` refuses
``{ gene(id: "NCBIGene:3558") { orthologs { gene { goTerms { id } } } } }`` (5 deep).
"""

from __future__ import annotations

from graphql import GraphQLError, ValidationContext, ValidationRule

from genegraph.execution.internals import ValidationStopped
from genegraph.execution.limits import LimitExceeded, Limits
from genegraph.execution.limits.query_shape import MAX_NESTING, MAX_REPEATS, Shape, ShapeCache


def shape_errors(shape: Shape, limits: Limits) -> list[GraphQLError]:
    """Depth, aliases and recursive lists of one operation, against the limits."""
    errors: list[GraphQLError] = []
    if shape.depth > limits.max_depth:
        errors.append(
            LimitExceeded(
                f"The query is {shape.depth} fields deep ({'.'.join(shape.deepest)}); the "
                f"maximum depth is {limits.max_depth}. Ask for fewer levels of nested fields, "
                "or split the query into several requests.",
                limit="depth",
                value=shape.depth,
                maximum=limits.max_depth,
            )
        )
    if shape.aliases > limits.max_aliases:
        errors.append(
            LimitExceeded(
                f"The query uses {shape.aliases} aliases; the maximum is {limits.max_aliases}. "
                "Split it into several requests.",
                limit="aliases",
                value=shape.aliases,
                maximum=limits.max_aliases,
            )
        )
    times, name = shape.repeats
    if times > MAX_REPEATS:
        errors.append(
            LimitExceeded(
                f"The query selects `{name}` {times:,} times in one selection set; the "
                f"maximum is {MAX_REPEATS}. A field or fragment selected several times is "
                "answered once: select it once.",
                limit="repeats",
                value=times,
                maximum=MAX_REPEATS,
            )
        )
    if shape.nesting > MAX_NESTING:
        errors.append(
            LimitExceeded(
                f"The query nests selections (fields, inline fragments, fragments spread "
                f"in fragments) more than {MAX_NESTING} levels deep, the maximum. Spread "
                "fewer fragments inside each other.",
                limit="nesting",
                value=None,
                maximum=MAX_NESTING,
            )
        )
    allowed = "once" if limits.max_list_nesting == 1 else f"{limits.max_list_nesting} times"
    for coordinate, recurrence in shape.recurrences.items():
        if recurrence.times > limits.max_list_nesting:
            field = coordinate.split(".")[-1]
            errors.append(
                LimitExceeded(
                    f"Recursive query: the list {coordinate} is selected inside itself "
                    f"({'.'.join(recurrence.path)}, {recurrence.times} levels of `{field}`); "
                    f"a list field may appear {allowed} on a path. Each level repeats "
                    f"answers already given at a multiplied cost: select `{field}` "
                    "once, and ask about the genes it returns in a further request.",
                    limit="listNesting",
                    value=recurrence.times,
                    maximum=limits.max_list_nesting,
                )
            )
    return errors


def shape_rule(limits: Limits, shapes: ShapeCache) -> type[ValidationRule]:
    """A validation rule refusing operations too deep, too aliased or recursive."""

    class QueryShapeRule(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            self.errors = [
                error
                for operation in shapes.operations(context.schema, context.document).values()
                for error in shape_errors(operation.shape, limits)
            ]

        def enter_document(self, *args: object) -> None:
            # Validation stops here, before the other rules walk the document: some of
            # them cost its size squared (docs/reliability.md, "Hostile queries").
            if self.errors:
                *others, last = self.errors
                for error in others:
                    self.report_error(error)
                raise ValidationStopped(last.message, extensions=last.extensions)

    return QueryShapeRule
