"""The real-data kit loaded as a user would (see tests/helpers/kit.py), checked against the
files, counted independently, and against the issue's done-when."""

from __future__ import annotations

import functools
import gzip
from pathlib import Path
from typing import Any

from tests.conftest import SEED_PAGE, SHARED_DATA
from tests.helpers.kit import LoadedKit, needs_kit, query

pytestmark = needs_kit


def test_a_killed_load_leaves_the_previous_release_served(loaded_kit: LoadedKit) -> None:
    assert "gene2go" in loaded_kit.killed_during
    assert loaded_kit.card_after_kill == loaded_kit.card_before_kill
    assert loaded_kit.releases_after_kill == 1
    # The killed load had stored 120k genes before gene2go; none of them remain.
    assert loaded_kit.genes_after_kill == 3
    assert loaded_kit.integrity_after_kill == []


# The expectations read from the kit's files are read once per process (functools.cache):
# each test runs on both backends, and the files take seconds to read. Tests only read them.


@functools.cache
def data_lines(path: Path) -> int:
    """Lines that are not blank, a comment or a header, counted without the loader's code."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip()]
    if path.name.startswith("go-basic"):
        return sum(1 for line in lines if line.strip() == "[Term]")
    # Comments: "#" (NCBI), "!" (GAF).
    return sum(1 for line in lines[1:] if not line.startswith(("#", "!")))


def test_counts_match_the_files(loaded_kit: LoadedKit) -> None:
    release = (
        query(
            loaded_kit.url,
            "{ currentRelease { sources { path lines stored skipped { count } } } }",
        )
    )["currentRelease"]
    sources = {Path(s["path"]).name: s for s in release["sources"]}
    # Every data file of the kit's folder (its README aside), whatever the kit holds.
    expected = {
        path.name
        for path in SHARED_DATA.iterdir()
        if path.is_file() and not path.name.startswith(".") and path.suffix != ".md"
    }
    assert set(sources) == expected
    for name, source in sources.items():
        assert source["lines"] == data_lines(SHARED_DATA / name), name
        skipped = sum(s["count"] for s in source["skipped"])
        assert source["lines"] == source["stored"] + skipped, name
    # The numbers the kit's README states.
    assert sources["go-basic.obo.gz"]["lines"] == 43_558 + 3_910
    assert sources["Homo_sapiens.gene_info.gz"]["stored"] == 77_614
    assert sources["gene2go.gz"]["lines"] == 348_116
    assert "release 2 loaded" in loaded_kit.summary and "not loaded" in loaded_kit.summary


def test_il2_has_its_2022_annotations_and_the_pages(loaded_kit: LoadedKit) -> None:
    data = query(
        loaded_kit.url,
        """{ gene(symbol: "IL2") { id geneId
                 annotations { term { id } sourceId evidence source } } }""",
    )
    gene = data["gene"]
    assert (gene["id"], gene["geneId"]) == ("NCBIGene:3558", 3558)
    by_source: dict[str, list[dict[str, Any]]] = {}
    for annotation in gene["annotations"]:
        by_source.setdefault(annotation["source"], []).append(annotation)
    assert len(by_source["gene page"]) == 37
    ncbi = by_source["NCBI gene2go"]
    assert len(ncbi) == 50  # zcat gene2go.gz | awk -F'\t' '$2==3558' | wc -l
    assert all(a["evidence"] for a in ncbi)
    assert {"IDA", "TAS", "IEA"} <= {a["evidence"] for a in ncbi}


def _tsv_rows(path: Path) -> list[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle if not line.startswith("#")]


@functools.cache
def il2_orthologs(taxon: int) -> dict[int, list[str]]:
    """Human IL2's (GeneID 3558) orthologs in ``taxon``, read from the kit's files without
    the loader's code: GeneID -> the sources that assert the pair, in the order
    Ortholog.sources documents. Only genes of the kit's gene_info files count (the loader
    skips the others)."""
    il2 = "3558"
    genes = {
        row[2]: int(row[1])
        for path in SHARED_DATA.glob("*.gene_info.gz")
        for row in _tsv_rows(path)
        if row[0] == str(taxon)
    }
    known = set(genes.values())
    found: dict[int, list[str]] = {}

    def add(gene_id: int, source: str) -> None:
        if gene_id in known and source not in found.setdefault(gene_id, []):
            found[gene_id].append(source)

    # IL2's page (data/il2.txt, loaded with the kit): "Symbol Genus species" lines, each
    # the NCBI gene of that symbol.
    page = SEED_PAGE.read_text(encoding="utf-8").split("\nOrthologs\n")[1].split("\n\n")[0]
    species = {10090: "Mus musculus", 10116: "Rattus norvegicus"}[taxon]
    for line in page.splitlines():
        symbol, _, named = line.partition(" ")
        if named == species:
            add(genes[symbol], "gene page")
    for row in _tsv_rows(SHARED_DATA / "gene_orthologs.gz"):
        for mine, theirs, their_taxon in ((row[1], row[4], row[3]), (row[4], row[1], row[0])):
            if mine == il2 and their_taxon == str(taxon):
                add(int(theirs), "NCBI Gene")
    groups = _tsv_rows(SHARED_DATA / "homologene.tsv.gz")
    hids = {row[0] for row in groups if row[2] == il2}
    for hid, row_taxon, other, _ in groups:
        if hid in hids and row_taxon == str(taxon):
            add(int(other), "HomoloGene")
    return found


def test_il2_lists_each_mouse_ortholog_once_with_its_sources(loaded_kit: LoadedKit) -> None:
    expected = il2_orthologs(10090)
    assert any(len(sources) > 1 for sources in expected.values())  # the case of the issue
    data = query(
        loaded_kit.url,
        """{ gene(symbol: "IL2") {
                 orthologs(taxa: [10090]) { sources source gene { geneId symbol } } } }""",
    )
    orthologs = data["gene"]["orthologs"]
    assert len(orthologs) == len(expected)
    assert {o["gene"]["geneId"]: o["sources"] for o in orthologs} == expected
    assert all(o["source"] == o["sources"][0] for o in orthologs)


def test_mouse_il2_and_its_orthologs(loaded_kit: LoadedKit) -> None:
    data = query(
        loaded_kit.url,
        """{ gene(symbol: "Il2", taxon: 10090) { id
                 orthologs(taxa: [9606]) { sources gene { id } } } }""",
    )
    gene = data["gene"]
    assert gene["id"] == "NCBIGene:16183"
    # Both directions: IL2's page and files assert the pair from the human side.
    assert gene["orthologs"] == [
        {"sources": il2_orthologs(10090)[16183], "gene": {"id": "NCBIGene:3558"}}
    ]


def test_alt_id_answers_with_its_primary_term(loaded_kit: LoadedKit) -> None:
    data = query(loaded_kit.url, '{ goTerm(id: "GO:0006916") { id name altIds } }')
    assert data["goTerm"] == {
        "id": "GO:0043066",
        "name": "negative regulation of apoptotic process",
        "altIds": ["GO:0006916"],
    }
