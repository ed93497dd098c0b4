"""Text a request hands the resolvers must be text a database can hold.

PostgreSQL cannot store or compare the NUL character (U+0000): a query sending one in an
argument would fail inside the driver with an error that names the SQL, not the input.
So an operation whose string arguments or variables hold one is refused before any
resolver runs, with BAD_USER_INPUT, on every backend alike."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import StringValueNode, visit
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from genegraph.resolvers.errors import UserInputError

NUL = "\x00"


def holds_nul(value: object) -> bool:
    """Whether a variable's value (or any value inside it) is a string holding U+0000."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(holds_nul(v) for v in value.values())
    if isinstance(value, list | tuple):
        try:  # a list of strings (a batch's ids) in one search, not a call per item
            return NUL in "".join(value)
        except TypeError:  # not only strings
            return any(holds_nul(v) for v in value)
    return False


class _NulFinder(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_string_value(self, node: StringValueNode, *_: object) -> None:
        self.found = self.found or NUL in node.value


class RejectNulCharacters(SchemaExtension):
    """Refuses an operation whose string inputs (literals or variables) hold U+0000."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        in_document = False
        # A NUL can only come from a unicode escape or the raw character in the text.
        query = context.query or ""
        if document is not None and ("\\u" in query or NUL in query):
            finder = _NulFinder()
            visit(document, finder)
            in_document = finder.found
        if in_document or holds_nul(context.variables):
            context.result = ExecutionResult(
                data=None,
                errors=[
                    UserInputError(
                        "A string argument holds the NUL character (U+0000), which gene and "
                        "term data never contain; remove it."
                    )
                ],
            )
        yield
