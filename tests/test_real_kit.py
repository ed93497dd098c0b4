"""The real-data kit (../shared/data), loaded as a user would, on each backend.

The set-up is the fault test: over a database serving the seed page, a load of the
whole kit is killed with SIGKILL while it stores gene2go; the previous release must
still be served, whole; then the same load is run again and must succeed. The tests
then check the loaded kit against the files, counted independently.
"""

from __future__ import annotations

import asyncio
import gzip
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from db.engine import engine_scope
from db.models import Gene, Release
from tests.conftest import (
    REQUIRE_POSTGRES,
    SEED_PAGE,
    SHARED_DATA,
    Database,
    run_query,
    table_counts,
)

GENEGRAPH = str(Path(sys.executable).parent / "genegraph")
KIT_PRESENT = (SHARED_DATA / "gene2go.gz").exists()

if not KIT_PRESENT and REQUIRE_POSTGRES:  # under CI the kit is always beside the repo
    pytest.fail(f"the real-data kit is missing at {SHARED_DATA}", pytrace=False)
pytestmark = pytest.mark.skipif(not KIT_PRESENT, reason=f"no real-data kit at {SHARED_DATA}")

CARD = """{ gene(symbol: "IL2") { id symbol goTerms { id } orthologs { source gene { id } } } }"""


async def query(url: str, text: str) -> dict[str, Any]:
    async with engine_scope(url) as engine:
        return (await run_query(engine, text)).ok()


async def table_count(url: str, model: type[Gene] | type[Release]) -> int:
    async with engine_scope(url) as engine:
        return (await table_counts(engine, [model]))[model.__tablename__]


@dataclass
class LoadedKit:
    database: Database
    card_before_kill: dict[str, Any]
    card_after_kill: dict[str, Any]
    releases_after_kill: int
    genes_after_kill: int
    integrity_after_kill: list[str]
    killed_during: str
    summary: str


def kill_load_midway(url: str) -> str:
    """Start loading the kit, SIGKILL it once it is storing gene2go; return its last line."""
    process = subprocess.Popen(
        [GENEGRAPH, "load", "--dir", str(SHARED_DATA), "--database-url", url],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    last = ""
    deadline = time.monotonic() + 300
    for line in process.stderr:
        last = line.strip()
        if "gene2go" in line or time.monotonic() > deadline:
            break
    time.sleep(1.0)  # well inside gene2go's bulk insert
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the load ended before it could be killed"
    return last


def integrity(database: Database) -> list[str]:
    if database.backend != "sqlite":
        return []  # PostgreSQL: a killed client's transaction is rolled back by the server
    path = make_url(database.url).database
    assert path is not None
    with sqlite3.connect(path) as conn:
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        problems += [repr(row) for row in conn.execute("PRAGMA foreign_key_check")]
    return [p for p in problems if p != "ok"]


@pytest.fixture(scope="module")
def loaded_kit(module_database: Database) -> Iterator[LoadedKit]:
    url = module_database.url
    seeded = subprocess.run(
        [GENEGRAPH, "load", str(SEED_PAGE), "--database-url", url], capture_output=True, text=True
    )
    assert seeded.returncode == 0, seeded.stderr
    before = asyncio.run(query(url, CARD))

    killed_during = kill_load_midway(url)
    after = asyncio.run(query(url, CARD))
    releases = asyncio.run(table_count(url, Release))
    genes = asyncio.run(table_count(url, Gene))
    problems = integrity(module_database)

    rerun = subprocess.run(
        [GENEGRAPH, "load", "--dir", str(SHARED_DATA), "--database-url", url],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert rerun.returncode == 0, rerun.stderr
    yield LoadedKit(
        module_database, before, after, releases, genes, problems, killed_during, rerun.stdout
    )


def test_a_killed_load_leaves_the_previous_release_served(loaded_kit: LoadedKit) -> None:
    assert "gene2go" in loaded_kit.killed_during
    assert loaded_kit.card_after_kill == loaded_kit.card_before_kill
    assert loaded_kit.releases_after_kill == 1
    # The killed load had stored 120k genes before gene2go; none of them remain.
    assert loaded_kit.genes_after_kill == 3
    assert loaded_kit.integrity_after_kill == []


def data_lines(path: Path) -> int:
    """Lines that are not blank, a comment or a header, counted without the loader's code."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip()]
    if path.name.startswith("go-basic"):
        return sum(1 for line in lines if line.strip() == "[Term]")
    return sum(1 for line in lines[1:] if not line.startswith("#"))


def test_counts_match_the_files(loaded_kit: LoadedKit) -> None:
    release = asyncio.run(
        query(
            loaded_kit.database.url,
            "{ currentRelease { sources { path lines stored skipped { count } } } }",
        )
    )["currentRelease"]
    sources = {Path(s["path"]).name: s for s in release["sources"]}
    expected = {
        "go-basic.obo.gz",
        "Homo_sapiens.gene_info.gz",
        "Mus_musculus.gene_info.gz",
        "Rattus_norvegicus.gene_info.gz",
        "gene2go.gz",
        "gene_orthologs.gz",
        "homologene.tsv.gz",
        "gene_history.tsv",
    }
    assert set(sources) == expected
    for name, source in sources.items():
        assert source["lines"] == data_lines(SHARED_DATA / name), name
        skipped = sum(s["count"] for s in source["skipped"])
        assert source["lines"] == source["stored"] + skipped, name
    # The numbers the kit's README states.
    assert sources["go-basic.obo.gz"]["lines"] == 43_558 + 3_910
    assert sources["Homo_sapiens.gene_info.gz"]["stored"] == 77_614
    assert sources["gene2go.gz"]["lines"] == 348_116
    assert "release 2 loaded" in loaded_kit.summary and "not loaded" in loaded_kit.summary


def test_il2_has_its_2022_annotations_and_the_pages(loaded_kit: LoadedKit) -> None:
    data = asyncio.run(
        query(
            loaded_kit.database.url,
            """{ gene(symbol: "IL2") { id geneId
                 annotations { term { id } sourceId evidence source } } }""",
        )
    )
    gene = data["gene"]
    assert (gene["id"], gene["geneId"]) == ("NCBIGene:3558", 3558)
    by_source: dict[str, list[dict[str, Any]]] = {}
    for annotation in gene["annotations"]:
        by_source.setdefault(annotation["source"], []).append(annotation)
    assert len(by_source["gene page"]) == 37
    ncbi = by_source["NCBI gene2go"]
    assert len(ncbi) == 50  # zcat gene2go.gz | awk -F'\t' '$2==3558' | wc -l
    assert all(a["evidence"] for a in ncbi)
    assert {"IDA", "TAS", "IEA"} <= {a["evidence"] for a in ncbi}


def test_mouse_il2_and_its_orthologs(loaded_kit: LoadedKit) -> None:
    data = asyncio.run(
        query(
            loaded_kit.database.url,
            """{ gene(symbol: "Il2", taxon: 10090) { id
                 orthologs(taxa: [9606]) { source gene { id symbol } } } }""",
        )
    )
    gene = data["gene"]
    assert gene["id"] == "NCBIGene:16183"
    assert {(o["source"], o["gene"]["id"]) for o in gene["orthologs"]} == {
        ("NCBI Gene", "NCBIGene:3558"),
        ("HomoloGene", "NCBIGene:3558"),
        ("gene page", "NCBIGene:3558"),
    }


def test_alt_id_answers_with_its_primary_term(loaded_kit: LoadedKit) -> None:
    data = asyncio.run(
        query(loaded_kit.database.url, '{ goTerm(id: "GO:0006916") { id name altIds } }')
    )
    assert data["goTerm"] == {
        "id": "GO:0043066",
        "name": "negative regulation of apoptotic process",
        "altIds": ["GO:0006916"],
    }
