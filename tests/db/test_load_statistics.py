"""A load's statements stay proportional to the rows they touch on PostgreSQL, whatever
the statistics said before the load (issue #19).

A load changes tables by orders of magnitude inside one transaction: over a release whose
statistics describe a few rows, the second gene2go file's replacement once planned a
nested loop that read every human gene once per mouse annotation (minutes on the kit).
Here every statement of a load over such a release is explained with its actual rows
(PostgreSQL's auto_explain, sent to the client as notices), and no plan node may handle
far more rows than the whole database holds: a repeated scan does, even at this size.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.engine import create_engine
from genegraph.db.ingest.parse.gaf import HEADER as GAF_HEADER
from genegraph.db.ingest.parse.gene2go import HEADER as GENE2GO_HEADER
from genegraph.db.ingest.parse.gene_history import HEADERS as GENE_HISTORY_HEADERS
from genegraph.db.ingest.parse.gene_info import HEADER as GENE_INFO_HEADER
from genegraph.db.ingest.parse.orthology import GENE_ORTHOLOGS_HEADER, HOMOLOGENE_HEADER
from genegraph.db.ingest.release import Source, load
from genegraph.db.ingest.store import statistics
from genegraph.db.ingest.store.bulk import insert_rows
from genegraph.db.models import Base, GOSubset, GOTerm
from tests.conftest import FIXTURES, SEED_PAGE, Database, fresh_database

HUMAN, MOUSE = 9606, 10090
GENES = 1500  # per species
TERMS_PER_GENE = 6

# Every statement's plan, with actual rows, as a NOTICE to the client; ANALYZE timing off
# (its clock reads would only slow the load down).
AUTO_EXPLAIN = {
    "session_preload_libraries": "auto_explain",
    "auto_explain.log_min_duration": "0",
    "auto_explain.log_analyze": "on",
    "auto_explain.log_timing": "off",
    "auto_explain.log_nested_statements": "on",
    "auto_explain.log_format": "json",
    "auto_explain.log_level": "notice",
}

# Rows a plan node may handle, per row the database holds after the load: a join, a
# hash or an index look-up per row stays within a small multiple; a scan repeated once
# per row of another table does not.
ROWS_PER_STORED_ROW = 10
# A term of tests/fixtures/slim.obo below biological_process.
NARROW_TERM = "GO:0000100"
TABLES = ("genes", "gene_aliases", "go_terms", "go_annotations", "orthologs", "gene_history")


@pytest.fixture
def database(tmp_path: Path, postgres_template: str) -> Iterator[Database]:
    with fresh_database("postgresql", tmp_path, postgres_template) as db:
        yield db


def gene_id(taxon: int, number: int) -> int:
    return (1_000_000 if taxon == HUMAN else 2_000_000) + number


def write_gene_info(path: Path, taxon: int, genes: int) -> Path:
    lines = [f"{GENE_INFO_HEADER}\tchromosome\tmap_location\tdescription\ttype_of_gene"]
    lines += [
        "\t".join(
            [str(taxon), str(gene_id(taxon, n)), f"G{taxon}X{n}", "-", f"A{taxon}X{n}", "-"]
            + ["1", "1p1", f"gene {n}", "protein-coding"]
            + ["-"] * 6
        )
        for n in range(genes)
    ]
    return write_lines(path, lines)


def write_gene2go(path: Path, taxon: int, genes: int, terms: list[str]) -> Path:
    lines = [f"{GENE2GO_HEADER}\tGO_term\tPubMed\tCategory"]
    lines += [
        "\t".join([str(taxon), str(gene_id(taxon, n)), go_id, "IEA", "-", "-", "-", "Process"])
        for n in range(genes)
        for go_id in terms[:TERMS_PER_GENE]
    ]
    return write_lines(path, lines)


def write_gaf(path: Path, taxon: int, genes: int, terms: list[str]) -> Path:
    """NCBIGene-keyed GAF lines for the same genes."""
    lines = [f"{GAF_HEADER}.2"]
    lines += [
        "\t".join(
            [
                *("NCBIGene", str(gene_id(taxon, n)), f"G{taxon}X{n}", "enables", go_id, "PMID:1"),
                *("IDA", "", "F", "", "", "protein", f"taxon:{taxon}", "20240101", "MGI", "", ""),
            ]
        )
        for n in range(genes)
        for go_id in terms[:TERMS_PER_GENE]
    ]
    return write_lines(path, lines)


def write_orthology_and_history(folder: Path, genes: int) -> list[Path]:
    """gene_orthologs pairs, HomoloGene groups and gene_history lines for the genes."""
    pairs = [
        f"{HUMAN}\t{gene_id(HUMAN, n)}\tOrtholog\t{MOUSE}\t{gene_id(MOUSE, n)}"
        for n in range(genes)
    ]
    groups = [
        f"{n}\t{taxon}\t{gene_id(taxon, n)}\tG{taxon}X{n}"
        for n in range(genes)
        for taxon in (HUMAN, MOUSE)
    ]
    history = [
        f"{HUMAN}\t{gene_id(HUMAN, n)}\t{gene_id(HUMAN, n) + 500_000}\tOLD{n}\t20200101"
        for n in range(genes)
    ]
    return [
        write_lines(folder / "gene_orthologs", [GENE_ORTHOLOGS_HEADER, *pairs]),
        write_lines(folder / "homologene", [HOMOLOGENE_HEADER, *groups]),
        write_lines(
            folder / "gene_history",
            [f"{GENE_HISTORY_HEADERS[0]}\tDiscontinued_Symbol\tDiscontinue_Date", *history],
        ),
    ]


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n")
    return path


def node_rows(node: dict[str, Any]) -> Iterator[tuple[str, float]]:
    """Each plan node's rows handled over all its loops (returned and filtered out)."""
    per_loop = node.get("Actual Rows", 0) + sum(
        value for key, value in node.items() if key.startswith("Rows Removed by")
    )
    name = " ".join(str(node[k]) for k in ("Node Type", "Relation Name") if k in node)
    yield name, per_loop * node.get("Actual Loops", 1)
    for child in node.get("Plans", []):
        yield from node_rows(child)


async def load_seed_terms(engine: AsyncEngine) -> list[str]:
    """Load the seed page; its GO terms, for the synthetic files to annotate with."""
    await load(engine, [Source(SEED_PAGE)])
    async with engine.connect() as conn:
        ordered = select(GOTerm.go_id).order_by(GOTerm.go_id)
        return list((await conn.execute(ordered)).scalars())


async def test_a_load_over_an_analysed_release_plans_with_its_own_rows(
    database: Database, tmp_path: Path
) -> None:
    engine = create_engine(database.url)
    try:
        terms = await load_seed_terms(engine)
        # One GAF line on the page's human gene: the load below snapshots what it replaces
        # of that source for the change log. (A load analyses after committing.)
        seed = tmp_path / "seed.gaf"
        seed.write_text(
            f"{GAF_HEADER}.2\nX\t1\tIL2\tenables\t{terms[0]}\tPMID:1\tIDA\t\tF\t\t\tprotein"
            f"\ttaxon:{HUMAN}\t20240101\tMGI\t\t\n"
        )
        await load(engine, [Source(seed)])
    finally:
        await engine.dispose()

    plans: list[dict[str, Any]] = []

    def listen(dbapi_connection: Any, _record: object) -> None:
        def notice(_connection: object, message: Any) -> None:
            if "plan:" in message.message:
                plans.append(json.loads(message.message.split("plan:", 1)[1]))

        dbapi_connection.driver_connection.add_log_listener(notice)

    explained = create_engine(database.url, connect_args={"server_settings": AUTO_EXPLAIN})
    event.listen(explained.sync_engine, "connect", listen)
    try:
        # Two annotation files of each source, mouse first: the human file's replacement
        # (and, for the GAFs, snapshot) run over the mouse rows this transaction wrote.
        await load(
            explained,
            [
                Source(write_gene_info(tmp_path / "human.gene_info", HUMAN, GENES)),
                Source(write_gene_info(tmp_path / "mouse.gene_info", MOUSE, GENES)),
                Source(write_gene2go(tmp_path / "mouse.gene2go", MOUSE, GENES, terms)),
                Source(write_gene2go(tmp_path / "human.gene2go", HUMAN, GENES, terms)),
                Source(write_gaf(tmp_path / "mouse.gaf", MOUSE, GENES, terms)),
                Source(write_gaf(tmp_path / "human.gaf", HUMAN, GENES, terms)),
                Source(SEED_PAGE),  # its annotations are snapshotted by gene
                *(Source(path) for path in write_orthology_and_history(tmp_path, GENES)),
            ],
        )
        async with explained.connect() as conn:
            stored = 0
            for table in TABLES:
                count = select(func.count()).select_from(text(table))
                stored += (await conn.execute(count)).scalar_one()
    finally:
        await explained.dispose()

    statements = [p for p in plans if "DELETE" in p["Query Text"] or "INSERT" in p["Query Text"]]
    assert statements, "auto_explain sent no plans: the check would pass on anything"
    limit = ROWS_PER_STORED_ROW * stored
    excessive = [
        (name, int(rows), plan["Query Text"][:200])
        for plan in plans
        for name, rows in node_rows(plan["Plan"])
        if rows > limit
    ]
    assert excessive == [], f"plan nodes handling more than {limit:,} rows"


async def test_a_load_pins_the_annotations_genes_as_a_ratio_of_their_rows(
    database: Database, tmp_path: Path
) -> None:
    """ANALYZE's sample underestimates the genes of a large annotation table by orders of
    magnitude; after a load the planner uses the true ratio instead (statistics.py)."""
    engine = create_engine(database.url)
    try:
        terms = await load_seed_terms(engine)
        await load(
            engine,
            [
                Source(write_gene_info(tmp_path / "human.gene_info", HUMAN, GENES)),
                Source(write_gene2go(tmp_path / "human.gene2go", HUMAN, GENES, terms)),
            ],
        )
        async with engine.connect() as conn:
            counted = "SELECT count(DISTINCT gene_pk)::float8 / count(*) FROM go_annotations"
            ratio = (await conn.execute(text(counted))).scalar_one()
            option = (
                "SELECT attoptions FROM pg_attribute"
                " WHERE attrelid = 'go_annotations'::regclass AND attname = 'gene_pk'"
            )
            options = (await conn.execute(text(option))).scalar_one()
            stats = (
                "SELECT n_distinct FROM pg_stats"
                " WHERE tablename = 'go_annotations' AND attname = 'gene_pk'"
            )
            analysed = (await conn.execute(text(stats))).scalar_one()
    finally:
        await engine.dispose()
    assert 0 < ratio < 1
    pinned = dict(option.split("=", 1) for option in options or [])
    assert float(pinned["n_distinct"]) == pytest.approx(-ratio, rel=1e-6), options
    assert analysed == pytest.approx(-ratio, rel=1e-4)


async def test_a_load_leaves_every_tables_statistics_describing_its_rows(
    database: Database, tmp_path: Path
) -> None:
    """The ANALYZE after the commit leaves out the tables the load analysed after its last
    write to them (statistics.changed_since_analysed): every table's row estimate is still
    its committed row count, those of the staged closure and term gene lists included."""
    engine = create_engine(database.url)
    try:
        terms = await load_seed_terms(engine)
        gene2go = write_gene2go(tmp_path / "human.gene2go", HUMAN, GENES, terms)
        # A few genes on a narrow term of the ontology: a term gene list is stored.
        with gene2go.open("a") as lines:
            for n in range(5):
                fields = [str(HUMAN), str(gene_id(HUMAN, n)), NARROW_TERM, "IDA", "-", "-", "-"]
                lines.write("\t".join([*fields, "Process"]) + "\n")
        await load(
            engine,
            [
                Source(FIXTURES / "slim.obo"),
                Source(write_gene_info(tmp_path / "human.gene_info", HUMAN, GENES)),
                Source(gene2go),
                *(Source(path) for path in write_orthology_and_history(tmp_path, GENES)),
            ],
        )
        async with engine.connect() as conn:
            estimates = {}
            for name in Base.metadata.tables:
                count = select(func.count()).select_from(text(name))
                rows = (await conn.execute(count)).scalar_one()
                reltuples = f"SELECT reltuples FROM pg_class WHERE oid = to_regclass('{name}')"
                estimate = (await conn.execute(text(reltuples))).scalar_one()
                estimates[name] = (estimate, rows)
    finally:
        await engine.dispose()
    assert estimates["go_term_closure"][1] > 0 and estimates["term_gene_lists"][1] > 0
    wrong = {name: pair for name, pair in estimates.items() if pair[0] != max(pair[1], 0)}
    # A table that never held a row may keep PostgreSQL's "never analysed" -1.
    assert {n: p for n, p in wrong.items() if p != (-1, 0)} == {}


async def test_tables_analysed_after_their_last_change_are_not_analysed_again(
    database: Database,
) -> None:
    engine = create_engine(database.url)
    try:
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text("ANALYZE"))
        async with engine.begin() as conn:
            statistics.track(conn)
            assert await statistics.changed_since_analysed(conn) == []
            subsets = GOSubset.__table__
            await insert_rows(conn, subsets, ("name", "description"), [("a", "A"), ("b", "B")])
            assert await statistics.changed_since_analysed(conn) == ["go_subsets"]
            await statistics.analyse(conn, ["go_subsets"])
            assert await statistics.changed_since_analysed(conn) == []
            await conn.execute(update(GOSubset).values(description="changed"))
            assert await statistics.changed_since_analysed(conn) == ["go_subsets"]
            await conn.rollback()
    finally:
        await engine.dispose()
