"""The web app in a real browser: `genegraph serve` on a new SQLite database holding the seed
page and a small ontology, Debian's Chromium driven by playwright-core
(tests/browser/webapp.mjs): search "IL2", the gene page filtered to molecular_function, the
mouse ortholog, a GO term with its ancestor graph, an enrichment, the GO slim charts of
the gene and enrichment pages, and the gene page on a phone-sized screen. Then, over a
second release that adds a species (as `genegraph update --species zebrafish` would): gene
pages by symbol, a term by its secondary id, and the species choices, which come from the
server. Screenshots go to test-artifacts/webapp-*.png.

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

from tests.conftest import FIXTURES, SEED_PAGE
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
alt_id: GO:0030102
def: "The change in morphology and behavior of a natural killer cell." [GOC:mgi_curators]
synonym: "NK cell activation" EXACT []
is_a: GO:0045321 ! leukocyte activation

[Typedef]
id: part_of
name: part of
"""


ALT_ID = "GO:0030102"
# A species the seed page lacks, loaded as a release of its own.
ZEBRAFISH = FIXTURES / "gene_info_zebrafish.tsv"


def _load(database: str, *paths: Path) -> None:
    files = [str(p) for p in paths]
    loaded = subprocess.run(
        [GENEGRAPH, "load", *files, "--database-url", database],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr


def _serve(folder: Path, *releases: tuple[Path, ...]) -> Iterator[str]:
    """`genegraph serve` on a free port over a new database holding ``releases``."""
    database = f"sqlite:///{folder}/g.db"
    ontology = folder / "webapp.obo"
    ontology.write_text(ONTOLOGY)
    _load(database, ontology, SEED_PAGE)
    for paths in releases:
        _load(database, *paths)
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


@pytest.fixture(scope="module")
def server(browser_tools: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The seed page and the ontology above."""
    yield from _serve(tmp_path_factory.mktemp("webapp"))


@pytest.fixture(scope="module")
def updated_server(browser_tools: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same, and a second release adding zebrafish genes."""
    yield from _serve(tmp_path_factory.mktemp("webapp-updated"), (ZEBRAFISH,))


def _webapp(server: str, pictures: list[str], *arguments: str) -> dict[str, Any]:
    """Runs tests/browser/webapp.mjs against ``server``; its report. It must save each of
    ``pictures`` (test-artifacts/webapp-<name>.png) anew."""
    ARTIFACTS.mkdir(exist_ok=True)
    for name in pictures:
        (ARTIFACTS / f"webapp-{name}.png").unlink(missing_ok=True)
    command = [NODE, "webapp.mjs", "--url", f"{server}/", "--chromium", CHROMIUM]
    run = subprocess.run(
        [*command, "--out", str(ARTIFACTS), *arguments],
        cwd=BROWSER,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, f"{run.stderr}\n{run.stdout[-4000:]}"
    report: dict[str, Any] = json.loads(run.stdout)
    assert report["foreign"] == []
    assert report["pageErrors"] == [] and report["consoleErrors"] == []
    for name in pictures:
        picture = ARTIFACTS / f"webapp-{name}.png"
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
    return report


def test_web_app_in_chromium(server: str) -> None:
    steps = _webapp(server, ["search", "gene", "term", "enrichment", "gene-phone"])["steps"]

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
    # One line per ortholog gene, with its sources (here the page's, the only source).
    assert sorted(gene["orthologs"]) == [
        "Il2 Mus musculus (house mouse) (gene page)",
        "Il2 Rattus norvegicus (Norway rat) (gene page)",
    ]
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


def _species_label(species: dict[str, Any]) -> str:
    """As web/src/species.tsx labels a species choice."""
    name = species["scientificName"]
    if species["commonName"]:
        name += f" ({species['commonName']})"
    return f"{name}, {species['geneCount']:,} genes"


def test_addresses_and_species_choices_in_chromium(updated_server: str) -> None:
    arguments = ["--alt-id", ALT_ID, "--search-taxon", "7955", "--search-text", "tp53"]
    pictures = ["gene-by-symbol", "species"]
    steps = _webapp(updated_server, pictures, "--flow", "addresses", *arguments)["steps"]

    # Gene pages by symbol: human by default, another species with ?taxon=.
    assert steps["geneBySymbol"]["heading"].split()[0] == "IL2"
    assert steps["geneBySymbol"]["species"].startswith("Homo sapiens")
    assert steps["geneBySymbol"]["url"].endswith("/gene/IL2")
    assert steps["geneBySymbolAndTaxon"]["heading"].split()[0] == "Il2"
    assert steps["geneBySymbolAndTaxon"]["species"].startswith("Mus musculus")

    # A term by its secondary id, and by its id written in lower case.
    assert steps["termByAltId"]["heading"].startswith("natural killer cell activation")
    assert steps["termLowerCase"]["heading"].startswith("natural killer cell activation")

    # The species choices are the server's `species`, zebrafish among them with its genes.
    answer = httpx.post(
        f"{updated_server}/graphql",
        json={"query": "{ species { taxonId scientificName commonName geneCount } }"},
        timeout=30,
    ).json()["data"]["species"]
    listed = [{"value": str(s["taxonId"]), "text": _species_label(s)} for s in answer]
    choices = steps["choices"]
    assert choices["search"] == [{"value": "", "text": "All species"}, *listed]
    assert choices["enrichment"] == listed
    zebrafish_genes = len(ZEBRAFISH.read_text().splitlines()) - 1
    assert {"value": "7955", "text": f"Danio rerio (zebrafish), {zebrafish_genes} genes"} in listed

    # A search within zebrafish finds its gene.
    assert steps["searchInSpecies"][0].startswith("tp53")
    assert all("Danio rerio" in hit for hit in steps["searchInSpecies"])
