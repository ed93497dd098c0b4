"""Relay-style paging by position: ``first`` and an opaque ``after`` cursor.

A cursor encodes the position of an item in its list ("o:41" in base64). Lists here are
ordered deterministically (every ordering ends with a unique key), so a position names
the same item for as long as the release does not change.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from genegraph.resolvers.errors import UserInputError

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
_PREFIX = "o:"


@dataclass(frozen=True, slots=True)
class Window:
    """Which items of a list a page holds: ``limit`` items from position ``offset``."""

    offset: int
    limit: int


def cursor_at(position: int) -> str:
    return base64.urlsafe_b64encode(f"{_PREFIX}{position}".encode()).decode()


def position_of(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    if not text.startswith(_PREFIX) or not text[len(_PREFIX) :].isdigit():
        raise UserInputError(
            f"`after`: {cursor!r} is not a cursor of this list; pass an `endCursor` or "
            "`edges.cursor` value this API returned"
        )
    return int(text[len(_PREFIX) :])


def window(first: int | None, after: str | None) -> Window:
    """The page a client asked for, checked against the page-size bounds."""
    size = DEFAULT_PAGE_SIZE if first is None else first
    if not 0 <= size <= MAX_PAGE_SIZE:
        raise UserInputError(
            f"`first` must be between 0 and {MAX_PAGE_SIZE}; got {size}. "
            "Page through longer lists with `after`."
        )
    offset = 0 if after is None else position_of(after) + 1
    return Window(offset, size)
