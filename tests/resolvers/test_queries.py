"""Issue #4's queries on a small release written to show each rule, on each backend:
term → genes, the ontology's shape, search, batch look-ups, filters, links, orthologs."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from genegraph.db.engine import engine_scope
from genegraph.db.ingest.release import Source, load
from genegraph.db.migrate import upgrade
from genegraph.resolvers.pagination import MAX_PAGE_SIZE, Window, cursor_at
from genegraph.resolvers.rows import Fetch
from genegraph.resolvers.search import GeneHit, GeneMatch, Hits, search_genes
from tests.conftest import FIXTURES, Database, GraphQLResult, run_query
from tests.helpers.sources import HOMOLOGENE, OBO, ORTHOLOGS, write

GENE2GO = """#tax_id\tGeneID\tGO_ID\tEvidence\tQualifier\tGO_term\tPubMed\tCategory
9606\t3558\tGO:0006955\tTAS\t-\timmune response\t2827345\tProcess
9606\t3558\tGO:0006916\tIDA\t-\tanti-apoptosis\t-\tProcess
9606\t3558\tGO:0005125\tIEA\tenables\tcytokine activity\t-\tFunction
9606\t3559\tGO:0050778\tIMP\t-\tpositive regulation of immune response\t-\tProcess
9606\t3560\tGO:0006955\tIDA\tNOT|involved_in\timmune response\t-\tProcess
9606\t3561\tGO:0006955\tIDA\tNOT involved_in\timmune response\t-\tProcess
10090\t16183\tGO:0006955\tISO\t-\timmune response\t-\tProcess
"""
# Two more human genes sharing an alias, for ambiguous look-ups.
MORE_GENES = (
    "9606\t3561\tIL2RG\t-\tSHARED|CD132\tMIM:308380\tX\tXq13.1\t"
    "interleukin 2 receptor subunit gamma\tprotein-coding\t-\t-\t-\t-\t20220912\t-\n"
    "9606\t3562\tIL3\t-\tSHARED\t-\t5\t5q31.1\tinterleukin 3\tprotein-coding\t-\t-\t-\t-\t"
    "20220912\t-\n"
)
# Genes hit by "tie" in every tier but the summary's: TIE exactly, TIE2 by its start, ABC9 by
# two aliases of one length (the first alphabetically is its matched text), XYZ9 by its name.
TIE_GENES = "".join(
    f"9606\t{gene_id}\t{symbol}\t-\t{aliases}\t-\t1\t1p1\t{name}\tprotein-coding\t"
    "-\t-\t-\t-\t20220912\t-\n"
    for gene_id, symbol, aliases, name in (
        (900001, "TIE", "-", "tie exact"),
        (900002, "TIE2", "TIEX", "tie start"),
        (900003, "ABC9", "TIEB|TIEA", "tiebreaker by alias"),
        (900004, "XYZ9", "-", "tiered by name"),
    )
)


@pytest.fixture(scope="module")
def url(module_database: Database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("release")
    gene_info = write(
        folder,
        "genes.gene_info",
        (FIXTURES / "gene_info_il2.tsv").read_text() + MORE_GENES + TIE_GENES,
    )
    files = [
        write(folder, "mini.obo", OBO),
        gene_info,
        write(folder, "gene2go", GENE2GO),
        write(folder, "gene_orthologs", ORTHOLOGS),
        write(folder, "homologene.tsv", HOMOLOGENE),
    ]

    async def load_all() -> None:
        async with engine_scope(module_database.url) as engine:
            await upgrade(engine)
            await load(engine, [Source(path) for path in files])

    asyncio.run(load_all())
    yield module_database.url


def ask(url: str, query: str, variables: dict[str, Any] | None = None) -> GraphQLResult:
    async def run() -> GraphQLResult:
        async with engine_scope(url) as engine:
            return await run_query(engine, query, variables)

    return asyncio.run(run())


def data(url: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    return ask(url, query, variables).ok()


def user_error(url: str, query: str) -> str:
    result = ask(url, query)
    assert len(result.errors) == 1, result.errors
    assert result.errors[0]["extensions"] == {"code": "BAD_USER_INPUT"}
    return str(result.errors[0]["message"])


def symbols(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["symbol"] for edge in connection["edges"]]


# Term → genes


TERM_GENES = """query ($id: ID!, $taxon: Int, $desc: Boolean! = true, $reg: Boolean! = false,
                  $evidence: [String!], $groups: [EvidenceGroup!], $first: Int, $after: String) {
  goTerm(id: $id) {
    genes(taxon: $taxon, includeDescendants: $desc, includeRegulates: $reg, evidence: $evidence,
          evidenceGroups: $groups, first: $first, after: $after) {
      totalCount
      edges { cursor node { symbol } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
}"""


def term_genes(url: str, **variables: Any) -> dict[str, Any]:
    genes: dict[str, Any] = data(url, TERM_GENES, variables)["goTerm"]["genes"]
    return genes


def test_genes_of_a_term_include_its_descendants_over_is_a(url: str) -> None:
    # IL2 and mouse Il2 are annotated to immune response, an is_a descendant; IL2RB's and
    # IL2RG's annotations there are NOT-qualified (GAF's "|" and gene2go's space) and never
    # count.
    genes = term_genes(url, id="GO:0002376")
    assert (genes["totalCount"], symbols(genes)) == (2, ["IL2", "Il2"])
    assert symbols(term_genes(url, id="GO:0002376", taxon=9606)) == ["IL2"]
    assert term_genes(url, id="GO:0002376", desc=False)["totalCount"] == 0


def test_regulates_is_followed_only_when_asked(url: str) -> None:
    # IL2RA is annotated to "positive regulation of immune response".
    assert symbols(term_genes(url, id="GO:0006955")) == ["IL2", "Il2"]
    # Ordered by symbol, case aside: human IL2, mouse Il2, IL2RA.
    assert symbols(term_genes(url, id="GO:0006955", reg=True)) == ["IL2", "Il2", "IL2RA"]


def test_genes_of_a_term_by_evidence(url: str) -> None:
    assert symbols(term_genes(url, id="GO:0006955", reg=True, evidence=["IMP"])) == ["IL2RA"]
    assert symbols(term_genes(url, id="GO:0003674", groups=["ELECTRONIC"])) == ["IL2"]
    assert symbols(term_genes(url, id="GO:0003674", groups=["EXPERIMENTAL"])) == []
    # Codes and groups add up.
    both = term_genes(url, id="GO:0006955", reg=True, evidence=["TAS"], groups=["EXPERIMENTAL"])
    assert symbols(both) == ["IL2", "IL2RA"]


def test_paging_walks_the_whole_list_once(url: str) -> None:
    whole = term_genes(url, id="GO:0006955", reg=True)
    seen: list[str] = []
    after = None
    while True:
        page = term_genes(url, id="GO:0006955", reg=True, first=1, after=after)
        assert page["totalCount"] == 3
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        seen += symbols(page)
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
    assert seen == symbols(whole)
    past_end = term_genes(url, id="GO:0006955", reg=True, after=after)
    assert (past_end["totalCount"], past_end["edges"], past_end["pageInfo"]["endCursor"]) == (
        3,
        [],
        None,
    )


def test_page_size_and_cursor_are_checked(url: str) -> None:
    query = '{ goTerm(id: "GO:0006955") { genes(first: %s) { totalCount } } }'
    assert f"between 0 and {MAX_PAGE_SIZE}" in user_error(url, query % (MAX_PAGE_SIZE + 1))
    assert "between 0" in user_error(url, query % -1)
    bad_cursor = '{ goTerm(id: "GO:0006955") { genes(after: "nonsense") { totalCount } } }'
    assert "is not a cursor" in user_error(url, bad_cursor)


def test_genes_of_many_terms_take_one_statement(url: str, module_database: Database) -> None:
    query = """{ goTerm(id: "GO:0008150") { children { term {
                   genes(first: 1) { totalCount } descendants { totalCount } } } } }"""

    async def count() -> tuple[int, dict[str, Any]]:
        statements: list[str] = []
        async with engine_scope(url) as engine:
            from sqlalchemy import event

            def record(*args: object) -> None:
                statements.append(str(args[2]))

            event.listen(engine.sync_engine, "before_cursor_execute", record)
            result = (await run_query(engine, query)).ok()
        return len(statements), result

    statements, result = asyncio.run(count())
    children = result["goTerm"]["children"]
    assert len(children) >= 3
    # goTerm, children, their genes, their descendants: one statement each.
    assert statements == 4


# The ontology's shape


def test_parents_children_ancestors_descendants(url: str) -> None:
    term = data(
        url,
        """{ goTerm(id: "GO:0050778") {
             parents { relation term { id } }
             ancestors { id }
             withRegulates: ancestors(includeRegulates: true) { id }
             descendants { totalCount }
           }
           root: goTerm(id: "GO:0008150") {
             descendants(first: 2) { totalCount nodes { id } pageInfo { hasNextPage } }
             children { relation term { id } }
           } }""",
    )
    regulation = term["goTerm"]
    assert regulation["parents"] == [
        {"relation": "is_a", "term": {"id": "GO:0050776"}},
        {"relation": "positively_regulates", "term": {"id": "GO:0006955"}},
    ]
    assert [t["id"] for t in regulation["ancestors"]] == ["GO:0008150", "GO:0050776"]
    assert [t["id"] for t in regulation["withRegulates"]] == [
        "GO:0002376",
        "GO:0006955",
        "GO:0008150",
        "GO:0050776",
    ]
    assert regulation["descendants"]["totalCount"] == 0
    root = term["root"]
    # Below biological_process over is_a/part_of: 0002376, 0006955, 0043066, 0050776, 0050778.
    assert root["descendants"]["totalCount"] == 5
    assert [t["id"] for t in root["descendants"]["nodes"]] == ["GO:0002376", "GO:0006955"]
    assert root["descendants"]["pageInfo"]["hasNextPage"] is True
    assert {"relation": "is_a", "term": {"id": "GO:0050776"}} in root["children"]


def test_synonyms_obsolete_and_links(url: str) -> None:
    terms = data(
        url,
        """{ a: goTerm(id: "GO:0006955") { synonyms { text scope } quickGoUrl amigoUrl }
             b: goTerm(id: "GO:0000005") { isObsolete replacedBy consider } }""",
    )
    assert terms["a"] == {
        "synonyms": [{"text": "immune reaction", "scope": "RELATED"}],
        "quickGoUrl": "https://www.ebi.ac.uk/QuickGO/term/GO:0006955",
        "amigoUrl": "https://amigo.geneontology.org/amigo/term/GO:0006955",
    }
    assert terms["b"] == {
        "isObsolete": True,
        "replacedBy": "GO:0005125",
        "consider": ["GO:0003674"],
    }


TERM_SEARCH = """query ($q: String!, $category: GOCategory, $obsolete: Boolean! = false) {
  goTerms(search: $q, category: $category, includeObsolete: $obsolete) {
    totalCount nodes { matchedBy matchedText term { id } } } }"""


def term_hits(url: str, **variables: Any) -> list[tuple[str, str, str | None]]:
    found = data(url, TERM_SEARCH, variables)["goTerms"]
    assert found["totalCount"] == len(found["nodes"])
    return [(n["term"]["id"], n["matchedBy"], n["matchedText"]) for n in found["nodes"]]


def test_term_search_ranks_name_before_prefix_words_and_synonyms(url: str) -> None:
    assert term_hits(url, q="Immune Response") == [
        ("GO:0006955", "NAME", None),
        ("GO:0050776", "NAME_WORDS", None),
        ("GO:0050778", "NAME_WORDS", None),
    ]
    assert term_hits(url, q="immune") == [
        ("GO:0006955", "NAME_PREFIX", None),  # shorter names first within a tier
        ("GO:0002376", "NAME_PREFIX", None),
        ("GO:0050776", "NAME_WORDS", None),
        ("GO:0050778", "NAME_WORDS", None),
    ]
    assert term_hits(url, q="reaction") == [("GO:0006955", "SYNONYM", "immune reaction")]
    assert term_hits(url, q="go:0006955") == [("GO:0006955", "ID", None)]
    assert term_hits(url, q="activity", category="MOLECULAR_FUNCTION") == [
        ("GO:0005125", "NAME_WORDS", None)
    ]
    assert ("GO:0000005", "NAME_WORDS", None) in term_hits(url, q="activity", obsolete=True)
    assert term_hits(url, q="100%_sure") == []


# Gene search

SEARCH = """query ($q: String!, $taxon: Int, $first: Int, $after: String) {
  search(query: $q, taxon: $taxon, first: $first, after: $after) {
    totalCount
    edges { node { matchedBy matchedText gene { id symbol } } }
    pageInfo { hasNextPage endCursor } } }"""


def gene_hits(url: str, **variables: Any) -> list[tuple[str, str, str | None]]:
    found = data(url, SEARCH, variables)["search"]
    return [
        (e["node"]["gene"]["id"], e["node"]["matchedBy"], e["node"]["matchedText"])
        for e in found["edges"]
    ]


def test_search_ranks_symbol_prefix_alias_then_words(url: str) -> None:
    assert gene_hits(url, q="il2", taxon=9606) == [
        ("NCBIGene:3558", "SYMBOL", None),
        ("NCBIGene:3559", "SYMBOL_PREFIX", None),
        ("NCBIGene:3560", "SYMBOL_PREFIX", None),
        ("NCBIGene:3561", "SYMBOL_PREFIX", None),
        # "IL2R" is an alias of IL2RA, "IL2" is in no other name: no more hits.
    ]
    # Without a taxon the mouse and rat genes named Il2 are exact symbol hits too.
    top = gene_hits(url, q="IL2")[:3]
    assert {hit[0] for hit in top} == {"NCBIGene:3558", "NCBIGene:16183", "NCBIGene:116562"}
    assert gene_hits(url, q="tcgf") == [
        ("NCBIGene:3558", "ALIAS", "TCGF"),
        ("NCBIGene:3559", "ALIAS", "TCGFR"),
    ]


def test_search_by_words_in_the_name_with_a_prefix_last_word(url: str) -> None:
    # Shorter names first: "... subunit beta", then "... alpha" and "... gamma" by symbol.
    assert gene_hits(url, q="interleukin 2 rec", taxon=9606) == [
        ("NCBIGene:3560", "NAME", None),
        ("NCBIGene:3559", "NAME", None),
        ("NCBIGene:3561", "NAME", None),
    ]
    hits = gene_hits(url, q="interleukin", taxon=9606)
    assert hits[0] == ("NCBIGene:3558", "NAME", None)  # the shortest name first
    assert {h[0] for h in hits} == {f"NCBIGene:{n}" for n in (3558, 3559, 3560, 3561, 3562)}


def test_search_pages_and_rejects_empty_queries(url: str) -> None:
    first = data(url, SEARCH, {"q": "interleukin", "first": 2})["search"]
    assert first["totalCount"] == 6  # five human genes and the mouse one
    second = data(url, SEARCH, {"q": "interleukin", "after": first["pageInfo"]["endCursor"]})
    ids = [e["node"]["gene"]["id"] for e in first["edges"] + second["search"]["edges"]]
    assert len(ids) == len(set(ids)) == 6
    assert "`query` is empty" in user_error(url, '{ search(query: "  ") { totalCount } }')
    # Punctuation only: nothing to match, no error, no SQL syntax leaking through.
    assert data(url, SEARCH, {"q": "\"*'()"})["search"]["totalCount"] == 0


def test_search_pages_across_tiers_as_one_list(url: str) -> None:
    """Each tier is counted and cut into pages apart: any page size walks the same list."""
    whole = gene_hits(url, q="tie", taxon=9606, first=50)
    assert whole == [
        ("NCBIGene:900001", "SYMBOL", None),
        ("NCBIGene:900002", "SYMBOL_PREFIX", None),
        ("NCBIGene:900003", "ALIAS", "TIEA"),
        ("NCBIGene:900004", "NAME", None),
    ]
    for size in (1, 2, 3):
        walked: list[tuple[str, str, str | None]] = []
        after = None
        while True:
            found = data(url, SEARCH, {"q": "tie", "taxon": 9606, "first": size, "after": after})
            assert found["search"]["totalCount"] == len(whole)
            walked += [
                (e["node"]["gene"]["id"], e["node"]["matchedBy"], e["node"]["matchedText"])
                for e in found["search"]["edges"]
            ]
            if not found["search"]["pageInfo"]["hasNextPage"]:
                break
            after = found["search"]["pageInfo"]["endCursor"]
        assert walked == whole, size
    past = data(url, SEARCH, {"q": "tie", "first": 2, "after": cursor_at(10)})
    assert past["search"]["totalCount"] == len(whole)
    assert past["search"]["edges"] == []


AUTOCOMPLETE = """query ($q: String!, $taxon: Int, $first: Int, $after: String) {
  search(query: $q, taxon: $taxon, first: $first, after: $after) {
    ...page pageInfo { hasNextPage endCursor } } }
fragment page on GeneSearchHitConnection {
  edges { node { matchedBy matchedText gene { id symbol } } } }"""
EDGES_ONLY = """query ($q: String!, $taxon: Int, $first: Int) {
  search(query: $q, taxon: $taxon, first: $first) {
    ... on GeneSearchHitConnection { nodes { matchedBy matchedText gene { id symbol } } } } }"""


@pytest.mark.parametrize(
    ("query", "taxon"),
    [("tie", 9606), ("il2", 9606), ("IL2", None), ("tcgf", None), ("interleukin", None)],
)
def test_search_without_total_walks_the_same_pages(url: str, query: str, taxon: int | None) -> None:
    """Without `totalCount` the groups are walked, not counted: the same hits, pages and
    `hasNextPage` at every page size."""
    whole = gene_hits(url, q=query, taxon=taxon, first=50)
    assert whole
    for size in (1, 2, 3, 50):
        walked: list[tuple[str, str, str | None]] = []
        after = None
        while True:
            variables = {"q": query, "taxon": taxon, "first": size, "after": after}
            found = data(url, AUTOCOMPLETE, variables)["search"]
            walked += [
                (e["node"]["gene"]["id"], e["node"]["matchedBy"], e["node"]["matchedText"])
                for e in found["edges"]
            ]
            assert found["pageInfo"]["hasNextPage"] == (len(walked) < len(whole)), size
            if not found["pageInfo"]["hasNextPage"]:
                break
            after = found["pageInfo"]["endCursor"]
        assert walked == whole, size
        nodes = data(url, EDGES_ONLY, {"q": query, "taxon": taxon, "first": size})["search"]
        assert [(n["gene"]["id"], n["matchedBy"], n["matchedText"]) for n in nodes["nodes"]] == (
            whole[:size]
        )
    past = data(url, AUTOCOMPLETE, {"q": query, "taxon": taxon, "first": 2, "after": cursor_at(60)})
    assert past["search"]["edges"] == []
    assert past["search"]["pageInfo"]["hasNextPage"] is False


async def test_search_finds_a_renamed_gene_by_its_new_name_only(
    engine: AsyncEngine, tmp_path: Path
) -> None:
    """The text index follows a reload that renames a gene (FTS5 triggers, GIN index)."""
    genes = (FIXTURES / "gene_info_il2.tsv").read_text()
    renamed = genes.replace("interleukin 2 receptor subunit beta", "zymogen receptor subunit beta")
    assert renamed != genes
    for folder, text in (("first", genes), ("second", renamed)):
        (tmp_path / folder).mkdir()
        await load(engine, [Source(write(tmp_path / folder, "genes.gene_info", text))])

    async def found(query: str) -> Hits[GeneHit]:
        return await search_genes(Fetch(engine), engine.dialect.name, query, 9606, Window(0, 10))

    new = await found("zymo")
    assert (new.total, [(h.gene.symbol, h.match) for h in new.hits]) == (
        1,
        [("IL2RB", GeneMatch.NAME)],
    )
    old = await found("interleukin 2 receptor subunit b")
    assert (old.total, old.hits) == (0, ())


# Look-ups


def test_batch_answers_in_input_order_with_markers(url: str) -> None:
    found = data(
        url,
        """{ genes(ids: ["NCBIGene:3559", "NCBIGene:424242", "Ensembl:ENSG00000109471",
                        "omim:308380", "IL2"],
                  symbols: ["IL2RB", "tcgf", "SHARED", "NOPE"]) {
             input matchedBy problem gene { id } candidates { id } } }""",
    )["genes"]
    assert [(g["input"], g["matchedBy"], g["gene"] and g["gene"]["id"]) for g in found] == [
        ("NCBIGene:3559", "ID", "NCBIGene:3559"),
        ("NCBIGene:424242", None, None),
        ("Ensembl:ENSG00000109471", "XREF", "NCBIGene:3558"),
        ("omim:308380", "XREF", "NCBIGene:3561"),
        ("IL2", None, None),
        ("IL2RB", "SYMBOL", "NCBIGene:3560"),
        ("tcgf", "ALIAS", "NCBIGene:3558"),
        ("SHARED", None, None),
        ("NOPE", None, None),
    ]
    assert "no gene has the id" in found[1]["problem"]
    assert "is not a gene id" in found[4]["problem"]
    assert [c["id"] for c in found[7]["candidates"]] == ["NCBIGene:3561", "NCBIGene:3562"]
    assert "names 2 genes" in found[7]["problem"]


def test_batch_size_is_bounded(url: str) -> None:
    ids = ", ".join(f'"NCBIGene:{n}"' for n in range(1001))
    assert "at most 1000" in user_error(url, f"{{ genes(ids: [{ids}]) {{ input }} }}")


def test_gene_by_alias_and_external_id(url: str) -> None:
    found = data(
        url,
        """{ a: gene(alias: "lymphokine") { id }
             b: gene(id: "Ensembl:ENSG00000134460") { id }
             c: gene(id: "MIM:606367") { id }
             d: gene(alias: "TCGF", taxon: 10090) { id } }""",
    )
    assert found == {
        "a": {"id": "NCBIGene:3558"},
        "b": {"id": "NCBIGene:3559"},
        "c": {"id": "NCBIGene:3559"},
        "d": None,
    }
    message = user_error(url, '{ gene(alias: "shared") { id } }')
    assert "names 2 genes: NCBIGene:3561 (IL2RG), NCBIGene:3562 (IL3)" in message


def test_external_links_with_addresses(url: str) -> None:
    links = data(url, '{ gene(symbol: "IL2") { xrefs { database id url } } }')["gene"]["xrefs"]
    assert links == [
        {"database": "NCBI Gene", "id": "3558", "url": "https://www.ncbi.nlm.nih.gov/gene/3558"},
        {
            "database": "Ensembl",
            "id": "ENSG00000109471",
            "url": "https://www.ensembl.org/id/ENSG00000109471",
        },
        {"database": "MIM", "id": "147680", "url": "https://omim.org/entry/147680"},
    ]


# A gene's annotations


def test_annotation_filters(url: str) -> None:
    found = data(
        url,
        """{ il2: gene(symbol: "IL2") {
               all: annotations { evidence }
               experimental: annotations(evidenceGroups: [EXPERIMENTAL]) { evidence }
               immune: goTerms(descendantOf: "GO:0002376") { id }
               byAltId: goTerms(descendantOf: "GO:0006916") { id }
               mf: goTerms(category: MOLECULAR_FUNCTION) { id }
               page: annotationsConnection(first: 2) { totalCount edges { node { evidence } } }
             }
             il2rb: gene(symbol: "IL2RB") {
               annotations { qualifier }
               negated: annotations(includeNegated: true) { qualifier term { id } }
               goTerms { id }
             } }""",
    )
    il2 = found["il2"]
    assert sorted(a["evidence"] for a in il2["all"]) == ["IDA", "IEA", "TAS"]
    assert il2["experimental"] == [{"evidence": "IDA"}]
    assert il2["immune"] == [{"id": "GO:0006955"}]
    assert il2["byAltId"] == [{"id": "GO:0043066"}]
    assert il2["mf"] == [{"id": "GO:0005125"}]
    assert il2["page"]["totalCount"] == 3 and len(il2["page"]["edges"]) == 2
    il2rb = found["il2rb"]
    assert il2rb["annotations"] == [] and il2rb["goTerms"] == []
    assert il2rb["negated"] == [{"qualifier": "NOT|involved_in", "term": {"id": "GO:0006955"}}]
    message = user_error(
        url, '{ gene(symbol: "IL2") { goTerms(descendantOf: "GO:1234567") { id } } }'
    )
    assert "no GO term GO:1234567" in message


# Orthology


def test_orthologs_by_species_name_in_both_directions(url: str) -> None:
    found = data(
        url,
        """{ human: gene(symbol: "IL2") {
               orthologs(species: ["house mouse", "Rattus norvegicus"]) { sources gene { id } } }
             mouse: gene(symbol: "Il2", taxon: 10090) {
               orthologs(taxa: [9606]) { sources source gene { id } } } }""",
    )
    # One entry per gene, by species: gene_orthologs and HomoloGene both assert each pair.
    both = ["NCBI Gene", "HomoloGene"]
    assert found["human"]["orthologs"] == [
        {"sources": both, "gene": {"id": "NCBIGene:16183"}},
        {"sources": both, "gene": {"id": "NCBIGene:116562"}},
    ]
    assert found["mouse"]["orthologs"] == [
        {"sources": both, "source": "NCBI Gene", "gene": {"id": "NCBIGene:3558"}}
    ]
    message = user_error(
        url, '{ gene(symbol: "IL2") { orthologs(species: ["unicorn"]) { source } } }'
    )
    assert "unknown species 'unicorn'" in message
