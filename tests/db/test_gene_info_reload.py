"""A re-load of gene_info over a release (the monthly update) whose lines changed: symbols,
names, aliases and links changed, genes added and dropped. The stored genes are updated in
SQL, once per file (store/genes.py); the tables must then hold what a fresh load of the new
file holds, except by two rules: a gene the new file no longer gives is kept as it was, and
a link is never removed (gene pages add links to the same table). Expectations are read
from the two files with the parser, on each backend."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.engine import create_engine
from genegraph.db.ingest.parse.files import SourceFile
from genegraph.db.ingest.parse.gene_info import GeneInfoRow, read_gene_info
from genegraph.db.ingest.release import Source, load
from genegraph.db.migrate import upgrade
from genegraph.db.models import Gene, GeneAlias, GeneXref
from tests.conftest import FIXTURES, Database, fresh_database
from tests.helpers.sources import write

# The fixture's header, and its IL2 line as the pattern of every line here.
HEADER, PATTERN = (FIXTURES / "gene_info_il2.tsv").read_text().splitlines(keepends=True)[:2]
FIRST_ID = 2_000_001
GENES = 40  # in the first file; the second adds 10


def _line(gene_id: int, symbol: str, aliases: str, links: str, name: str, chrom: str) -> str:
    fields = PATTERN.split("\t")
    fields[1], fields[2], fields[4], fields[5] = str(gene_id), symbol, aliases, links
    fields[6], fields[8], fields[11] = chrom, name, "-"
    return "\t".join(fields)


def _first(i: int) -> str:
    return _line(FIRST_ID + i, f"S{i}", f"A{i}|B{i}", f"MIM:{i}|Ensembl:E{i}", f"gene {i}", "1")


def _second(i: int) -> str | None:
    """Gene ``i`` in the new release: each kind of change on every fifth gene."""
    gene_id = FIRST_ID + i
    match i % 5 if i < GENES else None:
        case 0:
            return None  # dropped
        case 1:  # renamed, and its symbol's case changed on some
            symbol = f"s{i}" if i % 2 else f"T{i}"
            return _line(gene_id, symbol, f"A{i}|B{i}", f"MIM:{i}|Ensembl:E{i}", f"gene {i}", "1")
        case 2:  # new name and chromosome, an alias dropped and one added, or none left
            aliases = f"B{i}|C{i}" if i % 2 else "-"
            return _line(gene_id, f"S{i}", aliases, f"MIM:{i}|Ensembl:E{i}", f"new {i}", "X")
        case 3:  # a link dropped, another added
            return _line(
                gene_id, f"S{i}", f"A{i}|B{i}", f"Ensembl:E{i}|HGNC:HGNC:{i}", f"gene {i}", "1"
            )
        case 4:
            return _first(i)
        case _:  # a gene first given by the new release
            return _line(gene_id, f"N{i}", f"A{i}", f"MIM:{i}", f"gene {i}", "2")


def _files(folder: Path) -> tuple[Path, Path]:
    first = HEADER + "".join(_first(i) for i in range(GENES))
    second = HEADER + "".join(line for i in range(GENES + 10) if (line := _second(i)) is not None)
    return write(folder, "gene_info_1", first), write(folder, "gene_info_2", second)


def _parsed(path: Path) -> dict[int, GeneInfoRow]:
    with SourceFile(path) as source:
        return {row.gene_id: row for row in read_gene_info(source)}


Tables = dict[str, dict[Any, Any]]


def _expected(rows: dict[int, GeneInfoRow]) -> Tables:
    return {
        "genes": {
            gene_id: (
                row.taxon_id,
                row.symbol,
                row.symbol.upper(),
                row.name,
                row.gene_type,
                row.chromosome,
                row.map_location,
            )
            for gene_id, row in rows.items()
        },
        "aliases": {
            gene_id: {(alias, alias.upper()) for alias in row.aliases}
            for gene_id, row in rows.items()
            if row.aliases
        },
        "links": {gene_id: set(row.xrefs) for gene_id, row in rows.items() if row.xrefs},
    }


async def _tables(engine: AsyncEngine) -> Tables:
    async with engine.connect() as conn:
        genes = {
            gene_id: tuple(values)
            for gene_id, *values in await conn.execute(
                select(
                    Gene.gene_id,
                    Gene.taxon_id,
                    Gene.symbol,
                    Gene.symbol_key,
                    Gene.name,
                    Gene.gene_type,
                    Gene.chromosome,
                    Gene.map_location,
                )
            )
        }
        aliases: dict[int | None, set[tuple[str, str]]] = defaultdict(set)
        for gene_id, alias, key in await conn.execute(
            select(Gene.gene_id, GeneAlias.alias, GeneAlias.alias_key).join(Gene)
        ):
            aliases[gene_id].add((alias, key))
        links: dict[int | None, set[tuple[str, str]]] = defaultdict(set)
        for gene_id, database, identifier in await conn.execute(
            select(Gene.gene_id, GeneXref.database, GeneXref.identifier).join(Gene)
        ):
            links[gene_id].add((database, identifier))
    return {"genes": genes, "aliases": dict(aliases), "links": dict(links)}


@pytest.fixture
def other_database(
    database: Database, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Database]:
    """A second empty database on the backend of ``database``."""
    template = None
    if database.backend == "postgresql":
        template = request.getfixturevalue("postgres_template")
    folder = tmp_path / "other"
    folder.mkdir()
    with fresh_database(database.backend, folder, template) as other:
        yield other


async def test_a_reload_of_changed_gene_info_holds_what_a_fresh_load_does(
    engine: AsyncEngine, other_database: Database, tmp_path: Path
) -> None:
    first, second = _files(tmp_path)
    old, new = _parsed(first), _parsed(second)
    # The file's changes are all there (a test of the test).
    both = old.keys() & new.keys()
    assert old.keys() - new.keys() and new.keys() - old.keys()
    assert {gene_id for gene_id in both if old[gene_id] != new[gene_id]}

    await load(engine, [Source(first)])
    report = await load(engine, [Source(second)])
    genes = report.sources[0]
    assert genes.rows["genes_updated"] == len(both)
    assert genes.rows["genes_added"] == len(new.keys() - old.keys())
    reloaded = await _tables(engine)

    fresh_engine = create_engine(other_database.url)
    try:
        await upgrade(fresh_engine)
        await load(fresh_engine, [Source(second)])
        fresh = await _tables(fresh_engine)
    finally:
        await fresh_engine.dispose()
    assert fresh == _expected(new)

    # The re-load: the fresh load's tables, plus the genes the new file dropped as they
    # were, plus the links the old file gave that the new one does not.
    expected = _expected({**old, **new})
    for gene_id in both:
        expected["links"][gene_id] = set(old[gene_id].xrefs) | set(new[gene_id].xrefs)
    assert reloaded == expected
    assert {
        table: {gene_id: rows[gene_id] for gene_id in new if gene_id in rows}
        for table, rows in reloaded.items()
        if table != "links"
    } == {table: rows for table, rows in fresh.items() if table != "links"}
