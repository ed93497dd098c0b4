"""The real-data kit loaded as a user would (see tests/helpers/kit.py), checked against the
files, counted independently, and against the issue's done-when."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

from tests.conftest import SHARED_DATA
from tests.helpers.kit import LoadedKit, needs_kit, query

pytestmark = needs_kit


def test_a_killed_load_leaves_the_previous_release_served(loaded_kit: LoadedKit) -> None:
    assert "gene2go" in loaded_kit.killed_during
    assert loaded_kit.card_after_kill == loaded_kit.card_before_kill
    assert loaded_kit.releases_after_kill == 1
    # The killed load had stored 120k genes before gene2go; none of them remain.
    assert loaded_kit.genes_after_kill == 3
    assert loaded_kit.integrity_after_kill == []


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


def test_mouse_il2_and_its_orthologs(loaded_kit: LoadedKit) -> None:
    data = query(
        loaded_kit.url,
        """{ gene(symbol: "Il2", taxon: 10090) { id
                 orthologs(taxa: [9606]) { source gene { id symbol } } } }""",
    )
    gene = data["gene"]
    assert gene["id"] == "NCBIGene:16183"
    assert {(o["source"], o["gene"]["id"]) for o in gene["orthologs"]} == {
        ("NCBI Gene", "NCBIGene:3558"),
        ("HomoloGene", "NCBIGene:3558"),
        ("gene page", "NCBIGene:3558"),
    }


def test_alt_id_answers_with_its_primary_term(loaded_kit: LoadedKit) -> None:
    data = query(loaded_kit.url, '{ goTerm(id: "GO:0006916") { id name altIds } }')
    assert data["goTerm"] == {
        "id": "GO:0043066",
        "name": "negative regulation of apoptotic process",
        "altIds": ["GO:0006916"],
    }
