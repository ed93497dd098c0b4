"""Orthology files matched to genes and deduplicated in SQL (db/ingest/store/staging.py):
every line is stored or skipped for the same reason as when the loader kept the sets, on
both backends, and a reload replaces what the file stated."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.release import Source, load
from genegraph.db.models import Gene, HomologeneMember, Orthology
from tests.conftest import FIXTURES
from tests.helpers.sources import write

GENE_INFO = FIXTURES / "gene_info_il2.tsv"
HEADER = "#tax_id\tGeneID\trelationship\tOther_tax_id\tOther_GeneID\n"
PAIRS = [
    (9606, 3558, 10090, 16183),  # stored
    (10090, 16183, 9606, 3558),  # the same pair the other way round
    (9606, 3558, 10090, 16183),  # the same line again
    (9606, 3558, 10116, 116562),  # stored
    (9606, 3559, 9606, 3559),  # a gene with itself
    (9606, 3558, 9598, 469000),  # unknown GeneID
    (9606, 3560, 10116, 116562),  # stored
]
MEMBERS = [(4, 3558), (4, 16183), (4, 3558), (4, 469000), (5, 3558), (5, 3560)]


def orthologs_file(folder: Path) -> Path:
    lines = "".join(f"{a}\t{b}\tOrtholog\t{c}\t{d}\n" for a, b, c, d in PAIRS)
    return write(folder, "gene_orthologs", HEADER + lines)


def homologene_file(folder: Path) -> Path:
    taxa = {3558: 9606, 3560: 9606, 16183: 10090, 469000: 9598}
    lines = "".join(f"{hid}\t{taxa[gene]}\t{gene}\tX\n" for hid, gene in MEMBERS)
    return write(folder, "homologene.tsv", "#HID\ttax_id\tGeneID\tSymbol\n" + lines)


async def stored_pairs(engine: AsyncEngine) -> set[tuple[int, int]]:
    a, b = Gene.__table__.alias("a"), Gene.__table__.alias("b")
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(a.c.gene_id, b.c.gene_id)
            .join(Orthology, Orthology.gene_pk == a.c.pk)
            .join(b, b.c.pk == Orthology.ortholog_pk)
            .where(Orthology.source == "NCBI Gene")
        )
        return {(x, y) for x, y in rows}


async def stored_members(engine: AsyncEngine) -> list[tuple[int, int | None]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            select(HomologeneMember.hid, Gene.gene_id)
            .join(Gene, Gene.pk == HomologeneMember.gene_pk)
            .order_by(HomologeneMember.hid, Gene.gene_id)
        )
        return [(hid, gene_id) for hid, gene_id in rows]


async def test_orthologs_and_groups_deduplicated_in_sql(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    sources = [
        Source(GENE_INFO),
        Source(orthologs_file(tmp_path)),
        Source(homologene_file(tmp_path)),
    ]
    report = await load(engine, sources)
    orthologs, homologene = report.sources[1], report.sources[2]
    assert orthologs.lines == len(PAIRS)
    assert orthologs.stored == 3
    assert orthologs.skipped == {
        "duplicate pair": 2,
        "gene paired with itself": 1,
        "unknown GeneID": 1,
    }
    assert orthologs.rows == {"ortholog_pairs": 3}
    pairs = {(3558, 16183), (3558, 116562), (3560, 116562)}
    assert await stored_pairs(engine) == pairs | {(b, a) for a, b in pairs}

    assert homologene.lines == len(MEMBERS)
    assert homologene.stored == 4
    assert homologene.skipped == {"duplicate line": 1, "unknown GeneID": 1}
    expected = [(4, 3558), (4, 16183), (5, 3558), (5, 3560)]
    assert await stored_members(engine) == expected

    # Loaded again, the files replace what they stated: the same rows, once.
    again = await load(engine, sources[1:])
    assert [s.stored for s in again.sources] == [3, 4]
    assert await stored_pairs(engine) == pairs | {(b, a) for a, b in pairs}
    assert await stored_members(engine) == expected


async def kept_versions(engine: AsyncEngine, table: str) -> dict[tuple[int, int], str]:
    """PostgreSQL: each row's version (the transaction that wrote it), by its two keys."""
    first, second = ("hid", "gene_pk") if table == "homologene_members" else PAIR_KEYS
    async with engine.connect() as conn:
        rows = await conn.execute(text(f"SELECT {first}, {second}, xmin::text FROM {table}"))
        return {(a, b): version for a, b, version in rows}


PAIR_KEYS = ("gene_pk", "ortholog_pk")


async def test_a_reload_writes_only_what_changed(engine: AsyncEngine, tmp_path: Path) -> None:
    """A month's files restate most rows: those stay as they were (PostgreSQL: the same
    row versions), the dropped ones go and the new ones come, and the result is what the
    new files state."""
    first = [Source(GENE_INFO), Source(orthologs_file(tmp_path)), Source(homologene_file(tmp_path))]
    await load(engine, first)
    postgres = engine.dialect.name == "postgresql"
    before = {t: await kept_versions(engine, t) for t in TABLES} if postgres else {}

    # One pair dropped (3558-116562) and one new (3560-16183); group 5 loses 3558, and
    # group 6 is new.
    later = tmp_path / "later"
    later.mkdir()
    pairs = [(9606, 3558, 10090, 16183), (9606, 3560, 10116, 116562), (9606, 3560, 10090, 16183)]
    lines = "".join(f"{a}\t{b}\tOrtholog\t{c}\t{d}\n" for a, b, c, d in pairs)
    members = [(4, 9606, 3558), (4, 10090, 16183), (5, 9606, 3560), (6, 9606, 3560)]
    groups = "".join(f"{hid}\t{taxon}\t{gene}\tX\n" for hid, taxon, gene in members)
    again = await load(
        engine,
        [
            Source(write(later, "gene_orthologs", HEADER + lines)),
            Source(write(later, "homologene.tsv", "#HID\ttax_id\tGeneID\tSymbol\n" + groups)),
        ],
    )
    assert [s.stored for s in again.sources] == [3, 4]
    stated = {(b, d) for _, b, _, d in pairs}
    assert await stored_pairs(engine) == stated | {(b, a) for a, b in stated}
    assert await stored_members(engine) == [(4, 3558), (4, 16183), (5, 3560), (6, 3560)]
    if postgres:
        for table in TABLES:
            after = await kept_versions(engine, table)
            kept = before[table].keys() & after.keys()
            assert kept and all(before[table][key] == after[key] for key in kept), table
            assert len(after) - len(kept) == NEW_ROWS[table]


TABLES = ("orthologs", "homologene_members")
NEW_ROWS = {"orthologs": 2, "homologene_members": 1}  # a new pair both ways; a new member
