"""GO slim mapping (`Gene.slimTerms`, `slimSummary`): a small ontology with OBO subsets
(tests/fixtures/slim.obo) whose answers are worked out by hand, on both backends; and the
real kit, gene by gene, against goatools' own map2slim (``goatools.mapslim``)."""

from __future__ import annotations

import asyncio
import functools
import gzip
import io
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.engine import engine_scope
from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse.gene2go import HEADER as GENE2GO_HEADER
from genegraph.db.ingest.release import Source, SourceFormat, load
from genegraph.db.migrate import upgrade
from genegraph.resolvers.slims import MAX_SUMMARY_GENES
from tests.conftest import FIXTURES, SHARED_DATA, Database, StatementLog, run_query
from tests.helpers.goatools_kit import human_associations, kit_go_dag
from tests.helpers.kit import LoadedKit, needs_kit, query

SLIM_OBO = FIXTURES / "slim.obo"
RELEASE = [SLIM_OBO, FIXTURES / "slim_gene_info.tsv", FIXTURES / "slim_gene2go.tsv"]

ROOT, P, P1, P2, Q, MF, F = (
    "GO:0008150",
    "GO:0000100",
    "GO:0000101",
    "GO:0000500",
    "GO:0000200",
    "GO:0003674",
    "GO:0000700",
)
# goslim_test's live members (its obsolete GO:0000600 is left out).
SLIM = [ROOT, P, Q, P1, MF]

# What each gene is annotated with (tests/fixtures/slim_gene2go.tsv), and the rule it shows:
# 901: P1a, below P1 below P.                 902: P1a and "part of Q": reaches Q over part_of.
# 903: "regulation of Q": regulates is not followed, only the root is reached.
# 904: NOT P (not counted) and function F.    905: only an obsolete term: maps to nothing.
# 906: no annotation.                         907: P2 through its alt id, below P.
# 908: a mouse gene.
DIRECT = {901: [P1], 902: [P1, Q], 903: [ROOT], 904: [MF], 905: [], 906: [], 907: [P]}
ALL = {
    901: [ROOT, P, P1],
    902: [ROOT, P, P1, Q],
    903: [ROOT],
    904: [MF],
    905: [],
    906: [],
    907: [ROOT, P],
}
HUMAN = sorted(DIRECT)
MOUSE = 908

SLIM_TERMS = """
query($ids: [ID!]!, $slim: [ID!]!, $mapping: SlimMapping!, $category: GOCategory) {
  genes(ids: $ids) {
    input
    gene { slimTerms(slim: $slim, mapping: $mapping, category: $category) { id name } }
  }
}"""
SUMMARY = """
query($genes: [ID!]!, $slim: [ID!]!, $taxon: Int!, $mapping: SlimMapping!,
      $category: GOCategory) {
  slimSummary(genes: $genes, slim: $slim, taxon: $taxon, mapping: $mapping,
              category: $category) {
    geneCount unknownGenes unmappedGenes { id } otherTaxonGenes { id }
    terms { term { id } geneCount annotatedTermCount }
  }
}"""


def ids(*genes: int) -> list[str]:
    return [f"NCBIGene:{gene}" for gene in genes]


@pytest.fixture(scope="module")
def mini(module_database: Database) -> str:
    """The slim test release, loaded once per backend; the tests only read it."""

    async def build() -> None:
        async with engine_scope(module_database.url) as engine:
            await upgrade(engine)
            await load(engine, [Source(path) for path in RELEASE])

    asyncio.run(build())
    return module_database.url


async def run(url: str, text: str, variables: dict[str, Any]) -> Any:
    async with engine_scope(url) as engine:
        return await run_query(engine, text, variables)


async def slim_terms(
    url: str, slim: list[str], mapping: str = "DIRECT", category: str | None = None
) -> dict[int, list[str]]:
    variables = {"ids": ids(*HUMAN), "slim": slim, "mapping": mapping, "category": category}
    data = (await run(url, SLIM_TERMS, variables)).ok()
    return {
        int(match["input"].split(":")[1]): [t["id"] for t in match["gene"]["slimTerms"]]
        for match in data["genes"]
    }


NAMES = {
    ROOT: "biological_process",
    P: "process P",
    P1: "process P1",
    P2: "process P2",
    Q: "process Q",
    MF: "molecular_function",
    F: "function F",
}


def by_name(answer: dict[int, list[str]]) -> dict[int, list[str]]:
    """The expected lists in the API's order: by term name."""
    return {gene: sorted(terms, key=lambda t: NAMES[t].lower()) for gene, terms in answer.items()}


@pytest.mark.parametrize("slim", [SLIM, ["goslim_test"], ["goslim_test", *SLIM]])
async def test_direct_and_all_slim_terms(mini: str, slim: list[str]) -> None:
    assert await slim_terms(mini, slim, "DIRECT") == by_name(DIRECT)
    assert await slim_terms(mini, slim, "ALL") == by_name(ALL)


async def test_direct_is_the_default(mini: str) -> None:
    text = SLIM_TERMS.replace(", mapping: $mapping", "").replace(", $mapping: SlimMapping!", "")
    data = (await run(mini, text, {"ids": ids(902), "slim": SLIM})).ok()
    assert [t["id"] for t in data["genes"][0]["gene"]["slimTerms"]] == by_name(DIRECT)[902]


async def test_an_alt_id_names_its_primary_term(mini: str) -> None:
    # P2 is in the slim by its alt id; below P, so 907 maps directly to P2 only.
    answer = await slim_terms(mini, [P, "GO:0000501"], "DIRECT")
    assert answer[907] == [P2]
    assert answer[901] == [P]


async def test_category_maps_only_that_aspect(mini: str) -> None:
    process = await slim_terms(mini, SLIM, "ALL", "BIOLOGICAL_PROCESS")
    assert process == by_name({g: [t for t in terms if t != MF] for g, terms in ALL.items()})
    function = await slim_terms(mini, ["function_slim"], "ALL", "MOLECULAR_FUNCTION")
    assert function == {g: ([F, MF] if g == 904 else []) for g in HUMAN}
    assert (await slim_terms(mini, ["function_slim"]))[904] == [F]
    assert await slim_terms(mini, ["empty_slim"]) == {g: [] for g in HUMAN}


async def test_summary_counts_genes_and_reports_the_rest(mini: str) -> None:
    genes = [*ids(*HUMAN, MOUSE), "NCBIGene:999", *ids(901)]
    for mapping, expected in (("DIRECT", DIRECT), ("ALL", ALL)):
        variables = {"genes": genes, "slim": ["goslim_test"], "taxon": 9606, "mapping": mapping}
        summary = (await run(mini, SUMMARY, variables)).ok()["slimSummary"]
        assert summary["geneCount"] == len(HUMAN)
        assert summary["unknownGenes"] == ["NCBIGene:999"]
        assert summary["otherTaxonGenes"] == [{"id": "NCBIGene:908"}]
        assert summary["unmappedGenes"] == [
            {"id": f"NCBIGene:{g}"} for g in HUMAN if not expected[g]
        ]
        counts = {
            t["term"]["id"]: (t["geneCount"], t["annotatedTermCount"]) for t in summary["terms"]
        }
        # Annotated terms at or below each slim term, whatever the mapping: P1a, "part of
        # Q", "regulation of Q", function F, P2.
        below = {ROOT: 4, P: 2, P1: 1, Q: 1, MF: 1}
        assert counts == {
            go_id: (sum(go_id in terms for terms in expected.values()), below[go_id])
            for go_id in SLIM
        }
        ordered = [(-t["geneCount"], -t["annotatedTermCount"]) for t in summary["terms"]]
        assert ordered == sorted(ordered)


async def test_summary_category(mini: str) -> None:
    variables = {
        "genes": ids(*HUMAN),
        "slim": SLIM,
        "taxon": 9606,
        "mapping": "DIRECT",
        "category": "MOLECULAR_FUNCTION",
    }
    summary = (await run(mini, SUMMARY, variables)).ok()["slimSummary"]
    assert summary["unmappedGenes"] == [{"id": f"NCBIGene:{g}"} for g in HUMAN if g != 904]
    assert {t["term"]["id"]: t["geneCount"] for t in summary["terms"]} == {
        go_id: int(go_id == MF) for go_id in SLIM
    }


@pytest.mark.parametrize(
    ("slim", "words"),
    [
        ([], "`slim` is empty"),
        (
            ["goslim_nope"],
            "no subset 'goslim_nope' (the loaded ontology's subsets are "
            "empty_slim, function_slim, goslim_test)",
        ),
        (["GO:9999999"], "no GO term GO:9999999 in the loaded ontology"),
        (["GO:12"], "'GO:12' is not a GO term id"),
        (["GO:0000600"], "GO:0000600 is obsolete"),
    ],
)
async def test_bad_slim_is_a_user_error(mini: str, slim: list[str], words: str) -> None:
    for text, variables in (
        (SLIM_TERMS, {"ids": ids(901), "slim": slim, "mapping": "ALL"}),
        (SUMMARY, {"genes": ids(901), "slim": slim, "taxon": 9606, "mapping": "ALL"}),
    ):
        result = await run(mini, text, variables)
        [error] = result.errors
        assert error["extensions"] == {"code": "BAD_USER_INPUT"}
        assert words in str(error["message"]), error


@pytest.mark.parametrize(
    ("variables", "words"),
    [
        ({"genes": []}, "`genes` is empty"),
        ({"genes": ids(*range(MAX_SUMMARY_GENES + 1))}, "5,001 genes; at most 5,000"),
        ({"genes": ["IL2"]}, "slimSummary: `genes`: 'IL2' is not a gene id"),
        ({"genes": ids(901), "taxon": 1}, "taxon 1 is not a species"),
    ],
)
async def test_bad_summary_input_is_a_user_error(
    mini: str, variables: dict[str, Any], words: str
) -> None:
    variables = {"slim": SLIM, "taxon": 9606, "mapping": "DIRECT", **variables}
    result = await run(mini, SUMMARY, variables)
    assert result.data is None
    [error] = result.errors
    assert error["extensions"] == {"code": "BAD_USER_INPUT"}
    assert words in str(error["message"]), error


async def test_statements_do_not_grow_with_the_genes(
    engine: AsyncEngine, statements: StatementLog
) -> None:
    """One gene or all: the genes, the slim's GO ids or its subset's terms (both when it
    names both), and one statement for every gene's slim hits."""
    await load(engine, [Source(path) for path in RELEASE])
    counts = []
    for genes, slim in (
        (ids(901), SLIM),
        (ids(*HUMAN), SLIM),
        (ids(*HUMAN), ["goslim_test"]),
        (ids(*HUMAN), ["goslim_test", P]),
    ):
        statements.clear()
        variables: dict[str, object] = {"ids": genes, "slim": slim, "mapping": "DIRECT"}
        result = await run_query(engine, SLIM_TERMS, variables)
        assert result.errors == []
        counts.append(len(statements))
    assert counts == [3, 3, 3, 4]


async def test_a_new_ontology_replaces_the_subsets(engine: AsyncEngine, tmp_path: Path) -> None:
    await load(engine, [Source(path) for path in RELEASE])
    variables: dict[str, object] = {"ids": ids(901), "slim": ["goslim_test"], "mapping": "ALL"}
    before = (await run_query(engine, SLIM_TERMS, variables)).ok()
    assert [t["id"] for t in before["genes"][0]["gene"]["slimTerms"]] == by_name(ALL)[901]
    # The next release declares only function_slim, and puts P1 in it.
    text = SLIM_OBO.read_text().replace("data-version: releases/slim-test", "data-version: 2")
    text = re.sub(r"subsetdef: (goslim_test|empty_slim) .*\n", "", text)
    text = text.replace("subset: goslim_test\n", "")
    text = text.replace("name: process P1\n", "name: process P1\nsubset: function_slim\n")
    (tmp_path / "next.obo").write_text(text)
    await load(engine, [Source(tmp_path / "next.obo")])
    gone = await run_query(engine, SLIM_TERMS, variables)
    [error] = gone.errors
    assert "no subset 'goslim_test' (the loaded ontology's subsets are function_slim)" in str(
        error["message"]
    )
    variables["slim"] = ["function_slim"]
    after = (await run_query(engine, SLIM_TERMS, variables)).ok()
    assert [t["id"] for t in after["genes"][0]["gene"]["slimTerms"]] == [P1]


async def test_a_failed_load_keeps_the_served_subsets(engine: AsyncEngine, tmp_path: Path) -> None:
    await load(engine, [Source(path) for path in RELEASE])
    text = re.sub(r"subsetdef: goslim_test .*\n", "", SLIM_OBO.read_text())
    (tmp_path / "next.obo").write_text(text.replace("subset: goslim_test\n", ""))
    broken = tmp_path / "gene2go"
    broken.write_text(f"{GENE2GO_HEADER}\tGO_term\tPubMed\tCategory\n9606\t901\n")
    # gene2go is stored after the ontology: its subsets are written when the load fails.
    with pytest.raises(LoadError, match="expected 8 tab-separated columns"):
        await load(engine, [Source(tmp_path / "next.obo"), Source(broken, SourceFormat.GENE2GO)])
    variables: dict[str, object] = {"ids": ids(901), "slim": ["goslim_test"], "mapping": "ALL"}
    served = (await run_query(engine, SLIM_TERMS, variables)).ok()
    assert [t["id"] for t in served["genes"][0]["gene"]["slimTerms"]] == by_name(ALL)[901]


async def test_an_undeclared_subset_fails_the_load(engine: AsyncEngine, tmp_path: Path) -> None:
    text = SLIM_OBO.read_text().replace("subsetdef: empty_slim", "subsetdef: other_slim")
    text = text.replace("name: process Q\n", "name: process Q\nsubset: empty_slim\n")
    (tmp_path / "bad.obo").write_text(text)
    with pytest.raises(LoadError, match="GO:0000200 is in subset empty_slim, which no subsetdef"):
        await load(engine, [Source(tmp_path / "bad.obo")])


# --- The real kit against goatools' map2slim --------------------------------------------

KIT_SLIM_TERMS = """
query($ids: [ID!]!, $slim: [ID!]!, $category: GOCategory) {
  genes(ids: $ids) {
    input
    gene {
      direct: slimTerms(slim: $slim, category: $category) { id }
      all: slimTerms(slim: $slim, category: $category, mapping: ALL) { id }
    }
  }
}"""
KIT_SUMMARY = """
query($genes: [ID!]!, $slim: [ID!]!, $category: GOCategory) {
  slimSummary(genes: $genes, slim: $slim, taxon: 9606, category: $category) {
    geneCount unmappedGenes { id } terms { term { id } geneCount }
  }
}"""


@dataclass(frozen=True)
class Map2Slim:
    """goatools' map2slim of some of the kit's human genes to a slim: per category (None:
    every aspect), each gene's direct and all slim terms."""

    slim: list[str]
    genes: list[int]
    direct: dict[str | None, dict[int, set[str]]]
    all: dict[str | None, dict[int, set[str]]]


def _map2slim(
    go_dag: Any,
    slim_dag: Any,
    associations: dict[int, set[str]],
    only_direct: bool,
    folder: Path,
) -> dict[int, set[str]]:
    """The map2slim script's own association mapping (``goatools map_to_slim
    --association_file``), read back from what it writes."""
    from goatools.cli.map_to_slim import _write_associations

    lines = [f"{gene}\t{';'.join(sorted(terms))}" for gene, terms in associations.items()]
    (folder / "associations.tsv").write_text("\n".join(lines) + "\n")
    out = io.StringIO()
    _write_associations(str(folder / "associations.tsv"), go_dag, slim_dag, only_direct, out)
    mapped = {}
    for line in out.getvalue().splitlines():
        gene, slims = line.split("\t")
        mapped[int(gene)] = set(filter(None, slims.split(";")))
    return mapped


# Session-wide, as the kit is: computed once for both backends.
@pytest.fixture(scope="session")
def map2slim(tmp_path_factory: pytest.TempPathFactory) -> Map2Slim:
    """goatools' map2slim on the kit's own files, asked genegraph's question:

    - Relations: map2slim walks ``GODag.paths_to_top``, which follows is_a only unless
      given ``relationships``; genegraph follows is_a and part_of. So the DAG is read with
      ``optional_attrs={"relationship"}`` and its ``paths_to_top`` given
      ``relationships={"part_of"}``; the mapping itself is goatools' code unchanged.
    - The slim: 40 terms drawn (seeded) among those within three levels of a root, 40
      among levels 4 to 6 (so slim terms lie below each other, which DIRECT leaves out),
      and the three roots; written as a slim OBO for goatools.
    - The association: gene2go for taxon 9606 without NOT-qualified rows, plus the seed
      gene page's GO rows for IL2 (the kit fixture loads the page first), alt ids as their
      primary terms; obsolete terms are not in goatools' DAG and genegraph leaves them
      out. Genes: 400 annotated ones drawn (seeded), IL2, and 20 genes of gene_info
      without a counted annotation (mapped to nothing).
    """
    from goatools.obo_parser import GODag

    folder = tmp_path_factory.mktemp("map2slim")
    dag = kit_go_dag(folder)
    dag.paths_to_top = functools.partial(GODag.paths_to_top, dag, relationships={"part_of"})
    primary = sorted({record.item_id for record in dag.values()})
    rng = random.Random(18)
    shallow = [go_id for go_id in primary if 1 <= dag[go_id].level <= 3]
    deep = [go_id for go_id in primary if 4 <= dag[go_id].level <= 6]
    roots = [go_id for go_id in primary if dag[go_id].level == 0]
    slim = sorted(roots + rng.sample(shallow, 40) + rng.sample(deep, 40))
    slim_obo = folder / "slim.obo"
    slim_obo.write_text(
        "format-version: 1.2\n\n"
        + "".join(
            f"[Term]\nid: {go_id}\nname: {dag[go_id].name}\nnamespace: {dag[go_id].namespace}\n\n"
            for go_id in slim
        )
    )
    slim_dag = GODag(str(slim_obo), prt=None)

    associations = human_associations(dag)
    with gzip.open(SHARED_DATA / "Homo_sapiens.gene_info.gz", "rt") as gene_info:
        next(gene_info)
        unannotated = sorted({int(line.split("\t")[1]) for line in gene_info} - associations.keys())
    genes = sorted({*rng.sample(sorted(associations), 400), 3558, *rng.sample(unannotated, 20)})

    direct: dict[str | None, dict[int, set[str]]] = {}
    every: dict[str | None, dict[int, set[str]]] = {}
    for category in (None, "biological_process"):
        chosen = {
            gene: {t for t in associations.get(gene, ()) if category in (None, dag[t].namespace)}
            for gene in genes
        }
        chosen = {gene: terms for gene, terms in chosen.items() if terms}
        key = None if category is None else category.upper()
        for only_direct, answers in ((True, direct), (False, every)):
            mapped = _map2slim(dag, slim_dag, chosen, only_direct, folder)
            answers[key] = {gene: mapped.get(gene, set()) for gene in genes}
    return Map2Slim(slim, genes, direct, every)


@needs_kit
@pytest.mark.parametrize("category", [None, "BIOLOGICAL_PROCESS"])
def test_real_kit_agrees_with_goatools_map2slim(
    loaded_kit: LoadedKit, map2slim: Map2Slim, category: str | None
) -> None:
    direct, every = map2slim.direct[category], map2slim.all[category]
    # The comparison can fail: the genes map to many slim terms, DIRECT differs from ALL,
    # and some genes map to nothing.
    assert sum(map(len, direct.values())) > 300
    assert sum(direct[g] != every[g] for g in map2slim.genes) > 50
    assert sum(not direct[g] for g in map2slim.genes) >= 20

    variables = {"ids": ids(*map2slim.genes), "slim": map2slim.slim, "category": category}
    answers = query(loaded_kit.url, KIT_SLIM_TERMS, variables)["genes"]
    ours_direct = {
        int(a["input"].split(":")[1]): {t["id"] for t in a["gene"]["direct"]} for a in answers
    }
    ours_all = {int(a["input"].split(":")[1]): {t["id"] for t in a["gene"]["all"]} for a in answers}
    assert ours_direct == direct
    assert ours_all == every

    variables = {"genes": ids(*map2slim.genes), "slim": map2slim.slim, "category": category}
    summary = query(loaded_kit.url, KIT_SUMMARY, variables)["slimSummary"]
    assert summary["geneCount"] == len(map2slim.genes)
    assert {g["id"] for g in summary["unmappedGenes"]} == set(
        ids(*(g for g in map2slim.genes if not direct[g]))
    )
    assert {t["term"]["id"]: t["geneCount"] for t in summary["terms"]} == {
        go_id: sum(go_id in slims for slims in direct.values()) for go_id in map2slim.slim
    }
