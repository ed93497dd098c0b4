"""The response cache and HTTP caching: hits without SQL, ETag and 304, invalidation by a
new release, the off switch, and one cache shared through the real Redis by two apps
and by two `genegraph serve` processes."""

from __future__ import annotations

import logging
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.caching.redis import SharedRedis
from genegraph.caching.responses import cache_key, etag_matches
from genegraph.caching.stores import MemoryStore, RedisStore
from genegraph.db.engine import create_engine
from genegraph.db.ingest.release import Source, load
from genegraph.settings import CacheSettings, server_settings
from tests.conftest import FIXTURES, SEED_PAGE, AppClient, Database, StatementLog
from tests.helpers.cache_fixtures import REDIS_URL, redis_keys, serving, with_caching
from tests.helpers.releases import newest_stamp, stamped
from tests.helpers.servers import GENEGRAPH, free_port, wait_until_serving

CARD = '{ gene(symbol: "IL2") { symbol goTerms(category: MOLECULAR_FUNCTION) { id } } }'
GENE_ID = "query Id($s: String!) { gene(symbol: $s) { id } }"
JSON = {"accept": "application/json"}


@pytest.fixture
async def seeded(engine: AsyncEngine) -> AsyncEngine:
    await load(engine, [Source(SEED_PAGE)])
    return engine


# -- in one process ----------------------------------------------------------------------


async def test_a_repeated_get_is_served_from_the_cache_without_sql(
    seeded: AsyncEngine, statements: StatementLog
) -> None:
    async with serving(seeded, with_caching()) as (client, _):
        first = await client.get("/graphql", params={"query": CARD}, headers=JSON)
        assert first.status_code == 200
        assert first.headers["x-cache"] == "MISS"
        assert len(first.json()["data"]["gene"]["goTerms"]) == 7
        assert first.headers["cache-control"] == "public, max-age=60"
        assert first.headers["vary"] == "Accept"
        assert first.headers["etag"].startswith('"1-')
        assert len(statements) > 0
        statements.clear()
        second = await client.get("/graphql", params={"query": CARD}, headers=JSON)
        assert statements.statements == []
        assert second.status_code == 200
        assert second.headers["x-cache"] == "HIT"
        assert second.content == first.content
        assert second.headers["etag"] == first.headers["etag"]
        assert second.headers["cache-control"] == "public, max-age=60"
        assert second.headers["content-type"] == "application/json"


async def test_revalidation_with_the_etag_is_a_304_without_sql(
    seeded: AsyncEngine, statements: StatementLog
) -> None:
    # The 304 needs no stored answer: the ETag is derived from the request's key.
    async with serving(seeded, with_caching(response_cache=False)) as (client, _):
        first = await client.get("/graphql", params={"query": CARD}, headers=JSON)
        etag = first.headers["etag"]
        statements.clear()
        for header in (etag, f"W/{etag}", f'"other", {etag}'):
            revalidated = await client.get(
                "/graphql", params={"query": CARD}, headers={**JSON, "if-none-match": header}
            )
            assert revalidated.status_code == 304, header
            assert revalidated.content == b""
            assert revalidated.headers["etag"] == etag
            assert revalidated.headers["cache-control"] == "public, max-age=60"
        assert statements.statements == []
        stale = await client.get(
            "/graphql", params={"query": CARD}, headers={**JSON, "if-none-match": '"1-0000"'}
        )
        assert stale.status_code == 200
        assert stale.content == first.content


async def test_each_media_type_has_its_etag(seeded: AsyncEngine) -> None:
    async with serving(seeded, with_caching()) as (client, _):
        plain = await client.get("/graphql", params={"query": CARD}, headers=JSON)
        accept = {"accept": "application/graphql-response+json"}
        modern = await client.get("/graphql", params={"query": CARD}, headers=accept)
        assert modern.headers["x-cache"] == "HIT"
        assert modern.headers["content-type"] == "application/graphql-response+json"
        assert modern.content == plain.content
        assert modern.headers["etag"] != plain.headers["etag"]


async def test_post_answers_are_cached_but_not_marked_http_cacheable(
    seeded: AsyncEngine, statements: StatementLog
) -> None:
    async with serving(seeded, with_caching()) as (client, _):
        first = await client.post("/graphql", json={"query": CARD})
        statements.clear()
        second = await client.post("/graphql", json={"query": CARD})
        assert statements.statements == []
        assert (first.headers["x-cache"], second.headers["x-cache"]) == ("MISS", "HIT")
        assert second.content == first.content
        for response in (first, second):
            assert "etag" not in response.headers
            assert "cache-control" not in response.headers
        # A GET of the same query is answered from what the POST stored.
        got = await client.get("/graphql", params={"query": CARD}, headers=JSON)
        assert got.headers["x-cache"] == "HIT"
        assert "etag" in got.headers


async def test_answers_with_errors_are_neither_stored_nor_http_cacheable(
    seeded: AsyncEngine, statements: StatementLog
) -> None:
    query = '{ gene(symbol: "IL2") { symbol } bad: gene(id: "NCBIGene:x") { id } }'
    async with serving(seeded, with_caching()) as (client, _):
        for _ in range(2):
            statements.clear()
            response = await client.get("/graphql", params={"query": query}, headers=JSON)
            body = response.json()
            assert body["data"]["gene"]["symbol"] == "IL2"
            assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
            assert response.headers["x-cache"] == "MISS"
            assert response.headers["cache-control"] == "no-store"
            assert "etag" not in response.headers
            assert len(statements) > 0  # executed again


async def test_the_key_holds_the_variables_and_the_operation_name(seeded: AsyncEngine) -> None:
    two_operations = 'query A { gene(symbol: "IL2") { symbol } } query B { __typename }'
    async with serving(seeded, with_caching()) as (client, _):

        async def ask(body: dict[str, object]) -> httpx.Response:
            return await client.post("/graphql", json=body)

        il2 = await ask({"query": GENE_ID, "variables": {"s": "IL2"}})
        il4 = await ask({"query": GENE_ID, "variables": {"s": "Il2"}, "operationName": "Id"})
        assert il2.headers["x-cache"] == il4.headers["x-cache"] == "MISS"
        a = await ask({"query": two_operations, "operationName": "A"})
        b = await ask({"query": two_operations, "operationName": "B"})
        assert a.headers["x-cache"] == b.headers["x-cache"] == "MISS"
        assert b.json() == stamped({"__typename": "Query"}, await newest_stamp(client))
        again = await ask({"query": two_operations, "operationName": "A"})
        assert again.headers["x-cache"] == "HIT"
        assert again.content == a.content


def test_variables_are_keyed_whatever_their_order() -> None:
    first = cache_key("f", 3, "q", {"a": 1, "b": [1, 2]}, None)
    second = cache_key("f", 3, "q", {"b": [1, 2], "a": 1}, None)
    assert first is not None and first == second
    assert cache_key("f", 4, "q", {"a": 1, "b": [1, 2]}, None) != first
    assert cache_key("f", 3, "q", {"a": 1, "b": [2, 1]}, None) != first
    assert cache_key("f", 3, "q", {"a": 1, "b": [1, 2]}, "Op") != first
    assert cache_key("g", 3, "q", {"a": 1, "b": [1, 2]}, None) != first


def test_etag_matching() -> None:
    assert etag_matches('"a"', '"a"')
    assert etag_matches('W/"a"', '"a"')
    assert etag_matches(' "b" , "a"', '"a"')
    assert not etag_matches('"ab"', '"a"')
    assert not etag_matches("", '"a"')


async def test_a_new_release_makes_the_cached_answers_unreachable(seeded: AsyncEngine) -> None:
    params = {"query": GENE_ID, "variables": '{"s": "IL2"}'}
    async with serving(seeded, with_caching()) as (client, caching):
        before = await client.get("/graphql", params=params, headers=JSON)
        assert before.json()["data"]["gene"]["id"] == "GeneSymbol:9606/IL2"
        assert (await client.get("/graphql", params=params)).headers["x-cache"] == "HIT"
        report = await load(seeded, [Source(FIXTURES / "gene_info_il2.tsv")])
        assert report.release == 2
        await caching.releases.refresh()  # what the watch does every few seconds
        after = await client.get(
            "/graphql", params=params, headers={**JSON, "if-none-match": before.headers["etag"]}
        )
        assert after.status_code == 200
        assert after.headers["x-cache"] == "MISS"
        assert after.json()["data"]["gene"]["id"] == "NCBIGene:3558"
        assert after.headers["etag"].startswith('"2-')


async def test_the_cache_can_be_turned_off(seeded: AsyncEngine, statements: StatementLog) -> None:
    async with serving(seeded, with_caching(response_cache=False)) as (client, _):
        for _ in range(2):
            statements.clear()
            response = await client.get("/graphql", params={"query": CARD}, headers=JSON)
            assert "x-cache" not in response.headers
            assert "etag" in response.headers  # HTTP validators do not need the cache
            assert len(statements) > 0


async def test_without_its_start_up_the_app_serves_uncached(
    seeded: AsyncEngine, app_client: AppClient
) -> None:
    # An ASGI server that runs no lifespan: the release is never known, nothing is cached.
    async with app_client(seeded, with_caching(), lifespan=False) as client:
        for _ in range(2):
            response = await client.get("/graphql", params={"query": CARD}, headers=JSON)
            assert response.status_code == 200
            assert "x-cache" not in response.headers
            assert "etag" not in response.headers


# -- the settings ------------------------------------------------------------------------


def test_caching_settings_from_the_environment(tmp_path: Path) -> None:
    assert server_settings({}).caching == CacheSettings()
    caching = server_settings(
        {
            "GENEGRAPH_RESPONSE_CACHE": "off",
            "GENEGRAPH_RESPONSE_CACHE_TTL": "60",
            "GENEGRAPH_RESPONSE_CACHE_MB": "8",
            "GENEGRAPH_REDIS_URL": "redis://cache.internal:6380/2",
            "GENEGRAPH_REDIS_PREFIX": "gg:",
            "GENEGRAPH_RELEASE_CHECK_SECONDS": "0.5",
            "GENEGRAPH_HTTP_MAX_AGE": "0",
            "GENEGRAPH_ALLOWLIST": str(tmp_path),
        }
    ).caching
    assert caching == CacheSettings(
        response_cache=False,
        ttl_seconds=60,
        max_bytes=8 * 2**20,
        redis_url="redis://cache.internal:6380/2",
        redis_prefix="gg:",
        release_check_seconds=0.5,
        http_max_age=0,
        allowlist=tmp_path,
    )


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("GENEGRAPH_RESPONSE_CACHE", "maybe", "GENEGRAPH_RESPONSE_CACHE must be on or off"),
        ("GENEGRAPH_REDIS_URL", "127.0.0.1:6379", "GENEGRAPH_REDIS_URL must be a redis://"),
        ("GENEGRAPH_RESPONSE_CACHE_TTL", "-1", "GENEGRAPH_RESPONSE_CACHE_TTL must be a positive"),
        ("GENEGRAPH_HTTP_MAX_AGE", "soon", "GENEGRAPH_HTTP_MAX_AGE must be a positive"),
        ("GENEGRAPH_RELEASE_CHECK_SECONDS", "0", "GENEGRAPH_RELEASE_CHECK_SECONDS must be"),
        ("GENEGRAPH_ALLOWLIST", "/no/such/file.json", "GENEGRAPH_ALLOWLIST: /no/such"),
    ],
)
def test_bad_caching_settings_name_the_variable(variable: str, value: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        server_settings({variable: value})


# -- the in-process store ----------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_the_in_process_store_is_bounded_in_entries_bytes_and_time() -> None:
    clock = Clock()
    store = MemoryStore(max_entries=3, max_bytes=10, clock=clock)
    for key in "abc":
        await store.set(key, b"xx", ttl=60)
    await store.get("a")  # a is now the most recently used
    await store.set("d", b"xx", ttl=60)
    assert [await store.get(k) for k in "abcd"] == [b"xx", None, b"xx", b"xx"]
    await store.set("e", b"1234567", ttl=60)  # 13 bytes with a, c, d: the oldest go
    assert [await store.get(k) for k in "acd"] == [None, None, b"xx"]
    assert len(store) == 2 and store.bytes == 9
    assert await store.get("e") == b"1234567"
    await store.set("big", b"x" * 11, ttl=60)  # larger than the whole store: not kept
    assert await store.get("big") is None
    clock.now = 61
    assert await store.get("e") is None
    assert len(store) == 1


# -- Redis -------------------------------------------------------------------------------


async def test_two_apps_share_one_redis_cache(
    database: Database,
    redis_prefix: str,
    statements: StatementLog,
    engine: AsyncEngine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Sharing is the question here, not a slow Redis: a connect past the 0.5 s limit (seen
    # under the whole suite's load) would serve without the shared cache, as it should.
    monkeypatch.setattr("genegraph.caching.redis.REDIS_TIMEOUT_SECONDS", 10.0)
    await load(engine, [Source(SEED_PAGE)])
    settings = with_caching(redis_url=REDIS_URL, redis_prefix=redis_prefix)
    other_engine = create_engine(database.url)
    try:
        async with (
            serving(other_engine, settings) as (first, _),
            serving(engine, settings) as (
                second,
                _,
            ),
        ):
            filled = await first.get("/graphql", params={"query": CARD}, headers=JSON)
            assert filled.headers["x-cache"] == "MISS"
            # The response's key; the client budget keeps its own beside it when the first
            # parse of the card costs its client more than the free 10 ms of CPU.
            [key] = redis_keys(f"{redis_prefix}response:")
            assert key.startswith(f"{redis_prefix}response:1:")
            statements.clear()  # the second app's engine
            shared = await second.get("/graphql", params={"query": CARD}, headers=JSON)
            assert statements.statements == []
            assert shared.headers["x-cache"] == "HIT"
            assert shared.content == filled.content
            assert shared.headers["etag"] == filled.headers["etag"]
    finally:
        await other_engine.dispose()


async def test_redis_entries_expire(redis_prefix: str) -> None:
    import redis.asyncio

    shared = SharedRedis(REDIS_URL)
    store = RedisStore(shared, redis_prefix)
    try:
        await store.set("response:1:x", b"body", ttl=120)
        assert await store.get("response:1:x") == b"body"
        client = redis.asyncio.Redis.from_url(REDIS_URL)
        ttl = await client.ttl(f"{redis_prefix}response:1:x")
        await client.aclose()
        assert 0 < ttl <= 120
    finally:
        await shared.close()


async def test_an_unreachable_redis_is_served_around(
    seeded: AsyncEngine, caplog: pytest.LogCaptureFixture
) -> None:
    settings = with_caching(redis_url=f"redis://127.0.0.1:{free_port()}/0")
    with caplog.at_level(logging.WARNING, logger="genegraph.cache"):
        async with serving(seeded, settings) as (client, _):
            for _ in range(3):
                response = await client.get("/graphql", params={"query": CARD}, headers=JSON)
                assert response.status_code == 200
                assert response.json()["data"]["gene"]["symbol"] == "IL2"
                assert response.headers["x-cache"] == "MISS"
    # The cache's (the client budget's buckets, also in Redis, warn apart).
    warnings = [
        r
        for r in caplog.records
        if r.name == "genegraph.cache" and "is not answering" in r.getMessage()
    ]
    assert len(warnings) == 1  # once per outage, not once per request


# -- two server processes ----------------------------------------------------------------


def _serve(
    database: Database, env: dict[str, str], *extra: str
) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    process = subprocess.Popen(
        [GENEGRAPH, "serve", "--port", str(port), "--database-url", database.url, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **env},
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_serving(process, base, lambda: process.stdout.read() if process.stdout else "")
    return process, base


@pytest.fixture
def two_servers(database: Database, redis_prefix: str) -> Iterator[tuple[str, str]]:
    """Two `genegraph serve` processes on one database and one Redis."""
    env = {
        "GENEGRAPH_REDIS_URL": REDIS_URL,
        "GENEGRAPH_REDIS_PREFIX": redis_prefix,
        "GENEGRAPH_RELEASE_CHECK_SECONDS": "0.2",
    }
    processes: list[subprocess.Popen[str]] = []
    try:
        first, first_url = _serve(database, env)  # migrates and seeds
        processes.append(first)
        second, second_url = _serve(database, env, "--no-seed")
        processes.append(second)
        yield first_url, second_url
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)


def test_two_server_processes_share_one_redis_cache_and_see_a_new_release(
    two_servers: tuple[str, str], database: Database
) -> None:
    first, second = two_servers
    params = {"query": GENE_ID, "variables": '{"s": "IL2"}'}

    def ask(base: str, **headers: str) -> httpx.Response:
        return httpx.get(f"{base}/graphql", params=params, headers={**JSON, **headers}, timeout=10)

    filled = ask(first)
    assert filled.headers["x-cache"] == "MISS"
    assert filled.json()["data"]["gene"]["id"] == "GeneSymbol:9606/IL2"
    shared = ask(second)
    assert shared.headers["x-cache"] == "HIT"
    assert shared.content == filled.content
    assert ask(second, **{"if-none-match": filled.headers["etag"]}).status_code == 304

    loaded = subprocess.run(
        [GENEGRAPH, "load", str(FIXTURES / "gene_info_il2.tsv"), "--database-url", database.url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loaded.returncode == 0, loaded.stderr
    # Each process reads the release every 0.2 s; wait (at most 20 s) until both have.
    deadline = time.monotonic() + 20
    answers: dict[str, httpx.Response] = {}
    while len(answers) < 2 and time.monotonic() < deadline:
        for base in (second, first):
            response = ask(base)
            if base not in answers and response.headers["etag"].startswith('"2-'):
                answers[base] = response
        time.sleep(0.1)
    assert set(answers) == {first, second}, "a server still answers from the old release"
    for response in answers.values():
        assert response.json()["data"]["gene"]["id"] == "NCBIGene:3558"
    # The first to know the new release executed the query; the other got its answer.
    assert sorted(r.headers["x-cache"] for r in answers.values()) == ["HIT", "MISS"]
    assert ask(first, **{"if-none-match": filled.headers["etag"]}).status_code == 200
