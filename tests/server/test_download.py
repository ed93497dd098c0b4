"""GET /download/annotations on a small release, on each backend: the files' shape, the
filters, the errors, the request log, chunked streaming, and one release per download
while a load commits midway (genegraph/server/download.py, genegraph/download/)."""

from __future__ import annotations

import asyncio
import io
import json
import subprocess
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import ColumnElement, func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.release import Source, load
from genegraph.db.models import Gene, GOAnnotation, GOTermClosure, Release
from genegraph.download import rows
from genegraph.middleware.head_timeout import CLIENT_TIMEOUT_ENV
from genegraph.middleware.rates import RateLimit
from genegraph.server.app import create_app
from genegraph.settings import (
    DOWNLOAD_STALL_ENV,
    MAX_DOWNLOADS_ENV,
    TIMEOUT_ENV,
    ServerSettings,
    server_settings,
)
from tests.conftest import FIXTURES, AppClient, Database, client_of
from tests.helpers.asgi_stream import stream_get
from tests.helpers.servers import GENEGRAPH
from tests.helpers.sources import GENE2GO, OBO, small_release, write

PATH = "/download/annotations"
GAF_COLUMNS = 17


@pytest.fixture
async def loaded(engine: AsyncEngine, tmp_path: Path) -> AsyncEngine:
    await load(engine, [Source(path) for path in small_release(tmp_path).values()])
    return engine


@pytest.fixture
async def client(loaded: AsyncEngine, app_client: AppClient) -> AsyncIterator[httpx.AsyncClient]:
    async with app_client(loaded, lifespan=False) as http:
        yield http


async def newest_release(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int(await conn.scalar(select(func.max(Release.pk))) or 0)


async def stored(
    engine: AsyncEngine, *where: ColumnElement[bool]
) -> Counter[tuple[int | None, str, str]]:
    """(GeneID, GO id, evidence) of the annotations ``where`` selects, counted."""
    statement = select(Gene.gene_id, GOAnnotation.go_id, GOAnnotation.evidence).join(
        Gene, Gene.pk == GOAnnotation.gene_pk
    )
    async with engine.connect() as conn:
        return Counter(tuple(row) for row in await conn.execute(statement.where(*where)))  # type: ignore[misc]


def gaf_rows(text: str) -> list[list[str]]:
    lines = [line for line in text.splitlines() if not line.startswith("!")]
    return [line.split("\t") for line in lines]


def gaf_keys(text: str) -> Counter[tuple[int | None, str, str]]:
    return Counter((int(r[1]), r[4], r[6]) for r in gaf_rows(text))


async def test_gaf_file_has_its_header_17_columns_and_every_annotation_of_the_taxon(
    client: httpx.AsyncClient, loaded: AsyncEngine
) -> None:
    response = await client.get(PATH, params={"taxon": "9606"})
    assert response.status_code == 200, response.text
    release = await newest_release(loaded)
    assert response.headers["content-disposition"] == (
        f'attachment; filename="genegraph-release-{release}-annotations.gaf"'
    )
    assert response.headers["content-type"].startswith("text/plain")
    header = [line for line in response.text.splitlines() if line.startswith("!")]
    assert header[0] == "!gaf-version: 2.2"
    assert any(line.startswith("!date-generated: 20") for line in header)
    assert any(line.startswith(f"!genegraph-release: {release} ") for line in header)
    found = gaf_rows(response.text)
    assert all(len(row) == GAF_COLUMNS for row in found)
    assert gaf_keys(response.text) == await stored(loaded, Gene.taxon_id == 9606)
    # NOT-qualified annotations are included, with GAF 2.2's relation.
    negated = [row for row in found if row[4] == "GO:0002376"]
    assert [(row[3], row[6], row[14]) for row in negated] == [("NOT|involved_in", "IDA", "UniProt")]
    assert {(row[0], row[12]) for row in found} == {("NCBIGene", "taxon:9606")}


async def test_tsv_file_has_a_header_row_and_the_stored_columns(
    client: httpx.AsyncClient, loaded: AsyncEngine
) -> None:
    response = await client.get(PATH, params={"taxon": "9606", "format": "tsv"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/tab-separated-values")
    assert response.headers["content-disposition"].endswith('-annotations.tsv"')
    header, *lines = response.text.splitlines()
    columns = header.split("\t")
    assert columns[:2] == ["gene", "symbol"] and "qualifier" in columns and "source" in columns
    found = [dict(zip(columns, line.split("\t"), strict=True)) for line in lines]
    keys = Counter(
        (int(row["gene"].removeprefix("NCBIGene:")), row["go_id"], row["evidence"]) for row in found
    )
    assert keys == await stored(loaded, Gene.taxon_id == 9606)
    # The qualifier as stored: gene2go's, with no relation added.
    assert {row["qualifier"] for row in found if row["source"] == "NCBI gene2go"} == {"", "enables"}


async def descendants_of(engine: AsyncEngine, go_id: str, with_regulates: bool) -> list[str]:
    statement = select(GOTermClosure.go_id).where(GOTermClosure.ancestor_id == go_id)
    if not with_regulates:
        statement = statement.where(GOTermClosure.via_regulates.is_(False))
    async with engine.connect() as conn:
        return list((await conn.execute(statement)).scalars())


@pytest.mark.parametrize("with_regulates", [False, True])
async def test_a_term_brings_its_descendants_and_regulates_only_when_asked(
    client: httpx.AsyncClient, loaded: AsyncEngine, with_regulates: bool
) -> None:
    params = {"term": "GO:0006955", "regulates": str(with_regulates).lower()}
    response = await client.get(PATH, params=params)
    assert response.status_code == 200, response.text
    below = await descendants_of(loaded, "GO:0006955", with_regulates)
    assert gaf_keys(response.text) == await stored(loaded, GOAnnotation.go_id.in_(below))
    # IL2's GAF annotation to "positive regulation of immune response".
    regulated = {row[4] for row in gaf_rows(response.text)} & {"GO:0050778"}
    assert bool(regulated) is with_regulates


async def test_an_alt_id_term_and_evidence_codes_filter(
    client: httpx.AsyncClient, loaded: AsyncEngine
) -> None:
    response = await client.get(PATH, params={"term": "GO:0006916", "evidence": "IDA,TAS"})
    assert response.status_code == 200, response.text
    expected = await stored(
        loaded, GOAnnotation.go_id == "GO:0043066", GOAnnotation.evidence.in_(["IDA", "TAS"])
    )
    assert expected and gaf_keys(response.text) == expected


async def test_an_empty_selection_is_a_file_with_its_header_only(
    client: httpx.AsyncClient, loaded: AsyncEngine
) -> None:
    assert not await stored(loaded, Gene.gene_id == 3558, GOAnnotation.evidence == "ND")
    response = await client.get(PATH, params={"genes": "NCBIGene:3558", "evidence": "ND"})
    assert response.status_code == 200, response.text
    assert response.text.startswith("!gaf-version: 2.2\n") and gaf_rows(response.text) == []
    tsv = await client.get(
        PATH, params={"genes": "NCBIGene:3558", "evidence": "ND", "format": "tsv"}
    )
    assert len(tsv.text.splitlines()) == 1


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("genes=NCBIGene:3558,NCBIGene:1", "unknown gene: NCBIGene:1"),
        ("genes=IL2", "'IL2' is not a gene id"),
        ("term=GO:123", "'GO:123' is not a GO term id"),
        ("term=GO:9999999", "unknown GO term: GO:9999999"),
        ("taxon=9606&format=xml", "unknown format 'xml'"),
        ("taxon=9606&evidence=IDA,XYZ", "unknown evidence code 'XYZ'"),
        ("taxon=4577", "unknown taxon: 4577"),
        ("taxon=martian", "unknown species 'martian'"),
        ("taxon=9606&regulates=maybe", "regulates must be true or false"),
        ("", "say which annotations to download"),
        ("gene=NCBIGene:3558", "unknown parameter 'gene'"),
    ],
)
async def test_bad_arguments_are_answered_400_naming_the_problem(
    client: httpx.AsyncClient, query: str, named: str
) -> None:
    response = await client.get(f"{PATH}?{query}")
    assert response.status_code == 400, response.text
    [error] = response.json()["errors"]
    assert named in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_download_is_logged(client: httpx.AsyncClient, log_lines: io.StringIO) -> None:
    response = await client.get(PATH, params={"genes": "NCBIGene:3558", "format": "tsv"})
    assert response.status_code == 200
    [line] = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    assert (line["path"], line["status"], line["operation"]) == (PATH, 200, "download tsv")
    assert line["sql_statements"] > 0


async def test_rows_are_sent_in_chunks_and_no_time_limit_cuts_a_slow_download(
    loaded: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client that takes longer than the request time limits to read the file still
    gets all of it, a chunk of rows at a time."""
    monkeypatch.setattr(rows, "ROWS_PER_CHUNK", 2)
    app = create_app(loaded, server_settings({TIMEOUT_ENV: "0.1", CLIENT_TIMEOUT_ENV: "0.1"}))
    received: list[bytes] = []

    async def slow_client(body: bytes) -> None:
        received.append(body)
        await asyncio.sleep(0.05)

    streamed = await stream_get(app, PATH, "taxon=9606", slow_client)
    assert streamed.status == 200
    text = b"".join(received).decode()
    assert gaf_keys(text) == await stored(loaded, Gene.taxon_id == 9606)
    # The header, then chunks of at most two rows, then the end.
    row_messages = [body for body in received[1:] if body]
    assert len(row_messages) == -(-len(gaf_rows(text)) // 2)
    assert all(len(body.decode().splitlines()) <= 2 for body in row_messages)


def next_release(folder: Path) -> list[str]:
    """A next release: IL2 renamed, a term renamed (so a new closure), gene2go changed."""
    genes = (FIXTURES / "gene_info_il2.tsv").read_text()
    genes = genes.replace("\tinterleukin 2\t", "\tinterleukin 2 (next)\t", 1)
    ontology = OBO.replace("name: immune response\n", "name: immune response (next)\n")
    gene2go = GENE2GO.replace("\tTAS\t", "\tIMP\t")
    return [
        str(write(folder, "next.obo", ontology)),
        str(write(folder, "next_gene_info", genes)),
        str(write(folder, "next_gene2go", gene2go)),
    ]


@pytest.mark.parametrize("query", ["taxon=9606", "term=GO:0008150&format=tsv"])
@pytest.mark.parametrize(("loaded_after", "message"), [("the header", 1), ("the first row", 2)])
async def test_a_download_reads_one_release_while_a_load_commits_midway(
    loaded: AsyncEngine,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    query: str,
    loaded_after: str,
    message: int,
) -> None:
    monkeypatch.setattr(rows, "ROWS_PER_CHUNK", 1)
    app = create_app(loaded)
    loads: list[subprocess.CompletedProcess[str]] = []

    async def download(load_at: int | None) -> tuple[str, str]:
        received: list[bytes] = []

        async def read(body: bytes) -> None:
            received.append(body)
            if len(received) == load_at:
                # Blocks the event loop (the download waits) while another process loads
                # and commits; on PostgreSQL the load's closure swap would wait for a lock
                # the download held, and time out here.
                command = [GENEGRAPH, "load", *next_release(tmp_path), "--database-url"]
                loads.append(
                    subprocess.run(  # noqa: ASYNC221 - blocking on purpose, see above
                        [*command, database.url], capture_output=True, text=True, timeout=120
                    )
                )

        streamed = await stream_get(app, PATH, query, read)
        assert streamed.status == 200
        return streamed.headers["content-disposition"], b"".join(received).decode()

    before = await download(None)
    during = await download(message)
    assert len(loads) == 1 and loads[0].returncode == 0, loads and loads[0].stderr
    assert during == before, f"a load committed after {loaded_after} was mixed in"
    after = await download(None)
    assert after[0] != before[0] and after[1] != before[1]
    assert "interleukin 2 (next)" in after[1] and "interleukin 2 (next)" not in during[1]


async def test_downloads_past_the_most_sent_at_once_are_refused_until_one_ends(
    loaded: AsyncEngine,
) -> None:
    app = create_app(loaded, server_settings({MAX_DOWNLOADS_ENV: "1"}))
    reading, finish = asyncio.Event(), asyncio.Event()

    async def slow_client(body: bytes) -> None:
        reading.set()
        await finish.wait()

    first = asyncio.create_task(stream_get(app, PATH, "taxon=9606", slow_client))
    await reading.wait()
    async with client_of(app, lifespan=False) as client:
        refused = await client.get(PATH, params={"taxon": "9606"})
        assert refused.status_code == 503 and refused.headers["retry-after"]
        assert refused.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"
        finish.set()
        assert (await first).status == 200
        # The slot is back once a file is sent, and after a refusal of bad arguments.
        assert (await client.get(PATH, params={"taxon": "0"})).status_code == 400
        assert (await client.get(PATH, params={"taxon": "9606"})).status_code == 200


async def test_downloads_draw_on_the_rate_limit(loaded: AsyncEngine, app_client: AppClient) -> None:
    limit = RateLimit(requests=2, period=60.0, burst=2)
    async with app_client(loaded, ServerSettings(rate_limit=limit)) as client:
        answered = [await client.get(PATH, params={"genes": "NCBIGene:3558"}) for _ in range(2)]
        refused = await client.get(PATH, params={"genes": "NCBIGene:3558"})
    assert [response.status_code for response in answered] == [200, 200]
    assert refused.status_code == 429
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"


async def test_a_client_that_stops_reading_is_cut_off_its_transaction_ended_and_slot_freed(
    loaded: AsyncEngine,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    log_lines: io.StringIO,
) -> None:
    """A client that takes the header and then nothing more: the server's ``send`` waits
    (as uvicorn's does once the socket's buffers are full) until the stall limit cuts the
    download off. Then no connection is out of the pool, no transaction is open, and the
    one slot serves the next download."""
    monkeypatch.setattr(rows, "ROWS_PER_CHUNK", 1)
    stall = 0.5
    settings = {MAX_DOWNLOADS_ENV: "1", DOWNLOAD_STALL_ENV: str(stall)}
    app = create_app(loaded, server_settings(settings))
    took: list[bytes] = []
    never = asyncio.Event()

    async def stops_reading(body: bytes) -> None:
        took.append(body)
        if len(took) > 1:
            await never.wait()

    started = asyncio.get_running_loop().time()
    # Without the stall limit this never returns; 60 s is far past it, for a busy machine.
    streamed = await asyncio.wait_for(stream_get(app, PATH, "taxon=9606", stops_reading), 60)
    assert streamed.status == 200
    assert asyncio.get_running_loop().time() - started >= stall
    assert len(took) == 2  # the header, then the first row it never finished taking
    [line] = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    assert line["error_codes"] == ["CLIENT_STALLED"]
    assert loaded.pool.checkedout() == 0  # type: ignore[attr-defined]
    if database.backend == "postgresql":
        assert await open_transactions(loaded) == 0
    async with client_of(app, lifespan=False) as client:
        assert (await client.get(PATH, params={"taxon": "9606"})).status_code == 200


async def open_transactions(engine: AsyncEngine) -> int:
    """Other sessions of this database with a transaction open (PostgreSQL)."""
    statement = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
    )
    async with engine.connect() as conn:
        return int(await conn.scalar(statement) or 0)


async def test_files_are_gzipped_for_clients_that_accept_gzip_and_only_files(
    client: httpx.AsyncClient,
) -> None:
    params = {"taxon": "9606", "format": "tsv"}
    plain = await client.get(PATH, params=params, headers={"accept-encoding": "identity"})
    zipped = await client.get(PATH, params=params, headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["vary"] == "Accept-Encoding"
    assert zipped.text == plain.text  # httpx unzips it
    assert zipped.num_bytes_downloaded < plain.num_bytes_downloaded
    # The GraphQL endpoint's compression is its own policy: this route's does not reach it.
    query = {"query": '{ genes(ids: ["NCBIGene:3558"]) { symbol } }'}
    graphql = await client.post("/graphql", json=query, headers={"accept-encoding": "gzip"})
    assert graphql.status_code == 200 and "content-encoding" not in graphql.headers
