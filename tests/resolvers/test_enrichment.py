"""GO enrichment: hand-made releases whose answers are worked out by hand (and checked
with scipy's Fisher test, a different code path from the server's), on both backends;
and the real kit, compared term by term with goatools run on the kit's own files."""

from __future__ import annotations

import asyncio
import math
import random
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.stats import false_discovery_control, fisher_exact
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.engine import engine_scope
from genegraph.db.ingest.release import Source, load
from genegraph.db.migrate import upgrade
from genegraph.db.models import (
    BackgroundSize,
    BackgroundTermCount,
    Gene,
    GOAnnotation,
    GOCategory,
    GOTerm,
    GOTermClosure,
)
from genegraph.resolvers.enrichment import MAX_RESULTS, MAX_STUDY_GENES, benjamini_hochberg
from tests.conftest import Database, StatementLog, run_query
from tests.helpers.goatools_kit import human_associations, kit_go_dag
from tests.helpers.kit import LoadedKit, needs_kit, query

OBO = """format-version: 1.2
data-version: releases/enrichment-test

[Term]
id: GO:0008150
name: biological_process
namespace: biological_process

[Term]
id: GO:0000010
name: process A
namespace: biological_process
is_a: GO:0008150 ! biological_process

[Term]
id: GO:0000011
name: process A1
namespace: biological_process
is_a: GO:0000010 ! process A

[Term]
id: GO:0000012
name: part of process A
namespace: biological_process
is_a: GO:0008150 ! biological_process
relationship: part_of GO:0000010 ! process A

[Term]
id: GO:0000020
name: process B
namespace: biological_process
is_a: GO:0008150 ! biological_process

[Term]
id: GO:0000021
name: regulation of process B
namespace: biological_process
is_a: GO:0008150 ! biological_process
relationship: regulates GO:0000020 ! process B

[Term]
id: GO:0000030
name: process C
namespace: biological_process
alt_id: GO:0000031
is_a: GO:0008150 ! biological_process

[Term]
id: GO:0000040
name: obsolete process E
namespace: biological_process
is_obsolete: true

[Term]
id: GO:0003674
name: molecular_function
namespace: molecular_function

[Term]
id: GO:0000050
name: function D
namespace: molecular_function
is_a: GO:0003674 ! molecular_function

[Typedef]
id: part_of
name: part of
"""

HUMAN = [101, 102, 103, 104, 105, 106, 107, 108, 109]
MOUSE = 201
GENE_INFO = "".join(
    [
        "#tax_id\tGeneID\tSymbol\tLocusTag\tSynonyms\tdbXrefs\tchromosome\tmap_location\t"
        "description\ttype_of_gene\tSymbol_from_nomenclature_authority\t"
        "Full_name_from_nomenclature_authority\tNomenclature_status\tOther_designations\t"
        "Modification_date\tFeature_type\n"
    ]
    + [
        f"{taxon}\t{gene}\tG{gene}\t-\t-\t-\t1\t1p1\ttest gene {gene}\tprotein-coding\t"
        "-\t-\t-\t-\t20220912\t-\n"
        for taxon, gene in [(9606, g) for g in HUMAN] + [(10090, MOUSE)]
    ]
)

# What each gene is annotated with, and the rule each row shows:
# 101: A1 and "part of A": reaches A twice, counts once.     102: A1 by gene2go and by GAF.
# 103: "part of A" only: reaches A over part_of.             104: B; a GAF NOT for A.
# 105: regulation of B: does not reach B (regulates is not followed).
# 106: C through its alt_id.   107: function D; gene2go NOT for B (NCBI's space-separated).
# 108: only an obsolete term: outside the background.       109: no annotation at all.
GENE2GO_ROWS = [
    (101, "GO:0000011", "IDA", "-"),
    (101, "GO:0000012", "IEA", "-"),
    (102, "GO:0000011", "IMP", "-"),
    (103, "GO:0000012", "TAS", "-"),
    (104, "GO:0000020", "IDA", "-"),
    (105, "GO:0000021", "IDA", "-"),
    (106, "GO:0000031", "IEA", "-"),
    (107, "GO:0000050", "IDA", "enables"),
    (107, "GO:0000020", "IDA", "NOT involved_in"),
    (108, "GO:0000040", "IDA", "-"),
]
GENE2GO = "#tax_id\tGeneID\tGO_ID\tEvidence\tQualifier\tGO_term\tPubMed\tCategory\n" + "".join(
    f"9606\t{gene}\t{go_id}\t{evidence}\t{qualifier}\tterm\t-\tProcess\n"
    for gene, go_id, evidence, qualifier in GENE2GO_ROWS
)


def _gaf_row(gene: int, qualifier: str, go_id: str) -> str:
    fields = ["NCBIGene", str(gene), f"G{gene}", qualifier, go_id, "PMID:1", "IDA", "", "P"]
    fields += [f"test gene {gene}", "", "protein", "taxon:9606", "20200101", "TestDB", "", ""]
    return "\t".join(fields) + "\n"


GAF = (
    "!gaf-version: 2.2\n"
    + _gaf_row(102, "involved_in", "GO:0000011")
    + _gaf_row(104, "NOT|involved_in", "GO:0000010")
)

ROOT, A, A1, PART_OF_A, B, REG_B, C = (
    "GO:0008150",
    "GO:0000010",
    "GO:0000011",
    "GO:0000012",
    "GO:0000020",
    "GO:0000021",
    "GO:0000030",
)
MF, D = "GO:0003674", "GO:0000050"

ENRICHMENT = """
query($genes: [ID!]!, $taxon: Int!, $category: GOCategory, $background: [ID!],
      $evidence: [String!], $minTermGenes: Int, $maxResults: Int) {
  enrichment(genes: $genes, taxon: $taxon, category: $category, background: $background,
             evidence: $evidence, minTermGenes: $minTermGenes, maxResults: $maxResults) {
    studySize backgroundSize testedTerms unknownGenes unknownBackgroundGenes
    otherTaxonBackgroundGenes otherTaxonGenes { id } unannotatedGenes { id }
    terms { term { id name } studyCount backgroundCount foldEnrichment pValue fdr
            studyGenes { id symbol } }
  }
}"""


def ids(*genes: int) -> list[str]:
    return [f"NCBIGene:{gene}" for gene in genes]


def write_release(folder: Path) -> list[Source]:
    files = {"mini.obo": OBO, "gene_info": GENE_INFO, "gene2go": GENE2GO, "mini.gaf": GAF}
    for name, text in files.items():
        (folder / name).write_text(text)
    return [Source(folder / name) for name in files]


@pytest.fixture(scope="module")
def mini(module_database: Database, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The hand-made release, loaded once per backend; the tests only read it."""

    async def build() -> None:
        async with engine_scope(module_database.url) as engine:
            await upgrade(engine)
            await load(engine, write_release(tmp_path_factory.mktemp("enrichment")))

    asyncio.run(build())
    return module_database.url


async def enrichment(url: str, **variables: Any) -> dict[str, Any]:
    variables.setdefault("taxon", 9606)
    async with engine_scope(url) as engine:
        data = (await run_query(engine, ENRICHMENT, variables)).ok()
    answer: dict[str, Any] = data["enrichment"]
    return answer


async def enrichment_error(url: str, **variables: Any) -> dict[str, object]:
    variables.setdefault("taxon", 9606)
    async with engine_scope(url) as engine:
        result = await run_query(engine, ENRICHMENT, variables)
    assert result.data is None
    [error] = result.errors
    return error


@dataclass(frozen=True)
class Expected:
    """A term's counts, with its p-value and FDR as exact fractions worked out by hand."""

    go_id: str
    k: int
    big_k: int
    p: Fraction
    fdr: Fraction
    genes: tuple[int, ...]


def check_terms(result: dict[str, Any], expected: list[Expected]) -> None:
    n, big_n = result["studySize"], result["backgroundSize"]
    got = result["terms"]
    assert [t["term"]["id"] for t in got] == [e.go_id for e in expected]
    for term, want in zip(got, expected, strict=True):
        assert (term["studyCount"], term["backgroundCount"]) == (want.k, want.big_k), want
        assert [g["id"] for g in term["studyGenes"]] == ids(*want.genes)
        assert term["foldEnrichment"] == pytest.approx(want.k * big_n / (n * want.big_k))
        assert term["pValue"] == pytest.approx(float(want.p), rel=1e-12)
        assert term["fdr"] == pytest.approx(float(want.fdr), rel=1e-12)
        # The hand-worked p-value is scipy's one-sided Fisher exact test, too.
        table = [[want.k, n - want.k], [want.big_k - want.k, big_n - n - want.big_k + want.k]]
        assert term["pValue"] == pytest.approx(fisher_exact(table, "greater")[1], rel=1e-12)


async def test_counts_propagation_and_reports(mini: str) -> None:
    # Genes 101-107 have counted annotations, so N = 7. Terms of background genes: the
    # root (101-106), A (101-103), A1 (101, 102), "part of A" (101, 103), B (104: 105's
    # regulation and 107's NOT do not count, nor 104's NOT for A), "regulation of B",
    # C (via its alt_id), the MF root and D: 9 tested terms.
    result = await enrichment(
        mini, genes=[*ids(101, 102, 103, 108, MOUSE), "NCBIGene:999", "NCBIGene:101"]
    )
    assert (result["studySize"], result["backgroundSize"], result["testedTerms"]) == (3, 7, 9)
    assert result["unknownGenes"] == ["NCBIGene:999"]
    assert result["otherTaxonGenes"] == [{"id": f"NCBIGene:{MOUSE}"}]
    assert result["unannotatedGenes"] == [{"id": "NCBIGene:108"}]
    assert result["unknownBackgroundGenes"] == result["otherTaxonBackgroundGenes"] == []
    # Hypergeometric tails with n = 3, N = 7: A (K = 3): 1/C(7,3) = 1/35; A1 and
    # "part of A" (K = 2): C(5,1)/35 = 1/7; the root (K = 6): C(6,3)/35 = 4/7. Six more
    # tested terms have p = 1. BH over m = 9: 9/35; min(9/14, 3/7) = 3/7 twice; 1.
    check_terms(
        result,
        [
            Expected(A, 3, 3, Fraction(1, 35), Fraction(9, 35), (101, 102, 103)),
            Expected(A1, 2, 2, Fraction(1, 7), Fraction(3, 7), (101, 102)),
            Expected(PART_OF_A, 2, 2, Fraction(1, 7), Fraction(3, 7), (101, 103)),
            Expected(ROOT, 3, 6, Fraction(4, 7), Fraction(1), (101, 102, 103)),
        ],
    )
    assert result["terms"][0]["term"]["name"] == "process A"


async def test_regulates_and_not_do_not_count(mini: str) -> None:
    # 105's "regulation of B" does not reach B, nor does 107's NOT annotation: B has 104
    # alone. n = 3, N = 7: each K = 1 term with k = 1 has P(X >= 1) = 3/7; the root
    # (K = 6) has P(X >= 2) = 1, as only one background gene is off it. BH over 9: 27/28
    # for the four 3/7s (rank 4: 3/7 * 9/4), 1 for the rest.
    result = await enrichment(mini, genes=ids(104, 105, 107))
    fdr = Fraction(27, 28)
    check_terms(
        result,
        [
            Expected(B, 1, 1, Fraction(3, 7), fdr, (104,)),
            Expected(REG_B, 1, 1, Fraction(3, 7), fdr, (105,)),
            Expected(D, 1, 1, Fraction(3, 7), fdr, (107,)),
            Expected(MF, 1, 1, Fraction(3, 7), fdr, (107,)),
            Expected(ROOT, 2, 6, Fraction(1), Fraction(1), (104, 105)),
        ],
    )


async def test_category_restricts_terms_and_background(mini: str) -> None:
    # Biological process: N = 6 (107 has none), 7 tested terms (no MF). A: 1/C(6,3) =
    # 1/20; A1 and "part of A": C(4,1)/20 = 1/5; the root: 1. BH over 7: 7/20;
    # min(7/10, 7/15) = 7/15 twice; 1.
    result = await enrichment(mini, genes=ids(101, 102, 103, 107), category="BIOLOGICAL_PROCESS")
    assert (result["studySize"], result["backgroundSize"], result["testedTerms"]) == (3, 6, 7)
    assert result["unannotatedGenes"] == [{"id": "NCBIGene:107"}]
    check_terms(
        result,
        [
            Expected(A, 3, 3, Fraction(1, 20), Fraction(7, 20), (101, 102, 103)),
            Expected(A1, 2, 2, Fraction(1, 5), Fraction(7, 15), (101, 102)),
            Expected(PART_OF_A, 2, 2, Fraction(1, 5), Fraction(7, 15), (101, 103)),
            Expected(ROOT, 3, 6, Fraction(1), Fraction(1), (101, 102, 103)),
        ],
    )
    function = await enrichment(mini, genes=ids(107), category="MOLECULAR_FUNCTION")
    assert (function["studySize"], function["backgroundSize"], function["testedTerms"]) == (
        1,
        1,
        2,
    )
    assert [t["term"]["id"] for t in function["terms"]] == [D, MF]


async def test_explicit_background(mini: str) -> None:
    # Background 101-104 (109 has no annotation; the mouse gene and an unknown id are
    # reported): N = 4; terms root (K = 4), A (3), A1 (2), "part of A" (2), B (1): m = 5.
    # Study 101, 104 (105 is outside the background): n = 2. P(X >= 1) for B is
    # 1 - C(3,2)/C(4,2) = 1/2, for A1 and "part of A" 1 - C(2,2)/6 = 5/6, for A 1; the
    # root's P(X >= 2) is 1. BH over 5: 5/2, 25/12, 25/18, 5/4, 1: every FDR is 1.
    result = await enrichment(
        mini,
        genes=ids(101, 104, 105),
        background=[*ids(101, 102, 103, 104, 109, MOUSE), "NCBIGene:998"],
    )
    assert (result["studySize"], result["backgroundSize"], result["testedTerms"]) == (2, 4, 5)
    assert result["unknownBackgroundGenes"] == ["NCBIGene:998"]
    assert result["otherTaxonBackgroundGenes"] == [f"NCBIGene:{MOUSE}"]
    assert result["unannotatedGenes"] == [{"id": "NCBIGene:105"}]
    check_terms(
        result,
        [
            Expected(B, 1, 1, Fraction(1, 2), Fraction(1), (104,)),
            Expected(A1, 1, 2, Fraction(5, 6), Fraction(1), (101,)),
            Expected(PART_OF_A, 1, 2, Fraction(5, 6), Fraction(1), (101,)),
            Expected(A, 1, 3, Fraction(1), Fraction(1), (101,)),
            Expected(ROOT, 2, 4, Fraction(1), Fraction(1), (101, 104)),
        ],
    )


async def test_evidence_filter(mini: str) -> None:
    # IDA only: 101 (A1), 102 (A1, from the GAF alone), 104 (B), 105, 107 (D) -> N = 5;
    # 103 (TAS) falls outside. Study 101, 102: A1, A (K = 2): 1/C(5,2) = 1/10; the root
    # (K = 4): C(4,2)/10 = 3/5. Tested: root, A, A1, B, regulation of B, MF root, D: 7.
    # BH: 7/10 -> min(7/10, 7/20) = 7/20 for both; the root 7/5 -> 1.
    result = await enrichment(mini, genes=ids(101, 102, 103), evidence=["IDA"])
    assert (result["studySize"], result["backgroundSize"], result["testedTerms"]) == (2, 5, 7)
    assert result["unannotatedGenes"] == [{"id": "NCBIGene:103"}]
    check_terms(
        result,
        [
            Expected(A, 2, 2, Fraction(1, 10), Fraction(7, 20), (101, 102)),
            Expected(A1, 2, 2, Fraction(1, 10), Fraction(7, 20), (101, 102)),
            Expected(ROOT, 2, 4, Fraction(3, 5), Fraction(1), (101, 102)),
        ],
    )


async def test_min_term_genes_and_max_results(mini: str) -> None:
    # Only terms with K >= 2 are tested: root, A, A1, "part of A" (m = 4). BH over 4:
    # 4/35; min(2/7, 4/21) = 4/21 twice; 4/7. Two terms are reported.
    result = await enrichment(mini, genes=ids(101, 102, 103), minTermGenes=2, maxResults=2)
    assert result["testedTerms"] == 4
    check_terms(
        result,
        [
            Expected(A, 3, 3, Fraction(1, 35), Fraction(4, 35), (101, 102, 103)),
            Expected(A1, 2, 2, Fraction(1, 7), Fraction(4, 21), (101, 102)),
        ],
    )


async def test_no_counted_study_gene_reports_no_term(mini: str) -> None:
    result = await enrichment(mini, genes=[*ids(108, 109), "NCBIGene:999"])
    assert (result["studySize"], result["backgroundSize"], result["testedTerms"]) == (0, 7, 9)
    assert result["terms"] == []
    assert result["unannotatedGenes"] == [{"id": "NCBIGene:108"}, {"id": "NCBIGene:109"}]


@pytest.mark.parametrize(
    ("variables", "words"),
    [
        ({"genes": ["IL2"]}, "'IL2' is not a gene id"),
        ({"genes": ids(101), "background": ["NCBIGene:x"]}, "`background`: 'NCBIGene:x'"),
        ({"genes": ids(101), "taxon": 12345}, "taxon 12345"),
        ({"genes": []}, "`genes` is empty"),
        ({"genes": ids(*range(MAX_STUDY_GENES + 1))}, "5,001 study genes; at most 5,000"),
        ({"genes": ids(101), "background": []}, "`background` is empty"),
        ({"genes": ids(101), "evidence": []}, "`evidence` is empty"),
        ({"genes": ids(101), "minTermGenes": 0}, "`minTermGenes` must be at least 1"),
        ({"genes": ids(101), "maxResults": 0}, "`maxResults` must be between 1 and"),
        ({"genes": ids(101), "maxResults": MAX_RESULTS + 1}, "`maxResults` must be between 1 and"),
    ],
)
async def test_bad_input_is_a_user_error(mini: str, variables: dict[str, Any], words: str) -> None:
    error = await enrichment_error(mini, **variables)
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert words in str(error["message"])


async def test_statements_are_few_and_fixed(
    engine: AsyncEngine, statements: StatementLog, tmp_path: Path
) -> None:
    """Cold: species, genes, the release, then the live terms and the closure (read once per
    release), the study genes' annotations, the stored background's sizes and term counts
    (read once per release and species), and the reported terms. Warm: the species (held
    in memory per database, resolvers/species_catalogue.py), the closure and the stored
    background are not read again: genes, the release, annotations and terms. Neither
    count grows with the study set."""
    await load(engine, write_release(tmp_path))
    counts = []
    for genes in (ids(101), ids(101), ids(*HUMAN, MOUSE)):
        statements.clear()
        result = await run_query(engine, ENRICHMENT, {"genes": genes, "taxon": 9606})
        assert result.errors == []
        counts.append(len(statements))
    assert counts == [9, 4, 4]


@pytest.mark.parametrize("seed", [1, 2])
async def test_stored_background_counts_are_the_propagated_annotations(
    engine: AsyncEngine, tmp_path: Path, seed: int
) -> None:
    """A load stores, per species and term, the genes annotated to the term or a descendant
    (is_a and part_of), each once: equal to counting by brute force from the annotations
    and closure of random synthetic data; and sizes equal to the genes with such a term."""
    await load(engine, write_release(tmp_path))
    rng = random.Random(seed)
    live = [A, A1, PART_OF_A, B, REG_B, C, ROOT, MF, D]
    lines = [
        f"{taxon}\t{gene}\t{rng.choice([*live, 'GO:0000040'])}\t{rng.choice(['IDA', 'IEA'])}\t"
        f"{rng.choice(['-', 'NOT involved_in'])}\tterm\t-\tProcess\n"
        for taxon, genes in ((9606, range(101, 110)), (10090, [201]))
        for gene in genes
        for _ in range(rng.randint(0, 4))
    ]
    (tmp_path / "gene2go").write_text(GENE2GO.split("\n", 1)[0] + "\n" + "".join(lines))
    await load(engine, [Source(tmp_path / "gene2go")])
    async with engine.connect() as conn:
        stored = {
            (taxon, go_id): count
            for taxon, go_id, count in await conn.execute(
                select(
                    BackgroundTermCount.taxon_id,
                    BackgroundTermCount.go_id,
                    BackgroundTermCount.gene_count,
                )
            )
        }
        sizes = {
            row.taxon_id: (row.genes, row.biological_process_genes, row.molecular_function_genes)
            for row in await conn.execute(select(BackgroundSize))
        }
        structural = select(GOTermClosure.go_id, GOTermClosure.ancestor_id).where(
            GOTermClosure.via_regulates.is_(False)
        )
        closure = {(go_id, ancestor) for go_id, ancestor in await conn.execute(structural)}
        terms = {
            row.go_id: row.category
            for row in await conn.execute(select(GOTerm).where(GOTerm.is_obsolete.is_(False)))
        }
        annotations = (
            await conn.execute(
                select(
                    Gene.taxon_id, GOAnnotation.gene_pk, GOAnnotation.go_id, GOAnnotation.qualifier
                ).join(Gene, Gene.pk == GOAnnotation.gene_pk)
            )
        ).all()
        pairs = {
            (taxon, pk, ancestor)
            for taxon, pk, go_id, qualifier in annotations
            if "NOT" not in qualifier.replace("|", " ").split() and go_id in terms
            for term, ancestor in closure
            if term == go_id and ancestor in terms
        }
    expected: dict[tuple[int, str], int] = {}
    for taxon, _, go_id in pairs:
        expected[taxon, go_id] = expected.get((taxon, go_id), 0) + 1
    assert stored == expected
    assert len(expected) > 5

    def genes(taxon: int, *categories: GOCategory) -> int:
        return len({pk for t, pk, go_id in pairs if t == taxon and terms[go_id] in categories})

    for taxon in {taxon for taxon, _, _ in pairs}:
        assert sizes[taxon] == (
            genes(taxon, *GOCategory),
            genes(taxon, GOCategory.BIOLOGICAL_PROCESS),
            genes(taxon, GOCategory.MOLECULAR_FUNCTION),
        )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fdr_of_the_study_terms_is_that_of_the_whole_family(seed: int) -> None:
    """Benjamini-Hochberg over the terms with a study gene, the family's other terms (k = 0,
    p = 1) left out, equals scipy's over the whole family, to the last bit: ties, p = 1
    among the study terms and a family as large as them included."""
    rng = np.random.default_rng(seed)
    p_values = np.concatenate([rng.random(300) ** 4, [1.0, 1.0, 0.5, 0.5], rng.random(50)])
    for family in (len(p_values), len(p_values) + 1, 10 * len(p_values)):
        padded = np.ones(family)
        padded[: len(p_values)] = p_values
        whole = false_discovery_control(padded, method="bh")[: len(p_values)]
        assert np.array_equal(benjamini_hochberg(p_values, family), whole)
    assert len(benjamini_hochberg(np.zeros(0), 10)) == 0


async def test_a_new_release_is_seen(engine: AsyncEngine, tmp_path: Path) -> None:
    """The in-process cache is per release: what a load changes shows at once."""
    await load(engine, write_release(tmp_path))
    before = (await run_query(engine, ENRICHMENT, {"genes": ids(109), "taxon": 9606})).ok()
    assert before["enrichment"]["studySize"] == 0
    (tmp_path / "gene2go").write_text(GENE2GO + "9606\t109\tGO:0000020\tIDA\t-\tterm\t-\tProcess\n")
    await load(engine, [Source(tmp_path / "gene2go")])
    after = (await run_query(engine, ENRICHMENT, {"genes": ids(109), "taxon": 9606})).ok()
    assert after["enrichment"]["studySize"] == 1
    assert after["enrichment"]["backgroundSize"] == 8


# --- The real kit against goatools ------------------------------------------------------

KIT_QUERY = """
query($genes: [ID!]!, $category: GOCategory, $maxResults: Int) {
  enrichment(genes: $genes, taxon: 9606, category: $category, maxResults: $maxResults) {
    studySize backgroundSize testedTerms unknownGenes otherTaxonGenes { id }
    terms { term { id } studyCount backgroundCount pValue fdr }
  }
}"""
KIT_GENES_QUERY = """
query($genes: [ID!]!, $category: GOCategory) {
  enrichment(genes: $genes, taxon: 9606, category: $category, maxResults: 25) {
    terms { term { id } studyGenes { id } }
  }
}"""
NOT_A_GENE, MOUSE_IL2 = "NCBIGene:999999999", "NCBIGene:16183"


@dataclass(frozen=True)
class GoatoolsTerm:
    """What genegraph is compared on, from one of goatools' GOEnrichmentRecords."""

    study_count: int
    pop_count: int
    p_uncorrected: float
    p_fdr_bh: float
    study_items: frozenset[int]


@dataclass(frozen=True)
class GoatoolsRun:
    """goatools' answer for one study set: its terms by GO id, with the sizes."""

    genes: list[int]
    category: str | None
    records: dict[str, GoatoolsTerm]
    study_n: int
    pop_n: int


# Session-wide, as the kit is: computed once for both backends.
@pytest.fixture(scope="session")
def goatools_runs(tmp_path_factory: pytest.TempPathFactory) -> list[GoatoolsRun]:
    """goatools' GOEA on the kit's own files, configured to ask genegraph's question:

    - The OBO is loaded with ``optional_attrs={"relationship"}`` and the study is run with
      ``propagate_counts=True, relationships={"part_of"}``: counts propagate over is_a
      and part_of, as genegraph's do. goatools leaves obsolete terms out of its GODag and
      maps alt ids to primary terms, as genegraph does.
    - ``alternative="greater"``: goatools' default Fisher test is two-sided (scipy's
      ``fisher_exact``), which for an enriched term adds the probability of the other
      tail, so it is not the one-sided test the issue asks for. With "greater" goatools
      runs scipy's one-sided Fisher test, the same statistic genegraph computes
      (genegraph through ``hypergeom.sf``, goatools through ``fisher_exact``).
    - ``methods=["fdr_bh"]``: Benjamini-Hochberg by statsmodels over all terms goatools
      tests (every term of a population gene), as genegraph adjusts over all tested terms.
    - The association is gene2go for taxon 9606 without NOT-qualified rows, plus the
      seed gene page's GO rows for IL2 (the kit fixture loads the page first; its genes
      become the NCBI genes). The population is every gene with a remaining annotation:
      genegraph's default background. With a category, the association and the
      population are restricted to that aspect, as genegraph's background is.
    """
    from goatools.go_enrichment import GOEnrichmentStudy

    dag = kit_go_dag(tmp_path_factory.mktemp("goatools"))
    associations = human_associations(dag)
    directly_immune = {gene for gene, terms in associations.items() if "GO:0006955" in terms}

    population = sorted(associations)
    studies = [
        # The genes gene2go annotates to "immune response" itself: strongly enriched.
        (sorted(directly_immune), None),
        # 200 genes drawn at random (seeded): p-values mostly near 1.
        (sorted(random.Random(4).sample(population, 200)), "biological_process"),
    ]
    runs = []
    for genes, namespace in studies:
        assoc = {
            gene: {g for g in terms if namespace is None or dag[g].namespace == namespace}
            for gene, terms in associations.items()
        }
        assoc = {gene: terms for gene, terms in assoc.items() if terms}
        study = GOEnrichmentStudy(
            sorted(assoc),
            assoc,
            dag,
            propagate_counts=True,
            relationships={"part_of"},
            alternative="greater",
            methods=["fdr_bh"],
            log=None,
        )
        records = study.run_study(genes, log=None)
        runs.append(
            GoatoolsRun(
                genes=genes,
                category=None if namespace is None else namespace.upper(),
                records={
                    r.GO: GoatoolsTerm(
                        r.study_count,
                        r.pop_count,
                        r.p_uncorrected,
                        r.p_fdr_bh,
                        frozenset(r.study_items),
                    )
                    for r in records
                },
                study_n=records[0].study_n,
                pop_n=records[0].pop_n,
            )
        )
    return runs


def relatively_close(ours: float, theirs: float) -> bool:
    return math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=0.0)


@needs_kit
def test_real_kit_agrees_with_goatools(
    loaded_kit: LoadedKit, goatools_runs: list[GoatoolsRun]
) -> None:
    immune = goatools_runs[0]
    assert immune.records["GO:0002250"].p_uncorrected < 1e-100  # tiny tails are compared
    for run in goatools_runs:
        genes = [*ids(*run.genes), NOT_A_GENE, MOUSE_IL2]
        variables = {"genes": genes, "category": run.category, "maxResults": 10_000}
        result = query(loaded_kit.url, KIT_QUERY, variables)["enrichment"]
        assert result["unknownGenes"] == [NOT_A_GENE]
        assert result["otherTaxonGenes"] == [{"id": MOUSE_IL2}]
        assert (result["studySize"], result["backgroundSize"], result["testedTerms"]) == (
            run.study_n,
            run.pop_n,
            len(run.records),
        )
        enriched = {go_id for go_id, r in run.records.items() if r.study_count > 0}
        assert {t["term"]["id"] for t in result["terms"]} == enriched
        assert len(enriched) > 1_000
        mismatches = []
        for term in result["terms"]:
            theirs = run.records[term["term"]["id"]]
            if (
                (term["studyCount"], term["backgroundCount"])
                != (theirs.study_count, theirs.pop_count)
                or not relatively_close(term["pValue"], theirs.p_uncorrected)
                or not relatively_close(term["fdr"], theirs.p_fdr_bh)
            ):
                mismatches.append((term, theirs))
        assert mismatches == []
        p_values = [t["pValue"] for t in result["terms"]]
        assert p_values == sorted(p_values)

        top = query(loaded_kit.url, KIT_GENES_QUERY, {"genes": genes, "category": run.category})
        for term in top["enrichment"]["terms"]:
            theirs = run.records[term["term"]["id"]]
            assert {g["id"] for g in term["studyGenes"]} == set(ids(*theirs.study_items))
