"""SQL injection: every String and ID argument of the schema, found by walking the schema
(so arguments added later are covered), is sent injection payloads over HTTP, on each
backend. No request may answer 5xx or carry an error without an ``extensions.code`` (an
unhandled exception), the tables are unchanged afterwards, and LIKE/GLOB/FTS
metacharacters are matched literally.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLArgument,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    get_named_type,
)
from graphql.pyutils import Undefined
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.models import Gene, GeneAlias, GOAnnotation, GOTerm, Orthology, Release, Species
from genegraph.schema.root import schema
from tests.conftest import table_counts

TABLES = (Species, Gene, GeneAlias, GOTerm, GOAnnotation, Orthology, Release)
PAYLOADS = [
    "'",
    '"',
    "' OR '1'='1",
    "IL2' OR 1=1 --",
    "'; DROP TABLE genes; --",
    '"; DROP TABLE genes; --',
    "%",
    "_",
    "*",
    "?",
    "[A-Z]*",
    "IL%",
    "I_2",
    "\\",
    "\\%",
    'IL2" OR "a',  # FTS5 phrase syntax
    "NEAR(IL2 interleukin)",
    "IL2 AND NOT x",
    "^IL2",
    "{symbol}: IL2",
    "a & b | !c",  # tsquery syntax
    "a:*",
    "a <-> b",
    "A" * 10_000,
    "𝔊é\u202e",
]
# PostgreSQL cannot hold NUL in text: see test_nul_bytes_are_bad_user_input.
NUL_PAYLOADS = ["\x00", "IL2\x00' OR 1=1"]
# Where each object type is first reached from the root, with arguments that find data.
ENTRY = {"Gene": 'gene(symbol: "IL2")', "GOTerm": 'goTerm(id: "GO:0006955")'}
FILLER = {"Int": "9606", "Boolean": "false", "ID": '"NCBIGene:3558"', "String": '"IL2"'}


@dataclass(frozen=True)
class Target:
    """One string argument: the query that reaches it and the variable's type."""

    where: str
    query: str

    def __str__(self) -> str:
        return self.where


def _filler(argument: GraphQLArgument) -> str | None:
    """A value for a required argument the target does not test (None: leave it out)."""
    if not isinstance(argument.type, GraphQLNonNull) or argument.default_value is not Undefined:
        return None
    inner = argument.type.of_type
    if isinstance(inner, GraphQLList):
        return f"[{FILLER[get_named_type(inner).name]}]"
    return FILLER[get_named_type(inner).name]


def _is_string(argument: GraphQLArgument) -> bool:
    named = get_named_type(argument.type)
    return isinstance(named, GraphQLScalarType) and named.name in ("String", "ID")


def _selection(field: GraphQLField) -> str:
    return "" if isinstance(get_named_type(field.type), GraphQLScalarType) else " { __typename }"


def string_arguments() -> list[Target]:
    root = schema._schema.query_type
    assert root is not None
    paths: dict[str, list[str]] = {"Query": []}
    queue: list[GraphQLObjectType] = [root]
    targets = []
    while queue:
        owner = queue.pop(0)
        prefix = paths[owner.name]
        for name, field in owner.fields.items():
            if name.startswith("_"):
                continue  # federation's _entities/_service take representations, not text
            for arg_name, argument in field.args.items():
                if not _is_string(argument):
                    continue
                args = [f"{arg_name}: $p"] + [
                    f"{other}: {value}"
                    for other, value in (
                        (o, _filler(a)) for o, a in field.args.items() if o != arg_name
                    )
                    if value is not None
                ]
                variable = str(argument.type)
                body = f"{name}({', '.join(args)}){_selection(field)}"
                query = f"query($p: {variable}) {{ {_wrap(prefix, body)} }}"
                targets.append(Target(f"{owner.name}.{name}({arg_name})", query))
            child = get_named_type(field.type)
            if isinstance(child, GraphQLObjectType) and child.name not in paths:
                entry = ENTRY.get(child.name) if owner is root else None
                if (
                    owner is root
                    and entry is None
                    and any(isinstance(a.type, GraphQLNonNull) for a in field.args.values())
                ):
                    continue
                step = entry or (name if not field.args else None)
                if step is None and any(_filler(a) for a in field.args.values()):
                    continue
                paths[child.name] = [*prefix, step or name]
                queue.append(child)
    return targets


def _wrap(prefix: list[str], body: str) -> str:
    for step in reversed(prefix):
        body = f"{step} {{ {body} }}"
    return body


TARGETS = string_arguments()


def test_the_walk_finds_the_string_arguments() -> None:
    found = {str(t) for t in TARGETS}
    assert {
        "Query.gene(symbol)",
        "Query.gene(id)",
        "Query.gene(alias)",
        "Query.genes(symbols)",
        "Query.search(query)",
        "Query.goTerms(search)",
        "Gene.orthologs(species)",
        "GOTerm.genes(evidence)",
    } <= found
    assert len(found) >= 20


async def post(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> Any:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code < 500, response.text
    return response.json()


def value_for(target: Target, payload: str) -> Any:
    return [payload] if "($p: [" in target.query else payload


async def unhandled_errors(
    client: httpx.AsyncClient, payloads: list[str]
) -> tuple[int, list[tuple[str, str, str]]]:
    """Requests sent, and the errors that carry no code (unhandled exceptions)."""
    unhandled = []
    requests = 0
    for target in TARGETS:
        for payload in payloads:
            answer = await post(client, target.query, {"p": value_for(target, payload)})
            requests += 1
            for error in answer.get("errors", []):
                if not (error.get("extensions") or {}).get("code"):
                    unhandled.append((str(target), payload[:40], error["message"][:200]))
    return requests, unhandled


async def test_every_string_argument_takes_injection_payloads(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    before = await table_counts(engine, TABLES)
    requests, unhandled = await unhandled_errors(client, PAYLOADS)
    assert unhandled == [], "\n".join(f"{t} {p!r}: {m[:60]}" for t, p, m in unhandled)
    assert requests == len(TARGETS) * len(PAYLOADS)
    assert await table_counts(engine, TABLES) == before


async def test_nul_bytes_are_bad_user_input(client: httpx.AsyncClient, engine: AsyncEngine) -> None:
    # PostgreSQL cannot hold NUL in text; schema/text_inputs.py refuses it before any
    # resolver, on both backends alike.
    before = await table_counts(engine, TABLES)
    requests, unhandled = await unhandled_errors(client, NUL_PAYLOADS)
    assert unhandled == [], "\n".join(f"{t} {p!r}: {m[:60]}" for t, p, m in unhandled)
    assert requests == len(TARGETS) * len(NUL_PAYLOADS)
    assert await table_counts(engine, TABLES) == before


@pytest.mark.parametrize("metacharacter", ["%", "_", "*", "?", "%%", "_%", "\\%", "[*]"])
async def test_pattern_metacharacters_match_nothing_in_searches(
    client: httpx.AsyncClient, metacharacter: str
) -> None:
    """Searches split text into words (so "IL*" is the word IL); a lone metacharacter is
    no word and must not become a wildcard that matches everything."""
    answer = await post(
        client,
        """query($q: String!) {
             search(query: $q) { totalCount }
             goTerms(search: $q) { totalCount } }""",
        {"q": metacharacter},
    )
    assert answer.get("errors") is None, answer
    assert answer["data"] == {"search": {"totalCount": 0}, "goTerms": {"totalCount": 0}}


@pytest.mark.parametrize("pattern", ["%", "_", "*", "I%", "I_2", "IL*", "IL?", "[I]L2", "il2"])
async def test_symbol_and_alias_lookups_are_literal(
    client: httpx.AsyncClient, pattern: str
) -> None:
    answer = await post(
        client,
        """query($q: String!) {
             gene(symbol: $q) { id }
             byAlias: gene(alias: $q) { id }
             genes(symbols: [$q], taxon: 9606) { gene { id } } }""",
        {"q": pattern},
    )
    assert answer.get("errors") is None, answer
    data = answer["data"]
    found = pattern.upper() == "IL2"  # symbols match whatever their case, nothing else
    assert (data["gene"] is not None) is found
    assert data["byAlias"] is None
    assert (data["genes"][0]["gene"] is not None) is found
    # The same search without the metacharacter finds the gene, so 0 above is not an accident.
    plain = await post(client, '{ search(query: "IL") { totalCount } }', {})
    assert plain["data"]["search"]["totalCount"] >= 1
