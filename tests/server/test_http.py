"""The HTTP surface: /graphql over GET and POST, GraphiQL from the server itself, /healthz."""

from __future__ import annotations

import re

import httpx
import pytest

from genegraph.db.engine import create_engine
from tests.conftest import AppClient
from tests.helpers.releases import newest_stamp, stamped

CARD = '{ gene(symbol: "IL2") { symbol goTerms(category: MOLECULAR_FUNCTION) { id } } }'


async def test_post_json(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json={"query": CARD})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["data"]["gene"]["symbol"] == "IL2"
    assert len(body["data"]["gene"]["goTerms"]) == 7


async def test_post_with_variables(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql",
        json={
            "query": "query Card($s: String!) { gene(symbol: $s) { name } }",
            "variables": {"s": "IL2"},
            "operationName": "Card",
        },
    )
    stamp = await newest_stamp(client)
    assert response.json() == stamped({"gene": {"name": "interleukin 2"}}, stamp)


async def test_get_query(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql", params={"query": CARD}, headers={"accept": "application/json"}
    )
    assert response.status_code == 200
    assert response.json()["data"]["gene"]["symbol"] == "IL2"


GRAPHQL_RESPONSE = "application/graphql-response+json"


@pytest.mark.parametrize(
    ("accept", "media_type", "error_status"),
    [
        ("application/json", "application/json", 200),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE, 400),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE, 400),
        ("*/*", "application/json", 200),
    ],
)
@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("{ gene(symbol: ", "Syntax Error"),
        ("{ nosuch }", "Cannot query field 'nosuch'"),
        ("query ($s: String!) { gene(symbol: $s) { id } }", "Variable '$s'"),
    ],
)
async def test_request_errors_follow_graphql_over_http(
    client: httpx.AsyncClient,
    accept: str,
    media_type: str,
    error_status: int,
    query: str,
    words: str,
) -> None:
    response = await client.post("/graphql", json={"query": query}, headers={"accept": accept})
    assert response.status_code == error_status
    assert response.headers["content-type"] == media_type
    body = response.json()
    assert "data" not in body  # a request error has no data entry
    assert words in body["errors"][0]["message"]


async def test_a_valid_request_is_200_under_either_media_type(client: httpx.AsyncClient) -> None:
    for accept in ("application/json", GRAPHQL_RESPONSE):
        response = await client.post(
            "/graphql", json={"query": '{ gene(id: "bad") { id } }'}, headers={"accept": accept}
        )
        assert response.status_code == 200
        body = response.json()
        assert body["data"] == {"gene": None}
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_wrong_method_and_media_type(client: httpx.AsyncClient) -> None:
    assert (await client.put("/graphql", json={"query": CARD})).status_code == 405
    plain = await client.post(
        "/graphql", content=b'{"query": "{ __typename }"}', headers={"content-type": "text/plain"}
    )
    assert plain.status_code in (400, 415)
    assert (await client.post("/graphql", content=b"{not json")).status_code == 400


async def test_graphiql_is_served_with_local_assets_only(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets, "GraphiQL page names no assets"
    for asset in assets:
        if asset.startswith("data:"):
            continue  # inline, needs no request
        assert asset.startswith("/static/graphiql/"), f"{asset} is not served by genegraph"
        served = await client.get(asset)
        assert served.status_code == 200, asset
        assert len(served.content) > 500, asset
    assert 'gene(symbol: \\"IL2\\")' in page.text  # the example query is the IL2 card


async def test_root_serves_the_web_app(client: httpx.AsyncClient) -> None:
    response = await client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<div id="app">' in response.text


async def test_healthz(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_healthz_reports_an_unreachable_database(app_client: AppClient) -> None:
    engine = create_engine("postgresql://nobody@127.0.0.1:1/none", connect_args={"timeout": 2})
    async with app_client(engine, lifespan=False) as client:
        response = await client.get("/healthz")
    await engine.dispose()
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
