"""The planned gene card's terms come from its release's terms, held in the process
(resolvers/release_terms.py): a new release's card shows the new release's terms, never an
old term's fields; terms read for another release than the card's statement read are not
used (the general executor answers); and the terms' order is the database's."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.release import Source, load
from genegraph.db.models import GOTerm
from genegraph.db.newest_release import newest_release
from genegraph.resolvers.release_terms import release_terms
from tests.conftest import Database
from tests.helpers.planned import compared
from tests.helpers.servers import GENEGRAPH
from tests.helpers.sources import OBO, small_release, write

# IL2 is annotated to it (gene2go); the next release renames it.
TERM = "GO:0050778"
OLD_NAME = "positive regulation of immune response"
NEW_NAME = "positive regulation of immune response (renamed)"
CARD = '{ gene(symbol: "IL2") { goTerms(category: BIOLOGICAL_PROCESS) { id name } } }'


def renamed_ontology(folder: Path) -> Source:
    return Source(
        write(folder, "go-2.obo", OBO.replace(f"name: {OLD_NAME}\n", f"name: {NEW_NAME}\n"))
    )


def shown(text: str, name: str) -> bool:
    return f'{{"id": "{TERM}", "name": "{name}"}}' in text


async def loaded(engine: AsyncEngine, tmp_path: Path) -> int:
    await load(engine, [Source(path) for path in small_release(tmp_path).values()])
    return await newest_release(engine)


async def test_a_new_release_shows_its_own_terms(engine: AsyncEngine, tmp_path: Path) -> None:
    await loaded(engine, tmp_path)
    before = await compared(engine, CARD)
    assert before.path == "planned" and shown(before.text, OLD_NAME), before.text
    await load(engine, [renamed_ontology(tmp_path)])
    after = await compared(engine, CARD)  # the previous release's terms are held
    assert after.path == "planned", after.text
    assert shown(after.text, NEW_NAME) and not shown(after.text, OLD_NAME), after.text


async def test_the_terms_of_a_release_no_longer_the_newest_are_none(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    first = await loaded(engine, tmp_path)
    await load(engine, [renamed_ontology(tmp_path)])
    second = await newest_release(engine)
    assert second > first
    assert await release_terms(engine, first) is None  # not held, and not the newest
    terms = await release_terms(engine, second)
    assert terms is not None and terms.release == second
    assert terms.terms[TERM][0].name == NEW_NAME


async def test_a_release_committed_before_the_terms_are_read_goes_to_the_general_executor(
    engine: AsyncEngine, database: Database, tmp_path: Path
) -> None:
    """The card's statement reads release N; the next release commits before the process
    reads its terms (none held yet), so it reads N + 1's: not used for N's annotations."""
    await loaded(engine, tmp_path)
    files = [str(renamed_ontology(tmp_path).path)]
    loads: list[subprocess.CompletedProcess[str]] = []

    def load_before_the_terms(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        # Blocks this process's event loop while another process loads and commits.
        if "go_annotations" not in statement and "lower(go_terms.name)" in statement and not loads:
            command = [GENEGRAPH, "load", *files, "--database-url", database.url]
            loads.append(subprocess.run(command, capture_output=True, text=True, timeout=120))

    event.listen(engine.sync_engine, "before_cursor_execute", load_before_the_terms)
    try:
        answered = await compared(engine, CARD)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", load_before_the_terms)
    assert len(loads) == 1 and loads[0].returncode == 0, loads and loads[0].stderr
    assert answered.path == "fallback", answered.text
    assert shown(answered.text, NEW_NAME), answered.text


async def test_the_terms_are_ranked_in_the_databases_order(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    number = await loaded(engine, tmp_path)
    terms = await release_terms(engine, number)
    assert terms is not None
    async with engine.connect() as conn:
        ordered = (
            await conn.scalars(select(GOTerm.go_id).order_by(func.lower(GOTerm.name), GOTerm.go_id))
        ).all()
    assert len(ordered) > 1
    assert sorted(terms.terms, key=lambda go_id: terms.terms[go_id][1]) == ordered
