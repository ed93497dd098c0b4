"""background_term_counts and background_sizes: enrichment's default background per species

Each load derives them from the annotations and the closure, so a server reads a study
set's background counts per request instead of holding every species' propagated
annotations in memory.

Revision ID: 0006_enrichment_counts
Revises: 0005_search
Create Date: 2026-12-06 07:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_enrichment_counts"
down_revision = "0005_search"
branch_labels = None
depends_on = None

CATEGORY = sa.Enum(
    "biological_process",
    "cellular_component",
    "molecular_function",
    name="go_category",
    native_enum=False,
    length=32,
)


def upgrade() -> None:
    op.create_table(
        "background_term_counts",
        sa.Column("taxon_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("go_id", sa.String(length=20), nullable=False),
        sa.Column("category", CATEGORY, nullable=False),
        sa.Column("gene_count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("taxon_id", "go_id", name=op.f("pk_background_term_counts")),
    )
    op.create_table(
        "background_sizes",
        sa.Column("taxon_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("genes", sa.Integer(), nullable=False),
        sa.Column("biological_process_genes", sa.Integer(), nullable=False),
        sa.Column("cellular_component_genes", sa.Integer(), nullable=False),
        sa.Column("molecular_function_genes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("taxon_id", name=op.f("pk_background_sizes")),
    )


def downgrade() -> None:
    op.drop_table("background_sizes")
    op.drop_table("background_term_counts")
