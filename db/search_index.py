"""Search indexes the models cannot describe: full-text search over genes' names and
summaries, one engine's way each, and the symbols in search's ranking order.

SQLite: an FTS5 table over ``genes`` (external content, so the text is not stored twice),
kept in step by triggers, so it changes inside the same transaction as the genes and a
rolled-back load leaves it untouched. PostgreSQL: a GIN index on the same text as a
``tsvector``. Neither can be described by the SQLAlchemy models, so the migration creates
them and schema comparisons leave them out (``include_object``).

The symbol-rank index orders each taxon's symbols as search ranks them (shorter first,
then by code point: COLLATE "C" on PostgreSQL, whatever the database's collation; SQLite
compares code points anyway), so autocomplete reads a prefix's first hits of each length
and stops (``resolvers/search.py``); an expression and a collation the models do not
express alike on both engines.

Note for later migrations on SQLite: a batch ALTER of ``genes`` copies the table and drops
its triggers and expression indexes; re-create them with ``create`` and
``create_symbol_rank`` afterwards.
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

_SQLITE_DDL = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(name, summary, content='genes', "
    "content_rowid='pk', tokenize='porter unicode61')",
    f"""CREATE TRIGGER {FTS_TABLE}_after_insert AFTER INSERT ON genes BEGIN
        INSERT INTO {FTS_TABLE}(rowid, name, summary) VALUES (new.pk, new.name, new.summary);
    END""",
    f"""CREATE TRIGGER {FTS_TABLE}_after_delete AFTER DELETE ON genes BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name, summary)
        VALUES ('delete', old.pk, old.name, old.summary);
    END""",
    f"""CREATE TRIGGER {FTS_TABLE}_after_update AFTER UPDATE OF name, summary ON genes BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name, summary)
        VALUES ('delete', old.pk, old.name, old.summary);
        INSERT INTO {FTS_TABLE}(rowid, name, summary) VALUES (new.pk, new.name, new.summary);
    END""",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
)


def create(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        for statement in _SQLITE_DDL:
            connection.execute(text(statement))
    else:
        connection.execute(text(f"CREATE INDEX {PG_INDEX} ON genes USING gin (({PG_DOCUMENT}))"))


def drop(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        for event in ("insert", "delete", "update"):
            connection.execute(text(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_after_{event}"))
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
