"""Automatic persisted queries (Apollo's APQ protocol) over POST and GET, registered in
the in-process store or shared through Redis, and the allow-list mode."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.extensions.parser_cache import _get_parse_cache

from genegraph.caching.persisted_queries import load_allowlist, printed
from genegraph.db.ingest.release import Source, load
from genegraph.schema.root import DOCUMENT_CACHE_SIZE
from tests.conftest import SEED_PAGE, StatementLog
from tests.helpers.cache_fixtures import REDIS_URL, redis_keys, serving, with_caching
from tests.helpers.cli import genegraph
from tests.helpers.lanes import without_planned_documents
from tests.helpers.releases import newest_stamp, stamped

CARD = 'query Card { gene(symbol: "IL2") { symbol name } }'
CARD_HASH = hashlib.sha256(CARD.encode()).hexdigest()
DATA = {"gene": {"symbol": "IL2", "name": "interleukin 2"}}
MODERN = {"accept": "application/graphql-response+json, application/json;q=0.9"}


def persisted(digest: str = CARD_HASH) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


def get_params(digest: str = CARD_HASH, **more: str) -> dict[str, str]:
    return {"extensions": json.dumps(persisted(digest)), **more}


@pytest.fixture
async def seeded(engine: AsyncEngine) -> AsyncEngine:
    await load(engine, [Source(SEED_PAGE)])
    return engine


def not_found(response: httpx.Response) -> None:
    """Apollo's answer to an unknown hash: HTTP 200 (a 4xx turns older Apollo Clients'
    persisted queries off for good), the message and code its clients look for."""
    assert response.status_code == 200
    assert response.json() == {
        "errors": [
            {
                "message": "PersistedQueryNotFound",
                "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"},
            }
        ]
    }


# -- APQ ---------------------------------------------------------------------------------


async def test_apq_over_post_as_apollo_client_speaks_it(seeded: AsyncEngine) -> None:
    async with serving(seeded, with_caching()) as (client, _):
        answer = stamped(DATA, await newest_stamp(client))
        # 1. the hash alone: unknown, even for a client that accepts the new media type
        not_found(await client.post("/graphql", json={"extensions": persisted()}, headers=MODERN))
        # 2. the hash with the query: runs, and registers the query
        sent = await client.post("/graphql", json={"query": CARD, "extensions": persisted()})
        assert sent.json() == answer
        # 3. the hash alone now runs the registered query
        again = await client.post("/graphql", json={"extensions": persisted()}, headers=MODERN)
        assert again.status_code == 200
        assert again.json() == answer


async def test_apq_over_get_with_http_caching(
    seeded: AsyncEngine, statements: StatementLog
) -> None:
    async with serving(seeded, with_caching()) as (client, _):
        answer = stamped(DATA, await newest_stamp(client))
        # The hash alone is an operation, not a browser asking for GraphiQL (Accept */*).
        unknown = await client.get("/graphql", params=get_params(), headers={"accept": "*/*"})
        not_found(unknown)
        assert unknown.headers["cache-control"] == "no-store"  # the answer changes soon
        registered = await client.get("/graphql", params=get_params(query=CARD))
        assert registered.json() == answer
        statements.clear()
        by_hash = await client.get("/graphql", params=get_params())
        assert by_hash.json() == answer
        assert by_hash.headers["x-cache"] == "HIT"  # the same key as the full query's
        etag = by_hash.headers["etag"]
        assert by_hash.headers["cache-control"].startswith("public, max-age=")
        revalidated = await client.get(
            "/graphql", params=get_params(), headers={"if-none-match": etag}
        )
        assert revalidated.status_code == 304
        assert statements.statements == []


async def test_apq_with_variables_and_an_operation_name(seeded: AsyncEngine) -> None:
    query = 'query Gene($t: Int!) { gene(symbol: "IL2", taxon: $t) { species { taxonId } } }'
    digest = hashlib.sha256(query.encode()).hexdigest()
    async with serving(seeded, with_caching(response_cache=False)) as (client, _):
        body = {"query": query, "extensions": persisted(digest), "operationName": "Gene"}
        await client.post("/graphql", json={**body, "variables": {"t": 9606}})
        for taxon in (10090, 9606):
            params = get_params(digest, variables=json.dumps({"t": taxon}), operationName="Gene")
            response = await client.get("/graphql", params=params)
            assert response.json()["data"]["gene"]["species"]["taxonId"] == taxon


async def test_a_query_is_registered_only_once_it_validates(seeded: AsyncEngine) -> None:
    wrong = "{ nosuch }"
    digest = hashlib.sha256(wrong.encode()).hexdigest()
    async with serving(seeded, with_caching()) as (client, _):
        refused = await client.post(
            "/graphql", json={"query": wrong, "extensions": persisted(digest)}
        )
        assert "Cannot query field 'nosuch'" in refused.json()["errors"][0]["message"]
        not_found(await client.post("/graphql", json={"extensions": persisted(digest)}))


@pytest.mark.parametrize(
    ("extensions", "words"),
    [
        (persisted("0" * 64), "is not the SHA-256 of the query"),
        (persisted(CARD_HASH.upper()), "64 lowercase hex digits"),
        ({"persistedQuery": {"version": 2, "sha256Hash": CARD_HASH}}, "version 2"),
        ({"persistedQuery": "yes"}, "must be an object"),
    ],
)
async def test_bad_persisted_query_extensions_are_400(
    seeded: AsyncEngine, extensions: dict[str, Any], words: str
) -> None:
    async with serving(seeded, with_caching()) as (client, _):
        response = await client.post("/graphql", json={"query": CARD, "extensions": extensions})
        assert response.status_code == 400
        [error] = response.json()["errors"]
        assert error["extensions"]["code"] == "BAD_USER_INPUT"
        assert words in error["message"]


@pytest.mark.parametrize("lane", [False, True], ids=["view", "planned lane"])
async def test_a_registered_query_is_parsed_once(
    seeded: AsyncEngine, lane: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The parser cache holds with persisted queries: the hash resolves to the same text,
    # which the view finds parsed; the planned lane, which knows the card's document by
    # its hash, parses nothing.
    if not lane:
        without_planned_documents(monkeypatch)
    parse_cache: Any = _get_parse_cache(DOCUMENT_CACHE_SIZE)  # a functools.lru_cache
    async with serving(seeded, with_caching(response_cache=False)) as (client, _):
        answer = stamped(DATA, await newest_stamp(client))
        await client.post("/graphql", json={"query": CARD, "extensions": persisted()})
        before = parse_cache.cache_info()
        for _ in range(3):
            assert (
                await client.post("/graphql", json={"extensions": persisted()})
            ).json() == answer
        after = parse_cache.cache_info()
    assert after.misses == before.misses
    assert after.hits == before.hits + (0 if lane else 3)


async def test_registered_queries_are_shared_through_redis(
    seeded: AsyncEngine, redis_prefix: str
) -> None:
    settings = with_caching(redis_url=REDIS_URL, redis_prefix=redis_prefix, response_cache=False)
    async with serving(seeded, settings) as (first, _), serving(seeded, settings) as (second, _):
        not_found(await second.post("/graphql", json={"extensions": persisted()}))
        answer = stamped(DATA, await newest_stamp(second))
        await first.post("/graphql", json={"query": CARD, "extensions": persisted()})
        assert redis_keys(redis_prefix) == [f"{redis_prefix}apq:{CARD_HASH}"]
        assert (await second.post("/graphql", json={"extensions": persisted()})).json() == answer


# -- the allow-list ----------------------------------------------------------------------

NOT_LISTED = '{ gene(symbol: "IL2") { id } }'


def write_allowlists(folder: Path) -> dict[str, Path]:
    """The same one-operation list in each of the three forms."""
    document = printed(CARD)
    assert document is not None
    digest = hashlib.sha256(document.encode()).hexdigest()
    flat = folder / "persisted-documents.json"
    flat.write_text(json.dumps({digest: document}))
    manifest = folder / "manifest.json"
    operation = {"id": digest, "name": "Card", "type": "query", "body": document}
    manifest.write_text(
        json.dumps(
            {"format": "apollo-persisted-query-manifest", "version": 1, "operations": [operation]}
        )
    )
    graphql = folder / "operations"
    graphql.mkdir()
    (graphql / "card.graphql").write_text(f"# the IL2 card\n{CARD}\n")
    return {"map": flat, "manifest": manifest, "folder": graphql}


@pytest.mark.parametrize("form", ["map", "manifest", "folder"])
async def test_allow_list_mode_runs_only_listed_operations(
    seeded: AsyncEngine, tmp_path: Path, form: str, statements: StatementLog
) -> None:
    path = write_allowlists(tmp_path)[form]
    document = printed(CARD)
    assert document is not None
    digest = hashlib.sha256(document.encode()).hexdigest()
    async with serving(seeded, with_caching()) as (unlisted, _):  # it runs `releases`
        answer = stamped(DATA, await newest_stamp(unlisted))
    async with serving(seeded, with_caching(allowlist=path)) as (client, _):
        by_hash = await client.get("/graphql", params=get_params(digest))
        assert by_hash.json() == answer
        # In full, written differently: the printed forms match.
        spaced = '# mine\nquery Card {\n  gene(symbol: "IL2") { symbol\n name } }'
        assert (await client.post("/graphql", json={"query": spaced})).json() == answer
        statements.clear()
        for body in (
            {"query": NOT_LISTED},
            {"extensions": persisted(hashlib.sha256(NOT_LISTED.encode()).hexdigest())},
            {
                "query": NOT_LISTED,
                "extensions": persisted(hashlib.sha256(NOT_LISTED.encode()).hexdigest()),
            },
            {"query": "{ gene(symbol: "},
        ):
            refused = await client.post("/graphql", json=body, headers=MODERN)
            assert refused.status_code == 400, body
            [error] = refused.json()["errors"]
            assert error["extensions"]["code"] == "OPERATION_NOT_ALLOWED", body
            assert "allow-list" in error["message"]
        assert statements.statements == []


def test_bad_allow_lists_are_named(tmp_path: Path) -> None:
    cases = {
        "list.json": ("[1, 2]", "expected a JSON object"),
        "broken.json": ("{", "not a readable JSON file"),
        "syntax.json": (json.dumps({"abc": "{ gene("}), "the document of abc does not parse"),
        "manifest.json": (
            json.dumps({"format": "apollo-persisted-query-manifest", "operations": {}}),
            "no operations list",
        ),
    }
    for name, (text, words) in cases.items():
        (tmp_path / name).write_text(text)
        with pytest.raises(ValueError, match=words):
            load_allowlist(tmp_path / name, 5000)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ValueError, match=r"holds no \.graphql file"):
        load_allowlist(empty, 5000)


def test_serve_refuses_a_bad_allow_list_at_start(tmp_path: Path) -> None:
    bad = tmp_path / "ops.json"
    bad.write_text("[]")
    result = genegraph("serve", "--port", "1", env={"GENEGRAPH_ALLOWLIST": str(bad)})
    assert result.returncode == 2
    assert f"genegraph serve: allow-list {bad}: expected a JSON object" in result.stderr
