"""Clients generated from a running genegraph's schema, run against it: TypeScript types
and typed documents by @graphql-codegen from introspection, type-checked by tsc and run
by an Apollo Client; and a typed Python client by ariadne-codegen. Both ask for the IL2
card of tests/clients/operations.graphql.

The tools are pinned in tests/clients/package-lock.json and
tests/clients/python/requirements.lock and installed by scripts/install-test-tools.sh.
"""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tests.helpers.client_tools import (
    CLIENTS,
    CODEGEN_PYTHON,
    NODE,
    NODE_MODULES,
    missing_node_packages,
    require,
    run,
)

BIOLOGICAL_PROCESS_TERMS = 28  # IL2's, from the page (README: "The IL2 gene card")
# The page's orthologs, one entry each (the server loads no other orthology source).
ORTHOLOGS = [
    {"id": "NCBIGene:16183", "symbol": "Il2", "species": "Mus musculus", "sources": ["gene page"]},
    {
        "id": "NCBIGene:116562",
        "symbol": "Il2",
        "species": "Rattus norvegicus",
        "sources": ["gene page"],
    },
]
TS_TOOLS = ("@graphql-codegen/cli", "typescript", "@apollo/client")
README_URL = "http://127.0.0.1:8000/graphql"


def readme_example(language: str, marker: str) -> str:
    """The README's code block in ``language`` that holds ``marker`` (in its "Clients"
    list, indented), with the server's URL as the README writes it."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    pattern = rf"^( *)```{language}\n(.*?)^\1```"
    blocks = re.findall(pattern, readme, flags=re.DOTALL | re.MULTILINE)
    [block] = [block for _, block in blocks if marker in block]
    assert README_URL in block
    return textwrap.dedent(block)


def check_il2_card(card: dict[str, Any]) -> None:
    assert (card["id"], card["symbol"], card["name"]) == ("NCBIGene:3558", "IL2", "interleukin 2")
    assert card["species"] == "Homo sapiens"
    terms = card["biologicalProcess"]
    assert len(terms) == len(set(terms)) == BIOLOGICAL_PROCESS_TERMS
    assert {"GO:0006955", "GO:0050798", "GO:0030217"} <= set(terms)
    assert card["orthologs"] == ORTHOLOGS


def check_refetched(card: dict[str, Any]) -> None:
    """The client's `nodes` answer for the card's gene and its first term (operations.graphql's
    Refetch)."""
    gene, term = card["refetched"]
    assert gene == {"__typename": "Gene", "id": "NCBIGene:3558", "symbol": "IL2"}
    assert (term["__typename"], term["id"]) == ("GOTerm", card["biologicalProcess"][0])
    assert set(term) == {"__typename", "id", "name"} and term["name"]


def server_for(request: pytest.FixtureRequest, missing: list[str]) -> str:
    """The GraphQL URL of the session's IL2 server (conftest.py), once the tools are there."""
    require(missing)
    url: str = request.getfixturevalue("il2_graphql")
    return url


def test_typescript_codegen_types_an_apollo_client(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """codegen from introspection; tsc type-checks src/card.ts against the generated types
    (its @ts-expect-error lines fail the build if the types are looser than the operation);
    Apollo Client runs the card with the typed document."""
    server = server_for(request, missing_node_packages(*TS_TOOLS))
    # A scratch copy, so runs do not share generated files; node_modules are the pinned ones.
    for name in ("package.json", "codegen.yml", "operations.graphql", "tsconfig.json", "src"):
        source = CLIENTS / name
        copy = shutil.copytree if source.is_dir() else shutil.copy
        copy(source, tmp_path / name)
    (tmp_path / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    codegen = [NODE, "node_modules/@graphql-codegen/cli/cjs/bin.js", "--config", "codegen.yml"]
    run([*codegen, "--silent"], tmp_path, env={"GENEGRAPH_URL": server})
    generated = (tmp_path / "generated" / "graphql.ts").read_text(encoding="utf-8")
    for name in ("GeneCardDocument", "SearchGenesDocument", "TermDocument", "RefetchDocument"):
        assert f"export const {name} = " in generated
    assert "export type GeneCardQuery = " in generated
    assert "TypedDocumentNode" in generated

    # The README's example, beside them, compiled in the same tsc run.
    (tmp_path / "readme.ts").write_text(
        readme_example("ts", "GeneCardDocument").replace(README_URL, server)
    )

    run([NODE, "node_modules/typescript/bin/tsc", "-p", "."], tmp_path)
    card = json.loads(run([NODE, "build/src/card.js", server, "IL2"], tmp_path))
    check_il2_card(card)
    check_refetched(card)
    readme = run([NODE, "build/readme.js"], tmp_path)
    assert readme == "NCBIGene:3558 28 biological-process terms\n"


def test_generated_python_client_runs_the_il2_card(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """ariadne-codegen writes a typed client (pydantic models) from the server's schema,
    by introspection, and the operations; that client asks the server for the card."""
    missing = [] if CODEGEN_PYTHON.exists() else ["tests/clients/python/.venv (ariadne-codegen)"]
    server = server_for(request, missing)
    # The README's configuration, beside the operations.
    shutil.copy(CLIENTS / "operations.graphql", tmp_path)
    config = readme_example("toml", "ariadne-codegen").replace(README_URL, server)
    (tmp_path / "pyproject.toml").write_text(config, encoding="utf-8")
    run([str(CODEGEN_PYTHON), "-m", "ariadne_codegen"], tmp_path)
    package = tmp_path / "genegraph_client"
    client = (package / "client.py").read_text(encoding="utf-8")
    methods = ("gene_card", "search_genes", "term", "refetch")
    for method in (f"async def {name}(" for name in methods):
        assert method in client
    assert "class GeneCardGeneOrthologsGeneSpecies(BaseModel)" in (
        package / "gene_card.py"
    ).read_text(encoding="utf-8")

    script = str(CLIENTS / "python" / "card.py")
    card = json.loads(run([str(CODEGEN_PYTHON), script, str(tmp_path), server, "IL2"], tmp_path))
    assert card.pop("categories") == ["BIOLOGICAL_PROCESS"]  # an enum, decoded by the client
    check_il2_card(card)
    check_refetched(card)

    (tmp_path / "readme_example.py").write_text(
        readme_example("python", "genegraph_client").replace(README_URL, server)
    )
    readme = run([str(CODEGEN_PYTHON), "readme_example.py"], tmp_path)
    assert readme == "NCBIGene:3558 ['Mus musculus', 'Rattus norvegicus']\n"
