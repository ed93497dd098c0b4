"""Drop ``ix_gene_aliases_alias``, the aliases' index by the alias as written: nothing
reads through it (look-up and search go by ``alias_key``, the upper-cased alias, through
``ix_gene_aliases_alias_key``; an alias with its gene, through the primary key), while
every first load builds it: at 100x the kit one of the three largest B-tree builds of the
load's end (BENCHMARKS.md, issue #16).

Revision ID: 0012_drop_unread_alias_index
Revises: 0011_sqlite_without_rowid
Create Date: 2026-12-07 13:10:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0012_drop_unread_alias_index"
down_revision = "0011_sqlite_without_rowid"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_gene_aliases_alias", table_name="gene_aliases")


def downgrade() -> None:
    op.create_index("ix_gene_aliases_alias", "gene_aliases", ["alias"], unique=False)
