"""The web app in a real browser: `genegraph serve` on a new SQLite database holding the seed
page and a small ontology, Debian's Chromium driven by playwright-core
(tests/browser/webapp.mjs): search "IL2", the gene page filtered to molecular_function, the
mouse ortholog, a GO term with its ancestor graph, an enrichment, the GO slim charts of
the gene and enrichment pages, and the gene page on a phone-sized screen. Screenshots go
to test-artifacts/webapp-*.png.

Tools as for tests/helpers/browser.py (skipped where missing, except under CI).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from tests.conftest import SEED_PAGE
from tests.helpers.browser import ARTIFACTS, BROWSER, CHROMIUM, NODE
from tests.helpers.servers import GENEGRAPH, running_server

# A test ontology above natural killer cell activation, with one part_of edge so the graph
# shows both kinds (in GO itself leukocyte activation is_a immune system process).
ONTOLOGY = """format-version: 1.2
data-version: releases/webapp-test

[Term]
id: GO:0008150
name: biological_process
namespace: biological_process

[Term]
id: GO:0009987
name: cellular process
namespace: biological_process
is_a: GO:0008150 ! biological_process

[Term]
id: GO:0002376
name: immune system process
namespace: biological_process
is_a: GO:0008150 ! biological_process

[Term]
id: GO:0001775
name: cell activation
namespace: biological_process
is_a: GO:0009987 ! cellular process

[Term]
id: GO:0045321
name: leukocyte activation
namespace: biological_process
is_a: GO:0001775 ! cell activation
relationship: part_of GO:0002376 ! immune system process

[Term]
id: GO:0030101
name: natural killer cell activation
namespace: biological_process
def: "The change in morphology and behavior of a natural killer cell." [GOC:mgi_curators]
synonym: "NK cell activation" EXACT []
is_a: GO:0045321 ! leukocyte activation

[Typedef]
id: part_of
name: part of
"""


@pytest.fixture(scope="module")
def server(browser_tools: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`genegraph serve` on a free port, over the seed page and the ontology above."""
    folder = tmp_path_factory.mktemp("webapp")
    database = f"sqlite:///{folder}/g.db"
    ontology = folder / "webapp.obo"
    ontology.write_text(ONTOLOGY)
    loaded = subprocess.run(
        [GENEGRAPH, "load", str(ontology), str(SEED_PAGE), "--database-url", database],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    with running_server(database, folder / "serve.log") as base:
        yield base


SLIM_ROOTS = """{
  process: goTerm(id: "GO:0008150") { children { relation term { id } } }
  function: goTerm(id: "GO:0003674") { children { relation term { id } } }
  component: goTerm(id: "GO:0005575") { children { relation term { id } } }
}"""
SLIM_SUMMARY = """
query($genes: [ID!]!, $slim: [ID!]!, $mapping: SlimMapping!, $category: GOCategory) {
  slimSummary(genes: $genes, slim: $slim, taxon: 9606, mapping: $mapping, category: $category) {
    terms { term { id } geneCount annotatedTermCount }
  }
}"""


def slim_counts(
    server: str, genes: list[str], mapping: str, category: str | None
) -> dict[str, str]:
    """What the web app's slim chart should show, from the API: the slim is the terms
    directly below the roots over is_a (web/src/slim.ts); the counts above 0 by term."""

    def data(query: str, variables: dict[str, Any]) -> Any:
        answer = httpx.post(f"{server}/graphql", json={"query": query, "variables": variables})
        body = answer.json()
        assert "errors" not in body, body
        return body["data"]

    roots = data(SLIM_ROOTS, {})
    slim = [
        child["term"]["id"]
        for root in roots.values()
        if root is not None
        for child in root["children"]
        if child["relation"] == "is_a"
    ]
    variables = {"genes": genes, "slim": slim, "mapping": mapping, "category": category}
    terms = data(SLIM_SUMMARY, variables)["slimSummary"]["terms"]
    count = "annotatedTermCount" if mapping == "ALL" else "geneCount"
    return {t["term"]["id"]: str(t[count]) for t in terms if t[count] > 0}


def test_web_app_in_chromium(server: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("webapp-*.png"):
        old.unlink()
    arguments = ["--url", f"{server}/", "--chromium", CHROMIUM, "--out", str(ARTIFACTS)]
    run = subprocess.run(
        [NODE, "webapp.mjs", *arguments], cwd=BROWSER, capture_output=True, text=True, timeout=180
    )
    assert run.returncode == 0, f"{run.stderr}\n{run.stdout[-4000:]}"
    report: dict[str, Any] = json.loads(run.stdout)
    steps = report["steps"]
    assert report["foreign"] == []
    assert report["pageErrors"] == [] and report["consoleErrors"] == []

    # The home page: the release served, the seed page only, and how to load real data.
    assert steps["home"].startswith("Serving release 1, loaded ")
    assert "genegraph update --species human,mouse,rat" in steps["home"]

    # Search: the autocomplete offers IL2 first.
    assert steps["suggestions"][0].startswith("IL2")

    # The gene page: 28 process, 7 function terms (the seed page); filtered to function.
    gene = steps["gene"]
    assert gene["heading"].startswith("IL2")
    assert "biological_process: 28" in gene["counts"]
    assert "molecular_function: 7" in gene["counts"]
    assert gene["provenance"] and "RefSeq" in gene["provenance"][0]
    assert gene["filteredCategories"] == ["molecular_function"]
    assert any("cytokine activity" in term for term in gene["filteredTerms"])
    assert gene["caption"].startswith(f"{len(gene['filteredTerms'])} of {gene['rows']}")
    assert {o.split(" ")[1] for o in gene["orthologs"]} == {"Mus", "Rattus"}
    # Its GO slim chart: the gene's terms at or below each first-level term, as the API says.
    gene_id = unquote(gene["url"].rsplit("/gene/", 1)[1])
    expected = slim_counts(server, [gene_id], "ALL", None)
    assert expected  # natural killer cell activation lies below two first-level terms
    assert {bar["term"]: bar["value"] for bar in gene["slim"]} == expected

    # The mouse ortholog's own page.
    assert steps["mouse"]["heading"].startswith("Il2")
    assert steps["mouse"]["species"].startswith("Mus musculus")

    # The GO term: definition, its five ancestors drawn, is_a solid and part_of dashed.
    term = steps["term"]
    assert term["heading"].startswith("natural killer cell activation")
    assert term["definition"].startswith("The change in morphology")
    assert term["nodes"] == 6
    relations = sorted((e["relation"], e["dash"] != "none") for e in term["edges"])
    assert relations == [("is_a", False)] * 5 + [("part_of", True)]
    assert any(g.startswith("IL2") for g in term["genes"])

    # Enrichment: the table with its columns, a bar per term, the unknown gene reported.
    enrichment = steps["enrichment"]
    assert enrichment["errors"] == []
    assert enrichment["columns"] == [
        "Term",
        "Category",
        "Study",
        "Background",
        "Fold",
        "p-value",
        "FDR",
        "Genes",
    ]
    assert enrichment["rows"] > 0 and enrichment["bars"] == min(enrichment["rows"], 20)
    assert "NOSUCHGENE" in enrichment["notCounted"][0]
    # The study genes' GO slim chart: genes mapped to each first-level process term.
    expected = slim_counts(server, [gene_id], "DIRECT", "BIOLOGICAL_PROCESS")
    assert expected
    assert {bar["term"]: bar["value"] for bar in enrichment["slim"]} == expected

    # A phone-sized screen: nothing wider than the screen.
    phone = steps["phone"]
    assert phone["scrollWidth"] <= phone["innerWidth"], phone
    print(f"web app: gene page rendered {phone['firstRenderMs']} ms after navigation (cold)")

    for name in ["search", "gene", "term", "enrichment", "gene-phone"]:
        picture: Path = ARTIFACTS / f"webapp-{name}.png"
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
