"""Reading rows into records: the column lists, the converters, the one-statement fetch
every batch function uses, and the driver-level run of a statement compiled once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar, cast

import orjson
from sqlalchemy import (
    ARRAY,
    BindParameter,
    Boolean,
    ClauseElement,
    ColumnElement,
    Executable,
    Integer,
    SelectBase,
    String,
    bindparam,
)
from sqlalchemy.engine import Dialect, Row
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.type_api import TypeEngine
from sqlalchemy.sql.visitors import InternalTraversal
from sqlalchemy.types import TypeDecorator
from sqlalchemy.util.concurrency import greenlet_spawn

from genegraph.db.ingest.store.gene_page import GENE_PAGE_SOURCE
from genegraph.db.ingest.store.orthology import HOMOLOGENE_SOURCE, NCBI_SOURCE
from genegraph.db.models import Gene, GOAnnotation, GOCategory, GOTerm
from genegraph.resolvers.records import AnnotationRecord, GeneRecord, OrthologRecord, TermRecord

K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")

GENE_COLUMNS = (
    Gene.pk,
    Gene.gene_id,
    Gene.taxon_id,
    Gene.symbol,
    Gene.name,
    Gene.summary,
    Gene.summary_provenance,
    Gene.gene_type,
    Gene.chromosome,
    Gene.map_location,
)
_GENE_WIDTH = len(GENE_COLUMNS)
_new_tuple = tuple.__new__
TERM_COLUMNS = (
    GOTerm.go_id,
    GOTerm.name,
    GOTerm.category,
    GOTerm.definition,
    GOTerm.is_obsolete,
    GOTerm.replaced_by,
    GOTerm.consider,
)
_TERM_WIDTH = len(TERM_COLUMNS)
# An annotation's own stored fields, in the order ``annotation_of`` and the downloads'
# rows (genegraph/download/rows.py) read them.
ANNOTATION_COLUMNS = (
    GOAnnotation.source_go_id,
    GOAnnotation.evidence,
    GOAnnotation.qualifier,
    GOAnnotation.references,
    GOAnnotation.with_from,
    GOAnnotation.assigned_by,
    GOAnnotation.annotated_on,
    GOAnnotation.source,
)


def gene_of(row: Sequence[Any]) -> GeneRecord:
    """A gene from a row that starts with GENE_COLUMNS."""
    # tuple.__new__ itself: GeneRecord._make is a Python call more, once per gene.
    return _new_tuple(GeneRecord, row[:_GENE_WIDTH])


# A category as the enum or as stored, to the enum: a dictionary is 4x faster than
# GOCategory(value), once per annotation.
_CATEGORIES: dict[GOCategory | str, GOCategory] = {c: c for c in GOCategory} | {
    c.value: c for c in GOCategory
}


def term_of(row: Sequence[Any]) -> TermRecord:
    """A term from a row that starts with TERM_COLUMNS (the category as the enum, or as
    stored: read through JSON)."""
    go_id, name, category, definition, is_obsolete, replaced_by, consider = row[:_TERM_WIDTH]
    return _new_tuple(  # TermRecord(...) without its Python __new__, as gene_of
        TermRecord,
        (go_id, name, _CATEGORIES[category], definition, bool(is_obsolete), replaced_by, consider),
    )


def annotation_of(row: Sequence[Any]) -> AnnotationRecord:
    """An annotation from a row of ``resolvers.dataloaders.annotations_select``'s columns
    (TERM_COLUMNS, the gene's pk, ANNOTATION_COLUMNS)."""
    return annotation_with(term_of(row), row[_ANNOTATION_START:])


# Where a row of annotations_select's columns holds the annotation's own: after its
# term's and the gene's pk.
_ANNOTATION_START = _TERM_WIDTH + 1


def annotation_with(term: TermRecord, row: Sequence[Any]) -> AnnotationRecord:
    """An annotation of ``term`` from a row of ANNOTATION_COLUMNS, in one unpacking: the
    gene card's 40-odd annotations each cost two split_list calls and the records' Python
    __new__ (BENCHMARKS.md, issue #17). The planned card takes ``term`` from its release's
    terms (resolvers/release_terms.py), the loaders from the row's own columns."""
    (
        source_go_id,
        evidence,
        qualifier,
        references,
        with_from,
        assigned_by,
        annotated_on,
        source,
    ) = row
    return _new_tuple(
        AnnotationRecord,
        (
            term,
            source_go_id,
            evidence or None,
            qualifier or None,
            # split_list's, inline
            tuple(filter(None, references.split("|"))) if references else (),
            tuple(filter(None, with_from.split("|"))) if with_from else (),
            assigned_by or None,
            annotated_on or None,
            source,
        ),
    )


# The order of an ortholog's sources: the gene page, NCBI Gene's pairs, HomoloGene's
# groups, then any other alphabetically (the order Ortholog.sources documents).
ORTHOLOGY_SOURCES = (GENE_PAGE_SOURCE, NCBI_SOURCE, HOMOLOGENE_SOURCE)
_SOURCE_RANK = {source: rank for rank, source in enumerate(ORTHOLOGY_SOURCES)}


def _source_key(source: str) -> tuple[int, str]:
    return (_SOURCE_RANK.get(source, len(ORTHOLOGY_SOURCES)), source)


def orthologs_of(rows: Iterable[Sequence[Any]]) -> list[OrthologRecord]:
    """One gene's orthologs from its rows of ``resolvers.dataloaders.orthologs_union``'s
    columns (GENE_COLUMNS, from_pk, source), in their order: one per ortholog gene, at its
    first row, with every source that asserts the pair (a source once), in source order."""
    genes: dict[int, GeneRecord] = {}
    sources: dict[int, set[str]] = defaultdict(set)
    source_column = len(GENE_COLUMNS) + 1
    for row in rows:
        pk = row[0]  # GENE_COLUMNS start with the pk
        if pk not in genes:
            genes[pk] = gene_of(row)
        sources[pk].add(row[source_column])
    return [
        OrthologRecord(gene, tuple(sorted(sources[pk], key=_source_key)))
        for pk, gene in genes.items()
    ]


def split_list(text: str | None) -> tuple[str, ...]:
    # filter(): a generator per call cost as much as the card's other work per annotation.
    return tuple(filter(None, text.split("|"))) if text else ()


class Fetch:
    """Runs one statement on a connection borrowed from the pool for that statement only,
    so a request holds no connection between its batches."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def rows(
        self, statement: Executable, parameters: dict[str, Any] | None = None
    ) -> Sequence[Row[Any]]:
        async with self.engine.connect() as conn:
            return (await conn.execute(statement, parameters)).all()


class KeyList(TypeDecorator[Sequence[Any]]):
    """A list of keys sent as one parameter, whatever its length: a PostgreSQL array, a
    JSON array on SQLite (``among``). A statement with it compiles once; an expanding
    ``IN`` is rendered anew for each length on every run (BENCHMARKS.md). Integer keys go
    to PostgreSQL as the text of an array literal (``{1,2,3}``), cast there: asyncpg's
    encoding of an array parameter checks every element against the iterable ABCs, 5% of
    the batch of 100 GeneIDs' instructions (BENCHMARKS.md, issue #17); a key that is not
    an integer fails the cast, as it failed the encoding."""

    impl = String
    cache_ok = True

    def __init__(self, item: TypeEngine[Any]) -> None:
        super().__init__()
        self.item = item
        self.integers = isinstance(item, Integer)

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql" and not self.integers:
            return dialect.type_descriptor(ARRAY(self.item))
        return dialect.type_descriptor(String())

    def process_bind_param(self, value: Sequence[Any] | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if dialect.name != "postgresql":
            return orjson.dumps(list(value)).decode()
        if self.integers:  # the JSON array's text as an array literal's (orjson: 13x str())
            return "{" + orjson.dumps(list(value))[1:-1].decode() + "}"
        return list(value)


def key_list(name: str, item: TypeEngine[Any]) -> BindParameter[Any]:
    """A parameter holding a list of keys of type ``item`` (``KeyList``), for ``among``."""
    return bindparam(name, type_=KeyList(item))


def keys_parameter(item: TypeEngine[Any]) -> BindParameter[Any]:
    """The ``keys`` of a prebuilt statement: a list of ``item``, one parameter."""
    return key_list("keys", item)


class _Among(ColumnElement[bool]):
    """``column`` is one of a ``KeyList`` parameter's keys (compiled per dialect below)."""

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True  # no "= 1" after it where booleans are not native (SQLite)
    _traverse_internals = [  # noqa: RUF012  (SQLAlchemy declares it a list)
        ("column", InternalTraversal.dp_clauseelement),
        ("keys", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: ColumnElement[Any], keys: BindParameter[Any]) -> None:
        self.column = column
        self.keys = keys


@compiles(_Among)
def _among_sqlite(element: _Among, compiler: SQLCompiler, **kw: Any) -> str:
    column, keys = compiler.process(element.column, **kw), compiler.process(element.keys, **kw)
    return f"{column} IN (SELECT value FROM json_each({keys}))"


@compiles(_Among, "postgresql")
def _among_postgresql(element: _Among, compiler: SQLCompiler, **kw: Any) -> str:
    column, keys = compiler.process(element.column, **kw), compiler.process(element.keys, **kw)
    key_type = element.keys.type
    if isinstance(key_type, KeyList) and key_type.integers:  # an array literal's text
        array = compiler.dialect.type_compiler_instance.process(ARRAY(key_type.item))
        keys = f"CAST({keys} AS {array})"
    return f"{column} = ANY({keys})"


def among(column: Any, keys: BindParameter[Any] | SelectBase) -> ColumnElement[bool]:
    """``column IN keys``: keys a subquery's, or a ``KeyList`` parameter's (PostgreSQL
    ``= ANY($1)``, SQLite ``IN (SELECT value FROM json_each(?))``)."""
    if isinstance(keys, SelectBase):
        return cast(ColumnElement[bool], column.in_(keys))
    return _Among(column, keys)


def grouped(
    keys: Sequence[K],
    rows: Iterable[R],
    key_of: Callable[[R], K],
    value_of: Callable[[R], V],
) -> list[list[V]]:
    groups: dict[K, list[V]] = defaultdict(list)
    for row in rows:
        groups[key_of(row)].append(value_of(row))
    return [groups.get(key, []) for key in keys]


class DriverStatement:
    """A statement compiled once into its driver's SQL and run with the driver itself
    (asyncpg, aiosqlite) on a connection borrowed from the engine's pool: for a statement
    run on every request, SQLAlchemy's execution (compiled cache look-up, contexts,
    result rows, a greenlet per call) cost more CPU than the statement's own round trip
    (BENCHMARKS.md). Runs count as the engine's statements: ``before_cursor_execute`` is
    dispatched as SQLAlchemy would, with no ``Connection`` (genegraph/observability/sql.py
    counts them per request).
    """

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled = cast(
            SQLCompiler,
            statement.compile(dialect=dialect, compile_kwargs={"render_postcompile": True}),
        )
        self.sql = compiled.string
        self.postgresql = dialect.name == "postgresql"
        binds = compiled.binds
        # Per positional parameter (``_parameter``); values are turned into the driver's as
        # SQLAlchemy's execution would (a KeyList's; most types need nothing).
        self.parameters: tuple[tuple[str | None, Any, Callable[[Any], Any] | None], ...] = tuple(
            _parameter(name, binds[name], dialect) for name in compiled.positiontup or ()
        )

    def arguments(self, values: dict[str, Any]) -> list[Any]:
        """The driver's positional arguments for ``values`` of the named parameters."""
        return [
            value if name is None else values[name] if convert is None else convert(values[name])
            for name, value, convert in self.parameters
        ]

    async def row(self, engine: AsyncEngine, values: dict[str, Any]) -> Sequence[Any]:
        """The statement's first row, run with ``values`` for its parameters."""
        return (await self.rows(engine, values, first_only=True))[0]

    async def rows(
        self, engine: AsyncEngine, values: dict[str, Any], first_only: bool = False
    ) -> Sequence[Sequence[Any]]:
        """The statement's rows (or only its first), run with ``values`` for its parameters."""
        arguments = self.arguments(values)
        # The pool's own connection, checked out and in as ``engine.connect()`` would (the
        # pool's queue, limits and events) without the ``Connection`` and
        # ``AsyncConnection`` SQLAlchemy's execution needs and this run does not: CPU a
        # statement 35-45 µs instead of 95-110 (BENCHMARKS.md, issue #17). Both run in
        # SQLAlchemy's greenlet, where checking out may wait for a connection; giving it
        # back does not wait (no transaction was begun on it), so no cancellation can
        # leave it half returned.
        sync_engine = engine.sync_engine
        connection = await greenlet_spawn(sync_engine.pool.connect)
        driver: Any = connection.driver_connection
        try:
            sync_engine.dispatch.before_cursor_execute(None, None, self.sql, arguments, None, False)
            if not self.postgresql:
                rows: Sequence[Sequence[Any]] = await driver.execute_fetchall(self.sql, arguments)
            elif first_only:
                rows = [await driver.fetchrow(self.sql, *arguments)]
            else:
                rows = await driver.fetch(self.sql, *arguments)
        except BaseException:
            # A connection the server closed goes, as SQLAlchemy's own execution would
            # have it (genegraph/server/database_outage.py).
            if self.postgresql and driver.is_closed():
                await greenlet_spawn(connection.invalidate)
            raise
        finally:
            await greenlet_spawn(connection.close)
        return rows


def _parameter(
    name: str, bind: BindParameter[Any], dialect: Dialect
) -> tuple[str | None, Any, Callable[[Any], Any] | None]:
    """(the name of a value given per run, or None; the value fixed at compilation; what
    turns a value given per run into the driver's)."""
    convert = bind.type.dialect_impl(dialect).bind_processor(dialect)
    if bind.required:
        return name, None, convert
    return None, bind.value if convert is None else convert(bind.value), None


class OnDriver:
    """A statement built once and compiled, for each kind of engine it meets, into a
    ``DriverStatement``: a DataLoader's statement, run with its keys in one ``KeyList``
    parameter, so that a batch costs neither SQLAlchemy's execution nor the rendering of
    an expanding ``IN`` of its length."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self.compiled: dict[tuple[str, str], DriverStatement] = {}

    def on(self, dialect: Dialect) -> DriverStatement:
        compiled = self.compiled.get((dialect.name, dialect.driver))
        if compiled is None:
            compiled = DriverStatement(self.statement, dialect)
            self.compiled[(dialect.name, dialect.driver)] = compiled
        return compiled

    async def rows(self, fetch: Fetch, values: dict[str, Any]) -> Sequence[Sequence[Any]]:
        return await self.on(fetch.engine.dialect).rows(fetch.engine, values)
