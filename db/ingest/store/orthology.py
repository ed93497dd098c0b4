"""Storing orthology: NCBI gene_orthologs pairs and HomoloGene groups. Each file
replaces what its source stated before.

The lines are staged as parsed (GeneIDs, not keys) and matched to genes and deduplicated
in SQL once the file is read (db/ingest/store/staging.py): at 100x the kit the map of
every gene and the set of every stored pair would be GBs of Python objects."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.ingest.parse.orthology import HomologeneRow, OrthologPair
from genegraph.db.ingest.store import statistics
from genegraph.db.ingest.store.bulk import Tally
from genegraph.db.ingest.store.staging import stage, staging_table
from genegraph.db.models import HomologeneMember, Orthology

NCBI_SOURCE = "NCBI Gene"
HOMOLOGENE_SOURCE = "HomoloGene"

# The staged pairs whose both GeneIDs are stored genes, as gene keys.
_KNOWN_PAIRS = (
    "SELECT a.pk AS a, b.pk AS b FROM ortholog_lines AS s"
    " JOIN genes AS a ON a.gene_id = s.gene_id"
    " JOIN genes AS b ON b.gene_id = s.other_gene_id"
)


async def store_gene_orthologs(conn: AsyncConnection, rows: Iterable[OrthologPair]) -> Tally:
    tally = Tally()
    async with (
        staging_table(conn, "ortholog_lines", ("gene_id", "other_gene_id")) as staged,
        staging_table(conn, "ortholog_rows", ("gene_pk", "ortholog_pk")) as wanted,
    ):
        await stage(conn, staged, ((row.gene_id, row.other_gene_id) for row in rows), tally)
        counted = await conn.execute(
            text(f"SELECT count(*), count(CASE WHEN a = b THEN 1 END) FROM ({_KNOWN_PAIRS}) AS k")
        )
        known, with_itself = counted.one()
        # Each pair once, its smaller key first; (a, b) and (b, a) are one pair.
        found = await conn.execute(
            text(
                f"INSERT INTO {wanted.name} (gene_pk, ortholog_pk)"
                " SELECT DISTINCT CASE WHEN a < b THEN a ELSE b END,"
                " CASE WHEN a < b THEN b ELSE a END"
                f" FROM ({_KNOWN_PAIRS}) AS k WHERE a <> b"
            )
        )
        pairs = found.rowcount
        # Both directions are stored: "orthologs of X" is one look-up from either side.
        await conn.execute(
            text(
                f"INSERT INTO {wanted.name} (gene_pk, ortholog_pk)"
                f" SELECT ortholog_pk, gene_pk FROM {wanted.name}"
            )
        )
        await statistics.analyse(conn, [wanted.name])
        await _replace(conn, Orthology.__tablename__, wanted, {"source": NCBI_SOURCE})
    tally.skip("unknown GeneID", tally.lines - known)
    tally.skip("gene paired with itself", with_itself)
    tally.skip("duplicate pair", known - with_itself - pairs)
    tally.stored = pairs
    tally.rows["ortholog_pairs"] = pairs
    return tally


async def store_homologene(conn: AsyncConnection, rows: Iterable[HomologeneRow]) -> Tally:
    tally = Tally()
    async with (
        staging_table(conn, "homologene_lines", ("hid", "gene_id")) as staged,
        staging_table(conn, "homologene_rows", ("hid", "gene_pk")) as wanted,
    ):
        await stage(conn, staged, ((row.hid, row.gene_id) for row in rows), tally)
        known_sql = "FROM homologene_lines AS s JOIN genes AS g ON g.gene_id = s.gene_id"
        known = (await conn.execute(text(f"SELECT count(*) {known_sql}"))).scalar_one()
        found = await conn.execute(
            text(
                f"INSERT INTO {wanted.name} (hid, gene_pk) SELECT DISTINCT s.hid, g.pk {known_sql}"
            )
        )
        members = found.rowcount
        await statistics.analyse(conn, [wanted.name])
        await _replace(conn, HomologeneMember.__tablename__, wanted, {})
    tally.skip("unknown GeneID", tally.lines - known)
    tally.skip("duplicate line", known - members)
    tally.stored = members
    tally.rows["homologene_members"] = members
    return tally


async def _replace(
    conn: AsyncConnection, served: str, wanted: Table, constants: dict[str, str]
) -> None:
    """Make ``served``'s rows that have ``constants`` (its source) exactly ``wanted``'s
    (distinct rows, each with those constants), writing only the difference: the rows
    ``wanted`` no longer has deleted, its new ones inserted. A month's file restates
    nearly every row of the last; deleting and inserting them all wrote each again through
    the served table's indexes, row by row, and left as many dead rows behind."""
    columns = list(wanted.c.keys())
    fixed = [f"o.{name} = :{name}" for name in constants]
    same = " AND ".join([f"w.{name} = o.{name}" for name in columns])
    where = " AND ".join([*fixed, f"NOT EXISTS (SELECT 1 FROM {wanted.name} AS w WHERE {same})"])
    await conn.execute(text(f"DELETE FROM {served} AS o WHERE {where}"), constants)
    names = ", ".join([*columns, *constants])
    values = ", ".join(
        [*(f"w.{name}" for name in columns), *(f"CAST(:{name} AS VARCHAR)" for name in constants)]
    )
    absent = " AND ".join([same, *fixed])
    added = await conn.execute(
        text(
            f"INSERT INTO {served} ({names}) SELECT {values} FROM {wanted.name} AS w"
            f" WHERE NOT EXISTS (SELECT 1 FROM {served} AS o WHERE {absent})"
        ),
        constants,
    )
    statistics.note_written(conn, served, added.rowcount)
