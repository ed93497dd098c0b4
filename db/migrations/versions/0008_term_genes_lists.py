"""term_gene_lists: narrow GO terms' genes per species in symbol order, for term -> genes
pages that stop at the page's end (db/term_gene_lists.py); filled here from the stored
counts, annotations and closure, as each load fills it.

Revision ID: 0008_term_genes_lists
Revises: 0007_go_subsets
Create Date: 2026-12-06 16:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from genegraph.db import term_gene_lists

revision = "0008_term_genes_lists"
down_revision = "0007_go_subsets"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "term_gene_lists",
        sa.Column("taxon_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("go_id", sa.String(length=20), nullable=False),
        sa.Column("symbol_key", sa.String(length=100), nullable=False),
        sa.Column("gene_pk", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint(
            "taxon_id", "go_id", "symbol_key", "gene_pk", name=op.f("pk_term_gene_lists")
        ),
    )
    # A database loaded before this revision serves narrow terms' pages from the table (the
    # broad terms' first genes are revision 0010's).
    op.get_bind().execute(term_gene_lists.fill(term_gene_lists.narrow_lists()))


def downgrade() -> None:
    op.drop_table("term_gene_lists")
