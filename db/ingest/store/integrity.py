"""Checks a load runs on what it wrote, before it commits, where the schema has no
foreign key to do it row by row (see ``GOAnnotation`` in db/models.py)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.ingest.errors import LoadError
from genegraph.db.models import Gene, GOAnnotation, GOTerm

SHOWN = 5  # offending rows named in the error

# What each annotation must name, and how the error calls it. One NOT EXISTS per key, and
# counted: PostgreSQL then hashes each key once (an anti-join), and SQLite looks each row
# up by primary key even when its statistics are stale (they are the previous release's
# until the load's closing ANALYZE; an outer join planned on them scanned every gene).
KEYS: tuple[tuple[str, ColumnElement[bool]], ...] = (
    ("gene", ~exists().where(Gene.pk == GOAnnotation.gene_pk)),
    ("GO term", ~exists().where(GOTerm.go_id == GOAnnotation.go_id)),
)


async def check_annotations(conn: AsyncConnection) -> None:
    """Fail the load if an annotation names a gene or a GO term that is not stored. The
    stores resolve every key themselves, so this fails only on a loader bug; the load then
    rolls back, like any other failed load."""
    for what, missing in KEYS:
        count = await conn.execute(select(func.count()).select_from(GOAnnotation).where(missing))
        orphans = count.scalar_one()
        if not orphans:
            continue
        examples = await conn.execute(
            select(GOAnnotation.source, GOAnnotation.gene_pk, GOAnnotation.go_id)
            .where(missing)
            .limit(SHOWN)
        )
        shown = "; ".join(
            f"{source}: gene {gene_pk}, term {go_id}" for source, gene_pk, go_id in examples
        )
        raise LoadError(
            GOAnnotation.__tablename__,
            None,
            f"annotations name a {what} that is not stored ({orphans:,}, e.g. {shown}); "
            "this is a loader bug, and nothing was loaded",
        )
