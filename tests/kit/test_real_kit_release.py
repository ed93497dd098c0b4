"""The release on every answer (issue #18) on the real kit, through the app, on each
backend: the kit's answers name the release it was loaded as, a client pages a search
expecting that release, and an expectation of another release is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from genegraph.db.engine import engine_scope
from genegraph.server.app import create_app
from genegraph.settings import RESPONSE_CACHE_ENV, server_settings
from tests.conftest import client_of
from tests.helpers.kit import CARD, LoadedKit, needs_kit

pytestmark = needs_kit

SEARCH = """query Page($after: String) {
  search(query: "interleukin", taxon: 9606, first: 5, after: $after) {
    edges { cursor node { gene { symbol } } } pageInfo { hasNextPage endCursor } } }"""
RELEASE = "{ currentRelease { number loadedAt } }"


@pytest.fixture(params=["on", "off"])
async def kit_client(
    loaded_kit: LoadedKit, request: pytest.FixtureRequest
) -> AsyncIterator[httpx.AsyncClient]:
    """The app over the session's kit database (read only), response cache on and off."""
    async with engine_scope(loaded_kit.url) as engine:
        app = create_app(engine, server_settings({RESPONSE_CACHE_ENV: request.param}))
        async with client_of(app) as client:
            yield client


async def post(client: httpx.AsyncClient, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post("/graphql", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    assert "errors" not in answer, answer
    return answer


async def test_kit_answers_name_its_release_and_page_on_it(
    kit_client: httpx.AsyncClient,
) -> None:
    current = (await post(kit_client, {"query": RELEASE}))["data"]["currentRelease"]
    for _ in range(2):  # executed, then (cache on) a stored answer
        card = await post(kit_client, {"query": CARD})
        assert card["extensions"] == {"release": current}
        assert card["data"]["gene"]["symbol"] == "IL2"
    expecting = {"expectRelease": current["number"]}
    first = await post(kit_client, {"query": SEARCH, "extensions": expecting})
    page = first["data"]["search"]
    assert page["pageInfo"]["hasNextPage"]
    second = await post(
        kit_client,
        {
            "query": SEARCH,
            "variables": {"after": page["pageInfo"]["endCursor"]},
            "extensions": expecting,
        },
    )
    assert first["extensions"] == second["extensions"] == {"release": current}
    seen = [e["cursor"] for e in page["edges"] + second["data"]["search"]["edges"]]
    assert len(seen) == len(set(seen)) == 10

    refused = await kit_client.post(
        "/graphql",
        json={"query": SEARCH, "extensions": {"expectRelease": current["number"] + 1}},
    )
    assert refused.status_code == 409
    [error] = refused.json()["errors"]
    assert error["extensions"] == {
        "code": "RELEASE_CHANGED",
        "expectedRelease": current["number"] + 1,
        "servingRelease": current["number"],
    }
