"""search: alias keys, symbol-prefix index, full-text search over gene names and summaries

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from genegraph.db import search_index

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("gene_aliases", schema=None) as batch_op:
        batch_op.add_column(sa.Column("alias_key", sa.String(length=200), nullable=True))
    op.execute("UPDATE gene_aliases SET alias_key = upper(alias)")
    with op.batch_alter_table("gene_aliases", schema=None) as batch_op:
        batch_op.alter_column("alias_key", existing_type=sa.String(length=200), nullable=False)
        batch_op.create_index(
            "ix_gene_aliases_alias_key",
            ["alias_key"],
            unique=False,
            postgresql_ops={"alias_key": "text_pattern_ops"},
        )
    op.create_index(
        "ix_genes_symbol_key_prefix",
        "genes",
        ["symbol_key"],
        unique=False,
        postgresql_ops={"symbol_key": "text_pattern_ops"},
    )
    search_index.create(op.get_bind())


def downgrade() -> None:
    search_index.drop(op.get_bind())
    op.drop_index("ix_genes_symbol_key_prefix", table_name="genes")
    with op.batch_alter_table("gene_aliases", schema=None) as batch_op:
        batch_op.drop_index("ix_gene_aliases_alias_key")
        batch_op.drop_column("alias_key")
