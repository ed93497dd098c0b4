"""annotation changes: what each release added to and removed from a source's annotations

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 00:49:09.699216
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "annotation_changes",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("release_pk", sa.Integer(), nullable=False),
        sa.Column("gene_pk", sa.Integer(), nullable=False),
        sa.Column("go_id", sa.String(length=20), nullable=False),
        sa.Column("evidence", sa.String(length=10), nullable=False),
        sa.Column("qualifier", sa.String(length=50), nullable=False),
        sa.Column("source", sa.String(length=50), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "added", "removed", name="annotation_change_kind", native_enum=False, length=10
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["gene_pk"],
            ["genes.pk"],
            name=op.f("fk_annotation_changes_gene_pk_genes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["release_pk"],
            ["releases.pk"],
            name=op.f("fk_annotation_changes_release_pk_releases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_annotation_changes")),
    )
    with op.batch_alter_table("annotation_changes", schema=None) as batch_op:
        batch_op.create_index(
            "ix_annotation_changes_gene_pk_release_pk", ["gene_pk", "release_pk"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("annotation_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_annotation_changes_gene_pk_release_pk")
    op.drop_table("annotation_changes")
