"""What the caching tests share: apps run with their lifespan (so the release watch is
started as under uvicorn), and the real Redis at 127.0.0.1:6379 under a key prefix of
the test's own, whose keys are deleted afterwards."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace

import httpx
import pytest
import redis
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.caching.http import HttpCaching
from genegraph.server.app import create_app
from genegraph.settings import CacheSettings, ServerSettings
from tests.conftest import client_of

REDIS_URL = os.environ.get("GENEGRAPH_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
REQUIRE_REDIS = os.environ.get("CI") == "true"


def with_caching(**changes: object) -> ServerSettings:
    """The default server settings with these caching settings changed. The release is
    read at start-up only (unless changed), so tests that count statements count only
    their requests'; tests of a new release call ``releases.refresh()`` themselves."""
    changes.setdefault("release_check_seconds", 3600.0)
    return ServerSettings(caching=replace(CacheSettings(), **changes))  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def serving(
    engine: AsyncEngine, server: ServerSettings
) -> AsyncIterator[tuple[httpx.AsyncClient, HttpCaching]]:
    """A client of the app over ``engine``, its lifespan started as a server starts it
    (conftest's ``client_of``), and the app's caching."""
    app = create_app(engine, server)
    caching: HttpCaching = app.state.caching
    async with client_of(app) as client:
        yield client, caching


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own on the real Redis; its keys are deleted after."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except (redis.RedisError, OSError) as error:
        message = f"Redis not reachable at {REDIS_URL}: {error}"
        client.close()
        if REQUIRE_REDIS:
            pytest.fail(message + " (required under CI; scripts/start-services.sh starts it)")
        pytest.skip(message)
    prefix = f"genegraph-test:{uuid.uuid4().hex[:12]}:"
    try:
        yield prefix
    finally:
        keys = list(client.scan_iter(match=prefix + "*"))
        if keys:
            client.delete(*keys)
        client.close()


def redis_keys(prefix: str) -> list[str]:
    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    try:
        return sorted(client.scan_iter(match=prefix + "*"))
    finally:
        client.close()
