"""The release on every answer (issue #18): `extensions.release` is the release that
answered, also when a load committed since the server last read which release it serves,
on a cache hit and for a persisted query; `extensions.expectRelease` refuses an answer
from another release with 409 RELEASE_CHANGED, and a malformed one with 400."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.caching.persisted_queries import sha256_hex
from genegraph.db.ingest.release import Source, load
from genegraph.settings import RESPONSE_CACHE_ENV, server_settings
from tests.conftest import SEED_PAGE, AppClient, StatementLog
from tests.helpers.cache_fixtures import serving, with_caching
from tests.helpers.releases import RELEASES, release_stamps

# The planned card: one statement that reads its release too, as does the planned batch
# of GeneIDs (the seed page's genes have none). An alias is looked up by the DataLoaders,
# in one statement that does not.
CARD = '{ gene(symbol: "IL2") { symbol goTerms(category: MOLECULAR_FUNCTION) { id } } }'
BATCH = '{ genes(ids: ["NCBIGene:3558", "NCBIGene:3558"]) { input matchedBy gene { id } } }'
ALIAS = '{ gene(alias: "TCGF") { symbol } }'
# Several statements: compared with the newest release after them.
SEVERAL = '{ gene(alias: "TCGF") { symbol } releases { number } }'
NOTHING = "{ __typename }"
JSON = {"accept": "application/json"}


@pytest.fixture
async def seeded(engine: AsyncEngine) -> AsyncEngine:
    await load(engine, [Source(SEED_PAGE)])
    return engine


async def ask(client: httpx.AsyncClient, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post("/graphql", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    assert "errors" not in answer, answer
    return answer


def expecting(query: str, release: object) -> dict[str, Any]:
    return {"query": query, "extensions": {"expectRelease": release}}


@pytest.mark.parametrize("watched", [True, False])
async def test_every_answer_carries_the_release_that_answered(
    seeded: AsyncEngine, app_client: AppClient, watched: bool
) -> None:
    """With the release watch started, and without it (it knows no release)."""
    settings = server_settings({RESPONSE_CACHE_ENV: "off"})
    async with app_client(seeded, settings, lifespan=watched) as client:
        stamps = await release_stamps(client)
        assert list(stamps) == [1]
        for query in (CARD, BATCH, ALIAS, SEVERAL, NOTHING, RELEASES):
            answer = await ask(client, {"query": query})
            assert answer["extensions"] == {"release": stamps[1]}, query
        await load(seeded, [Source(SEED_PAGE)])  # release 2, which the watch has not read
        stamps = await release_stamps(client)
        assert list(stamps) == [2, 1]
        for query in (CARD, BATCH, ALIAS, SEVERAL, RELEASES):
            answer = await ask(client, {"query": query})
            assert answer["extensions"] == {"release": stamps[2]}, query


async def test_the_card_reads_its_release_in_its_one_statement(
    seeded: AsyncEngine, statements: StatementLog
) -> None:
    """A release loaded since the watch's read: the card's stamp is still the release its
    statement read, with no statement more once its terms are read, and so is a batch of
    GeneIDs'; a
    one-statement request through the DataLoaders is checked by one more."""
    async with serving(seeded, with_caching(response_cache=False)) as (client, caching):
        await ask(client, {"query": CARD})  # the species, read once per database
        await load(seeded, [Source(SEED_PAGE)])
        assert caching.releases.current() == 1
        statements.clear()
        card = await ask(client, {"query": CARD})
        # Once per release and process: the card's, its release's terms (resolvers/
        # release_terms.py), so two statements: the release checked after them, the card
        # run again (the check's release is not the one the request began with), loadedAt.
        assert len(statements) == 5, statements.statements
        assert card["extensions"]["release"]["number"] == 2
        statements.clear()
        again = await ask(client, {"query": CARD})
        assert len(statements) == 1
        assert again == card
        statements.clear()
        batch = await ask(client, {"query": BATCH})
        assert batch["extensions"] == card["extensions"]
        assert len(statements) == 1, statements.statements
        await ask(client, {"query": ALIAS})  # the new release's species, read once
        statements.clear()
        alias = await ask(client, {"query": ALIAS})
        assert alias["extensions"] == card["extensions"]
        assert len(statements) == 2, statements.statements  # the alias's, the check


async def test_answers_with_field_errors_carry_it_and_request_errors_do_not(
    client: httpx.AsyncClient,
) -> None:
    stamps = await release_stamps(client)
    partial = await client.post(
        "/graphql", json={"query": '{ a: gene(symbol: "IL2") { symbol } b: gene(id: "x") { id } }'}
    )
    body = partial.json()
    assert body["data"] == {"a": {"symbol": "IL2"}, "b": None}
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert body["extensions"] == {"release": stamps[1]}
    invalid = (await client.post("/graphql", json={"query": "{ nope }"})).json()
    assert set(invalid) == {"errors"}


@pytest.mark.parametrize("query", [CARD, ALIAS, SEVERAL, NOTHING])
async def test_the_expected_release_answers(client: httpx.AsyncClient, query: str) -> None:
    answer = await ask(client, expecting(query, 1))
    assert answer["extensions"]["release"]["number"] == 1
    assert answer == await ask(client, {"query": query})


@pytest.mark.parametrize("query", [CARD, ALIAS, SEVERAL, NOTHING])
@pytest.mark.parametrize("media_type", ["application/json", "application/graphql-response+json"])
async def test_another_release_is_refused_naming_both(
    seeded: AsyncEngine, app_client: AppClient, query: str, media_type: str
) -> None:
    async with app_client(seeded, lifespan=False) as client:
        await load(seeded, [Source(SEED_PAGE)])
        for expected in (1, 3):  # older, and newer than the release that answers
            response = await client.post(
                "/graphql", json=expecting(query, expected), headers={"accept": media_type}
            )
            assert response.status_code == 409, response.text
            assert response.headers["content-type"] == media_type
            [error] = response.json()["errors"]
            assert set(response.json()) == {"errors"}
            assert error["extensions"] == {
                "code": "RELEASE_CHANGED",
                "expectedRelease": expected,
                "servingRelease": 2,
            }
            assert f"expectRelease is {expected}" in error["message"]
            assert "release 2" in error["message"]


@pytest.mark.parametrize("value", ["1", 0, -1, 1.5, True, [1], {"number": 1}])
async def test_a_malformed_expected_release_is_refused(
    client: httpx.AsyncClient, value: object
) -> None:
    response = await client.post("/graphql", json=expecting(CARD, value))
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert "extensions.expectRelease must be a release number" in error["message"]
    assert repr(value) in error["message"]


async def test_null_expects_nothing(client: httpx.AsyncClient) -> None:
    assert (await ask(client, expecting(CARD, None)))["extensions"]["release"]["number"] == 1


async def test_a_get_sends_it_in_its_extensions_parameter(seeded: AsyncEngine) -> None:
    async with serving(seeded, with_caching()) as (client, _):
        params = {"query": CARD, "extensions": json.dumps({"expectRelease": 1})}
        first = await client.get("/graphql", params=params, headers=JSON)
        hit = await client.get("/graphql", params=params, headers=JSON)
        assert (first.headers["x-cache"], hit.headers["x-cache"]) == ("MISS", "HIT")
        assert hit.content == first.content
        assert first.json()["extensions"]["release"]["number"] == 1
        revalidated = await client.get(
            "/graphql", params=params, headers={**JSON, "if-none-match": first.headers["etag"]}
        )
        assert revalidated.status_code == 304
        # Another release expected: not the stored answer, nor a 304, but the refusal.
        params["extensions"] = json.dumps({"expectRelease": 2})
        refused = await client.get(
            "/graphql", params=params, headers={**JSON, "if-none-match": first.headers["etag"]}
        )
        assert refused.status_code == 409
        assert refused.json()["errors"][0]["extensions"]["servingRelease"] == 1
        assert refused.headers["cache-control"] == "no-store"
        assert "etag" not in refused.headers


async def test_a_hit_carries_the_release_of_its_key(
    seeded: AsyncEngine, statements: StatementLog
) -> None:
    """An entry under release N is release N's answer, stamped N; an answer executed on a
    release loaded since the key's read is sent, not kept under the older key."""
    async with serving(seeded, with_caching()) as (client, caching):
        old = await client.get("/graphql", params={"query": CARD}, headers=JSON)
        assert old.json()["extensions"]["release"]["number"] == 1
        await load(seeded, [Source(SEED_PAGE)])
        # Until the watch reads release 2, the key says 1: its entry, stamped 1, is served.
        hit = await client.get("/graphql", params={"query": CARD}, headers=JSON)
        assert hit.headers["x-cache"] == "HIT"
        assert hit.content == old.content
        for _ in range(2):
            statements.clear()
            newer = await client.get("/graphql", params={"query": ALIAS}, headers=JSON)
            assert newer.headers["x-cache"] == "MISS" and len(statements) > 0
            assert newer.json()["extensions"]["release"]["number"] == 2
            assert newer.headers["cache-control"] == "no-store"
            assert "etag" not in newer.headers
        await caching.releases.refresh()
        fresh = await client.get("/graphql", params={"query": CARD}, headers=JSON)
        hit = await client.get("/graphql", params={"query": CARD}, headers=JSON)
        assert (fresh.headers["x-cache"], hit.headers["x-cache"]) == ("MISS", "HIT")
        assert hit.content == fresh.content
        assert hit.json()["extensions"]["release"]["number"] == 2
        assert hit.json()["data"] == old.json()["data"]
        assert hit.headers["etag"].startswith('"2-')


async def test_a_persisted_query_expects_a_release_too(seeded: AsyncEngine) -> None:
    persisted = {"version": 1, "sha256Hash": sha256_hex(CARD)}
    async with serving(seeded, with_caching()) as (client, _):
        registered = await ask(
            client, {"query": CARD, "extensions": {"persistedQuery": persisted, "expectRelease": 1}}
        )
        assert registered["extensions"]["release"]["number"] == 1
        by_hash = await ask(
            client, {"extensions": {"persistedQuery": persisted, "expectRelease": 1}}
        )
        assert by_hash == registered
        refused = await client.post(
            "/graphql", json={"extensions": {"persistedQuery": persisted, "expectRelease": 2}}
        )
        assert refused.status_code == 409
        assert refused.json()["errors"][0]["extensions"]["code"] == "RELEASE_CHANGED"
