"""Every source format on small files written to show each rule, loaded on each backend."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse.files import SourceFile
from genegraph.db.ingest.parse.obo import closure, read_obo
from genegraph.db.ingest.release import (
    LoadReport,
    Source,
    SourceFormat,
    SourceReport,
    detect_format,
    load,
)
from genegraph.db.models import GOAnnotation, GOTermClosure, Orthology
from tests.conftest import FIXTURES, SEED_PAGE, run_query, table_counts
from tests.helpers.sources import GAF, GENE2GO, HOMOLOGENE, OBO, small_release, write


@pytest.fixture
def kit(tmp_path: Path) -> dict[str, Path]:
    return small_release(tmp_path)


def test_formats_are_detected_from_content(kit: dict[str, Path], tmp_path: Path) -> None:
    expected = {
        "obo": SourceFormat.OBO,
        "gene_info": SourceFormat.GENE_INFO,
        "page": SourceFormat.GENE_PAGE,
        "gene2go": SourceFormat.GENE2GO,
        "gaf": SourceFormat.GAF,
        "orthologs": SourceFormat.GENE_ORTHOLOGS,
        "homologene": SourceFormat.HOMOLOGENE,
        "history": SourceFormat.GENE_HISTORY,
    }
    assert {name: detect_format(path) for name, path in kit.items()} == expected
    ncbi_homologene = write(
        tmp_path, "homologene.data", "4\t9606\t3558\tIL2\t10835163\tNP_000577.2\n"
    )
    assert detect_format(ncbi_homologene) is SourceFormat.HOMOLOGENE
    assert detect_format(write(tmp_path, "notes.md", "# Notes\nnothing here\n")) is None


def test_obo_terms_and_closure(kit: dict[str, Path]) -> None:
    with SourceFile(kit["obo"]) as source:
        ontology = read_obo(source)
    assert ontology.data_version == "releases/test-1"
    obsolete = ontology.terms["GO:0000005"]
    assert (obsolete.is_obsolete, obsolete.replaced_by, obsolete.consider) == (
        True,
        "GO:0005125",
        ["GO:0003674"],
    )
    assert ontology.terms["GO:0006955"].synonyms == [("immune reaction", "RELATED")]
    pairs = {(term, ancestor): via for term, ancestor, via in closure(ontology)}
    assert pairs[("GO:0006955", "GO:0006955")] is False  # a term is its own ancestor
    assert pairs[("GO:0006955", "GO:0008150")] is False  # over is_a
    assert pairs[("GO:0050778", "GO:0006955")] is True  # only over positively_regulates
    assert ("GO:0006955", "GO:0050776") not in pairs  # never downwards


@pytest.mark.parametrize(
    ("stanza", "words"),
    [
        ("is_a: GO:0050776\n", "cycle in the ontology"),
        ("is_a: GO:1234567\n", "GO:1234567, which is not defined"),
    ],
)
def test_obo_cycles_and_dangling_parents_are_errors(
    tmp_path: Path, stanza: str, words: str
) -> None:
    # Make the root a child of a term below it, or of a term that does not exist.
    text = OBO.replace(
        "id: GO:0008150\nname: biological_process\nnamespace: biological_process\n",
        "id: GO:0008150\nname: biological_process\nnamespace: biological_process\n" + stanza,
    )
    with (
        SourceFile(write(tmp_path, "bad.obo", text)) as source,
        pytest.raises(LoadError, match=words),
    ):
        list(closure(read_obo(source)))


def test_truncated_gzip_names_the_file_and_line(tmp_path: Path) -> None:
    whole = gzip.compress(
        ("\n".join(["#tax_id\tGeneID\tGO_ID\tEvidence\tQualifier"] * 5000)).encode()
    )
    cut = tmp_path / "gene2go.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    with SourceFile(cut) as source, pytest.raises(LoadError, match="truncated or corrupt gzip"):
        for _ in source.lines():
            pass


async def counts(engine: AsyncEngine) -> dict[str, int]:
    return await table_counts(engine, (GOAnnotation, GOTermClosure, Orthology))


def by_format(report: LoadReport) -> dict[str, SourceReport]:
    return {s.format.value: s for s in report.sources}


async def test_small_release(engine: AsyncEngine, kit: dict[str, Path]) -> None:
    # Given in reverse: the load stores them in dependency order anyway.
    report = await load(engine, [Source(p) for p in reversed(kit.values())])
    assert [s.format for s in report.sources] == sorted(
        (s.format for s in report.sources), key=list(SourceFormat).index
    )
    for source in report.sources:
        assert source.lines == source.stored + sum(source.skipped.values()), source
    sources = by_format(report)
    assert sources["gene2go"].skipped == {
        "duplicate line": 1,
        "unknown GO id": 1,
        "unknown GeneID": 1,
    }
    assert sources["gaf"].skipped == {"unmapped gene product": 1}
    assert sources["gene-orthologs"].skipped == {"unknown GeneID": 1}
    assert sources["homologene"].skipped == {"unknown GeneID": 1}
    assert sources["gene-history"].skipped == {
        "species not loaded": 1,
        "unknown replacement GeneID": 1,
    }
    assert sources["obo"].version == "releases/test-1"

    result = await run_query(
        engine,
        """{ gene(id: "NCBIGene:3558") {
              annotations(includeNegated: true) {
                term { id } sourceId evidence qualifier references withFrom assignedBy date source }
              goTerms { id }
              orthologs(taxa: [10090]) { sources gene { id } } }
            alt: goTerm(id: "GO:0006916") { id name altIds }
            old: goTerm(id: "GO:0000005") { isObsolete replacedBy consider }
            currentRelease { number sources { format lines stored skipped { kind count } } } }""",
    )
    data = result.ok()
    annotations = data["gene"]["annotations"]
    anti = [a for a in annotations if a["sourceId"] == "GO:0006916"]
    # The page's row and gene2go's row both resolve the alt id to its primary term.
    assert {a["source"] for a in anti} == {"gene page", "NCBI gene2go"}
    assert {a["term"]["id"] for a in anti} == {"GO:0043066"}
    tas = next(a for a in annotations if a["evidence"] == "TAS")
    assert tas["references"] == ["PMID:3125226", "PMID:2827345"]
    negated = next(a for a in annotations if a["qualifier"] == "NOT|involved_in")
    assert (negated["withFrom"], negated["assignedBy"], negated["date"]) == (
        ["UniProtKB:P01589"],
        "UniProt",
        "20210102",
    )
    # The NOT annotation (GO:0002376) is not among the gene's terms ...
    assert "GO:0002376" not in {t["id"] for t in data["gene"]["goTerms"]}
    # ... unless another source states it positively; here none does.
    assert data["alt"] == {
        "id": "GO:0043066",
        "name": "negative regulation of apoptotic process",
        "altIds": ["GO:0006916"],
    }
    assert data["old"] == {
        "isObsolete": True,
        "replacedBy": "GO:0005125",
        "consider": ["GO:0003674"],
    }
    # The page, gene_orthologs and HomoloGene each pair IL2 with mouse Il2: one entry.
    assert data["gene"]["orthologs"] == [
        {"sources": ["gene page", "NCBI Gene", "HomoloGene"], "gene": {"id": "NCBIGene:16183"}}
    ]
    gene2go = next(s for s in data["currentRelease"]["sources"] if s["format"] == "gene2go")
    assert gene2go["lines"] == 6 and gene2go["stored"] == 3


async def test_reloading_a_release_changes_nothing(
    engine: AsyncEngine, kit: dict[str, Path]
) -> None:
    await load(engine, [Source(p) for p in kit.values()])
    before = await counts(engine)
    await load(engine, [Source(p) for p in kit.values()])
    assert await counts(engine) == before


async def test_page_terms_merge_into_the_ontology(
    engine: AsyncEngine, kit: dict[str, Path]
) -> None:
    """The seed page alone creates GO:0006916; the ontology then says it is an alt_id."""
    await load(engine, [Source(SEED_PAGE)])
    await load(engine, [Source(kit["obo"])])
    result = await run_query(
        engine,
        """{ gene(symbol: "IL2") { annotations { term { id name } sourceId } }
             goTerm(id: "GO:0006916") { id } }""",
    )
    data = result.ok()
    anti = next(a for a in data["gene"]["annotations"] if a["sourceId"] == "GO:0006916")
    assert anti["term"] == {"id": "GO:0043066", "name": "negative regulation of apoptotic process"}
    assert data["goTerm"] == {"id": "GO:0043066"}


@pytest.mark.parametrize(
    ("name", "text", "line", "words"),
    [
        (
            "gene2go",
            GENE2GO.replace("9606\t3559\t", "9606\tx3559\t"),
            7,
            "GeneID must be an integer",
        ),
        ("gene2go", GENE2GO.replace("\tProcess\n", "\n", 1), 2, "expected 8 tab-separated columns"),
        ("gaf", GAF.replace("taxon:9606", "taxon:human", 1), 3, "bad taxon"),
        ("homologene", HOMOLOGENE + "5\t9606\n", 6, "expected 4 tab-separated columns"),
    ],
)
async def test_bad_rows_fail_the_load_naming_the_line(
    engine: AsyncEngine, tmp_path: Path, name: str, text: str, line: int, words: str
) -> None:
    await load(engine, [Source(SEED_PAGE)])
    before = await counts(engine)
    bad = write(tmp_path, name, text)
    with pytest.raises(LoadError, match=words) as raised:
        await load(engine, [Source(FIXTURES / "gene_info_il2.tsv"), Source(bad)])
    assert raised.value.line == line
    assert await counts(engine) == before
