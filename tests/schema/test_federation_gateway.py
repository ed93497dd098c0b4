"""genegraph as a subgraph of a real federated graph: Apollo's own packages compose its
`_service { sdl }` with a second, toy subgraph that extends Gene (tests/clients/federation),
and @apollo/gateway, in Apollo Server, answers queries that cross both subgraphs, one way
through the toy subgraph's `_entities`, the other through genegraph's.

An Apollo Router binary cannot be downloaded here; @apollo/composition and @apollo/gateway
are the composition and query planning it is built on (a router would be one more
process, not another behaviour of genegraph's). Pinned in tests/clients/package-lock.json.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.helpers.client_tools import CLIENTS, NODE, missing_node_packages, require, run

PACKAGES = ("@apollo/composition", "@apollo/gateway", "@apollo/server", "@apollo/subgraph")


@pytest.fixture(scope="module")
def report(request: pytest.FixtureRequest) -> dict[str, Any]:
    """What tests/clients/federation/federation.mjs saw, run once against genegraph."""
    require(missing_node_packages(*PACKAGES))  # before the server starts
    output = run(
        [NODE, "federation/federation.mjs", request.getfixturevalue("il2_graphql")], CLIENTS
    )
    report: dict[str, Any] = json.loads(output.splitlines()[-1])
    return report


def test_genegraph_composes_with_another_subgraph(report: dict[str, Any]) -> None:
    composition = report["composition"]
    assert composition["errors"] == []
    assert composition["hints"] == []
    # The supergraph's Gene has genegraph's fields and the other subgraph's.
    assert {"id", "symbol", "goTerms", "orthologs", "expression"} <= set(composition["geneFields"])
    assert {"gene", "search", "mostExpressedIn"} <= set(composition["queryFields"])
    # Federation's own fields are the subgraphs', not the supergraph's.
    assert not {"_entities", "_service"} & set(composition["queryFields"])


def test_gateway_extends_genegraph_genes(report: dict[str, Any]) -> None:
    answer = report["geneWithExpression"]
    assert answer["status"] == 200
    assert "errors" not in answer["body"], answer["body"]
    gene = answer["body"]["data"]["gene"]
    assert (gene["id"], gene["symbol"]) == ("NCBIGene:3558", "IL2")
    assert gene["expression"] == [{"tissue": "T cell", "tpm": 812.5}]
    [mouse] = gene["orthologs"]
    assert mouse["gene"]["id"] == "NCBIGene:16183"
    assert mouse["gene"]["expression"] == [{"tissue": "T cell", "tpm": 640}]


def test_gateway_resolves_references_through_genegraph_entities(
    report: dict[str, Any],
) -> None:
    answer = report["mostExpressed"]
    assert answer["status"] == 200
    assert "errors" not in answer["body"], answer["body"]
    human, mouse = answer["body"]["data"]["mostExpressedIn"]
    assert (human["id"], human["symbol"], human["name"]) == (
        "NCBIGene:3558",
        "IL2",
        "interleukin 2",
    )
    assert human["species"] == {"scientificName": "Homo sapiens"}
    assert len(human["goTerms"]) == 28
    assert (mouse["symbol"], mouse["species"]["scientificName"]) == ("Il2", "Mus musculus")
    # The gateway asked genegraph for those genes by their keys, in one _entities request.
    entities = [sent for sent in report["sentToGenegraph"] if "_entities" in sent["query"]]
    assert [sent["variables"]["representations"] for sent in entities] == [
        [
            {"__typename": "Gene", "id": "NCBIGene:3558"},
            {"__typename": "Gene", "id": "NCBIGene:16183"},
        ]
    ]
