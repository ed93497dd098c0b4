"""Requests while a new release is switched in, on each backend: each answer is from one
release or the other, never a mix, and never an error (genegraph/server/one_release.py);
it names that release in `extensions.release`, and one that expected the other release
is refused (genegraph/server/expected_release.py).

The deterministic case loads the next release, in another process, between two
statements of one request: after the GO term is read and before its ancestors are (the
request's only closure read, so no statement of this process holds the closure the load
swaps while the hook blocks the event loop). The term's name, the gene's name and its
annotations all differ between the releases, so an answer that mixes them is seen. Then
requests run in a loop while a load runs."""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette

from genegraph.db.ingest.release import Source, load
from genegraph.server.app import create_app
from genegraph.settings import RESPONSE_CACHE_ENV, TIMEOUT_ENV, server_settings
from tests.conftest import FIXTURES, SEED_PAGE, Database, client_of
from tests.helpers.servers import GENEGRAPH
from tests.helpers.sources import GENE2GO, OBO, write

GENE_INFO = FIXTURES / "gene_info_il2.tsv"
SECOND_NAME = "interleukin 2 (second release)"
SERVED = 2  # the release the client fixture loads
SECOND_TERM = "positive regulation of immune response (second release)"
ANCESTORS = {"GO:0008150", "GO:0050776"}
Outcome = TypeVar("Outcome")
# The term's ancestors read the closure, which the next release swaps for a new table.
CARD = """{ currentRelease { number }
            gene(symbol: "IL2") { name annotations { source } }
            goTerm(id: "GO:0050778") { name ancestors { id } } }"""


def second_release(folder: Path) -> list[str]:
    """Files of a next release: IL2 and a term renamed (so a new closure too), and gene2go
    annotations IL2 had none of."""
    genes = GENE_INFO.read_text().replace("\tinterleukin 2\t", f"\t{SECOND_NAME}\t", 1)
    ontology = OBO.replace("name: positive regulation of immune response", f"name: {SECOND_TERM}")
    return [
        str(write(folder, "go-2.obo", ontology)),
        str(write(folder, "gene_info", genes)),
        str(write(folder, "gene2go", GENE2GO)),
    ]


def release_of(data: dict[str, Any]) -> int:
    """Which release an answer is from, by what it holds; fails on a mix."""
    gene = data["gene"]
    renamed = gene["name"] == SECOND_NAME
    annotated = "NCBI gene2go" in {a["source"] for a in gene["annotations"]}
    term_renamed = data["goTerm"]["name"] == SECOND_TERM
    number: int = data["currentRelease"]["number"]
    newer = number > SERVED
    assert renamed == annotated == term_renamed == newer, f"an answer mixing releases: {data}"
    # The same in both releases; none would mean a closure read while it was swapped.
    assert {a["id"] for a in data["goTerm"]["ancestors"]} == ANCESTORS, data
    return number


async def served_app(engine: AsyncEngine, tmp_path: Path) -> Starlette:
    await load(engine, [Source(write(tmp_path, "go.obo", OBO)), Source(GENE_INFO)])
    await load(engine, [Source(SEED_PAGE)])  # the same genes, annotated
    # No response cache: each request is executed. A request of these tests waits for a
    # `genegraph load` subprocess, which can outlast the default 10 s limit on a busy machine.
    return create_app(engine, server_settings({RESPONSE_CACHE_ENV: "off", TIMEOUT_ENV: "120"}))


@pytest.fixture
async def client(engine: AsyncEngine, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    # With its lifespan, as uvicorn runs it: the release watch started.
    async with client_of(await served_app(engine, tmp_path)) as http:
        yield http


@pytest.fixture
async def unwatched_client(engine: AsyncEngine, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """The app without its lifespan: the release watch knows no release, as before it
    first reads one or while the database has not answered it for two intervals."""
    async with client_of(await served_app(engine, tmp_path), lifespan=False) as http:
        yield http


async def ask(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": CARD})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    # The release the answer names is the one its statements read.
    assert body["extensions"]["release"]["number"] == data["currentRelease"]["number"], body
    return data


async def test_a_release_committed_between_two_statements_is_not_mixed_in(
    client: httpx.AsyncClient, engine: AsyncEngine, database: Database, tmp_path: Path
) -> None:
    assert await asked_while_a_load_commits(client, engine, database, tmp_path) > SERVED


async def test_not_mixed_in_while_the_release_watch_knows_no_release(
    unwatched_client: httpx.AsyncClient, engine: AsyncEngine, database: Database, tmp_path: Path
) -> None:
    answer = await asked_while_a_load_commits(unwatched_client, engine, database, tmp_path)
    assert answer > SERVED


async def test_a_release_committed_between_two_statements_refuses_its_expectation(
    client: httpx.AsyncClient, engine: AsyncEngine, database: Database, tmp_path: Path
) -> None:
    assert release_of(await ask(client)) == SERVED
    expecting = {"query": CARD, "extensions": {"expectRelease": SERVED}}
    response = await while_a_load_commits(
        client.post("/graphql", json=expecting), engine, database, tmp_path
    )
    assert response.status_code == 409, response.text
    [error] = response.json()["errors"]
    assert error["extensions"] == {
        "code": "RELEASE_CHANGED",
        "expectedRelease": SERVED,
        "servingRelease": SERVED + 1,
    }


async def asked_while_a_load_commits(
    client: httpx.AsyncClient, engine: AsyncEngine, database: Database, tmp_path: Path
) -> int:
    """The release of an answer to a request between whose statements the next release
    is loaded and committed (fails on an answer mixing the two)."""
    assert release_of(await ask(client)) == SERVED
    answer = await while_a_load_commits(ask(client), engine, database, tmp_path)
    return release_of(answer)  # newer: the request ran again, on the new release only


async def while_a_load_commits(
    request: Awaitable[Outcome], engine: AsyncEngine, database: Database, tmp_path: Path
) -> Outcome:
    """``request``'s outcome when the next release is loaded and committed between its
    statements: after it reads its gene, before it reads the gene's annotations."""
    files = second_release(tmp_path)
    loads: list[subprocess.CompletedProcess[str]] = []

    def load_before_ancestors(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        # Blocks this process's event loop while the other one loads and commits: the
        # request has read its term, and reads its ancestors once this returns. Not before
        # another statement: the request's closure read, sent concurrently and unfinished
        # while the loop is blocked, would hold the lock the load's closure swap waits for.
        if "go_term_closure" in statement and not loads:
            command = [GENEGRAPH, "load", *files, "--database-url", database.url]
            loads.append(subprocess.run(command, capture_output=True, text=True, timeout=120))

    event.listen(engine.sync_engine, "before_cursor_execute", load_before_ancestors)
    try:
        outcome = await request
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", load_before_ancestors)
    assert len(loads) == 1 and loads[0].returncode == 0, loads and loads[0].stderr
    return outcome


async def test_requests_during_a_load_see_one_release(
    client: httpx.AsyncClient, database: Database, tmp_path: Path
) -> None:
    loading = await asyncio.create_subprocess_exec(
        GENEGRAPH,
        "load",
        *second_release(tmp_path),
        "--database-url",
        database.url,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    seen: list[int] = []

    async def keep_asking() -> None:
        while loading.returncode is None:
            seen.append(release_of(await ask(client)))

    tasks = [asyncio.create_task(keep_asking()) for _ in range(4)]
    _, stderr = await loading.communicate()
    await asyncio.gather(*tasks)
    assert loading.returncode == 0, stderr
    seen.append(release_of(await ask(client)))
    assert seen[0] == SERVED and seen[-1] > SERVED
