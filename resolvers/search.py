"""Ranked search: genes by symbol, alias, name and summary, each gene once in its best
tier; GO terms by name and synonym. How the tiers are counted, paged and walked for
autocomplete: ARCHITECTURE.md, section 3.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    case,
    cast,
    column,
    func,
    literal,
    literal_column,
    null,
    select,
    table,
    true,
    union_all,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect, Row
from sqlalchemy.orm import QueryableAttribute

from genegraph.db import search_index
from genegraph.db.models import Gene, GeneAlias, GOCategory, GOTerm, GOTermSynonym
from genegraph.db.newest_release import NEWEST_NUMBER
from genegraph.resolvers.context import Context
from genegraph.resolvers.errors import UserInputError
from genegraph.resolvers.pagination import Window
from genegraph.resolvers.records import GeneRecord, TermRecord
from genegraph.resolvers.rows import (
    GENE_COLUMNS,
    TERM_COLUMNS,
    DriverStatement,
    Fetch,
    gene_of,
    term_of,
)
from genegraph.resolvers.taxon_arguments import require_loaded

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


@dataclass(frozen=True, slots=True)
class Found(Generic[T]):
    """A page of hits without the list's total: ``more`` tells whether hits follow it
    (False unless asked)."""

    hits: tuple[T, ...]
    more: bool
    # The newest release, when the page was read by one statement that read it too.
    release: int | None = None


def checked_query(query: str) -> str:
    cleaned = " ".join(query.split())
    if not cleaned:
        raise UserInputError("search: `query` is empty; type a symbol, an alias or words")
    if len(cleaned) > MAX_QUERY_LENGTH:
        raise UserInputError(f"search: `query` is longer than {MAX_QUERY_LENGTH} characters")
    return cleaned


def starts_with(
    column: ColumnElement[str] | QueryableAttribute[str], prefix: str, dialect: str
) -> ColumnElement[bool]:
    """An index-friendly prefix test: GLOB on SQLite (its LIKE ignores case and so skips
    the index), LIKE on PostgreSQL (text_pattern_ops indexes serve it in any collation)."""
    return _matches(column, literal(prefix_pattern(prefix, dialect)), dialect)


def prefix_pattern(prefix: str, dialect: str) -> str:
    """The GLOB (SQLite) or LIKE (PostgreSQL) pattern of the strings starting with
    ``prefix``, its wildcards escaped."""
    if dialect == "sqlite":
        return re.sub(r"([*?\[])", r"[\1]", prefix) + "*"
    return re.sub(r"([%_\\])", r"\\\1", prefix) + "%"


def _matches(
    column: ColumnElement[str] | QueryableAttribute[str], pattern: Any, dialect: str
) -> ColumnElement[bool]:
    if dialect == "sqlite":
        return column.op("GLOB", return_type=Boolean)(pattern)
    return column.like(pattern, escape="\\")


def _hits(
    tier: ColumnElement[Any], score: ColumnElement[Any], *where: ColumnElement[bool]
) -> AnySelect:
    """A gene tier's hits, one row per gene, in the columns every group has."""
    return select(
        Gene.pk.label("gene_pk"),
        tier.label("tier"),
        score.label("score"),
        null().label("matched"),
        Gene.symbol_key.label("symbol_key"),
    ).where(*where)


def _text_groups(dialect: str, outside_better: list[Any]) -> list[AnySelect]:
    """Genes whose name (tier 4) or else summary (tier 5) holds every word, the last as a
    prefix; shorter names first, so "interleukin 2" comes before "interleukin 2 receptor
    subunit alpha". Both engines rank alike, whatever their own relevance scores. The words
    are parameters: ``phrase`` and ``name_phrase`` (SQLite), ``tsquery`` (PostgreSQL)."""
    score = func.length(Gene.name) * 1.0
    if dialect == "sqlite":
        fts = table(search_index.FTS_TABLE, column("rowid"))
        whole: ColumnElement[Any] = literal_column(search_index.FTS_TABLE)
        name_phrase = bindparam("name_phrase", type_=String)
        in_name = select(fts.c.rowid).where(whole.op("MATCH")(name_phrase))
        in_text = select(fts.c.rowid).where(whole.op("MATCH")(bindparam("phrase", type_=String)))
        return [
            _hits(literal(4), score, Gene.pk.in_(in_name), *outside_better),
            _hits(
                literal(5), score, Gene.pk.in_(in_text), Gene.pk.not_in(in_name), *outside_better
            ),
        ]
    english: ColumnElement[Any] = literal_column("'english'")
    tsquery = func.to_tsquery(english, bindparam("tsquery", type_=String))
    # The indexed expression finds the candidates; the name alone sorts them into tiers,
    # computed only when a page reaches these tiers (the count needs no tier).
    document: ColumnElement[Any] = literal_column(search_index.PG_DOCUMENT)
    name_holds = func.to_tsvector(english, func.coalesce(Gene.name, "")).op("@@")(tsquery)
    return [
        _hits(case((name_holds, 4), else_=5), score, document.op("@@")(tsquery), *outside_better)
    ]


def _alias_group(dialect: str, by_taxon: bool) -> AnySelect:
    """Genes with an alias that is or starts with the query (tier 3), but whose symbol
    does not (tiers 1 and 2): each once, by its best alias (exact, then shortest, then
    first alphabetically ignoring case; before, PostgreSQL picked among equally short ones
    as its sort left them). The alias's gene is looked up by primary key: a join lets
    PostgreSQL hash every gene of the taxon (77k for human, 50 of 75 ms) to check a few
    hundred aliases, as it overestimates how many aliases a short prefix matches."""
    key, pattern = bindparam("key", type_=String), bindparam("pattern", type_=String)
    in_taxon = [Gene.taxon_id == bindparam("taxon", type_=Integer)] if by_taxon else []
    gene_of_alias = select(Gene.symbol_key).where(Gene.pk == GeneAlias.gene_pk, *in_taxon)
    score = case((GeneAlias.alias_key == key, 0.0), else_=func.length(GeneAlias.alias_key) * 1.0)
    aliases = (
        select(
            GeneAlias.gene_pk.label("gene_pk"),
            score.label("score"),
            GeneAlias.alias.label("matched"),
            gene_of_alias.scalar_subquery().label("symbol_key"),
            func.row_number()
            .over(
                partition_by=GeneAlias.gene_pk,
                order_by=(score, GeneAlias.alias_key, GeneAlias.alias),
            )
            .label("rank_in_gene"),
        )
        .where(_matches(GeneAlias.alias_key, pattern, dialect))
        .subquery()
    )
    return select(
        aliases.c.gene_pk,
        literal(3).label("tier"),
        aliases.c.score,
        aliases.c.matched,
        aliases.c.symbol_key,
    ).where(
        aliases.c.rank_in_gene == 1,
        # Null: the gene is of another taxon.
        aliases.c.symbol_key.is_not(None),
        ~_matches(aliases.c.symbol_key, pattern, dialect),
    )


@functools.cache
def _gene_groups(dialect: str, by_taxon: bool, with_words: bool) -> tuple[AnySelect, ...]:
    """The hits in groups of tiers, in tier order, each gene in its best tier only: a
    group leaves out the genes of the groups before it, so the groups can be counted and
    cut into pages apart. Built once per shape: the query is in the parameters
    (``_group_parameters``)."""
    key, pattern = bindparam("key", type_=String), bindparam("pattern", type_=String)
    in_taxon = [Gene.taxon_id == bindparam("taxon", type_=Integer)] if by_taxon else []
    symbol_hit = _matches(Gene.symbol_key, pattern, dialect)
    exact = Gene.symbol_key == key
    groups = [
        _hits(
            case((exact, 1), else_=2),
            case((exact, 0.0), else_=func.length(Gene.symbol_key) * 1.0),
            symbol_hit,
            *in_taxon,
        ),
        _alias_group(dialect, by_taxon),
    ]
    if with_words:
        alias_hit = select(GeneAlias.gene_pk).where(_matches(GeneAlias.alias_key, pattern, dialect))
        outside_better = [*in_taxon, ~symbol_hit, Gene.pk.not_in(alias_hit)]
        groups.extend(_text_groups(dialect, outside_better))
    return tuple(groups)


def _groups_of(
    cleaned: str, dialect: str, taxon: int | None
) -> tuple[tuple[AnySelect, ...], dict[str, Any]]:
    """The groups of a query and their parameters."""
    key = cleaned.upper()
    words = _WORD.findall(cleaned)
    parameters: dict[str, Any] = {"key": key, "pattern": prefix_pattern(key, dialect)}
    if taxon is not None:
        parameters["taxon"] = taxon
    if words and dialect == "sqlite":
        phrase = " ".join(f'"{w}"' for w in words[:-1]) + f' "{words[-1]}"*'
        parameters |= {"phrase": phrase, "name_phrase": f"name : ({phrase})"}
    elif words:
        parameters["tsquery"] = " & ".join([*words[:-1], f"{words[-1]}:*"])
    return _gene_groups(dialect, taxon is not None, bool(words)), parameters


def _cut(hits: AnySelect, dialect: str, start: Any, stop: Any) -> AnySelect:
    """Hits ``start`` to ``stop`` (exclusive; numbers or parameters) of a group, in rank
    order."""
    group = hits.subquery()
    ordered = select(group).order_by(*_hit_order(group, dialect))
    return select(ordered.offset(start).limit(stop - start).subquery())


def _joined(parts: list[AnySelect], dialect: str, *release: Any) -> AnySelect:
    """Cut parts of groups, in group order, joined to their genes (and ``release``, the
    newest release's column, when given)."""
    page_hits = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
    return (
        select(*GENE_COLUMNS, page_hits.c.tier, page_hits.c.matched, *release)
        .join(page_hits, page_hits.c.gene_pk == Gene.pk)
        .order_by(*_hit_order(page_hits, dialect))
    )


def _page_of(
    groups: Sequence[AnySelect], counts: Sequence[int], page: Window, dialect: str
) -> AnySelect | None:
    """The page's hits joined to their genes: from each group it overlaps, only that
    part, cut in the database (a prefix such as "LOC" has 30,000 symbol hits; their
    genes' rows are never read). None when the page holds no hit."""
    parts: list[AnySelect] = []
    before = 0
    for group, count in zip(groups, counts, strict=True):
        start = max(page.offset - before, 0)
        stop = min(page.offset + page.limit - before, count)
        if start < stop:
            parts.append(_cut(group, dialect, start, stop))
        before += count
    return _joined(parts, dialect) if parts else None


def _hit_order(hits: Any, dialect: str) -> tuple[ColumnElement[Any], ...]:
    """Hits best first: by tier, score, then shorter symbols, symbol, primary key. Symbols
    compare by code point on both engines (SQLite's own order; on PostgreSQL whatever the
    database's collation, as the symbol index of ``db/search_index.py`` is ordered)."""
    return (
        hits.c.tier,
        hits.c.score,
        func.length(hits.c.symbol_key),
        _by_code_point(hits.c.symbol_key, dialect),
        hits.c.gene_pk,
    )


def _by_code_point(
    column: ColumnElement[Any] | QueryableAttribute[Any], dialect: str
) -> ColumnElement[Any]:
    """The column as ordered by code point: SQLite's own order, COLLATE "C" on PostgreSQL."""
    if dialect == "sqlite":
        return column.expression if isinstance(column, QueryableAttribute) else column
    return column.collate("C")


# The newest release, read by the symbol page with its hits: a request answered by that
# one statement knows its release without a statement more (genegraph/server/one_release.py).
_NEWEST = NEWEST_NUMBER.scalar_subquery().label("release")

# The last code point: a string starting with a prefix sorts (by code point) below the
# prefix followed by it, so [prefix, prefix + _LAST) is an index range of its hits.
_LAST = "\U0010ffff"


def _symbols_ranked(dialect: str) -> AnySelect:
    """The symbol group (tiers 1 and 2) from hit ``start`` to ``stop`` (parameters, with
    ``taxon``, ``key``, ``key_end``, ``pattern``, ``key_length``), joined to the genes:
    read in rank order from the index on (taxon_id, length(symbol_key), symbol_key), in
    which each symbol length from the query's up to the taxon's longest is a range, read
    only until the page is full: "LOC" reads a few dozen index entries, not its 32,000
    hits. The exact symbol is the one hit as short as the query, so it comes first as
    tier 1 should. Built once per engine kind: only its parameters change."""
    if dialect == "postgresql":
        return _symbols_ranked_postgresql()
    key = bindparam("key", type_=String)
    ordered = _by_code_point(Gene.symbol_key, dialect)
    taxon = bindparam("taxon", type_=Integer)
    stop = bindparam("stop", type_=Integer)
    where = [
        Gene.taxon_id == taxon,
        ordered >= key,
        ordered < bindparam("key_end", type_=String),
        _matches(Gene.symbol_key, bindparam("pattern", type_=String), dialect),
    ]
    length = func.length(Gene.symbol_key)
    start = bindparam("start", type_=Integer)
    # SQLite reads an IN list's values in order, so the index gives the ORDER BY.
    lengths = select(bindparam("key_length", type_=Integer).label("n")).cte(
        "lengths", recursive=True
    )
    lengths = lengths.union_all(select(lengths.c.n + 1).where(lengths.c.n < _longest_symbol(taxon)))
    hits: Any = (
        select(Gene.pk, Gene.symbol_key)
        .where(length.in_(select(lengths.c.n)), *where)
        .order_by(length, ordered, Gene.pk)
        .offset(start)
        .limit(stop - start)
        .subquery()
    )
    exact = hits.c.symbol_key == key
    ranked = select(
        hits.c.pk.label("gene_pk"),
        case((exact, 1), else_=2).label("tier"),
        case((exact, 0.0), else_=func.length(hits.c.symbol_key) * 1.0).label("score"),
        null().label("matched"),
        hits.c.symbol_key.label("symbol_key"),
    )
    return _joined([ranked], dialect, _NEWEST)


def _longest_symbol(taxon: Any) -> Any:
    """The length of the taxon's longest symbol (the last entry of the rank index)."""
    length = func.length(Gene.symbol_key)
    return (
        select(length).where(Gene.taxon_id == taxon).order_by(length.desc()).limit(1)
    ).scalar_subquery()


def _symbols_ranked_postgresql() -> AnySelect:
    """``_symbols_ranked`` on PostgreSQL, in rows of GENE_COLUMNS, tier, matched text: a
    walk over the symbol lengths from the query's up (a recursive CTE carrying the hits'
    keys in rank order in one array), each length one index-only range scan of the
    (taxon_id, length(symbol_key), symbol_key) index for what the page still lacks, that
    stops at the length that fills the page; then the page's genes by key. A lateral scan
    of every length up to the taxon's longest (the statement before this one) read 24
    ranges for "IL" at the kit and 28 at 100x, up to the page's size each, where this walk
    reads 3: 0.39 -> 0.14 ms of PostgreSQL CPU per statement at the kit, 0.53 -> 0.14 at
    100x (BENCHMARKS.md). The range [key, key + U+10FFFF) by code point is the prefix test
    (no LIKE): with it the statement is simple enough that PostgreSQL keeps its generic
    plan after a few runs instead of planning every request afresh (0.3-0.5 ms of its CPU);
    a LIKE's unknown selectivity made the generic plan look worse than the custom ones.
    Hits start with the key by the range alone, unless U+10FFFF itself follows it in a
    symbol."""
    key = bindparam("key", type_=String)
    taxon = bindparam("taxon", type_=Integer)
    start, stop = bindparam("start", type_=Integer), bindparam("stop", type_=Integer)
    ordered = _by_code_point(Gene.symbol_key, "postgresql")
    no_keys = cast(postgresql.array([]), postgresql.ARRAY(Integer))
    walk = select(
        (bindparam("key_length", type_=Integer) - 1).label("n"), no_keys.label("pks")
    ).cte("walk", recursive=True)
    found = func.cardinality(walk.c.pks)
    of_length = (
        select(Gene.pk)
        .where(
            Gene.taxon_id == taxon,
            func.length(Gene.symbol_key) == walk.c.n + 1,
            ordered >= key,
            ordered < bindparam("key_end", type_=String),
        )
        .order_by(ordered, Gene.pk)
        .limit(stop - found)
    )
    # The longest symbol as max(), not ORDER BY ... LIMIT 1 as on SQLite: a LIMIT's value
    # is a parameter, unknown to the generic plan, which then costs the look-up as a tenth
    # of the taxon's index, once per recursion it estimates, and loses to custom plans.
    longest = (
        select(func.max(func.length(Gene.symbol_key))).where(Gene.taxon_id == taxon)
    ).scalar_subquery()
    walk = walk.union_all(
        select(walk.c.n + 1, walk.c.pks.op("||")(func.array(of_length.scalar_subquery()))).where(
            found < stop, walk.c.n < longest
        )
    )
    walked = select(walk.c.pks).order_by(walk.c.n.desc()).limit(1).subquery("walked")
    hit = func.unnest(walked.c.pks).table_valued("pk", with_ordinality="rank").render_derived()
    page = (
        select(hit.c.pk, hit.c.rank)
        .select_from(walked)
        .join(hit, true())
        .order_by(hit.c.rank)
        .offset(start)
        .limit(stop - start)
        .subquery("page")
    )
    exact = Gene.symbol_key == key
    return (
        select(
            *GENE_COLUMNS,
            case((exact, 1), else_=2).label("tier"),
            null().label("matched"),
            _NEWEST,
        )
        .join(page, page.c.pk == Gene.pk)
        .order_by(page.c.rank)
    )


def _symbols_ranked_parameters(
    key: str, dialect: str, taxon: int, start: int, stop: int
) -> dict[str, Any]:
    return {
        "key": key,
        "key_end": key + _LAST,
        "pattern": prefix_pattern(key, dialect),
        "key_length": len(key),
        "taxon": taxon,
        "start": start,
        "stop": stop,
    }


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
    """Two statements: the groups' counts (their sum is the total), then the page from
    the groups it overlaps."""
    groups, parameters = _groups_of(checked_query(query), dialect, taxon)
    counted = await fetch.rows(_counts(groups), parameters)
    counts = [int(n) for n in counted[0]]
    statement = _page_of(groups, counts, page, dialect)
    rows = [] if statement is None else await fetch.rows(statement, parameters)
    return Hits(sum(counts), tuple(_gene_hit(r) for r in rows))


@functools.cache
def _counts(groups: tuple[AnySelect, ...]) -> AnySelect:
    """One row: each group's count."""
    return select(
        *(select(func.count()).select_from(g.subquery()).scalar_subquery() for g in groups)
    )


_DRIVER_STATEMENTS: dict[tuple[Any, ...], DriverStatement] = {}


def _driver_statement(dialect: Dialect, *shape: Any) -> DriverStatement:
    """A walk's statement compiled once per engine kind and shape and run on the driver:
    for these small statements SQLAlchemy's execution (a transaction begun and rolled
    back, the compiled cache's key) cost more CPU than the statement itself. Shapes:
    ("symbols",), ("cut" | "count", by_taxon, with_words, group index)."""
    key = (dialect.name, *shape)
    statement = _DRIVER_STATEMENTS.get(key)
    if statement is None:
        if shape[0] == "symbols":
            built = _symbols_ranked(dialect.name)
        else:
            group = _gene_groups(dialect.name, *shape[1:3])[shape[3]]
            start, stop = bindparam("start", type_=Integer), bindparam("stop", type_=Integer)
            built = (
                _joined([_cut(group, dialect.name, start, stop)], dialect.name)
                if shape[0] == "cut"
                else select(func.count()).select_from(group.subquery())
            )
        statement = _DRIVER_STATEMENTS[key] = DriverStatement(built, dialect)
    return statement


async def first_genes(
    fetch: Fetch, dialect: str, query: str, taxon: int | None, page: Window, peek: bool
) -> Found[GeneHit]:
    """The page of ``search_genes`` without the total, in as few statements as the groups
    it reaches (one when the symbols fill it, as for most prefixes): each group is asked
    for what the page still needs, in rank order; a group is counted only when the page
    starts past its end. ``peek``: also find whether any hit follows the page."""
    cleaned = checked_query(query)
    groups, parameters = _groups_of(cleaned, dialect, taxon)
    shape = (taxon is not None, len(groups) > 2)
    engine = fetch.engine
    stop = page.offset + page.limit + (1 if peek else 0)
    rows: list[Sequence[Any]] = []
    before = 0  # the hits of the groups already walked
    release = None  # read by the symbol page, if it is the walk's one statement
    for index in range(len(groups)):
        start = max(page.offset - before, 0)
        wanted = stop - before
        if start >= wanted:
            break
        if index == 0 and taxon is not None:
            statement = _driver_statement(engine.dialect, "symbols")
            key = parameters["key"]
            values = _symbols_ranked_parameters(key, dialect, taxon, start, wanted)
        else:
            statement = _driver_statement(engine.dialect, "cut", *shape, index)
            values = parameters | {"start": start, "stop": wanted}
        got = await statement.rows(engine, values)
        rows.extend(got)
        if index == 0 and taxon is not None and got:
            release = got[0][-1]
        if len(got) == wanted - start:
            break
        release = None  # a second statement follows
        if got or start == 0:
            before += start + len(got)
        else:  # the page starts past this group: how far, only its count can tell
            counted = await _driver_statement(engine.dialect, "count", *shape, index).row(
                engine, parameters
            )
            before += int(counted[0])
    hits = tuple(_gene_hit(r) for r in rows[: page.limit])
    return Found(hits, len(rows) > page.limit, release)


async def search_page(
    context: Context, query: str, taxon: int | None, page: Window, counted: bool, peek: bool
) -> Hits[GeneHit]:
    """The page the ``search`` field answers, by either executor: with ``counted`` (its
    `totalCount` selected) the tiers are counted (``search_genes``); else only the page is
    read (``first_genes``, autocomplete) and the total is as far as the page shows, one
    past it when ``peek`` (`pageInfo` selected) found hits after it. Nothing found in a
    taxon not loaded is an error naming the loaded ones."""
    engine = context.engine
    fetch, dialect = Fetch(engine), engine.dialect.name
    if counted:
        found = await search_genes(fetch, dialect, query, taxon, page)
    else:
        head = await first_genes(fetch, dialect, query, taxon, page, peek)
        found = Hits(page.offset + len(head.hits) + head.more, head.hits)
        if head.release is not None:
            context.release_read = head.release
    if not found.hits and taxon is not None:
        await require_loaded(context.loaders, taxon, "search")
    return found


def _gene_hit(row: Sequence[Any]) -> GeneHit:
    """A hit from a row of GENE_COLUMNS, tier, matched text (a driver's or SQLAlchemy's),
    and perhaps the release."""
    tier, matched = row[len(GENE_COLUMNS) : len(GENE_COLUMNS) + 2]
    return GeneHit(gene_of(row), _GENE_TIERS[tier], matched)


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
