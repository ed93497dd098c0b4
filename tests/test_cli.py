"""The genegraph command as a new user runs it: serve, load, migrate."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import FIXTURES, SEED_PAGE, Database
from tests.helpers.cli import genegraph
from tests.helpers.servers import GENEGRAPH, free_port, wait_until_serving

IL2_CARD = """{ gene(symbol: "IL2") { id symbol name summary species { scientificName }
    goTerms(category: BIOLOGICAL_PROCESS) { id name category }
    orthologs(taxa: [10090, 10116]) { sources gene { symbol species { scientificName } } } } }"""


@pytest.fixture
def server(database: Database) -> Iterator[str]:
    """`genegraph serve` on an empty database; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [GENEGRAPH, "serve", "--port", str(port), "--database-url", database.url],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(process, base, lambda: process.stdout.read() if process.stdout else "")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_serve_seeds_an_empty_database_and_answers_the_il2_card(server: str) -> None:
    response = httpx.post(f"{server}/graphql", json={"query": IL2_CARD}, timeout=10)
    gene = response.json()["data"]["gene"]
    assert gene["symbol"] == "IL2"
    assert len(gene["goTerms"]) == 28
    assert {o["gene"]["species"]["scientificName"] for o in gene["orthologs"]} == {
        "Mus musculus",
        "Rattus norvegicus",
    }
    graphiql = httpx.get(f"{server}/graphql", headers={"accept": "text/html"}, timeout=10)
    assert "graphiql.min.js" in graphiql.text


def test_load_reports_and_then_serves(database: Database) -> None:
    loaded = genegraph("load", str(FIXTURES / "gene_info_il2.tsv"), "--database-url", database.url)
    assert loaded.returncode == 0, loaded.stderr
    assert "genes_added 5" in loaded.stdout
    page = genegraph("load", str(SEED_PAGE), env={"GENEGRAPH_DATABASE_URL": database.url})
    assert page.returncode == 0, page.stderr
    assert "annotations 37" in page.stdout


def test_load_of_a_malformed_page_fails_naming_the_line(database: Database, tmp_path: Path) -> None:
    bad = tmp_path / "il4.txt"
    bad.write_text("interleukin 4\nGO terms\nGO:0005125cytokine activity\n")
    result = genegraph("load", str(bad), "--database-url", database.url)
    assert result.returncode == 1
    assert f"{bad}, line 3: expected a GO table row" in result.stderr
    assert "nothing was written" in result.stderr


def test_unsupported_database_url() -> None:
    result = genegraph("migrate", "--database-url", "mysql://root@localhost/x")
    assert result.returncode == 2
    assert "unsupported database URL" in result.stderr
