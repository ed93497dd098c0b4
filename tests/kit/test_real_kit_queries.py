"""Issue #4's done-when on the real kit (tests/helpers/kit.py): search, term → genes against an
independent count from the OBO and gene2go files, a 1,000-gene batch, IL2's links; and
issue #18's species with their gene counts against the gene_info files."""

from __future__ import annotations

import asyncio
import functools
import gzip
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest

from genegraph.db.engine import engine_scope
from tests.conftest import SEED_PAGE, SHARED_DATA, GraphQLResult, run_query
from tests.helpers.kit import LoadedKit, needs_kit, query

pytestmark = needs_kit

IMMUNE_RESPONSE = "GO:0006955"


def obo_stanzas() -> Iterator[dict[str, list[str]]]:
    """The [Term] stanzas of the kit's OBO as tag -> values, read without fastobo."""
    stanza: dict[str, list[str]] | None = None
    with gzip.open(SHARED_DATA / "go-basic.obo.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line.startswith("["):
                if stanza is not None:
                    yield stanza
                stanza = defaultdict(list) if line == "[Term]" else None
            elif stanza is not None and ": " in line:
                tag, value = line.split(": ", 1)
                stanza[tag].append(value.split(" ! ")[0].strip())
    if stanza is not None:
        yield stanza


def descendants_over_is_a_and_part_of(top: str) -> tuple[set[str], dict[str, str]]:
    """The term and every term below it; and each alt id's primary id."""
    children: dict[str, set[str]] = defaultdict(set)
    primary: dict[str, str] = {}
    for stanza in obo_stanzas():
        go_id = stanza["id"][0]
        primary[go_id] = go_id
        for alt in stanza.get("alt_id", []):
            primary[alt] = go_id
        for parent in stanza.get("is_a", []):
            children[parent].add(go_id)
        for relationship in stanza.get("relationship", []):
            relation, parent = relationship.split()[:2]
            if relation == "part_of":
                children[parent].add(go_id)
    found, todo = {top}, [top]
    while todo:
        for child in children[todo.pop()]:
            if child not in found:
                found.add(child)
                todo.append(child)
    return found, primary


def human_genes_annotated_within(terms: set[str], primary: dict[str, str]) -> set[int]:
    with gzip.open(SHARED_DATA / "Homo_sapiens.gene_info.gz", "rt") as handle:
        known = {int(line.split("\t")[1]) for line in handle if not line.startswith("#")}
    genes = set()
    with gzip.open(SHARED_DATA / "gene2go.gz", "rt") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if fields[0] != "9606" or "NOT" in fields[4].split("|"):
                continue
            if primary.get(fields[2]) in terms and int(fields[1]) in known:
                genes.add(int(fields[1]))
    page_terms = {
        primary.get(word) for word in SEED_PAGE.read_text().split() if word.startswith("GO:")
    }
    if page_terms & terms:
        genes.add(3558)  # the seed page is IL2's
    return genes


@functools.cache
def immune_response_genes() -> frozenset[int]:
    """The human genes annotated within immune response, read once per process (each test
    runs on both backends, and the files take seconds to read)."""
    terms, primary = descendants_over_is_a_and_part_of(IMMUNE_RESPONSE)
    return frozenset(human_genes_annotated_within(terms, primary))


GENES_PAGE = """query ($after: String) { goTerm(id: "GO:0006955") {
  genes(taxon: 9606, first: 500, after: $after) {
    totalCount edges { node { geneId } } pageInfo { hasNextPage endCursor } } } }"""


def test_genes_of_immune_response_match_an_independent_count(loaded_kit: LoadedKit) -> None:
    expected = immune_response_genes()
    assert len(expected) > 1000  # the real thing, not an empty set that trivially agrees
    seen: list[int] = []
    after = None
    totals = set()
    while True:
        page = query(loaded_kit.url, GENES_PAGE, {"after": after})["goTerm"]["genes"]
        totals.add(page["totalCount"])
        seen += [edge["node"]["geneId"] for edge in page["edges"]]
        after = page["pageInfo"]["endCursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
    assert totals == {len(expected)}
    assert len(seen) == len(set(seen))
    assert set(seen) == expected


def test_search_interleukin_has_il2_near_the_top(loaded_kit: LoadedKit) -> None:
    found = query(
        loaded_kit.url,
        """{ search(query: "interleukin", taxon: 9606, first: 5) {
             totalCount edges { node { matchedBy gene { symbol } } } } }""",
    )["search"]
    assert found["totalCount"] > 50
    assert "IL2" in [edge["node"]["gene"]["symbol"] for edge in found["edges"]]
    # Autocomplete: the exact symbol, then the symbols it starts.
    prefix = query(
        loaded_kit.url,
        """{ search(query: "IL2", taxon: 9606, first: 3) {
             edges { node { matchedBy gene { symbol } } } } }""",
    )["search"]["edges"]
    hits = [(e["node"]["matchedBy"], e["node"]["gene"]["symbol"]) for e in prefix]
    assert hits[0] == ("SYMBOL", "IL2")
    assert {kind for kind, _ in hits[1:]} == {"SYMBOL_PREFIX"}


def test_a_thousand_genes_in_one_request(loaded_kit: LoadedKit) -> None:
    with gzip.open(SHARED_DATA / "Homo_sapiens.gene_info.gz", "rt") as handle:
        next(handle)
        gene_ids = [int(next(handle).split("\t")[1]) for _ in range(1000)]
    ids = [f"NCBIGene:{n}" for n in reversed(gene_ids)]  # any order is kept
    found = query(
        loaded_kit.url,
        "query ($ids: [ID!]) { genes(ids: $ids) { input matchedBy gene { id } } }",
        {"ids": ids},
    )["genes"]
    assert [g["input"] for g in found] == ids
    assert [g["gene"]["id"] for g in found] == ids
    assert {g["matchedBy"] for g in found} == {"ID"}


def test_il2_external_links(loaded_kit: LoadedKit) -> None:
    gene: dict[str, Any] = query(
        loaded_kit.url, '{ gene(symbol: "IL2") { xrefs { database id url } } }'
    )["gene"]
    links = {(x["database"], x["id"]): x["url"] for x in gene["xrefs"]}
    assert links[("NCBI Gene", "3558")] == "https://www.ncbi.nlm.nih.gov/gene/3558"
    assert links[("Ensembl", "ENSG00000109471")] == "https://www.ensembl.org/id/ENSG00000109471"
    assert links[("MIM", "147680")] == "https://omim.org/entry/147680"


@pytest.mark.parametrize("alias", ["TCGF", "lymphokine"])
def test_il2_by_alias_and_external_id(loaded_kit: LoadedKit, alias: str) -> None:
    found = query(
        loaded_kit.url,
        """query ($alias: String!) { a: gene(alias: $alias) { id }
             b: gene(id: "Ensembl:ENSG00000109471") { id } c: gene(id: "MIM:147680") { id } }""",
        {"alias": alias},
    )
    assert found == {
        "a": {"id": "NCBIGene:3558"},
        "b": {"id": "NCBIGene:3558"},
        "c": {"id": "NCBIGene:3558"},
    }


@functools.cache
def genes_per_taxon_of_gene_info() -> dict[int, int]:
    """Data rows per taxon of the kit's gene_info files (read once per process)."""
    counts: dict[int, int] = defaultdict(int)
    for path in sorted(SHARED_DATA.glob("*.gene_info.gz")):
        with gzip.open(path, "rt") as handle:
            for line in handle:
                if not line.startswith("#"):
                    counts[int(line.split("\t", 1)[0])] += 1
    return dict(counts)


def test_species_are_the_kits_with_their_gene_counts(loaded_kit: LoadedKit) -> None:
    species = query(loaded_kit.url, "{ species { taxonId scientificName geneCount } }")["species"]
    assert {s["taxonId"]: s["geneCount"] for s in species} == genes_per_taxon_of_gene_info()
    counts = [s["geneCount"] for s in species]
    assert counts == sorted(counts, reverse=True)  # most genes first
    # A species not loaded: an error naming these.
    result = asyncio.run(
        query_result(loaded_kit.url, '{ gene(symbol: "tp53", taxon: 7955) { id } }')
    )
    loaded = ", ".join(
        f"{s['taxonId']} ({s['scientificName']})" for s in sorted(species, key=taxon_of)
    )
    assert [e["message"] for e in result.errors] == [
        f"gene: taxon 7955 is not loaded; loaded species: {loaded}"
    ]


def taxon_of(species: dict[str, Any]) -> int:
    return int(species["taxonId"])


async def query_result(url: str, text: str) -> GraphQLResult:
    async with engine_scope(url) as engine:
        return await run_query(engine, text)
