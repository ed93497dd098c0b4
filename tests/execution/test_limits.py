"""Safety limits: each refuses with QUERY_TOO_COMPLEX (TIMEOUT, 413) and a message naming
the limit, the value and the maximum, before any SQL runs; the defaults let the README's
queries and GraphiQL through; every limit, CORS and introspection are configurable."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import hypothesis
import pytest
import strawberry
from graphql import GraphQLSyntaxError, TokenKind, get_introspection_query, parse
from graphql import Source as GraphQLSource
from graphql.language import Lexer
from hypothesis import strategies as st
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema import schema as strawberry_schema_module

from genegraph.db.ingest.release import Source, load
from genegraph.execution.limits import DEFAULT_LIMITS, Limits
from genegraph.execution.limits.document import token_count
from genegraph.execution.limits.extensions import limit_extensions
from genegraph.execution.limits.query_shape import ShapeReader
from genegraph.server.graphiql import EXAMPLE_QUERY
from genegraph.settings import ServerSettings, server_settings
from tests.conftest import REPO, SEED_PAGE, AppClient, StatementLog

Client = Callable[..., Awaitable[httpx.AsyncClient]]

# The IL2 card's cost, counted by hand: gene 1; id, symbol, name, summary 4; species 1 +
# scientificName 1; goTerms 1 + 50 x (id, name, category 3); orthologs 1 + 10 x (source 1
# + gene 1 + symbol 1 + species 2).
CARD_COST = 1 + 4 + 2 + (1 + 50 * 3) + (1 + 10 * 5)
RECURSIVE = '{ gene(symbol: "IL2") { orthologs { gene { orthologs { gene { symbol } } } } } }'


def readme_queries() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```graphql\n(.*?)```", readme, flags=re.DOTALL)


@pytest.fixture
async def seeded(engine: AsyncEngine) -> AsyncEngine:
    await load(engine, [Source(SEED_PAGE)])
    return engine


@pytest.fixture
async def client_for(seeded: AsyncEngine, app_client: AppClient) -> AsyncIterator[Client]:
    """Makes clients of an app over the seeded database with the given server settings."""
    async with contextlib.AsyncExitStack() as clients:

        async def make(server: ServerSettings | None = None, **limits: Any) -> httpx.AsyncClient:
            if server is None:
                server = ServerSettings(limits=Limits(**limits))
            return await clients.enter_async_context(app_client(seeded, server, lifespan=False))

        yield make


async def post(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def refusal(body: dict[str, Any], limit: str) -> dict[str, Any]:
    """The one error of a refused request, checked to be the ``limit`` refusal."""
    assert "data" not in body, body  # refused before execution: a request error
    [error] = body["errors"]
    extensions: dict[str, Any] = error["extensions"]
    assert extensions["code"] == "QUERY_TOO_COMPLEX", error
    assert extensions["limit"] == limit, error
    return error  # type: ignore[no-any-return]


# -- the defaults ----------------------------------------------------------------------


def test_the_readme_has_queries_to_check() -> None:
    assert len(readme_queries()) >= 3


async def test_defaults_accept_the_readme_queries_and_graphiql(client_for: Client) -> None:
    client = await client_for(ServerSettings())
    for query in [*readme_queries(), EXAMPLE_QUERY]:
        body = await post(client, query)
        # No limit refuses them. Some name data this small database lacks (a species not
        # loaded, which the README shows on purpose; the kit's GO terms): answered as such.
        errors = body.get("errors", [])
        assert all(e["extensions"] == {"code": "BAD_USER_INPUT"} for e in errors), (query, body)
    il2 = (await post(client, readme_queries()[0]))["data"]["gene"]
    assert len(il2["goTerms"]) == 28
    assert len(il2["orthologs"]) == 2
    # GraphiQL's own first request: the full introspection query.
    introspection = get_introspection_query(
        descriptions=True, input_value_deprecation=True, specified_by_url=True
    )
    body = await post(client, introspection)
    assert "errors" not in body
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_default_settings_are_the_default_limits() -> None:
    assert server_settings({}) == ServerSettings()
    assert ServerSettings().limits == DEFAULT_LIMITS


# -- each limit ------------------------------------------------------------------------


async def test_recursive_orthologs_are_refused_before_any_sql(
    client_for: Client, statements: StatementLog
) -> None:
    client = await client_for(ServerSettings())
    statements.clear()
    error = refusal(await post(client, RECURSIVE), "listNesting")
    assert statements.statements == []
    assert error["extensions"]["value"] == 2
    assert error["extensions"]["maximum"] == 1
    message = error["message"]
    assert "Gene.orthologs is selected inside itself" in message
    assert "gene.orthologs.gene.orthologs" in message


async def test_list_nesting_is_configurable(client_for: Client) -> None:
    client = await client_for(max_list_nesting=2)
    body = await post(client, RECURSIVE)
    assert "errors" not in body
    mouse = body["data"]["gene"]["orthologs"][0]["gene"]
    assert {o["gene"]["symbol"] for o in mouse["orthologs"]} >= {"IL2"}
    deeper = RECURSIVE.replace("{ symbol }", "{ orthologs { source } }")
    assert refusal(await post(client, deeper), "listNesting")["extensions"]["value"] == 3


async def test_depth(client_for: Client, statements: StatementLog) -> None:
    client = await client_for(max_depth=3)
    assert "errors" not in await post(client, '{ gene(symbol: "IL2") { species { id } } }')
    statements.clear()
    error = refusal(
        await post(client, '{ gene(symbol: "IL2") { orthologs { gene { symbol } } } }'), "depth"
    )
    assert statements.statements == []
    assert (error["extensions"]["value"], error["extensions"]["maximum"]) == (4, 3)
    assert "4 fields deep (gene.orthologs.gene.symbol)" in error["message"]
    assert "maximum depth is 3" in error["message"]


async def test_cost(client_for: Client, statements: StatementLog) -> None:
    assert "errors" not in await post(await client_for(max_cost=CARD_COST), EXAMPLE_QUERY)
    client = await client_for(max_cost=CARD_COST - 1)
    statements.clear()
    error = refusal(await post(client, EXAMPLE_QUERY), "cost")
    assert statements.statements == []
    assert error["extensions"]["value"] == CARD_COST
    assert f"estimated cost is {CARD_COST}; the maximum is {CARD_COST - 1}" in error["message"]
    assert "Gene.goTerms 50" in error["message"]  # says how lists are counted


async def test_aliases(client_for: Client) -> None:
    client = await client_for(max_aliases=2)
    three = '{ a: gene(symbol: "IL2") { id } b: gene(symbol: "IL2") { s: symbol } }'
    assert "errors" not in await post(client, three.replace("s: symbol", "symbol"))
    error = refusal(await post(client, three), "aliases")
    assert "uses 3 aliases; the maximum is 2" in error["message"]


async def test_tokens(client_for: Client) -> None:
    client = await client_for(max_tokens=20)
    assert "errors" not in await post(client, '{ gene(symbol: "IL2") { id } }')
    error = refusal(await post(client, EXAMPLE_QUERY), "tokens")
    assert error["extensions"]["maximum"] == 20
    assert "more than 20 tokens" in error["message"]
    assert "variables" in error["message"]  # what to do about it


async def test_tokens_are_counted_before_parsing(client_for: Client) -> None:
    """Over the limit is refused before parsing (about 100 ms of Python at 5,000 tokens):
    this document is not GraphQL from its first character, yet the answer is the token
    limit's, not the parser's syntax error."""
    client = await client_for(max_tokens=20)
    refusal(await post(client, "} " + "id " * 30), "tokens")
    assert "Syntax Error" in (await post(client, "} " + "id " * 10))["errors"][0]["message"]


# What the token count is tried on: GraphQL's lexical pieces, and pieces of them.
LEXICAL_PIECES = [
    *'{}()[]:!$@=|&.,"#\n\r\t -_+aeE019',
    "...",
    '"""',
    '\\"""',
    "\\",
    '\\"',
    "query",
    "_x1",
    "12",
    "-3",
    "1.5",
    "2e10",
    "# c\n",
]


@hypothesis.settings(max_examples=2_000, deadline=None, derandomize=True, database=None)
@hypothesis.given(st.lists(st.sampled_from(LEXICAL_PIECES), max_size=60).map("".join))
def test_the_token_count_is_the_lexers(document: str) -> None:
    """On every text graphql-core's lexer reads whole, ``token_count`` finds the tokens
    it does, comments included (what ``max_tokens`` counts)."""
    lexer = Lexer(GraphQLSource(document))
    try:
        while lexer.advance().kind is not TokenKind.EOF:
            pass
    except GraphQLSyntaxError:
        hypothesis.assume(False)
    tokens = 0
    token = lexer.token.prev  # EOF's previous token, through to SOF
    while token is not None and token.kind is not TokenKind.SOF:
        tokens += 1
        token = token.prev
    assert token_count(document) == tokens


def test_the_token_count_is_the_parsers_on_real_documents() -> None:
    for document in [*readme_queries(), EXAMPLE_QUERY, get_introspection_query(True)]:
        assert token_count(document) == parse(document).token_count


async def test_document_size(client_for: Client) -> None:
    client = await client_for(max_document_size=100)
    error = refusal(await post(client, EXAMPLE_QUERY), "documentSize")
    assert error["extensions"]["value"] == len(EXAMPLE_QUERY)
    assert f"{len(EXAMPLE_QUERY)} characters long; the maximum is 100" in error["message"]


async def test_timeout(client_for: Client, seeded: AsyncEngine) -> None:
    def slow_statement(*args: object) -> None:
        time.sleep(0.5)  # blocks the driver's thread; the timeout is far shorter

    client = await client_for(timeout_seconds=0.05)
    event.listen(seeded.sync_engine, "before_cursor_execute", slow_statement)
    try:
        response = await client.post("/graphql", json={"query": EXAMPLE_QUERY})
    finally:
        event.remove(seeded.sync_engine, "before_cursor_execute", slow_statement)
    body = response.json()
    assert response.status_code == 200
    assert body["data"] is None  # execution had begun: data stays, null
    [error] = body["errors"]
    assert error["extensions"]["code"] == "TIMEOUT"
    assert error["extensions"]["maximum"] == 0.05
    assert "longer than 0.05 s" in error["message"]
    # The server goes on answering. On a busy machine a plain query can itself outrun
    # 0.05 s, so a TIMEOUT is tried again; any other error, or no answer, fails.
    for _ in range(10):
        answer = await post(client, '{ gene(symbol: "IL2") { id } }')
        codes = [e["extensions"]["code"] for e in answer.get("errors", [])]
        if codes != ["TIMEOUT"]:
            break
    assert set(answer) == {"data", "extensions"}  # (asking the stamp could itself time out)
    assert answer["data"] == {"gene": {"id": "GeneSymbol:9606/IL2"}}
    assert answer["extensions"]["release"]["number"] == 1


async def test_request_body_size(client_for: Client) -> None:
    client = await client_for(ServerSettings(max_body_bytes=1_000))
    small = await client.post("/graphql", json={"query": EXAMPLE_QUERY})
    assert small.status_code == 200
    padded = {"query": EXAMPLE_QUERY, "variables": {"pad": "x" * 2_000}}
    large = await client.post("/graphql", json=padded)
    assert large.status_code == 413
    [error] = large.json()["errors"]
    assert error["extensions"] == {"code": "PAYLOAD_TOO_LARGE", "maximum": 1_000}
    assert "larger than the maximum of 1,000 bytes" in error["message"]

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it comes
        yield b'{"query": "{ __typename }", "variables": {"pad": "'
        for _ in range(20):
            yield b"x" * 100
        yield b'"}}'

    chunked = await client.post(
        "/graphql", content=chunks(), headers={"content-type": "application/json"}
    )
    assert chunked.status_code == 413


async def test_arrays_of_operations_are_refused(client_for: Client) -> None:
    client = await client_for(ServerSettings())
    batch = [{"query": "{ __typename }"}, {"query": "{ __typename }"}]
    response = await client.post("/graphql", json=batch)
    assert response.status_code == 400
    assert "Batching is not enabled" in response.text


# -- configuration ---------------------------------------------------------------------


def test_settings_come_from_the_environment() -> None:
    settings = server_settings(
        {
            "GENEGRAPH_MAX_DEPTH": "4",
            "GENEGRAPH_MAX_COST": "2_000",
            "GENEGRAPH_MAX_ALIASES": "3",
            "GENEGRAPH_MAX_TOKENS": "300",
            "GENEGRAPH_MAX_DOCUMENT_SIZE": "900",
            "GENEGRAPH_MAX_LIST_NESTING": "2",
            "GENEGRAPH_TIMEOUT": "2.5",
            "GENEGRAPH_MAX_BODY_BYTES": "4096",
            "GENEGRAPH_INTROSPECTION": "off",
            "GENEGRAPH_CORS_ORIGINS": "https://a.example.org, https://b.example.org",
            "GENEGRAPH_MAX_DOWNLOADS": "2",
            "GENEGRAPH_DOWNLOAD_STALL_SECONDS": "7.5",
        }
    )
    assert settings == ServerSettings(
        limits=Limits(4, 2_000, 3, 300, 900, 2, 2.5),
        max_body_bytes=4096,
        introspection=False,
        cors_origins=("https://a.example.org", "https://b.example.org"),
        max_downloads=2,
        download_stall_seconds=7.5,
    )


@pytest.mark.parametrize(
    ("variable", "value", "words"),
    [
        ("GENEGRAPH_MAX_DEPTH", "ten", "GENEGRAPH_MAX_DEPTH must be a positive whole number"),
        ("GENEGRAPH_MAX_COST", "0", "GENEGRAPH_MAX_COST must be a positive whole number"),
        ("GENEGRAPH_TIMEOUT", "-1", "GENEGRAPH_TIMEOUT must be a positive number of seconds"),
        ("GENEGRAPH_INTROSPECTION", "maybe", "GENEGRAPH_INTROSPECTION must be on or off"),
        ("GENEGRAPH_MAX_DOWNLOADS", "0", "GENEGRAPH_MAX_DOWNLOADS must be a positive whole"),
        (
            "GENEGRAPH_DOWNLOAD_STALL_SECONDS",
            "never",
            "GENEGRAPH_DOWNLOAD_STALL_SECONDS must be a positive number of seconds",
        ),
    ],
)
def test_bad_settings_name_the_variable(variable: str, value: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        server_settings({variable: value})


async def test_the_app_reads_its_limits_from_the_environment(
    seeded: AsyncEngine, monkeypatch: pytest.MonkeyPatch, app_client: AppClient
) -> None:
    monkeypatch.setenv("GENEGRAPH_MAX_DEPTH", "2")
    async with app_client(seeded, lifespan=False) as client:
        assert "errors" not in await post(client, '{ gene(symbol: "IL2") { id } }')
        error = refusal(await post(client, EXAMPLE_QUERY), "depth")
    assert error["extensions"]["maximum"] == 2


async def test_introspection_can_be_turned_off(client_for: Client) -> None:
    client = await client_for(ServerSettings(introspection=False))
    body = await post(client, "{ __schema { types { name } } }")
    assert "data" not in body
    assert "introspection has been disabled" in body["errors"][0]["message"]
    assert "errors" not in await post(client, '{ gene(symbol: "IL2") { __typename id } }')
    opened = await post(await client_for(ServerSettings()), "{ __schema { types { name } } }")
    assert "errors" not in opened


async def test_cors_origins(client_for: Client) -> None:
    origin = "https://app.example.org"
    client = await client_for(ServerSettings(cors_origins=(origin,)))
    preflight = await client.options(
        "/graphql",
        headers={
            "origin": origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == origin
    assert "POST" in preflight.headers["access-control-allow-methods"]
    answer = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"origin": origin}
    )
    assert answer.headers["access-control-allow-origin"] == origin
    other = await client.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"origin": "https://evil.example"}
    )
    assert "access-control-allow-origin" not in other.headers

    closed = await client_for(ServerSettings())
    default = await closed.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"origin": origin}
    )
    assert "access-control-allow-origin" not in default.headers


# -- the cost model, on a schema of its own ------------------------------------------------


@strawberry.type
class Item:
    id: int

    @strawberry.field
    def parts(self) -> list[Item]:
        return []


@strawberry.type
class ItemEdge:
    node: Item


@strawberry.type
class ItemConnection:
    edges: list[ItemEdge]

    @strawberry.field
    def nodes(self) -> list[Item]:
        return []


@strawberry.type
class ToyQuery:
    @strawberry.field
    def items(
        self, ids: list[strawberry.ID] | None = None, symbols: list[str] | None = None
    ) -> list[Item]:
        return []

    @strawberry.field
    def page(self, first: int | None = None) -> ItemConnection:
        return ItemConnection(edges=[])

    @strawberry.field
    async def forever(self) -> int:
        await asyncio.Event().wait()  # never set: only the timeout ends this
        return 0


def toy_schema(limits: Limits) -> strawberry.Schema:
    return strawberry.Schema(
        query=ToyQuery,
        extensions=[*limit_extensions(limits, introspection=True), ParserCache, ValidationCache],
    )


# max_cost 1 refuses every query here, and the refusal says what the query cost.
PRICED = toy_schema(Limits(max_cost=1))


async def cost_of(query: str, variables: dict[str, Any] | None = None) -> int:
    result = await PRICED.execute(query, variable_values=variables)
    [error] = result.errors or []
    assert error.extensions is not None, error
    value: int = error.extensions["value"]
    return value


@pytest.mark.parametrize(
    ("query", "variables", "cost"),
    [
        ("{ items { id } }", None, 1 + 10 * 1),  # no batch argument: the default weight
        ('{ items(ids: ["a", "b", "c"]) { id } }', None, 1 + 3 * 1),
        ('{ items(ids: ["a"], symbols: ["b", "c"]) { id parts { id } } }', None, 1 + 3 * 12),
        ("query ($i: [ID!]) { items(ids: $i) { id } }", {"i": list("abcde")}, 1 + 5),
        ("query ($i: [ID!]) { items(ids: $i) { id } }", {"i": "a"}, 1 + 1),
        ("{ page(first: 7) { edges { node { id } } } }", None, 1 + 7 * (1 + 1 * (1 + 1))),
        ("query ($n: Int) { page(first: $n) { nodes { id } } }", {"n": 4}, 1 + 4 * 2),
        ("query ($n: Int) { page(first: $n) { nodes { id } } }", None, 1 + 50 * 2),
        ("query ($n: Int = 3) { page(first: $n) { nodes { id } } }", None, 1 + 3 * 2),
        ("query ($n: Int) { page(first: $n) { nodes { id } } }", {"n": 10**6}, 1 + 2 * 10**6),
        (
            "{ page { nodes { ...P } } } fragment P on Item { parts { id } }",
            None,
            1 + 50 * (1 + 1 * (1 + 10)),
        ),
    ],
)
async def test_cost_counts_pages_batches_and_variables(
    query: str, variables: dict[str, Any] | None, cost: int
) -> None:
    assert await cost_of(query, variables) == cost


async def test_fragments_spread_many_times_are_measured_once() -> None:
    # Each fragment spreads the next ten times: 10^8 paths if walked naively.
    fragments = " ".join(
        f"fragment F{i} on Item {{ id {' '.join(f'...F{i + 1}' for _ in range(10))} }}"
        for i in range(8)
    )
    query = "{ items { ...F0 } } " + fragments + " fragment F8 on Item { id }"
    assert await cost_of(query) > 10**8


async def test_timeout_on_its_own_schema() -> None:
    result = await toy_schema(Limits(timeout_seconds=0.05)).execute("{ forever }")
    [error] = result.errors or []
    assert error.extensions == {"code": "TIMEOUT", "limit": "timeout", "maximum": 0.05}
    assert asyncio.current_task().cancelling() == 0  # type: ignore[union-attr]


async def test_a_repeated_document_is_measured_and_validated_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The limits keep validation cached: the rule's classes are the same from request
    to request, and the document's shape is read once, whatever its variables."""
    reads: list[object] = []
    validations: list[object] = []
    read, validate = ShapeReader.read, strawberry_schema_module.validate  # type: ignore[attr-defined]

    def counting_read(self: ShapeReader, definitions: Any) -> Any:
        reads.append(definitions)
        return read(self, definitions)

    def counting_validate(*args: Any, **kwargs: Any) -> Any:
        validations.append(args)
        return validate(*args, **kwargs)

    monkeypatch.setattr(ShapeReader, "read", counting_read)
    monkeypatch.setattr(strawberry_schema_module, "validate", counting_validate)
    schema = toy_schema(Limits())
    query = "query ($n: Int) { page(first: $n) { nodes { id } } }"
    for n in (1, 2, 3):
        result = await schema.execute(query, variable_values={"n": n})
        assert result.errors is None
    assert (len(reads), len(validations)) == (1, 1)
    refused = await schema.execute(query, variable_values={"n": 10**6})
    assert refused.errors is not None  # the cost is still evaluated per request
    assert (len(reads), len(validations)) == (1, 1)
