"""The web app (web/): its committed build is current with its sources, genegraph serves it
at / and at its own routes, and every operation it sends answers without errors.

The browser test (tests/server/test_web_browser.py) uses it as a person would; here, where Node.js
and web/node_modules are there (scripts/install-test-tools.sh), the generated types are
checked against schema/schema.graphql and the app is type-checked.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import OperationDefinitionNode, parse, print_ast

from genegraph.server.web_app import APP
from tests.conftest import REPO

WEB = REPO / "web"
STAMP = APP / ".sources-sha256"
# What web/scripts/stamp.mjs hashes, in its order.
SOURCES = ["index.html", "package-lock.json", "vite.config.ts", "tsconfig.json", "src"]
UNDER_CI = os.environ.get("CI") == "true"


def _files(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path]
    return [f for child in sorted(path.iterdir(), key=lambda p: p.name) for f in _files(child)]


def sources_digest() -> str:
    digest = hashlib.sha256()
    for file in (f for name in SOURCES for f in _files(WEB / name)):
        digest.update(file.relative_to(WEB).as_posix().encode() + b"\n")
        digest.update(file.read_bytes())
        digest.update(b"\n")
    return digest.hexdigest()


def test_the_committed_build_is_current_with_the_sources() -> None:
    assert STAMP.read_text().strip() == sources_digest(), (
        "genegraph/static/app is older than web/: run `npm run build` in web/ and commit it"
    )


async def test_the_page_and_its_assets_are_served(client: httpx.AsyncClient) -> None:
    page = await client.get("/")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-cache"
    assets = re.findall(r'(?:src|href)="(/static/app/[^"]+)"', page.text)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        served = await client.get(asset)
        assert served.status_code == 200, asset
        assert len(served.content) > 1000, asset


@pytest.mark.parametrize(
    "path",
    [
        "/search?q=IL2",
        "/gene/GeneSymbol:9606%2FIL2",
        "/gene/IL2",
        "/gene/Il2?taxon=10090",
        "/term/GO:0006955",
        "/enrichment",
    ],
)
async def test_the_app_routes_answer_its_page(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 200
    assert '<div id="app">' in response.text


async def test_other_paths_stay_what_they_were(client: httpx.AsyncClient) -> None:
    assert (await client.get("/nothing-here")).status_code == 404
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    graphql = await client.post("/graphql", json={"query": '{ gene(symbol: "IL2") { id } }'})
    assert graphql.json()["data"]["gene"]["id"] == "GeneSymbol:9606/IL2"


def operations() -> dict[str, str]:
    """The app's operations, each with the fragments it uses, as the app sends them."""
    document = parse((WEB / "src" / "operations.graphql").read_text())
    fragments = "\n".join(
        print_ast(d) for d in document.definitions if not isinstance(d, OperationDefinitionNode)
    )
    return {
        d.name.value: print_ast(d) + ("\n" + fragments if "..." in print_ast(d) else "")
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode) and d.name is not None
    }


VARIABLES: dict[str, dict[str, Any]] = {
    "Search": {"query": "IL", "taxon": None, "first": 10},
    "GenePage": {"id": "GeneSymbol:9606/IL2"},
    "TermPage": {"id": "GO:0005125"},
    "TermGenes": {"id": "GO:0005125", "taxon": 9606, "first": 25, "after": None},
    "ResolveGenes": {"ids": ["NCBIGene:1"], "symbols": ["IL2", "NOSUCH"], "taxon": 9606},
    "Enrichment": {"genes": ["GeneSymbol:9606/IL2"], "taxon": 9606, "category": None},
    "Home": {},
    "Species": {},
    "SlimRoots": {},
    "SlimSummary": {
        "genes": ["GeneSymbol:9606/IL2"],
        "slim": ["GO:0005125"],
        "taxon": 9606,
        "category": None,
        "mapping": "ALL",
    },
}


# On the seed page alone no ontology is loaded: GO's roots are null there, which the app
# answers by drawing no slim chart (web/src/slim.ts).
MAY_BE_NULL = {"SlimRoots"}


def test_every_operation_has_sample_variables() -> None:
    assert set(operations()) == set(VARIABLES)


@pytest.mark.parametrize("name", sorted(VARIABLES))
async def test_each_operation_of_the_app_answers(client: httpx.AsyncClient, name: str) -> None:
    query = operations()[name]
    response = await client.post("/graphql", json={"query": query, "variables": VARIABLES[name]})
    body = response.json()
    assert response.status_code == 200, body
    assert "errors" not in body, body
    if name not in MAY_BE_NULL:
        assert all(value is not None for value in body["data"].values()), body


def _node_tools() -> str:
    npx = shutil.which("npx")
    installed = (WEB / "node_modules" / ".bin" / "graphql-codegen").exists()
    if npx and installed:
        return npx
    message = "Node.js or web/node_modules missing (scripts/install-test-tools.sh installs them)"
    if UNDER_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.mark.parametrize(
    "command",
    [["graphql-codegen", "--config", "codegen.yml", "--check"], ["tsc", "--noEmit"]],
    ids=["generated-types-current", "typecheck"],
)
def test_generated_types_and_type_check(command: list[str]) -> None:
    npx = _node_tools()
    run = subprocess.run(
        [npx, "--no-install", *command], cwd=WEB, capture_output=True, text=True, timeout=180
    )
    hint = "after a schema change: `cd web && npm run build`, commit web/ and genegraph/static/app"
    assert run.returncode == 0, f"{' '.join(command)} in web/ ({hint}):\n{run.stdout[-3000:]}"


def test_stamp_script_agrees_with_this_test() -> None:
    node = shutil.which("node")
    if not node:
        pytest.skip("no Node.js")
    run = subprocess.run([node, "scripts/stamp.mjs", "check"], cwd=WEB, capture_output=True)
    assert run.returncode == 0, run.stderr
