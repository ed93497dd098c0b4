"""The gene page parser, on the seed page and on pages written to show each rule."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse.gene_page import GenePage, parse_gene_page, parse_gene_page_file
from genegraph.db.models import GOCategory
from tests.conftest import SEED_PAGE

BP, CC, MF = (
    GOCategory.BIOLOGICAL_PROCESS,
    GOCategory.CELLULAR_COMPONENT,
    GOCategory.MOLECULAR_FUNCTION,
)


def page(
    text: str, path: str = "page.txt", symbol: str | None = None, taxon: int | None = None
) -> GenePage:
    return parse_gene_page(text.splitlines(), path=path, symbol=symbol, taxon=taxon)


def test_seed_page() -> None:
    parsed = parse_gene_page_file(SEED_PAGE)
    assert parsed.symbol == "IL2"
    assert parsed.species.taxon_id == 9606
    assert parsed.name == "interleukin 2"
    assert parsed.summary is not None
    assert parsed.summary.startswith("The protein encoded by this gene is a secreted cytokine")
    assert parsed.summary.endswith("immune response to antigenic stimuli.")
    assert parsed.summary_provenance == "provided by RefSeq, Jul 2008"
    assert [(o.symbol, o.species.scientific_name) for o in parsed.orthologs] == [
        ("Il2", "Mus musculus"),
        ("Il2", "Rattus norvegicus"),
    ]
    assert len(parsed.go_terms) == 37
    assert Counter(t.category for t in parsed.go_terms) == {BP: 28, CC: 2, MF: 7}
    assert parsed.links == [] and parsed.changes == []
    first = parsed.go_terms[0]
    assert (first.go_id, first.name, first.category) == ("GO:0006916", "anti-apoptosis", BP)


def test_glued_go_row_splits_term_and_category() -> None:
    parsed = parse_gene_page_file(SEED_PAGE)
    by_id = {t.go_id: t for t in parsed.go_terms}
    assert by_id["GO:0005615"].name == "extracellular space"
    assert by_id["GO:0005615"].category is CC
    assert by_id["GO:0005134"].name == "interleukin-2 receptor binding"
    assert by_id["GO:0005134"].category is MF


FULL_PAGE = """\
Il2 interleukin 2 [ Mus musculus (house mouse) ]

Summary
Predicted to enable cytokine activity.

Orthologs
IL2 Homo sapiens

Links to external resources
Ensembl: ENSMUSG00000027720
MGI: MGI:96548 http://www.informatics.jax.org/marker/MGI:96548

Changes associated with this gene
Symbol changed from Il-2 to Il2
Discontinued GeneID 99999 merged into this gene

GO terms
IDTermCategory
GO:0005125cytokine activitymolecular_function
"""


def test_ncbi_title_names_symbol_and_species() -> None:
    parsed = page(FULL_PAGE, path="whatever.txt")
    assert parsed.symbol == "Il2"
    assert parsed.species.taxon_id == 10090
    assert parsed.name == "interleukin 2"
    assert parsed.summary_provenance is None


def test_links_and_changes_are_parsed_when_present() -> None:
    parsed = page(FULL_PAGE)
    links = [(x.database, x.identifier, x.url) for x in parsed.links]
    assert links == [
        ("Ensembl", "ENSMUSG00000027720", None),
        ("MGI", "MGI:96548", "http://www.informatics.jax.org/marker/MGI:96548"),
    ]
    assert parsed.changes == [
        "Symbol changed from Il-2 to Il2",
        "Discontinued GeneID 99999 merged into this gene",
    ]


def test_symbol_from_file_name_and_overrides() -> None:
    text = "interleukin 4\n\nGO terms\nGO:0005125cytokine activitymolecular_function\n"
    assert page(text, path="data/il4.txt").symbol == "IL4"
    mouse = page(text, path="data/Il4.txt", taxon=10090)
    assert (mouse.symbol, mouse.species.taxon_id) == ("Il4", 10090)
    assert page(text, path="x.txt", symbol="IL4").symbol == "IL4"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", None, "empty gene page"),
        ("Summary\nsome text\n", 1, "starts with a section"),
        ("interleukin 2\nstray text\nSummary\n", 2, "unexpected text before the first section"),
        ("interleukin 2\nSummary\na\nSummary\nb\n", 4, "appears twice"),
        ("interleukin 2\nOrthologs\nIl2\n", 3, "expected an ortholog"),
        ("interleukin 2\nOrthologs\nIl2 Felis catus\n", 3, "unknown species 'Felis catus'"),
        ("interleukin 2\nLinks to external resources\nnot a link\n", 3, "expected a link"),
        (
            "interleukin 2\nGO terms\nIDTermCategory\nGO:123immune responsebiological_process\n",
            4,
            "expected a GO table row",
        ),
        (
            "interleukin 2\nGO terms\nGO:0006955immune responseprocess\n",
            3,
            "expected a GO table row",
        ),
    ],
)
def test_malformed_pages_name_the_line(text: str, line: int | None, words: str) -> None:
    with pytest.raises(LoadError) as raised:
        page(text, path="bad.txt")
    assert raised.value.line == line
    assert words in raised.value.problem
    assert str(raised.value).startswith("bad.txt")


def test_unknown_taxon_override_is_an_error() -> None:
    with pytest.raises(LoadError, match="unknown taxon 1"):
        page("interleukin 2\n", taxon=1)


def test_non_utf8_file(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("interleukin 2\nSummary\nd\xe9j\xe0 vu\n".encode("latin-1"))
    with pytest.raises(LoadError, match="not UTF-8"):
        parse_gene_page_file(bad)
