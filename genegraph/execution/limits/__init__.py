"""The safety limits on what one request may ask for (``Limits``), and the error that
refuses it (``LimitExceeded``). Each limit is enforced by an extension of its own module:
``document`` (size, tokens), ``shape_rule`` (depth, aliases, recursive lists, from
``query_shape``), ``cost`` and ``timeout``; ``extensions`` puts them together. Why and
how: ARCHITECTURE.md, "Limits"; ``genegraph.settings`` reads them from the environment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from graphql import GraphQLError, Node

QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"
TIMEOUT = "TIMEOUT"


@dataclass(frozen=True)
class Limits:
    """The limits one request must stay within; all are on unless set very large."""

    max_depth: int = 12
    """Fields on the longest path from the root, e.g. gene.orthologs.gene.goTerms.id is 5."""
    max_cost: int = 100_000
    """The estimated cost (see ``query_shape``): the values the answer may hold."""
    max_aliases: int = 100
    """Aliased fields in one document (the gene card for 50 genes uses 50)."""
    max_tokens: int = 5_000
    """Lexical tokens of the document; parsing stops at the first token beyond it."""
    max_document_size: int = 50_000
    """Characters of the document."""
    max_list_nesting: int = 1
    """How often one list field may appear on a path from the root: 1 refuses
    orthologs { gene { orthologs { ... } } }, whose answer only repeats itself."""
    timeout_seconds: float = 10.0
    """Wall-clock time a request may run."""


DEFAULT_LIMITS = Limits()


class LimitExceeded(GraphQLError):
    """A request over one of the limits; ``extensions`` name the limit, the value found
    and the maximum, so a client can tell which limit it hit without parsing prose."""

    def __init__(
        self,
        message: str,
        *,
        limit: str,
        value: int | float | None,
        maximum: int | float,
        nodes: Node | Sequence[Node] | None = None,
        code: str = QUERY_TOO_COMPLEX,
    ) -> None:
        extensions: dict[str, object] = {"code": code, "limit": limit, "maximum": maximum}
        if value is not None:
            extensions["value"] = value
        super().__init__(message, nodes, extensions=extensions)


def count(number: int | float) -> str:
    """A number as a message shows it: 100,000; 0.5."""
    return f"{number:,}" if isinstance(number, int) else f"{number:g}"
