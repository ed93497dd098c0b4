"""The closure a load builds replaces the served one only as the load commits: until then
readers see the old closure without waiting, a failed load leaves it as it was, and
afterwards the schema is still the models' (on PostgreSQL the table is built anew and
swapped in; see db/ingest/store/ontology.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from genegraph.db.engine import create_engine
from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse.files import SourceFile
from genegraph.db.ingest.parse.gene2go import HEADER as GENE2GO_HEADER
from genegraph.db.ingest.parse.obo import read_obo
from genegraph.db.ingest.release import Source, SourceFormat, load
from genegraph.db.ingest.store.ontology import STAGED_CLOSURE, store_ontology, swap_in_closure
from genegraph.db.models import GOTerm, GOTermClosure
from tests.conftest import SEED_PAGE
from tests.helpers.db_checks import differences_from_the_models

TERMS = """format-version: 1.2
data-version: releases/{version}

[Term]
id: GO:0008150
name: biological_process
namespace: biological_process

[Term]
id: GO:0002376
name: immune system process
namespace: biological_process
is_a: GO:0008150 ! biological_process

[Term]
id: GO:0006955
name: immune response
namespace: biological_process
is_a: GO:0002376 ! immune system process
"""
# The next release adds a term below the deepest one.
NEXT_TERM = """
[Term]
id: GO:0002250
name: adaptive immune response
namespace: biological_process
is_a: GO:0006955 ! immune response
"""
FIRST = {
    ("GO:0008150", "GO:0008150"),
    ("GO:0002376", "GO:0002376"),
    ("GO:0002376", "GO:0008150"),
    ("GO:0006955", "GO:0006955"),
    ("GO:0006955", "GO:0002376"),
    ("GO:0006955", "GO:0008150"),
}
SECOND = FIRST | {
    ("GO:0002250", "GO:0002250"),
    ("GO:0002250", "GO:0006955"),
    ("GO:0002250", "GO:0002376"),
    ("GO:0002250", "GO:0008150"),
}


@pytest.fixture
def releases(tmp_path: Path) -> tuple[Path, Path]:
    first, second = tmp_path / "go-1.obo", tmp_path / "go-2.obo"
    first.write_text(TERMS.format(version="1"))
    second.write_text(TERMS.format(version="2") + NEXT_TERM)
    return first, second


async def pairs(conn: AsyncConnection) -> set[tuple[str, str]]:
    rows = await conn.execute(select(GOTermClosure.go_id, GOTermClosure.ancestor_id))
    return {(go_id, ancestor) for go_id, ancestor in rows}


async def served_pairs(engine: AsyncEngine) -> set[tuple[str, str]]:
    async with engine.connect() as conn:
        return await pairs(conn)


async def staged_table_left(engine: AsyncEngine) -> bool:
    if engine.dialect.name != "postgresql":
        return False  # SQLite writes the closure in place
    async with engine.connect() as conn:
        found = await conn.execute(text(f"SELECT to_regclass('{STAGED_CLOSURE}')"))
        return found.scalar() is not None


async def test_each_load_serves_its_closure_in_the_schema_of_the_models(
    engine: AsyncEngine, releases: tuple[Path, Path]
) -> None:
    first, second = releases
    await load(engine, [Source(first)])
    assert await served_pairs(engine) == FIRST
    await load(engine, [Source(second)])
    assert await served_pairs(engine) == SECOND
    assert not await staged_table_left(engine)
    async with engine.connect() as conn:
        assert await conn.run_sync(differences_from_the_models) == []


async def test_terms_a_later_page_creates_are_their_own_ancestor(
    engine: AsyncEngine, releases: tuple[Path, Path]
) -> None:
    # One load: the ontology first, then the seed page, whose terms it mostly lacks.
    await load(engine, [Source(SEED_PAGE), Source(releases[0])])
    async with engine.connect() as conn:
        terms = set((await conn.execute(select(GOTerm.go_id))).scalars())
        served = await pairs(conn)
    page_terms = terms - {go_id for go_id, _ in FIRST}
    assert len(page_terms) > 30  # the seed page's 37 terms, less those the ontology has
    assert served == FIRST | {(go_id, go_id) for go_id in page_terms}


async def test_readers_see_the_served_closure_until_the_load_commits(
    engine: AsyncEngine, releases: tuple[Path, Path]
) -> None:
    first, second = releases
    await load(engine, [Source(first)])
    with SourceFile(second) as source:
        ontology = read_obo(source)
    reader = create_engine(engine.url)
    try:
        async with engine.begin() as loading:
            await store_ontology(loading, ontology, str(second))
            async with reader.connect() as conn:
                if reader.dialect.name == "postgresql":
                    # A reader that had to wait for the load would fail here, not hang.
                    await conn.execute(text("SET lock_timeout = '2s'"))
                assert await pairs(conn) == FIRST
            await swap_in_closure(loading)
        assert await served_pairs(reader) == SECOND
    finally:
        await reader.dispose()


async def test_a_failed_load_keeps_the_served_closure(
    engine: AsyncEngine, releases: tuple[Path, Path], tmp_path: Path
) -> None:
    first, second = releases
    await load(engine, [Source(first)])
    broken = tmp_path / "gene2go"
    broken.write_text(f"{GENE2GO_HEADER}\tGO_term\tPubMed\tCategory\n9606\t3558\n")
    # gene2go is stored after the ontology: the new closure is staged when the load fails.
    with pytest.raises(LoadError, match="expected 8 tab-separated columns"):
        await load(engine, [Source(second), Source(broken, SourceFormat.GENE2GO)])
    assert await served_pairs(engine) == FIRST
    assert not await staged_table_left(engine)
