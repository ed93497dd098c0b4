"""``genegraph update`` from a local mirror of the real sites: the sources fetched and
loaded as one release, only the species asked for, the IL2 card with its mouse and rat
orthologs carrying their own terms; nothing loaded when nothing changed, and nothing
touched when a fetch fails."""

from __future__ import annotations

import asyncio
import gzip
from pathlib import Path

import pytest

from genegraph import cli
from genegraph.db.models import Release
from tests.conftest import SEED_PAGE, SHARED_DATA, Database
from tests.helpers.kit import CARD, needs_kit, query, table_count
from tests.helpers.source_mirror import NCBI, Fault, MirrorServer

pytestmark = needs_kit

ORTHOLOG_TERMS = """{ gene(symbol: "IL2") { id orthologs { gene { id
    annotations(includeNegated: true) { source } } } } }"""

RELEASE_SOURCES = "{ currentRelease { sources { path lines stored skipped { kind count } } } }"


def update(mirror: MirrorServer, dest: Path, url: str, species: str) -> int:
    return cli.main(
        [
            *("update", "--species", species, "--gaf", "rgd", "--dest", str(dest)),
            *("--mirror", mirror.url, "--database-url", url),
        ]
    )


def gene_id(gene_info: Path, symbol: str) -> int:
    with gzip.open(gene_info, "rt", encoding="utf-8") as lines:
        for line in lines:
            fields = line.split("\t")
            if fields[2] == symbol:
                return int(fields[1])
    raise AssertionError(f"{symbol} not in {gene_info}")


def gene2go_rows(path: Path, gene: int) -> int:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return sum(1 for line in lines if line.split("\t", 2)[1] == str(gene))


def gaf_lines(path: Path) -> list[list[str]]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [line.split("\t") for line in lines if line.strip() and not line.startswith("!")]


def gaf_rows(path: Path, symbol: str, taxon: int) -> int:
    rows = gaf_lines(path)
    return sum(1 for f in rows if f[2] == symbol and f[12].startswith(f"taxon:{taxon}"))


def test_update_serves_il2_with_its_orthologs_terms_then_loads_nothing_unchanged(
    mirror: MirrorServer, tmp_path: Path, database: Database
) -> None:
    # A fresh database: PostgreSQL loads over an existing release wait on issue #19.
    assert update(mirror, tmp_path / "sources", database.url, "human,mouse,rat") == 0
    mouse = gene_id(SHARED_DATA / "Mus_musculus.gene_info.gz", "Il2")
    rat = gene_id(SHARED_DATA / "Rattus_norvegicus.gene_info.gz", "Il2")
    card = query(database.url, ORTHOLOG_TERMS)["gene"]
    assert card["id"] == "NCBIGene:3558"
    sources = {
        o["gene"]["id"]: [a["source"] for a in o["gene"]["annotations"]] for o in card["orthologs"]
    }
    mouse_rows = gene2go_rows(SHARED_DATA / "Mus_musculus.gene2go.gz", mouse)
    rat_rows = gaf_rows(SHARED_DATA / "rgd.gaf.gz", "Il2", 10116)
    assert mouse_rows > 0 and rat_rows > 0
    assert sources[f"NCBIGene:{mouse}"] == ["NCBI gene2go"] * mouse_rows
    assert sources[f"NCBIGene:{rat}"] == ["GO Consortium GAF"] * rat_rows

    # Every RGD GAF line is stored or skipped for a stated reason (rat rows match by symbol).
    (rgd,) = [
        s
        for s in query(database.url, RELEASE_SOURCES)["currentRelease"]["sources"]
        if s["path"].endswith("rgd.gaf.gz")
    ]
    assert rgd["lines"] == len(gaf_lines(SHARED_DATA / "rgd.gaf.gz"))
    assert rgd["lines"] == rgd["stored"] + sum(c["count"] for c in rgd["skipped"])
    assert all(c["kind"] for c in rgd["skipped"])

    releases = asyncio.run(table_count(database.url, Release))
    mirror.requests.clear()
    assert update(mirror, tmp_path / "sources", database.url, "human,mouse,rat") == 0
    assert {status for _, status, _ in mirror.requests} <= {302, 304}
    assert asyncio.run(table_count(database.url, Release)) == releases


def test_a_failed_fetch_loads_nothing_and_keeps_the_served_release(
    mirror: MirrorServer,
    tmp_path: Path,
    database: Database,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["load", str(SEED_PAGE), "--database-url", database.url]) == 0
    card = query(database.url, CARD)
    mirror.faults[f"{NCBI}/gene2go.gz"] = Fault("corrupt")
    assert update(mirror, tmp_path, database.url, "rat") == 1
    error = capsys.readouterr().err
    assert "gene2go.gz: truncated or corrupt gzip" in error
    assert "nothing was loaded" in error
    assert asyncio.run(table_count(database.url, Release)) == 1
    assert query(database.url, CARD) == card
