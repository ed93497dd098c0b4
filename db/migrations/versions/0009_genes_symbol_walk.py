"""genes: the (taxon, symbol key) index holds the primary key too, so a term -> genes walk
reads a species' genes in (symbol, pk) order from the index alone (resolvers/term_genes.py)

Revision ID: 0009_genes_symbol_walk
Revises: 0008_term_genes_lists
Create Date: 2026-12-07 07:20:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0009_genes_symbol_walk"
down_revision = "0008_term_genes_lists"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_genes_taxon_id_symbol_key_pk", "genes", ["taxon_id", "symbol_key", "pk"])
    op.drop_index("ix_genes_taxon_id_symbol_key", table_name="genes")


def downgrade() -> None:
    op.create_index("ix_genes_taxon_id_symbol_key", "genes", ["taxon_id", "symbol_key"])
    op.drop_index("ix_genes_taxon_id_symbol_key_pk", table_name="genes")
