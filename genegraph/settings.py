"""Where genegraph's settings come from: command-line flags, then environment variables."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import ArgumentError

from genegraph.db.engine import normalize_url
from genegraph.execution.limits import DEFAULT_LIMITS, Limits
from genegraph.middleware.head_timeout import CLIENT_TIMEOUT_ENV, DEFAULT_CLIENT_TIMEOUT
from genegraph.middleware.rates import (
    DEFAULT_CLIENT_BUDGET,
    RateLimit,
    client_budget_from,
    rate_limit_from,
)

DATABASE_URL_ENV = "GENEGRAPH_DATABASE_URL"
DEFAULT_DATABASE_URL = "sqlite:///genegraph.sqlite"

# The seed page ships in the repository's data/ folder, beside the packages.
REPO_ROOT = Path(__file__).resolve().parent.parent
SEED_PAGE = REPO_ROOT / "data" / "il2.txt"


def database_url(flag: str | None = None) -> str:
    """The --database-url flag, else $GENEGRAPH_DATABASE_URL, else a SQLite file here."""
    return flag or os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL


# A read replica for the server's queries (docs/deploy.md: "Database").
READ_DATABASE_URL_ENV = "GENEGRAPH_DATABASE_READ_URL"


def read_database_url(flag: str | None = None, primary: str | None = None) -> str | None:
    """The --read-database-url flag, else $GENEGRAPH_DATABASE_READ_URL, else None: the
    database that serves queries when it is not the primary. Checked against ``primary``
    when given: a replica runs on the same engine (PostgreSQL). Raises ValueError naming
    the setting."""
    url = flag or os.environ.get(READ_DATABASE_URL_ENV, "").strip() or None
    if url is None:
        return None
    try:
        backend = normalize_url(url).get_backend_name()
    except (ValueError, ArgumentError) as error:  # not a URL; not SQLite or PostgreSQL
        raise ValueError(f"{READ_DATABASE_URL_ENV} (--read-database-url): {error}") from None
    if primary is not None and backend != normalize_url(primary).get_backend_name():
        raise ValueError(
            f"{READ_DATABASE_URL_ENV} (--read-database-url) must be a replica of the "
            f"database, on the same engine: it is {backend}, the database "
            f"{normalize_url(primary).get_backend_name()}"
        )
    return url


# The safety limits and HTTP settings, one environment variable each (README: "Limits").
MAX_DEPTH_ENV = "GENEGRAPH_MAX_DEPTH"
MAX_COST_ENV = "GENEGRAPH_MAX_COST"
MAX_ALIASES_ENV = "GENEGRAPH_MAX_ALIASES"
MAX_TOKENS_ENV = "GENEGRAPH_MAX_TOKENS"
MAX_DOCUMENT_SIZE_ENV = "GENEGRAPH_MAX_DOCUMENT_SIZE"
MAX_LIST_NESTING_ENV = "GENEGRAPH_MAX_LIST_NESTING"
TIMEOUT_ENV = "GENEGRAPH_TIMEOUT"
MAX_BODY_BYTES_ENV = "GENEGRAPH_MAX_BODY_BYTES"
INTROSPECTION_ENV = "GENEGRAPH_INTROSPECTION"
CORS_ORIGINS_ENV = "GENEGRAPH_CORS_ORIGINS"
DEFAULT_MAX_BODY_BYTES = 1_048_576
# Downloads (README: "Downloading annotations as files").
MAX_DOWNLOADS_ENV = "GENEGRAPH_MAX_DOWNLOADS"
DOWNLOAD_STALL_ENV = "GENEGRAPH_DOWNLOAD_STALL_SECONDS"
# Each download holds a pooled connection while its client reads (the server's pool has
# 10, genegraph/server/app.py): downloads must leave most of them to the API.
DEFAULT_MAX_DOWNLOADS = 4
DEFAULT_DOWNLOAD_STALL_SECONDS = 60.0
SWITCHES = {"on": True, "true": True, "1": True, "off": False, "false": False, "0": False}

# Caching (README: "Caching").
RESPONSE_CACHE_ENV = "GENEGRAPH_RESPONSE_CACHE"
RESPONSE_CACHE_TTL_ENV = "GENEGRAPH_RESPONSE_CACHE_TTL"
RESPONSE_CACHE_MB_ENV = "GENEGRAPH_RESPONSE_CACHE_MB"
REDIS_URL_ENV = "GENEGRAPH_REDIS_URL"
REDIS_PREFIX_ENV = "GENEGRAPH_REDIS_PREFIX"
RELEASE_CHECK_ENV = "GENEGRAPH_RELEASE_CHECK_SECONDS"
HTTP_MAX_AGE_ENV = "GENEGRAPH_HTTP_MAX_AGE"
ALLOWLIST_ENV = "GENEGRAPH_ALLOWLIST"


@dataclass(frozen=True)
class CacheSettings:
    """The response cache, where it lives, how soon a new release is noticed, what HTTP
    caches are told, and the allow-list of operations (when there is one)."""

    response_cache: bool = True
    ttl_seconds: int = 3600
    max_bytes: int = 64 * 2**20
    """In-process cache only; a Redis server is bounded by its own maxmemory."""
    redis_url: str | None = None
    redis_prefix: str = "genegraph:"
    release_check_seconds: float = 5.0
    http_max_age: int = 60
    allowlist: Path | None = None


@dataclass(frozen=True)
class ServerSettings:
    """What the HTTP server enforces: the schema's limits, the request body's size,
    whether introspection answers, and which web origins may call it (CORS)."""

    limits: Limits = DEFAULT_LIMITS
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    introspection: bool = True
    cors_origins: tuple[str, ...] = ()
    caching: CacheSettings = CacheSettings()
    rate_limit: RateLimit | None = None
    client_budget: RateLimit | None = DEFAULT_CLIENT_BUDGET
    """Refusals and costly documents a client may send (genegraph.middleware.client_budget)."""
    client_timeout_seconds: float = DEFAULT_CLIENT_TIMEOUT
    """Seconds a client may take to send a request's line and headers, and again its
    body (genegraph.middleware.head_timeout)."""
    max_downloads: int = DEFAULT_MAX_DOWNLOADS
    """Downloads a process sends at once; more are answered 503 (genegraph.server.download)."""
    download_stall_seconds: float = DEFAULT_DOWNLOAD_STALL_SECONDS
    """Seconds a download waits for its client to take the next part of the file; then
    it is cut off, its transaction ended and its slot freed."""


def server_settings(environ: Mapping[str, str] | None = None) -> ServerSettings:
    """The server settings from environment variables; the defaults where one is unset.
    A value that is not valid raises ValueError naming the variable."""
    env = os.environ if environ is None else environ
    defaults = DEFAULT_LIMITS
    limits = Limits(
        max_depth=_whole(env, MAX_DEPTH_ENV, defaults.max_depth),
        max_cost=_whole(env, MAX_COST_ENV, defaults.max_cost),
        max_aliases=_whole(env, MAX_ALIASES_ENV, defaults.max_aliases),
        max_tokens=_whole(env, MAX_TOKENS_ENV, defaults.max_tokens),
        max_document_size=_whole(env, MAX_DOCUMENT_SIZE_ENV, defaults.max_document_size),
        max_list_nesting=_whole(env, MAX_LIST_NESTING_ENV, defaults.max_list_nesting),
        timeout_seconds=_seconds(env, TIMEOUT_ENV, defaults.timeout_seconds),
    )
    switch = env.get(INTROSPECTION_ENV, "").strip().lower() or "on"
    if switch not in SWITCHES:
        raise ValueError(f"{INTROSPECTION_ENV} must be on or off, not {switch!r}")
    origins = tuple(o.strip() for o in env.get(CORS_ORIGINS_ENV, "").split(",") if o.strip())
    return ServerSettings(
        limits=limits,
        max_body_bytes=_whole(env, MAX_BODY_BYTES_ENV, DEFAULT_MAX_BODY_BYTES),
        introspection=SWITCHES[switch],
        cors_origins=origins,
        caching=cache_settings(env),
        rate_limit=rate_limit_from(env),
        client_budget=client_budget_from(env),
        client_timeout_seconds=_seconds(env, CLIENT_TIMEOUT_ENV, DEFAULT_CLIENT_TIMEOUT),
        max_downloads=_whole(env, MAX_DOWNLOADS_ENV, DEFAULT_MAX_DOWNLOADS),
        download_stall_seconds=_seconds(env, DOWNLOAD_STALL_ENV, DEFAULT_DOWNLOAD_STALL_SECONDS),
    )


def cache_settings(env: Mapping[str, str]) -> CacheSettings:
    """The caching settings from environment variables (see ``server_settings``)."""
    defaults = CacheSettings()
    switch = env.get(RESPONSE_CACHE_ENV, "").strip().lower() or "on"
    if switch not in SWITCHES:
        raise ValueError(f"{RESPONSE_CACHE_ENV} must be on or off, not {switch!r}")
    redis_url = env.get(REDIS_URL_ENV, "").strip() or None
    if redis_url is not None and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(
            f"{REDIS_URL_ENV} must be a redis://, rediss:// or unix:// URL, not {redis_url!r}"
        )
    allowlist_text = env.get(ALLOWLIST_ENV, "").strip()
    allowlist = Path(allowlist_text) if allowlist_text else None
    if allowlist is not None and not allowlist.exists():
        raise ValueError(f"{ALLOWLIST_ENV}: {allowlist} does not exist")
    max_age = env.get(HTTP_MAX_AGE_ENV, "").strip()
    return CacheSettings(
        response_cache=SWITCHES[switch],
        ttl_seconds=_whole(env, RESPONSE_CACHE_TTL_ENV, defaults.ttl_seconds),
        max_bytes=_whole(env, RESPONSE_CACHE_MB_ENV, defaults.max_bytes // 2**20) * 2**20,
        redis_url=redis_url,
        redis_prefix=env.get(REDIS_PREFIX_ENV, "").strip() or defaults.redis_prefix,
        release_check_seconds=_seconds(env, RELEASE_CHECK_ENV, defaults.release_check_seconds),
        # 0 is a fair choice here: caches then revalidate every time (and get 304s).
        http_max_age=0 if max_age == "0" else _whole(env, HTTP_MAX_AGE_ENV, defaults.http_max_age),
        allowlist=allowlist,
    )


def _whole(env: Mapping[str, str], variable: str, default: int) -> int:
    text = env.get(variable, "").strip()
    if not text:
        return default
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{variable} must be a positive whole number, not {text!r}")
    return value


def _seconds(env: Mapping[str, str], variable: str, default: float) -> float:
    text = env.get(variable, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value < math.inf:
        raise ValueError(f"{variable} must be a positive number of seconds, not {text!r}")
    return value
