"""The GraphQL API over a loaded database, on each backend."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.ingest.release import Source, load
from tests.conftest import FIXTURES, SEED_PAGE, run_query

IL2_CARD = """
{ gene(symbol: "IL2") { id symbol name summary species { scientificName }
    goTerms(category: BIOLOGICAL_PROCESS) { id name category }
    orthologs(taxa: [10090, 10116]) { sources gene { symbol species { scientificName } } } } }
"""


@pytest.fixture
async def seeded(engine: AsyncEngine) -> AsyncEngine:
    await load(engine, [Source(SEED_PAGE)])
    return engine


@pytest.fixture
async def seeded_with_ncbi(engine: AsyncEngine) -> AsyncEngine:
    await load(engine, [Source(FIXTURES / "gene_info_il2.tsv")])
    await load(engine, [Source(SEED_PAGE)])
    return engine


async def test_il2_card(seeded: AsyncEngine) -> None:
    result = await run_query(seeded, IL2_CARD)
    assert result.errors == []
    assert result.data is not None
    gene = result.ok()["gene"]
    assert isinstance(gene, dict)
    assert gene["id"] == "GeneSymbol:9606/IL2"
    assert (gene["symbol"], gene["name"]) == ("IL2", "interleukin 2")
    assert gene["summary"].startswith("The protein encoded by this gene")
    assert gene["species"] == {"scientificName": "Homo sapiens"}
    terms = gene["goTerms"]
    assert len(terms) == 28
    assert {t["category"] for t in terms} == {"BIOLOGICAL_PROCESS"}
    assert {
        "id": "GO:0006955",
        "name": "immune response",
        "category": "BIOLOGICAL_PROCESS",
    } in terms
    assert sorted(
        (o["sources"], o["gene"]["symbol"], o["gene"]["species"]["scientificName"])
        for o in gene["orthologs"]
    ) == [(["gene page"], "Il2", "Mus musculus"), (["gene page"], "Il2", "Rattus norvegicus")]


async def test_terms_by_category_and_in_total(seeded: AsyncEngine) -> None:
    result = await run_query(
        seeded,
        """{ gene(symbol: "IL2") { all: goTerms { category }
             cc: goTerms(category: CELLULAR_COMPONENT) { name }
             mf: goTerms(category: MOLECULAR_FUNCTION) { name } } }""",
    )
    gene = result.ok()["gene"]
    assert Counter(t["category"] for t in gene["all"]) == {
        "BIOLOGICAL_PROCESS": 28,
        "MOLECULAR_FUNCTION": 7,
        "CELLULAR_COMPONENT": 2,
    }
    assert [t["name"] for t in gene["cc"]] == ["extracellular region", "extracellular space"]
    assert len(gene["mf"]) == 7


async def test_annotations_keep_the_source_id(seeded: AsyncEngine) -> None:
    result = await run_query(
        seeded,
        """{ gene(symbol: "IL2") { annotations(category: BIOLOGICAL_PROCESS) {
             term { id name } evidence qualifier references sourceId source } } }""",
    )
    annotations = result.ok()["gene"]["annotations"]
    assert len(annotations) == 28
    anti = next(a for a in annotations if a["sourceId"] == "GO:0006916")
    assert anti == {
        "term": {"id": "GO:0006916", "name": "anti-apoptosis"},
        "evidence": None,
        "qualifier": None,
        "references": [],
        "sourceId": "GO:0006916",
        "source": "gene page",
    }
    evidence_filtered = await run_query(
        seeded, '{ gene(symbol: "IL2") { annotations(evidence: ["IDA"]) { sourceId } } }'
    )
    assert evidence_filtered.data == {"gene": {"annotations": []}}


async def test_orthologs_from_both_sides(seeded: AsyncEngine) -> None:
    result = await run_query(
        seeded,
        """{ gene(symbol: "Il2", taxon: 10090) { id species { taxonId commonName }
             orthologs { source gene { symbol species { taxonId } } } } }""",
    )
    gene = result.ok()["gene"]
    assert gene["id"] == "GeneSymbol:10090/Il2"
    assert gene["species"] == {"taxonId": 10090, "commonName": "house mouse"}
    assert gene["orthologs"] == [
        {"source": "gene page", "gene": {"symbol": "IL2", "species": {"taxonId": 9606}}}
    ]
    only_rat = await run_query(
        seeded, '{ gene(symbol: "IL2") { orthologs(taxa: [10116]) { gene { id } } } }'
    )
    assert only_rat.data == {"gene": {"orthologs": [{"gene": {"id": "GeneSymbol:10116/Il2"}}]}}


async def test_gene_by_stable_id_and_case_insensitive_symbol(seeded: AsyncEngine) -> None:
    by_id = await run_query(seeded, '{ gene(id: "GeneSymbol:9606/IL2") { symbol geneId } }')
    assert by_id.data == {"gene": {"symbol": "IL2", "geneId": None}}
    lower = await run_query(seeded, '{ gene(symbol: "il2") { symbol } }')
    assert lower.data == {"gene": {"symbol": "IL2"}}


async def test_ncbi_ids_once_gene_info_is_loaded(seeded_with_ncbi: AsyncEngine) -> None:
    result = await run_query(
        seeded_with_ncbi,
        """{ gene(id: "NCBIGene:3558") { id geneId symbol type chromosome mapLocation aliases
             summaryProvenance goTerms { id }
             orthologs { gene { id geneId } } } }""",
    )
    gene = result.ok()["gene"]
    assert gene["id"] == "NCBIGene:3558"
    assert (gene["geneId"], gene["type"], gene["chromosome"], gene["mapLocation"]) == (
        3558,
        "protein-coding",
        "4",
        "4q27",
    )
    assert gene["aliases"] == ["IL-2", "TCGF", "lymphokine"]
    assert gene["summaryProvenance"] == "provided by RefSeq, Jul 2008"
    assert len(gene["goTerms"]) == 37
    assert sorted(o["gene"]["id"] for o in gene["orthologs"]) == [
        "NCBIGene:116562",
        "NCBIGene:16183",
    ]


async def test_go_term(seeded: AsyncEngine) -> None:
    result = await run_query(
        seeded, '{ goTerm(id: "GO:0006955") { id name category definition isObsolete } }'
    )
    assert result.data == {
        "goTerm": {
            "id": "GO:0006955",
            "name": "immune response",
            "category": "BIOLOGICAL_PROCESS",
            "definition": None,
            "isObsolete": False,
        }
    }


async def test_unknown_ids_answer_null(seeded: AsyncEngine) -> None:
    result = await run_query(
        seeded,
        """{ a: gene(symbol: "NOSUCHGENE") { id } b: gene(id: "NCBIGene:999999999") { id }
             c: gene(symbol: "NOSUCHGENE", taxon: 10090) { id }
             d: goTerm(id: "GO:9999999") { id } }""",
    )
    assert result.errors == []
    assert result.data == {"a": None, "b": None, "c": None, "d": None}


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ('{ gene(id: "3558") { id } }', "'3558' is not a gene id"),
        ('{ gene(id: "NCBIGene:IL2") { id } }', "is not a gene id"),
        ('{ gene(symbol: "IL2", id: "NCBIGene:3558") { id } }', "got `symbol` and `id`"),
        ("{ gene { id } }", "give one of `symbol`"),
        ('{ gene(symbol: "IL2", taxon: null) { id } }', "`taxon` is needed"),
        ('{ goTerm(id: "immune response") { id } }', "is not a GO term id"),
    ],
)
async def test_bad_input_is_a_user_error(seeded: AsyncEngine, query: str, words: str) -> None:
    result = await run_query(seeded, query)
    assert len(result.errors) == 1
    error = result.errors[0]
    assert words in str(error["message"])
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
