"""go_subsets and go_term_subsets: the OBO subsets (GO slims) of the loaded ontology

Revision ID: 0007_go_subsets
Revises: 0006_enrichment_counts
Create Date: 2026-12-06 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_go_subsets"
down_revision = "0006_enrichment_counts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "go_subsets",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_go_subsets")),
    )
    op.create_table(
        "go_term_subsets",
        sa.Column("subset", sa.String(length=100), nullable=False),
        sa.Column("go_id", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(
            ["go_id"],
            ["go_terms.go_id"],
            name=op.f("fk_go_term_subsets_go_id_go_terms"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subset"],
            ["go_subsets.name"],
            name=op.f("fk_go_term_subsets_subset_go_subsets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("subset", "go_id", name=op.f("pk_go_term_subsets")),
    )


def downgrade() -> None:
    op.drop_table("go_term_subsets")
    op.drop_table("go_subsets")
