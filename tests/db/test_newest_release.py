"""The newest release, as every reader reads it (genegraph/db/newest_release.py): the
highest release number, whatever the order rows were written in; 0 / no row before any."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, literal, select
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.models import Release
from genegraph.db.newest_release import (
    NEWEST_NUMBER,
    newest_number,
    newest_release,
    newest_row,
)

START = datetime(2026, 1, 1, tzinfo=UTC)


async def test_no_release_reads_as_zero_and_no_row(engine: AsyncEngine) -> None:
    assert await newest_release(engine) == 0
    async with engine.connect() as conn:
        assert await newest_number(conn) == 0
        assert (await conn.execute(newest_row(Release.pk))).first() is None


async def test_the_highest_number_is_the_newest_in_every_form(engine: AsyncEngine) -> None:
    # Written out of order, and the highest number not the latest time: the number decides.
    numbers = [2, 5, 3]
    async with engine.begin() as conn:
        for number in numbers:
            await conn.execute(
                insert(Release).values(
                    pk=number,
                    loaded_at=START + timedelta(days=10 - number),
                    load_seconds=1.0,
                    sources=[],
                )
            )
    highest = max(numbers)
    assert await newest_release(engine) == highest
    async with engine.connect() as conn:
        assert await newest_number(conn) == highest
        row = (await conn.execute(newest_row(Release.pk, Release.loaded_at))).one()
        assert row.pk == highest
        assert row.loaded_at.replace(tzinfo=UTC) == START + timedelta(days=10 - highest)
        # Embedded in another statement, as planned execution's one statement reads it.
        embedded = select(literal(1).label("one"), NEWEST_NUMBER.scalar_subquery().label("n"))
        assert (await conn.execute(embedded)).one().n == highest
