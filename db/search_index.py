"""Search indexes the models cannot describe, so the migrations create them: full-text
search over genes' names and summaries (SQLite FTS5, PostgreSQL GIN) and the symbols in
search's ranking order (``ix_genes_symbol_rank``). Why, and what later SQLite migrations
must re-create: ARCHITECTURE.md, section 2.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

FTS_TABLE = "gene_text"
PG_INDEX = "ix_genes_text_search"
# The indexed expression; queries must repeat it for PostgreSQL to use the index.
PG_DOCUMENT = "to_tsvector('english', coalesce(name, '') || ' ' || coalesce(summary, ''))"
SYMBOL_RANK_INDEX = "ix_genes_symbol_rank"
# The primary key ends the PostgreSQL index, as SQLite's rowid ends every index there.
_SYMBOL_RANK_COLUMNS = {
    "sqlite": "taxon_id, length(symbol_key), symbol_key",
    "postgresql": 'taxon_id, length(symbol_key), (symbol_key COLLATE "C"), pk',
}

_SQLITE_TABLE = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(name, summary, content='genes', "
    "content_rowid='pk', tokenize='porter unicode61')"
)
_SQLITE_TRIGGERS = {
    "insert": f"""CREATE TRIGGER {FTS_TABLE}_after_insert AFTER INSERT ON genes BEGIN
        INSERT INTO {FTS_TABLE}(rowid, name, summary) VALUES (new.pk, new.name, new.summary);
    END""",
    "delete": f"""CREATE TRIGGER {FTS_TABLE}_after_delete AFTER DELETE ON genes BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name, summary)
        VALUES ('delete', old.pk, old.name, old.summary);
    END""",
    "update": f"CREATE TRIGGER {FTS_TABLE}_after_update AFTER UPDATE OF name, summary"
    f""" ON genes BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name, summary)
        VALUES ('delete', old.pk, old.name, old.summary);
        INSERT INTO {FTS_TABLE}(rowid, name, summary) VALUES (new.pk, new.name, new.summary);
    END""",
}
_SQLITE_REBUILD = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"


def create(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.execute(text(_SQLITE_TABLE))
        rebuild_text(connection)
    else:
        connection.execute(text(f"CREATE INDEX {PG_INDEX} ON genes USING gin (({PG_DOCUMENT}))"))


# The text-search index's pending list merged into the index proper, if the user may (as
# the index's owner; ANALYZE, beside it, skips tables it does not own the same way).
_PG_FLUSH = f"""SELECT gin_clean_pending_list(c.oid) FROM pg_class c
    WHERE c.oid = to_regclass('{PG_INDEX}') AND pg_has_role(c.relowner, 'MEMBER')"""


def flush_pending(connection: Connection) -> None:
    """PostgreSQL: merge the rows a load added to the GIN text-search index, which wait in
    its pending list (up to ``gin_pending_list_limit``, 4 MB), into the index. Until then
    every word search reads the whole list: on the kit 351 pages, 5.0 ms for a search
    that takes 0.3 ms once they are merged (BENCHMARKS.md); autovacuum would merge them,
    but may be off or minutes away. Nothing to do on SQLite (FTS5 has no such list)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text(_PG_FLUSH))


def drop_text_triggers(connection: Connection) -> None:
    """SQLite: stop keeping the text index row by row, for a load that fills an empty
    ``genes`` (``rebuild_text`` before it commits). Each row's trigger makes FTS5 write its
    pending terms at the end of every statement: 77k genes stored in 1.69 s of SQLite's
    CPU through the trigger, 0.26 s without it (BENCHMARKS.md)."""
    for event in _SQLITE_TRIGGERS:
        connection.execute(text(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_after_{event}"))


def rebuild_text(connection: Connection) -> None:
    """SQLite: index every gene's text anew, then keep the index by triggers again."""
    connection.execute(text(_SQLITE_REBUILD))
    for trigger in _SQLITE_TRIGGERS.values():
        connection.execute(text(trigger))


def drop(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        drop_text_triggers(connection)
        connection.execute(text(f"DROP TABLE IF EXISTS {FTS_TABLE}"))
    else:
        connection.execute(text(f"DROP INDEX IF EXISTS {PG_INDEX}"))


def create_symbol_rank(connection: Connection) -> None:
    columns = _SYMBOL_RANK_COLUMNS[connection.dialect.name]
    connection.execute(text(f"CREATE INDEX {SYMBOL_RANK_INDEX} ON genes ({columns})"))


def drop_symbol_rank(connection: Connection) -> None:
    connection.execute(text(f"DROP INDEX IF EXISTS {SYMBOL_RANK_INDEX}"))


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """For Alembic's comparisons: everything but the search objects made here."""
    if name is None:
        return True
    if type_ == "table" and (name == FTS_TABLE or name.startswith(f"{FTS_TABLE}_")):
        return False
    return not (type_ == "index" and name in (PG_INDEX, SYMBOL_RANK_INDEX))
