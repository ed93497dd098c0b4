"""go_annotations without foreign keys: each load checks its annotations instead

Per-row foreign-key checks tripled the COPY of gene2go's annotations on PostgreSQL;
db/ingest/store/integrity.py checks every annotation's gene and term before a load commits.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 01:17:29.230249
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("go_annotations", schema=None) as batch_op:
        batch_op.drop_constraint("fk_go_annotations_go_id_go_terms", type_="foreignkey")
        batch_op.drop_constraint("fk_go_annotations_gene_pk_genes", type_="foreignkey")


def downgrade() -> None:
    with op.batch_alter_table("go_annotations", schema=None) as batch_op:
        batch_op.create_foreign_key(
            "fk_go_annotations_gene_pk_genes", "genes", ["gene_pk"], ["pk"], ondelete="CASCADE"
        )
        batch_op.create_foreign_key(
            "fk_go_annotations_go_id_go_terms", "go_terms", ["go_id"], ["go_id"]
        )
