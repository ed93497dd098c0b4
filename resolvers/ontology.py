"""Batch functions for the ontology's shape; each batch of keys is answered by one SQL
statement per distinct set of arguments. "Term → genes" is resolvers/term_genes.py.

Propagation rule (as QuickGO's "descendants" usage): a gene is annotated to a term when
it is annotated to the term itself or to any term below it over is_a and part_of; with
regulates, also over regulates, positively_regulates and negatively_regulates.
NOT-qualified annotations never count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    ColumnElement,
    and_,
    func,
    literal,
    or_,
    select,
)
from sqlalchemy.engine import Row

from genegraph.db.models import (
    GOAnnotation,
    GOTerm,
    GOTermClosure,
    GOTermRelation,
    GOTermSynonym,
)
from genegraph.resolvers.pagination import Window
from genegraph.resolvers.records import TermRecord
from genegraph.resolvers.rows import (
    TERM_COLUMNS,
    Fetch,
    grouped,
    term_of,
)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Synonym:
    text: str
    scope: str


@dataclass(frozen=True, slots=True)
class RelatedTerm:
    relation: str
    term: TermRecord


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a longer list, and the list's length."""

    total: int
    items: tuple[T, ...]


@dataclass(frozen=True, slots=True)
class DescendantsKey:
    go_id: str
    with_regulates: bool
    window: Window


def not_negated() -> ColumnElement[bool]:
    """Annotations without NOT among their qualifiers, which GAF separates with "|"
    ("NOT|involved_in") and NCBI gene2go with a space ("NOT involved_in")."""
    words = literal(" ") + func.replace(GOAnnotation.qualifier, "|", " ") + literal(" ")
    return ~words.like("% NOT %")


def structural(with_regulates: bool) -> ColumnElement[bool]:
    """Closure pairs to follow: is_a/part_of only, unless regulates is asked for too."""
    return GOTermClosure.via_regulates.is_(False) if not with_regulates else literal(True)


async def synonyms(fetch: Fetch, keys: Sequence[str]) -> list[list[Synonym]]:
    rows = await fetch.rows(
        select(GOTermSynonym.go_id, GOTermSynonym.synonym, GOTermSynonym.scope)
        .where(GOTermSynonym.go_id.in_(keys))
        .order_by(GOTermSynonym.go_id, GOTermSynonym.scope, GOTermSynonym.synonym)
    )
    return grouped(keys, rows, lambda r: r.go_id, lambda r: Synonym(r.synonym, r.scope))


async def parents(fetch: Fetch, keys: Sequence[str]) -> list[list[RelatedTerm]]:
    rows = await fetch.rows(
        select(*TERM_COLUMNS, GOTermRelation.child_id, GOTermRelation.relation)
        .join(GOTermRelation, GOTermRelation.parent_id == GOTerm.go_id)
        .where(GOTermRelation.child_id.in_(keys))
        .order_by(GOTermRelation.child_id, GOTermRelation.relation, GOTerm.go_id)
    )
    return grouped(keys, rows, lambda r: r.child_id, lambda r: RelatedTerm(r.relation, term_of(r)))


async def children(fetch: Fetch, keys: Sequence[str]) -> list[list[RelatedTerm]]:
    rows = await fetch.rows(
        select(*TERM_COLUMNS, GOTermRelation.parent_id, GOTermRelation.relation)
        .join(GOTermRelation, GOTermRelation.child_id == GOTerm.go_id)
        .where(GOTermRelation.parent_id.in_(keys))
        .order_by(GOTermRelation.parent_id, GOTermRelation.relation, GOTerm.go_id)
    )
    return grouped(keys, rows, lambda r: r.parent_id, lambda r: RelatedTerm(r.relation, term_of(r)))


async def ancestors(fetch: Fetch, keys: Sequence[tuple[str, bool]]) -> list[list[TermRecord]]:
    """Keys: (term, with regulates). Every ancestor once, the term itself left out."""
    ids = sorted({go_id for go_id, _ in keys})
    rows = await fetch.rows(
        select(*TERM_COLUMNS, GOTermClosure.go_id.label("below"), GOTermClosure.via_regulates)
        .join(GOTermClosure, GOTermClosure.ancestor_id == GOTerm.go_id)
        .where(GOTermClosure.go_id.in_(ids), GOTermClosure.ancestor_id != GOTermClosure.go_id)
        .order_by(GOTermClosure.go_id, GOTerm.go_id)
    )
    by_term: dict[str, list[Row[Any]]] = defaultdict(list)
    for row in rows:
        by_term[row.below].append(row)
    return [
        [term_of(r) for r in by_term.get(go_id, []) if with_regulates or not r.via_regulates]
        for go_id, with_regulates in keys
    ]


def paged(
    keys: Sequence[Any], rows: Sequence[Sequence[Any]], item_of: Any, asked: int
) -> list[Page[Any]]:
    """Pages from rows carrying the key's id, its ``position`` (1-based) and ``total``,
    from column ``asked`` on; each key's first row is always fetched, so its total is known
    even past the end."""
    position, total = asked + 1, asked + 2
    pages = []
    grouped_rows: dict[str, list[Sequence[Any]]] = defaultdict(list)
    for row in rows:
        grouped_rows[row[asked]].append(row)
    for key in keys:
        mine = grouped_rows.get(key.go_id, [])
        start, stop = key.window.offset, key.window.offset + key.window.limit
        items = tuple(item_of(r) for r in mine if start < r[position] <= stop)
        pages.append(Page(mine[0][total] if mine else 0, items))
    return pages


def _window_filter(position: Any, windows: set[Window]) -> ColumnElement[bool]:
    return or_(
        position == 1,
        *(and_(position > w.offset, position <= w.offset + w.limit) for w in windows),
    )


async def descendants(fetch: Fetch, keys: Sequence[DescendantsKey]) -> list[Page[TermRecord]]:
    pages: dict[DescendantsKey, Page[TermRecord]] = {}
    for with_regulates in {k.with_regulates for k in keys}:
        batch = [k for k in keys if k.with_regulates == with_regulates]
        inner = (
            select(
                *TERM_COLUMNS,
                GOTermClosure.ancestor_id.label("asked"),
                func.row_number()
                .over(partition_by=GOTermClosure.ancestor_id, order_by=GOTerm.go_id)
                .label("position"),
                func.count().over(partition_by=GOTermClosure.ancestor_id).label("total"),
            )
            .join(GOTermClosure, GOTermClosure.go_id == GOTerm.go_id)
            .where(
                GOTermClosure.ancestor_id.in_({k.go_id for k in batch}),
                GOTermClosure.go_id != GOTermClosure.ancestor_id,
                structural(with_regulates),
            )
            .subquery()
        )
        rows = await fetch.rows(
            select(inner).where(_window_filter(inner.c.position, {k.window for k in batch}))
        )
        for key, page in zip(batch, paged(batch, rows, term_of, len(TERM_COLUMNS)), strict=True):
            pages[key] = page
    return [pages[key] for key in keys]
