"""search: an index of each taxon's symbols in search's ranking order, for autocomplete

Revision ID: 0005_search
Revises: 0004
Create Date: 2026-12-06 07:30:00
"""

from __future__ import annotations

from alembic import op

from genegraph.db import search_index

revision = "0005_search"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    search_index.create_symbol_rank(op.get_bind())


def downgrade() -> None:
    search_index.drop_symbol_rank(op.get_bind())
