"""Downloads of the real kit (tests/helpers/kit.py), on each backend: a GAF read back by
genegraph's own loader into a fresh database gives the stored annotations again; the TSV
is what is stored; every annotation of the kit streams in chunks, in bounded memory."""

from __future__ import annotations

import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import aliased

from genegraph.db.engine import engine_scope
from genegraph.db.ingest.release import Source, load
from genegraph.db.ingest.store.annotations import GAF_SOURCE
from genegraph.db.ingest.store.gene_page import GENE_PAGE_SOURCE
from genegraph.db.migrate import upgrade
from genegraph.db.models import Gene, GOAnnotation, GOTerm, GOTermClosure
from genegraph.download import rows
from genegraph.resolvers.rows import ANNOTATION_COLUMNS
from genegraph.server.app import create_app
from tests.conftest import SHARED_DATA, client_of, fresh_database
from tests.helpers.asgi_stream import stream_get
from tests.helpers.kit import LoadedKit, needs_kit

pytestmark = needs_kit

PATH = "/download/annotations"
COMPLEX = "GO:0032991"
COMPLEXES = select(GOTermClosure.go_id).where(GOTermClosure.ancestor_id == COMPLEX)
SPECIES = ("Homo_sapiens", "Mus_musculus", "Rattus_norvegicus")
STORED = (Gene.gene_id, GOAnnotation.go_id, *ANNOTATION_COLUMNS)


def with_gene(*where: Any) -> Any:
    """The GeneID of the first gene (by GeneID) with an annotation ``where`` selects,
    none of whose annotations come from a gene page (whose terms the ontology may lack)."""
    page = aliased(GOAnnotation)
    from_a_page = exists().where(page.gene_pk == Gene.pk, page.source == GENE_PAGE_SOURCE)
    return (
        select(Gene.gene_id)
        .join(GOAnnotation, GOAnnotation.gene_pk == Gene.pk)
        .where(Gene.gene_id.is_not(None), ~from_a_page, *where)
        .order_by(Gene.gene_id)
        .limit(1)
    )


# Genes chosen for what their annotations show: each qualifier form, an alt id, With/From.
CHOSEN = {
    "gene2go NOT with a relation": with_gene(GOAnnotation.qualifier == "NOT colocalizes_with"),
    "gene2go bare NOT": with_gene(GOAnnotation.qualifier == "NOT"),
    "GAF NOT|relation": with_gene(GOAnnotation.qualifier == "NOT|colocalizes_with"),
    "an alt id": with_gene(GOAnnotation.source_go_id != GOAnnotation.go_id),
    "With/From": with_gene(GOAnnotation.with_from != "", GOAnnotation.qualifier == ""),
    "human gene2go": with_gene(Gene.taxon_id == 9606, GOAnnotation.evidence == "IDA"),
    "a complex": with_gene(
        GOAnnotation.qualifier == "",
        GOAnnotation.go_id.in_(
            select(GOTermClosure.go_id).where(GOTermClosure.ancestor_id == COMPLEX)
        ),
    ),
}


async def chosen_genes(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as conn:
        found = {what: await conn.scalar(statement) for what, statement in CHOSEN.items()}
    assert None not in found.values(), found
    return [f"NCBIGene:{gene_id}" for gene_id in dict.fromkeys(found.values())]


async def stored_rows(engine: AsyncEngine, gene_ids: list[int]) -> list[tuple[Any, ...]]:
    """Every stored column of these genes' annotations, with the term's aspect and
    whether it is a protein-containing complex."""
    statement = (
        select(*STORED, GOTerm.category, GOAnnotation.go_id.in_(COMPLEXES))
        .join(Gene, Gene.pk == GOAnnotation.gene_pk)
        .join(GOTerm, GOTerm.go_id == GOAnnotation.go_id)
        .where(Gene.gene_id.in_(gene_ids))
    )
    async with engine.connect() as conn:
        return [tuple(row) for row in await conn.execute(statement)]


DEFAULT_RELATION = {"molecular_function": "enables", "biological_process": "involved_in"}


def read_back(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """What the GAF loader stores for a downloaded annotation: the same, but for the
    source (the loader's), the GO id as written (the primary id, which the file has) and
    the qualifier in GAF 2.2's form, its relation the aspect's default when none."""
    gene_id, go_id, _, evidence, qualifier, references, with_from, by, on, _, aspect, cx = row
    words = qualifier.replace("|", " ").split()
    relation = [word for word in words if word != "NOT"] or [
        DEFAULT_RELATION.get(aspect.value, "part_of" if cx else "located_in")
    ]
    written = "|".join((["NOT"] if "NOT" in words else []) + relation)
    return (gene_id, go_id, go_id, evidence, written, references, with_from, by, on, GAF_SOURCE)


@pytest.fixture
def fresh_url(loaded_kit: LoadedKit, request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    backend = loaded_kit.database.backend
    template = request.getfixturevalue("postgres_template") if backend == "postgresql" else None
    with fresh_database(backend, tmp_path, template) as database:
        yield database.url


async def test_a_downloaded_gaf_read_back_by_the_gaf_loader_gives_the_annotations_again(
    loaded_kit: LoadedKit, fresh_url: str, tmp_path: Path
) -> None:
    async with engine_scope(loaded_kit.url) as kit:
        genes = await chosen_genes(kit)
        async with client_of(create_app(kit), lifespan=False) as client:
            response = await client.get(PATH, params={"genes": ",".join(genes)})
        assert response.status_code == 200, response.text
        gene_ids = [int(curie.split(":")[1]) for curie in genes]
        original = await stored_rows(kit, gene_ids)
    downloaded = tmp_path / "download.gaf"
    downloaded.write_bytes(response.content)
    files = [
        "go-basic.obo.gz",
        *(f"{s}.gene_info.gz" for s in ("Homo_sapiens", "Mus_musculus", "Rattus_norvegicus")),
    ]
    async with engine_scope(fresh_url) as fresh:
        await upgrade(fresh)  # a no-op on PostgreSQL's copies of the migrated template
        await load(fresh, [Source(SHARED_DATA / name) for name in files])
        report = await load(fresh, [Source(downloaded)])
        [gaf] = report.sources
        assert dict(gaf.skipped) == {} and gaf.rows["go_annotations"] == len(original)
        again = await stored_rows(fresh, gene_ids)
    # Each qualifier form was among them.
    qualifiers = {row[4] for row in original}
    assert {"", "NOT", "NOT colocalizes_with", "NOT|colocalizes_with"} <= qualifiers
    assert Counter(row[:10] for row in again) == Counter(read_back(row) for row in original)


async def test_the_tsv_holds_every_stored_column(loaded_kit: LoadedKit) -> None:
    async with engine_scope(loaded_kit.url) as kit:
        genes = await chosen_genes(kit)
        async with client_of(create_app(kit), lifespan=False) as client:
            response = await client.get(PATH, params={"genes": ",".join(genes), "format": "tsv"})
        original = await stored_rows(kit, [int(curie.split(":")[1]) for curie in genes])
    header, *lines = response.text.splitlines()
    columns = header.split("\t")
    names = (
        "go_id",
        "source_go_id",
        "evidence",
        "qualifier",
        "references",
        "with_from",
        "assigned_by",
        "date",
        "source",
    )
    found: Counter[tuple[Any, ...]] = Counter()
    for line in lines:
        row = dict(zip(columns, line.split("\t"), strict=True))
        found[(int(row["gene"].removeprefix("NCBIGene:")), *(row[name] for name in names))] += 1
    assert found == Counter(row[:10] for row in original)


async def test_every_annotation_of_the_kit_streams_in_chunks_in_bounded_memory(
    loaded_kit: LoadedKit, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with engine_scope(loaded_kit.url) as kit:
        async with kit.connect() as conn:
            taxa = list((await conn.execute(select(Gene.taxon_id).distinct())).scalars())
            total = await conn.scalar(select(func.count()).select_from(GOAnnotation))
        seen = {"rows": 0, "bytes": 0, "largest": 0, "row_messages": 0}

        async def count(body: bytes) -> None:
            lines = body.count(b"\n")
            if body and not body.startswith(b"!"):
                seen["rows"] += lines
                seen["row_messages"] += 1
                seen["largest"] = max(seen["largest"], lines)
            seen["bytes"] += len(body)

        query = "taxon=" + ",".join(map(str, sorted(taxa)))
        app = create_app(kit)
        tracemalloc.start()
        try:
            streamed = await stream_get(app, PATH, query, count)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert streamed.status == 200
    assert seen["rows"] == total
    assert seen["largest"] == rows.ROWS_PER_CHUNK
    assert seen["row_messages"] == -(-total // rows.ROWS_PER_CHUNK)
    # One chunk at a time: the peak is a small part of the file, not the file.
    print(f"peak {peak:,} bytes for a file of {seen['bytes']:,}")
    assert peak < seen["bytes"] / 5
