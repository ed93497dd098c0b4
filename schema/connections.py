"""Relay-style connections: ``edges { cursor node }``, ``pageInfo`` and ``totalCount``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Generic, TypeVar

import strawberry

from genegraph.resolvers.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Window, cursor_at

Node = TypeVar("Node")
Record = TypeVar("Record")

FirstArgument = Annotated[
    int | None,
    strawberry.argument(
        description=f"Page size: at most {MAX_PAGE_SIZE}; {DEFAULT_PAGE_SIZE} when omitted."
    ),
]
AfterArgument = Annotated[
    str | None,
    strawberry.argument(
        description="Start after this cursor (a previous page's `pageInfo.endCursor`)."
    ),
]


@strawberry.type(description="Where a page sits in its list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when items follow this page.")
    has_previous_page: bool = strawberry.field(description="True when items precede this page.")
    start_cursor: str | None = strawberry.field(
        description="Cursor of the page's first item; null for an empty page."
    )
    end_cursor: str | None = strawberry.field(
        description="Cursor of the page's last item: pass it as `after` for the next page."
    )


@strawberry.type(description="An item of a list and its cursor.")
class Edge(Generic[Node]):
    cursor: str = strawberry.field(description="Opaque position of this item, for `after`.")
    node: Node = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list, with the list's total size.")
class Connection(Generic[Node]):
    edges: list[Edge[Node]] = strawberry.field(description="The page's items, in order.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the list.")
    total_count: int = strawberry.field(description="How many items the whole list holds.")

    @strawberry.field(description="The page's items without their cursors.")
    def nodes(self) -> list[Node]:
        return [edge.node for edge in self.edges]


def connection(
    records: Sequence[Record],
    page: Window,
    total: int,
    node_of: Callable[[Record], Node],
) -> Connection[Node]:
    """A connection for ``records``, the items of ``page`` out of ``total``."""
    edges = [
        Edge(cursor=cursor_at(page.offset + i), node=node_of(record))
        for i, record in enumerate(records)
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.offset + len(edges) < total,
            has_previous_page=page.offset > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )


def sliced(
    records: Sequence[Record], page: Window, node_of: Callable[[Record], Node]
) -> Connection[Node]:
    """A connection over a list already held whole in memory."""
    return connection(records[page.offset : page.offset + page.limit], page, len(records), node_of)
