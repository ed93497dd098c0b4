"""The document's size and tokens, checked before parsing: a regular expression counts
the tokens in a fraction of what parsing costs, and Strawberry's ``MaxTokensLimiter``
counts them again while parsing; its error is replaced by one a client can act on.

Example: ``strawberry.Schema(Query, extensions=[lambda: DocumentLimits(Limits(max_tokens=100)),
lambda: MaxTokensLimiter(100)])`` refuses a document of 101 tokens before parsing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graphql import GraphQLSyntaxError
from strawberry.extensions import SchemaExtension

from genegraph.execution.limits import LimitExceeded, Limits, count

# One GraphQL token (graphql-core's lexer, which also counts comments towards max_tokens):
# a comment (group 1, so that findall returns it non-empty), a block string, a string, a
# spread, a number, a name, a punctuator. What matches none (white space, commas) is
# skipped. On a document the lexer reads whole, the matches are its tokens.
_TOKEN = re.compile(
    r"(#[^\n\r]*)"
    r'|"""(?:\\"""|[^"]|"(?!""))*"""'
    r'|"(?:\\.|[^"\\\n\r])*"'
    r"|\.\.\."
    r"|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
    r"|[_A-Za-z][_0-9A-Za-z]*"
    r"|[!$&()*:=@\[\]{|}]"
)


def token_count(document: str) -> int:
    """The tokens of ``document`` as graphql-core's parser counts them for ``max_tokens``
    (comments included), in about a twentieth of the time its lexer takes: the regular
    expression runs in C. Exact for a document that lexes; for one that does not, parsing
    refuses it anyway."""
    return len(_TOKEN.findall(document))


class DocumentLimits(SchemaExtension):
    """The document's size, checked before parsing, and the token limit's error, made
    one a client can act on. ``MaxTokensLimiter`` sets the token limit itself."""

    def __init__(self, limits: Limits) -> None:
        super().__init__()
        self.limits = limits

    def on_operation(self) -> Iterator[None]:
        query = self.execution_context.query
        if query is not None and len(query) > self.limits.max_document_size:
            raise LimitExceeded(
                f"The query document is {count(len(query))} characters long; the maximum is "
                f"{count(self.limits.max_document_size)}. Send a shorter document: pass long "
                "lists as variables, leave out comments and unused fragments.",
                limit="documentSize",
                value=len(query),
                maximum=self.limits.max_document_size,
            )
        # Refused before parsing: a document near the limit costs about 100 ms of Python
        # parsing (docs/reliability.md, "Normal p99 under hostile traffic"). Every token is
        # at least one character, so a document no longer than the limit is not counted
        # (the card's count, 7 us, on every request).
        if (
            query is not None
            and len(query) > self.limits.max_tokens
            and token_count(query) > self.limits.max_tokens
        ):
            raise self.too_many_tokens()
        try:
            yield
        except GraphQLSyntaxError as error:
            if f"more than {self.limits.max_tokens} tokens" not in error.message:
                raise
            raise self.too_many_tokens() from error

    def too_many_tokens(self) -> LimitExceeded:
        return LimitExceeded(
            f"The query document has more than {count(self.limits.max_tokens)} tokens "
            "(names, punctuation, values, comments), the maximum. Send a shorter document: "
            "pass long lists as variables, or split the query into several requests.",
            limit="tokens",
            value=None,
            maximum=self.limits.max_tokens,
        )
