"""Storing orthology: NCBI gene_orthologs pairs and HomoloGene groups. Each file
replaces what its source stated before.

The lines are staged as parsed (GeneIDs, not keys) and matched to genes and deduplicated
in SQL once the file is read (db/ingest/store/staging.py): at 100x the kit the map of
every gene and the set of every stored pair would be GBs of Python objects."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, text
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
    await conn.execute(delete(Orthology).where(Orthology.source == NCBI_SOURCE))
    async with staging_table(conn, "ortholog_lines", ("gene_id", "other_gene_id")) as staged:
        await stage(conn, staged, ((row.gene_id, row.other_gene_id) for row in rows), tally)
        counted = await conn.execute(
            text(f"SELECT count(*), count(CASE WHEN a = b THEN 1 END) FROM ({_KNOWN_PAIRS}) AS k")
        )
        known, with_itself = counted.one()
        # Each pair once, its smaller key first; (a, b) and (b, a) are one pair.
        stored = await conn.execute(
            text(
                "INSERT INTO orthologs (gene_pk, ortholog_pk, source)"
                " SELECT DISTINCT CASE WHEN a < b THEN a ELSE b END,"
                " CASE WHEN a < b THEN b ELSE a END, :source"
                f" FROM ({_KNOWN_PAIRS}) AS k WHERE a <> b"
            ),
            {"source": NCBI_SOURCE},
        )
        pairs = stored.rowcount
    # Both directions are stored: "orthologs of X" is one look-up from either side.
    await conn.execute(
        text(
            "INSERT INTO orthologs (gene_pk, ortholog_pk, source)"
            " SELECT ortholog_pk, gene_pk, source FROM orthologs"
            " WHERE source = :source AND gene_pk < ortholog_pk"
        ),
        {"source": NCBI_SOURCE},
    )
    statistics.note_written(conn, Orthology.__tablename__, 2 * pairs)
    tally.skip("unknown GeneID", tally.lines - known)
    tally.skip("gene paired with itself", with_itself)
    tally.skip("duplicate pair", known - with_itself - pairs)
    tally.stored = pairs
    tally.rows["ortholog_pairs"] = pairs
    return tally


async def store_homologene(conn: AsyncConnection, rows: Iterable[HomologeneRow]) -> Tally:
    tally = Tally()
    await conn.execute(delete(HomologeneMember))
    async with staging_table(conn, "homologene_lines", ("hid", "gene_id")) as staged:
        await stage(conn, staged, ((row.hid, row.gene_id) for row in rows), tally)
        known_sql = "FROM homologene_lines AS s JOIN genes AS g ON g.gene_id = s.gene_id"
        known = (await conn.execute(text(f"SELECT count(*) {known_sql}"))).scalar_one()
        stored = await conn.execute(
            text(
                "INSERT INTO homologene_members (hid, gene_pk)"
                f" SELECT DISTINCT s.hid, g.pk {known_sql}"
            )
        )
        members = stored.rowcount
    statistics.note_written(conn, HomologeneMember.__tablename__, members)
    tally.skip("unknown GeneID", tally.lines - known)
    tally.skip("duplicate line", known - members)
    tally.stored = members
    tally.rows["homologene_members"] = members
    return tally
