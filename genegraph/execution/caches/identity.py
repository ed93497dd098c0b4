"""Values computed once per object, found by the object's identity.

``ParserCache`` hands out the same document object for the same query text, so what is
derived from a document (its shapes, its validation errors, its plan, its statement) is
found by the document's ``id`` rather than by hashing it, which walks all of it (0.2 ms
for the gene card). An entry keeps its objects alive, so an ``id`` reused after an object
was freed never finds another object's value.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class IdentityCache(Generic[V]):
    """At most ``maxsize`` values, keyed by the identities of some objects and by other
    hashable parts; the least recently used goes first."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self.entries: OrderedDict[tuple[tuple[int, ...], Hashable], tuple[tuple[object, ...], V]]
        self.entries = OrderedDict()

    def get(self, objects: tuple[object, ...], parts: Hashable, make: Callable[[], V]) -> V:
        """The value for ``objects`` (by identity) and ``parts`` (by equality), made by
        ``make`` when there is none."""
        key = (tuple(map(id, objects)), parts)
        entry = self.entries.get(key)
        if entry is not None and all(a is b for a, b in zip(entry[0], objects, strict=True)):
            self.entries.move_to_end(key)
            return entry[1]
        value = make()
        self.entries[key] = (objects, value)
        if len(self.entries) > self.maxsize:
            self.entries.popitem(last=False)
        return value

    def clear(self) -> None:
        self.entries.clear()
