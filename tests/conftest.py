"""Test databases: every test that asks for ``engine`` gets a fresh, migrated database,
once on SQLite and once on PostgreSQL.

PostgreSQL comes from ``$GENEGRAPH_TEST_POSTGRES_URL`` (default: the local server,
database ``test``). Each test session creates a migrated template database and each
test a database copied from it; all are dropped afterwards. Where no PostgreSQL is
reachable the PostgreSQL half is skipped, except under CI (``CI=true``) or with
``GENEGRAPH_REQUIRE_POSTGRES=1``, where that is a failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import asyncpg
import httpx
import pytest
from sqlalchemy import event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from genegraph.db.engine import create_engine
from genegraph.db.ingest.release import Source, load
from genegraph.db.migrate import upgrade
from genegraph.db.models import Base
from genegraph.execution.limits import DEFAULT_LIMITS
from genegraph.resolvers.context import Context
from genegraph.schema.root import build_schema
from genegraph.server.app import create_app
from genegraph.settings import ServerSettings

if TYPE_CHECKING:
    from tests.helpers.kit import LoadedKit

# The fixtures of these helper modules apply to every test module, as if defined here.
pytest_plugins = [
    "tests.helpers.browser",
    "tests.helpers.cache_fixtures",
    "tests.helpers.lanes",
    "tests.helpers.logs",
    "tests.helpers.run_folder",
]

REPO = Path(__file__).resolve().parent.parent
SEED_PAGE = REPO / "data" / "il2.txt"
FIXTURES = Path(__file__).parent / "fixtures"
# The real-data kit beside the repo; $GENEGRAPH_TEST_KIT names it elsewhere (a worktree).
SHARED_DATA = Path(os.environ.get("GENEGRAPH_TEST_KIT") or REPO.parent / "shared" / "data")

# The server's limits, but a request time limit that suits a busy test machine: tests of
# what a query answers must not fail because other processes slowed it down (the time
# limit itself is tested in tests/execution/test_limits.py).
schema = build_schema(replace(DEFAULT_LIMITS, timeout_seconds=120.0), introspection=True)

POSTGRES_URL = os.environ.get(
    "GENEGRAPH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("CI") == "true" or bool(
    os.environ.get("GENEGRAPH_REQUIRE_POSTGRES")
)


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _admin(sql: str) -> None:
    conn = await asyncpg.connect(_asyncpg_dsn(POSTGRES_URL), timeout=5)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _database_url(name: str) -> str:
    return (
        make_url(POSTGRES_URL)
        .set(drivername="postgresql+asyncpg", database=name)
        .render_as_string(hide_password=False)
    )


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A migrated database every PostgreSQL test copies; dropped at the end of the session."""
    try:
        asyncio.run(_admin("SELECT 1"))
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        message = f"PostgreSQL not reachable at {POSTGRES_URL}: {error}"
        if REQUIRE_POSTGRES:
            pytest.fail(message + " (required under CI / GENEGRAPH_REQUIRE_POSTGRES)")
        pytest.skip(message)
    name = f"genegraph_template_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))

    async def migrate() -> None:
        engine = create_engine(_database_url(name))
        await upgrade(engine)
        await engine.dispose()

    try:
        asyncio.run(migrate())
        yield name
    finally:
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@dataclass
class Database:
    backend: str
    url: str


def sqlite_database(folder: Path) -> Database:
    return Database("sqlite", f"sqlite+aiosqlite:///{folder / 'genegraph.sqlite'}")


def create_postgres_copy(template: str, prefix: str = "genegraph_test") -> Database:
    """A new PostgreSQL database copied from ``template`` (to which nothing may be
    connected meanwhile); the caller drops it (``drop_database``)."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    return Database("postgresql", _database_url(name))


def database_name(database: Database) -> str:
    name = make_url(database.url).database
    assert name is not None
    return name


def drop_database(database: Database) -> None:
    """Drop a PostgreSQL database (a SQLite file goes with its temporary folder)."""
    if database.backend == "postgresql":
        asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{database_name(database)}" WITH (FORCE)'))


@contextlib.contextmanager
def fresh_database(backend: str, folder: Path, template: str | None) -> Iterator[Database]:
    """An empty, migrated database (PostgreSQL: a copy of ``template``), dropped afterwards."""
    if backend == "sqlite":
        yield sqlite_database(folder)
        return
    assert template is not None
    database = create_postgres_copy(template)
    try:
        yield database
    finally:
        drop_database(database)


def _template_for(request: pytest.FixtureRequest, backend: str) -> str | None:
    return request.getfixturevalue("postgres_template") if backend == "postgresql" else None


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated database URL on each backend (engine not yet created)."""
    with fresh_database(request.param, tmp_path, _template_for(request, request.param)) as db:
        yield db


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_database(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Database]:
    """Like ``database``, shared by the tests of one module (for expensive set-ups)."""
    folder = tmp_path_factory.mktemp("db")
    with fresh_database(request.param, folder, _template_for(request, request.param)) as db:
        yield db


@pytest.fixture
async def engine(database: Database) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database.url)
    await upgrade(engine)  # a no-op on the PostgreSQL copies, which are migrated already
    yield engine
    await engine.dispose()


async def table_counts(engine: AsyncEngine, models: Iterable[type[Base]]) -> dict[str, int]:
    """Rows per table, to compare a database before and after something."""
    async with engine.connect() as conn:
        return {
            model.__tablename__: (
                await conn.execute(select(func.count()).select_from(model))
            ).scalar_one()
            for model in models
        }


class StatementLog:
    """The SQL statements an engine ran while recording."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.recording = False

    def __len__(self) -> int:
        return len(self.statements)

    def clear(self) -> None:
        self.statements.clear()


@pytest.fixture
def statements(engine: AsyncEngine) -> Iterator[StatementLog]:
    log = StatementLog()

    def record(conn: object, cursor: object, statement: str, *args: object) -> None:
        log.statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    yield log
    event.remove(engine.sync_engine, "before_cursor_execute", record)


@dataclass
class GraphQLResult:
    data: dict[str, Any] | None
    errors: list[dict[str, object]]

    def ok(self) -> dict[str, Any]:
        """The data of a result that must have no errors."""
        assert self.errors == [], self.errors
        assert self.data is not None
        return self.data


async def run_query(
    engine: AsyncEngine, query: str, variables: dict[str, object] | None = None
) -> GraphQLResult:
    result = await schema.execute(query, variable_values=variables, context_value=Context(engine))
    return GraphQLResult(
        data=result.data,
        errors=[error.formatted for error in result.errors or []],  # type: ignore[misc]
    )


@contextlib.asynccontextmanager
async def client_of(app: Starlette, *, lifespan: bool = True) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of ``app`` in process. With ``lifespan`` the app is started first
    as uvicorn starts it (the release watch, the caches) and stopped after the client;
    without, it serves as under an ASGI server that runs no lifespan."""
    async with contextlib.AsyncExitStack() as stack:
        if lifespan:
            await stack.enter_async_context(app.router.lifespan_context(app))
        transport = httpx.ASGITransport(app=app)
        yield await stack.enter_async_context(
            httpx.AsyncClient(transport=transport, base_url="http://genegraph.test")
        )


class AppClient(Protocol):
    """What the ``app_client`` fixture hands a test."""

    def __call__(
        self, engine: AsyncEngine, settings: ServerSettings | None = None, *, lifespan: bool = True
    ) -> contextlib.AbstractAsyncContextManager[httpx.AsyncClient]: ...


@pytest.fixture
def app_client() -> AppClient:
    """Makes clients of new apps, as Starlette's ``test_client_factory``:
    ``async with app_client(engine, settings) as client`` is a client of
    ``create_app(engine, settings)`` (settings None: from the environment), in process;
    ``lifespan`` as for ``client_of``."""

    def make(
        engine: AsyncEngine, settings: ServerSettings | None = None, *, lifespan: bool = True
    ) -> contextlib.AbstractAsyncContextManager[httpx.AsyncClient]:
        return client_of(create_app(engine, settings), lifespan=lifespan)

    return make


@pytest.fixture
async def client(engine: AsyncEngine, app_client: AppClient) -> AsyncIterator[httpx.AsyncClient]:
    """The app, in process, over a database holding the seed page."""
    await load(engine, [Source(SEED_PAGE)])
    async with app_client(engine, lifespan=False) as client:
        yield client


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def loaded_kit(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LoadedKit]:
    """The real-data kit on each backend, loaded once per test run whatever the number of
    xdist workers, in a copy of this process's own (see tests/helpers/kit.py); tests only
    read it."""
    # Imported here: tests.helpers.kit imports this module.
    from tests.helpers.kit import kit_copy

    with kit_copy(request, tmp_path_factory.mktemp("kit")) as kit:
        yield kit


@pytest.fixture(scope="session")
def il2_graphql(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A running `genegraph serve` whose IL2 card has NCBI ids, shared by the client and
    federation tests (see tests/helpers/client_tools.py); its GraphQL URL."""
    # Imported here: tests.helpers.client_tools imports this module.
    from tests.helpers.client_tools import il2_server

    yield from il2_server(tmp_path_factory.mktemp("clients"))
