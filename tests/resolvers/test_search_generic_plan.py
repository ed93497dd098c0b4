"""On PostgreSQL the autocomplete's symbol page is one prepared statement that the server
plans once per connection and then reuses (its generic plan), instead of planning it afresh
on every request (resolvers/search.py, ``_symbols_ranked_postgresql``; BENCHMARKS.md)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from genegraph.db.engine import create_engine
from genegraph.db.ingest.parse.gene_info import HEADER as GENE_INFO_HEADER
from genegraph.db.ingest.release import Source, load
from genegraph.resolvers.pagination import Window
from genegraph.resolvers.rows import Fetch
from genegraph.resolvers.search import first_genes
from tests.conftest import Database, fresh_database

# PostgreSQL weighs a generic plan against custom ones after its first five custom plans.
RUNS = 12
# Human genes of many symbol lengths and prefixes: with a few genes only, every plan is so
# cheap that PostgreSQL keeps planning afresh (the choice is made on the estimates).
GENES = 20_000


def write_gene_info(path: Path) -> Path:
    """Human genes with symbols of 3-12 characters over many prefixes."""
    lines = [f"{GENE_INFO_HEADER}\tchromosome\tmap_location\tdescription\ttype_of_gene"]
    for n in range(GENES):
        symbol = f"{chr(65 + n % 26)}{chr(65 + n // 26 % 26)}{n:0{1 + n % 10}d}"
        fields = ["9606", str(1_000_000 + n), symbol, "-", "-", "-", "1", "1p1"]
        lines.append("\t".join([*fields, f"gene {n}", "protein-coding", *["-"] * 6]))
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def database(tmp_path: Path, postgres_template: str) -> Iterator[Database]:
    with fresh_database("postgresql", tmp_path, postgres_template) as db:
        yield db


async def test_the_symbol_page_keeps_a_generic_plan(database: Database, tmp_path: Path) -> None:
    # One connection, so that every run meets the same session's prepared statement.
    engine = create_engine(database.url, pool_size=1, max_overflow=0)
    try:
        await load(engine, [Source(write_gene_info(tmp_path / "Homo_sapiens.gene_info"))])
        fetch = Fetch(engine)
        for prefix in ["ab", "CD1", "zz", "QR12", "mn", "xy0"] * (RUNS // 6):
            await first_genes(fetch, "postgresql", prefix, 9606, Window(0, 10), True)
        async with engine.connect() as conn:
            plans = (
                await conn.execute(
                    text(
                        "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
                        " WHERE statement LIKE '%RECURSIVE walk(n, pks)%'"
                        " AND statement NOT LIKE '%pg_prepared_statements%'"
                    )
                )
            ).all()
    finally:
        await engine.dispose()
    assert len(plans) == 1, plans
    generic, custom = plans[0]
    assert generic > 0 and custom <= 5, plans[0]
