"""SQLite: the closure and the term gene lists stored WITHOUT ROWID, in their primary
key's B-tree alone. As rowid tables every row went into two B-trees, the table's and its
key's, for tables a load rewrites whole (796k and 1.5M rows for the kit): keyed by the
key alone, the kit's rows took about a quarter less SQLite CPU to write and half the disk
(BENCHMARKS.md, issue #16). PostgreSQL has no rowid: unchanged there.

Revision ID: 0011_sqlite_without_rowid
Revises: 0010_term_gene_prefixes
Create Date: 2026-12-07 11:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0011_sqlite_without_rowid"
down_revision = "0010_term_gene_prefixes"
branch_labels = None
depends_on = None

# Each table as migration 0001 / 0008 created it: its columns, key and secondary indexes.
TABLES = {
    "go_term_closure": (
        "go_id VARCHAR(20) NOT NULL, ancestor_id VARCHAR(20) NOT NULL,"
        " via_regulates BOOLEAN NOT NULL,"
        " CONSTRAINT pk_go_term_closure PRIMARY KEY (go_id, ancestor_id)",
        "go_id, ancestor_id, via_regulates",
        "go_id, ancestor_id",
        (
            "CREATE INDEX ix_go_term_closure_ancestor_id"
            " ON go_term_closure (ancestor_id, via_regulates)",
        ),
    ),
    "term_gene_lists": (
        "taxon_id INTEGER NOT NULL, go_id VARCHAR(20) NOT NULL,"
        " symbol_key VARCHAR(100) NOT NULL, gene_pk INTEGER NOT NULL,"
        " CONSTRAINT pk_term_gene_lists PRIMARY KEY (taxon_id, go_id, symbol_key, gene_pk)",
        "taxon_id, go_id, symbol_key, gene_pk",
        "taxon_id, go_id, symbol_key, gene_pk",
        (),
    ),
}


def _rebuild(without_rowid: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name, (definition, columns, key, indexes) in TABLES.items():
        rowid = " WITHOUT ROWID" if without_rowid else ""
        op.execute(f"CREATE TABLE {name}_rebuilt ({definition}){rowid}")
        op.execute(
            f"INSERT INTO {name}_rebuilt ({columns}) SELECT {columns} FROM {name} ORDER BY {key}"
        )
        op.execute(f"DROP TABLE {name}")
        op.execute(f"ALTER TABLE {name}_rebuilt RENAME TO {name}")
        for index in indexes:
            op.execute(index)


def upgrade() -> None:
    _rebuild(without_rowid=True)


def downgrade() -> None:
    _rebuild(without_rowid=False)
