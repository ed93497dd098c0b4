"""A small Relay app (tests/clients/relay/) compiled by Relay's own compiler, pinned in
tests/clients/package-lock.json, against the exported SDL: a `@refetchable` gene card
fragment and a GO term's genes as a `@connection`, both refetched through `node(id:)`.
The operations the compiler wrote are then sent, as Relay sends them, to `genegraph serve`
over the real kit on each backend."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import FieldNode, OperationDefinitionNode, VariableNode, parse

from tests.conftest import REPO
from tests.helpers.client_tools import CLIENTS, NODE, NODE_MODULES, missing_node_packages, require
from tests.helpers.client_tools import run as run_tool
from tests.helpers.kit import LoadedKit, needs_kit
from tests.helpers.servers import running_server

TERM = "GO:0030217"  # T cell differentiation: a few pages of human genes
PAGE = 10  # the fragment's default `count`


@pytest.fixture(scope="module")
def relay_operations(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What relay-compiler wrote for the app, by artifact name (operations.mjs)."""
    require(missing_node_packages("relay-compiler"))
    root = tmp_path_factory.mktemp("relay")
    # The app at its place in a copy of the repository's layout, so that relay.config.json's
    # path to schema/schema.graphql holds; generated files stay in the copy.
    app = root / "tests" / "clients" / "relay"
    shutil.copytree(CLIENTS / "relay", app, ignore=shutil.ignore_patterns("__generated__"))
    (root / "schema").mkdir()
    shutil.copy(REPO / "schema" / "schema.graphql", root / "schema")
    run_tool([NODE, str(NODE_MODULES / "relay-compiler" / "cli.js")], app)
    operations: dict[str, Any] = json.loads(run_tool([NODE, "operations.mjs"], app))
    return operations


def root_field(text: str, name: str) -> FieldNode:
    """The one root field of operation ``name`` in ``text``."""
    [operation] = [
        d
        for d in parse(text).definitions
        if isinstance(d, OperationDefinitionNode) and d.name and d.name.value == name
    ]
    [field] = operation.selection_set.selections
    assert isinstance(field, FieldNode)
    return field


@pytest.mark.parametrize(
    ("fragment", "query", "connection"),
    [
        ("GeneCard_gene", "GeneCardRefetchQuery", None),
        (
            "TermGenes_term",
            "TermGenesPaginationQuery",
            {
                "forward": {"count": "count", "cursor": "cursor"},
                "backward": None,
                "path": ["genes"],
            },
        ),
    ],
)
def test_relay_compiler_refetches_fragments_through_node(
    relay_operations: dict[str, Any], fragment: str, query: str, connection: Any
) -> None:
    assert relay_operations[fragment]["refetch"] == {
        "operation": query,
        "fragmentPathInResult": ["node"],
        "identifierField": "id",
        "connection": connection,
    }
    field = root_field(relay_operations[query]["text"], query)
    assert field.name.value == "node"
    [argument] = field.arguments or ()
    assert argument.name.value == "id"
    assert isinstance(argument.value, VariableNode) and argument.value.name.value == "id"


def post(url: str, text: str, variables: dict[str, Any]) -> dict[str, Any]:
    """The data of an operation, sent as Relay's network layer sends it; it must succeed."""
    response = httpx.post(url, json={"query": text, "variables": variables}, timeout=60)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert "errors" not in answer, answer["errors"]
    data: dict[str, Any] = answer["data"]
    return data


@needs_kit
def test_relay_operations_run_on_the_kit(
    relay_operations: dict[str, Any], loaded_kit: LoadedKit, tmp_path: Path
) -> None:
    def text(name: str) -> str:
        operation: str = relay_operations[name]["text"]
        return operation

    with running_server(loaded_kit.url, tmp_path / "serve.log", "--no-seed") as base:
        url = f"{base}/graphql"
        term = post(url, text("AppQuery"), {"termId": TERM})["goTerm"]
        assert term["id"] == TERM

        # The gene card, refetched by the id Relay read from the first page.
        first = term["genes"]["edges"][0]["node"]
        card = post(url, text("GeneCardRefetchQuery"), {"id": first["id"]})["node"]
        assert card == {"__typename": "Gene", **first}
        # ... and with other arguments, as `refetch({category})` does.
        functions = post(
            url, text("GeneCardRefetchQuery"), {"id": first["id"], "category": "MOLECULAR_FUNCTION"}
        )["node"]["goTerms"]
        direct = post(
            url,
            "query ($id: ID!) { gene(id: $id) "
            "{ goTerms(category: MOLECULAR_FUNCTION) { id name } } }",
            {"id": first["id"]},
        )["gene"]["goTerms"]
        assert functions == direct

        # The term's genes, page after page as `loadNext` asks for them.
        pages: list[dict[str, Any]] = []
        cursor = None
        while not pages or pages[-1]["pageInfo"]["hasNextPage"]:
            node = post(
                url,
                text("TermGenesPaginationQuery"),
                {"id": TERM, "count": PAGE, "cursor": cursor},
            )["node"]
            assert (node["__typename"], node["id"]) == ("GOTerm", TERM)
            pages.append(node["genes"])
            cursor = node["genes"]["pageInfo"]["endCursor"]
        assert pages[0]["edges"] == term["genes"]["edges"]
        total = term["genes"]["totalCount"]
        assert len(pages) == -(-total // PAGE) > 1
        paged = [edge["node"]["id"] for page in pages for edge in page["edges"]]
        whole = post(
            url,
            "query ($id: ID!, $n: Int) { goTerm(id: $id) { genes(taxon: 9606, first: $n) "
            "{ nodes { id } } } }",
            {"id": TERM, "n": total},
        )["goTerm"]["genes"]["nodes"]
        assert paged == [gene["id"] for gene in whole]
