"""term_gene_lists: broad GO terms' first genes per species in symbol order too, so a
term -> genes page ending among them reads them rather than walking the species' genes
(db/term_gene_lists.py); filled here from the stored counts, annotations and closure, as
each load fills them.

Revision ID: 0010_term_gene_prefixes
Revises: 0009_genes_symbol_walk
Create Date: 2026-12-07 10:30:00.000000
"""

from __future__ import annotations

from alembic import op

from genegraph.db import term_gene_lists

revision = "0010_term_gene_prefixes"
down_revision = "0009_genes_symbol_walk"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.get_bind().execute(term_gene_lists.fill(term_gene_lists.broad_prefixes()))


def downgrade() -> None:
    op.get_bind().execute(term_gene_lists.delete_prefixes())
