"""Ranked search: genes by symbol, alias, name and summary; GO terms by name and synonym.

Genes rank in tiers: the exact symbol first, then symbols starting with the query, then
aliases (exact, then starting with it), then genes whose name, or else summary, holds the
query's words (the last word may be a prefix, for autocomplete). A gene appears once, in its
best tier. Each search is one SQL statement, its total counted by a window.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Select,
    and_,
    case,
    column,
    func,
    literal,
    literal_column,
    null,
    select,
    table,
    union_all,
)
from sqlalchemy.engine import Row
from sqlalchemy.orm import QueryableAttribute

from db import search_index
from db.models import Gene, GeneAlias, GOCategory, GOTerm, GOTermSynonym
from resolvers.errors import UserInputError
from resolvers.pagination import Window
from resolvers.records import GeneRecord, TermRecord
from resolvers.rows import GENE_COLUMNS, TERM_COLUMNS, Fetch, gene_of, term_of

MAX_QUERY_LENGTH = 200
T = TypeVar("T")
# A SELECT of any columns (SQLAlchemy types a Select by its columns).
AnySelect = Select[*tuple[Any, ...]]
_WORD = re.compile(r"\w+")


class GeneMatch(enum.Enum):
    SYMBOL = "symbol"
    SYMBOL_PREFIX = "symbol_prefix"
    ALIAS = "alias"
    NAME = "name"
    SUMMARY = "summary"


class TermMatch(enum.Enum):
    ID = "id"
    NAME = "name"
    NAME_PREFIX = "name_prefix"
    NAME_WORDS = "name_words"
    SYNONYM = "synonym"


@dataclass(frozen=True, slots=True)
class GeneHit:
    gene: GeneRecord
    match: GeneMatch
    matched_text: str | None


@dataclass(frozen=True, slots=True)
class TermHit:
    term: TermRecord
    match: TermMatch
    matched_text: str | None


@dataclass(frozen=True, slots=True)
class Hits(Generic[T]):
    total: int
    hits: tuple[T, ...]


def checked_query(query: str) -> str:
    cleaned = " ".join(query.split())
    if not cleaned:
        raise UserInputError("search: `query` is empty; type a symbol, an alias or words")
    if len(cleaned) > MAX_QUERY_LENGTH:
        raise UserInputError(f"search: `query` is longer than {MAX_QUERY_LENGTH} characters")
    return cleaned


def starts_with(column: QueryableAttribute[str], prefix: str, dialect: str) -> ColumnElement[bool]:
    """An index-friendly prefix test: GLOB on SQLite (its LIKE ignores case and so skips
    the index), LIKE on PostgreSQL (text_pattern_ops indexes serve it in any collation)."""
    if dialect == "sqlite":
        escaped = re.sub(r"([*?\[])", r"[\1]", prefix)
        return column.op("GLOB", return_type=Boolean)(escaped + "*")
    escaped = re.sub(r"([%_\\])", r"\\\1", prefix)
    return column.like(escaped + "%", escape="\\")


def _text_tiers(words: list[str], dialect: str, in_taxon: list[Any]) -> list[AnySelect]:
    """Genes whose name (tier 4) or else summary (tier 5) holds every word, the last as a
    prefix; shorter names first, so "interleukin 2" comes before "interleukin 2 receptor
    subunit alpha". Both engines rank alike, whatever their own relevance scores."""
    score = func.length(Gene.name) * 1.0
    if dialect == "sqlite":
        fts = table(search_index.FTS_TABLE, column("rowid"))
        whole: ColumnElement[Any] = literal_column(search_index.FTS_TABLE)
        phrase = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
        return [
            select(fts.c.rowid, literal(tier), score, null(), Gene.symbol_key)
            .join(Gene, Gene.pk == fts.c.rowid)
            .where(whole.op("MATCH")(query), *in_taxon)
            for tier, query in ((4, f"name : ({phrase})"), (5, phrase))
        ]
    english: ColumnElement[Any] = literal_column("'english'")
    tsquery = func.to_tsquery(english, " & ".join([*words[:-1], f"{words[-1]}:*"]))
    # The indexed expression finds the candidates; the name alone sorts them into tiers.
    document: ColumnElement[Any] = literal_column(search_index.PG_DOCUMENT)
    in_name = func.to_tsvector(english, func.coalesce(Gene.name, "")).op("@@")(tsquery)
    return [
        select(Gene.pk, case((in_name, 4), else_=5), score, null(), Gene.symbol_key).where(
            document.op("@@")(tsquery), *in_taxon
        )
    ]


def _best_first(tiers: list[AnySelect], page: Window) -> AnySelect:
    """Each gene once, in its best tier, ordered by tier, score, symbol; with the total.

    The page is cut from the hits alone (each tier carries its gene's symbol key for the
    order), and only the page's genes are joined: a prefix such as "LOC" has 30,000 hits,
    and joining them all to their genes' rows before the count and the sort cost most of
    the statement."""
    hits = union_all(*tiers).subquery()
    ranked = select(
        hits,
        func.row_number()
        .over(partition_by=hits.c.gene_pk, order_by=(hits.c.tier, hits.c.score))
        .label("rank_in_gene"),
    ).subquery()
    best = select(ranked, func.count().over().label("total")).where(ranked.c.rank_in_gene == 1)
    order = (
        ranked.c.tier,
        ranked.c.score,
        func.length(ranked.c.symbol_key),
        ranked.c.symbol_key,
        ranked.c.gene_pk,
    )
    page_hits = best.order_by(*order).offset(page.offset).limit(page.limit).subquery()
    return (
        select(*GENE_COLUMNS, page_hits.c.tier, page_hits.c.matched, page_hits.c.total)
        .join(page_hits, page_hits.c.gene_pk == Gene.pk)
        .order_by(
            page_hits.c.tier,
            page_hits.c.score,
            func.length(page_hits.c.symbol_key),
            page_hits.c.symbol_key,
            page_hits.c.gene_pk,
        )
    )


_GENE_TIERS = {
    1: GeneMatch.SYMBOL,
    2: GeneMatch.SYMBOL_PREFIX,
    3: GeneMatch.ALIAS,
    4: GeneMatch.NAME,
    5: GeneMatch.SUMMARY,
}


async def search_genes(
    fetch: Fetch, dialect: str, query: str, taxon: int | None, page: Window
) -> Hits[GeneHit]:
    cleaned = checked_query(query)
    key = cleaned.upper()
    in_taxon: list[Any] = [] if taxon is None else [Gene.taxon_id == taxon]
    # The alias's gene's taxon, looked up per alias by primary key: a join lets PostgreSQL
    # hash every gene of the taxon (77k for human, 50 of 75 ms) to check a few hundred
    # aliases, as it overestimates how many aliases a short prefix matches.
    alias_in_taxon: list[Any] = (
        []
        if taxon is None
        else [select(Gene.taxon_id).where(Gene.pk == GeneAlias.gene_pk).scalar_subquery() == taxon]
    )
    tiers: list[AnySelect] = [
        select(
            Gene.pk.label("gene_pk"),
            literal(1).label("tier"),
            literal(0.0).label("score"),
            null().label("matched"),
            Gene.symbol_key.label("symbol_key"),
        ).where(Gene.symbol_key == key, *in_taxon),
        select(
            Gene.pk, literal(2), func.length(Gene.symbol_key) * 1.0, null(), Gene.symbol_key
        ).where(starts_with(Gene.symbol_key, key, dialect), Gene.symbol_key != key, *in_taxon),
        select(
            GeneAlias.gene_pk,
            literal(3),
            case((GeneAlias.alias_key == key, 0.0), else_=func.length(GeneAlias.alias_key) * 1.0),
            GeneAlias.alias,
            select(Gene.symbol_key).where(Gene.pk == GeneAlias.gene_pk).scalar_subquery(),
        ).where(starts_with(GeneAlias.alias_key, key, dialect), *alias_in_taxon),
    ]
    words = _WORD.findall(cleaned)
    if words:
        tiers.extend(_text_tiers(words, dialect, in_taxon))
    rows = await fetch.rows(_best_first(tiers, page))
    total = await _total(fetch, rows, union_all(*tiers).subquery().c.gene_pk, page)
    return Hits(
        total,
        tuple(GeneHit(gene_of(r), _GENE_TIERS[r.tier], r.matched) for r in rows),
    )


async def _total(
    fetch: Fetch, rows: Sequence[Row[Any]], hit_key: ColumnElement[Any], page: Window
) -> int:
    """The number of distinct hits: the page's window count, or, when the page is past the
    end (or empty), a second statement counting ``hit_key`` over the tiers, only then."""
    if rows:
        return int(rows[0].total)
    if page.offset == 0 and page.limit > 0:
        return 0
    counted = await fetch.rows(select(func.count(func.distinct(hit_key))))
    return int(counted[0][0])


async def search_terms(
    fetch: Fetch,
    query: str,
    category: GOCategory | None,
    include_obsolete: bool,
    page: Window,
) -> Hits[TermHit]:
    """GO terms by id, exact name, name prefix, all words in the name, then synonym."""
    cleaned = checked_query(query)
    lowered = cleaned.lower()
    name = func.lower(GOTerm.name)
    filters: list[Any] = []
    if category is not None:
        filters.append(GOTerm.category == category)
    if not include_obsolete:
        filters.append(GOTerm.is_obsolete.is_(False))
    words = _WORD.findall(lowered)
    contains_words = and_(*(name.contains(w, autoescape=True) for w in words)) if words else None
    tiers: list[AnySelect] = [
        select(
            GOTerm.go_id.label("go_id"), literal(0).label("tier"), null().label("matched")
        ).where(GOTerm.go_id == cleaned.upper(), *filters),
        select(GOTerm.go_id, literal(1), null()).where(name == lowered, *filters),
        select(GOTerm.go_id, literal(2), null()).where(
            name.startswith(lowered, autoescape=True), name != lowered, *filters
        ),
        select(GOTermSynonym.go_id, literal(4), GOTermSynonym.synonym)
        .join(GOTerm, GOTerm.go_id == GOTermSynonym.go_id)
        .where(func.lower(GOTermSynonym.synonym).contains(lowered, autoescape=True), *filters),
    ]
    if contains_words is not None:
        tiers.append(select(GOTerm.go_id, literal(3), null()).where(contains_words, *filters))
    hits = union_all(*tiers).subquery()
    ranked = select(
        hits,
        func.row_number()
        .over(partition_by=hits.c.go_id, order_by=(hits.c.tier, hits.c.matched))
        .label("rank_in_term"),
    ).subquery()
    statement = (
        select(*TERM_COLUMNS, ranked.c.tier, ranked.c.matched, func.count().over().label("total"))
        .join(ranked, ranked.c.go_id == GOTerm.go_id)
        .where(ranked.c.rank_in_term == 1)
        .order_by(ranked.c.tier, func.length(GOTerm.name), GOTerm.go_id)
        .offset(page.offset)
        .limit(page.limit)
    )
    rows = await fetch.rows(statement)
    total = await _total(fetch, rows, hits.c.go_id, page)
    kinds = list(TermMatch)
    return Hits(total, tuple(TermHit(term_of(r), kinds[r.tier], r.matched) for r in rows))
