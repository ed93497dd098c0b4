"""The five workloads: a GraphQL operation each (and PostGraphile's equivalent where there
is one), with variables drawn at random, seeded, over many genes and terms of the data set,
so that no cache is flattered by asking the same thing again and again."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from genegraph.db.engine import engine_scope
from lab.paths import WORK

HUMAN = 9606


@dataclass(frozen=True)
class Workload:
    name: str
    title: str
    genegraph: str
    postgraphile: str | None
    pool_size: int
    # (drawn values, random) -> genegraph variables, PostGraphile variables
    draw: Callable[[dict[str, list[Any]], random.Random], tuple[dict[str, Any], dict[str, Any]]]


CARD = """query Card($id: ID!) {
  gene(id: $id) { id symbol name species { scientificName }
    goTerms(category: BIOLOGICAL_PROCESS) { id name }
    orthologs(taxa: [10090, 10116]) { gene { id symbol species { scientificName }
      goTerms(category: BIOLOGICAL_PROCESS) { id name } } } } }"""
CARD_PG = """query Card($id: BigInt!) {
  geneByGeneId(geneId: $id) { geneId symbol name speciesByTaxonId { scientificName }
    goTerms(category: "biological_process") { nodes { goId name } }
    orthologs(taxa: [10090, 10116]) { nodes { geneId symbol speciesByTaxonId { scientificName }
      goTerms(category: "biological_process") { nodes { goId name } } } } } }"""
SEARCH = """query Search($q: String!) {
  search(query: $q, taxon: 9606, first: 10) {
    edges { node { matchedBy gene { id symbol name } } } } }"""
# The peer's search ranks the symbol and alias tiers only (bench/peers/postgraphile).
SEARCH_PG = """query Search($q: String!) {
  searchGenes(query: $q, taxon: 9606, first: 10) { nodes { geneId symbol name } } }"""
TERM_GENES = """query TermGenes($id: ID!) {
  goTerm(id: $id) { id name
    genes(taxon: 9606, first: 50) { totalCount nodes { id symbol name } } } }"""
TERM_GENES_PG = """query TermGenes($id: String!) {
  goTermByGoId(goId: $id) { goId name
    genes(taxon: 9606, first: 50) { totalCount nodes { geneId symbol name } } } }"""
BATCH = """query Batch($ids: [ID!]!) {
  genes(ids: $ids) { input matchedBy gene { id symbol name } } }"""
BATCH_PG = """query Batch($ids: [BigInt]!) {
  genesByGeneIds(ids: $ids) { nodes { geneId symbol name } } }"""
ENRICHMENT = """query Enrichment($genes: [ID!]!) {
  enrichment(genes: $genes, taxon: 9606, category: BIOLOGICAL_PROCESS, maxResults: 20) {
    studySize backgroundSize testedTerms
    terms { term { id name } studyCount backgroundCount foldEnrichment pValue fdr } } }"""


def _card(drawn: dict[str, list[Any]], rng: random.Random) -> tuple[dict[str, Any], dict[str, Any]]:
    gene = rng.choice(drawn["annotated"])
    return {"id": f"NCBIGene:{gene}"}, {"id": str(gene)}


def _search(
    drawn: dict[str, list[Any]], rng: random.Random
) -> tuple[dict[str, Any], dict[str, Any]]:
    symbol: str = rng.choice(drawn["symbols"])
    prefix = symbol[: rng.randint(2, 4)]
    # People type in either case.
    typed = prefix.lower() if rng.random() < 0.5 else prefix
    return {"q": typed}, {"q": typed}


def _term(drawn: dict[str, list[Any]], rng: random.Random) -> tuple[dict[str, Any], dict[str, Any]]:
    term = rng.choice(drawn["terms"])
    return {"id": term}, {"id": term}


def _batch(
    drawn: dict[str, list[Any]], rng: random.Random
) -> tuple[dict[str, Any], dict[str, Any]]:
    genes = rng.sample(drawn["human"], 100)
    return {"ids": [f"NCBIGene:{g}" for g in genes]}, {"ids": [str(g) for g in genes]}


def _enrichment(
    drawn: dict[str, list[Any]], rng: random.Random
) -> tuple[dict[str, Any], dict[str, Any]]:
    genes = rng.sample(drawn["annotated"], 200)
    return {"genes": [f"NCBIGene:{g}" for g in genes]}, {}


WORKLOADS = {
    w.name: w
    for w in (
        Workload("card", "1. gene card", CARD, CARD_PG, 1000, _card),
        Workload("search", "2. search autocomplete", SEARCH, SEARCH_PG, 500, _search),
        Workload(
            "term_genes", "3. term -> genes (first 50)", TERM_GENES, TERM_GENES_PG, 300, _term
        ),
        Workload("batch", "4. batch of 100 genes", BATCH, BATCH_PG, 100, _batch),
        Workload("enrichment", "5. enrichment of 200 genes", ENRICHMENT, None, 30, _enrichment),
    )
}


async def _draw_values(url: str) -> dict[str, list[Any]]:
    """What the pools are drawn from: human genes (with annotations, for the card and
    enrichment), their symbols, and the terms that have human genes below them."""
    async with engine_scope(url) as engine, engine.connect() as conn:

        async def column(sql: str) -> list[Any]:
            return sorted((await conn.execute(text(sql), {"taxon": HUMAN})).scalars())

        annotated = await column(
            "SELECT DISTINCT g.gene_id FROM genes g JOIN go_annotations a ON a.gene_pk = g.pk "
            "WHERE g.taxon_id = :taxon AND g.gene_id IS NOT NULL"
        )
        human = await column(
            "SELECT gene_id FROM genes WHERE taxon_id = :taxon AND gene_id IS NOT NULL"
        )
        symbols = await column("SELECT symbol FROM genes WHERE taxon_id = :taxon")
        terms = await column(
            "SELECT DISTINCT c.ancestor_id FROM go_term_closure c "
            "WHERE NOT c.via_regulates AND c.go_id IN (SELECT DISTINCT go_id FROM go_annotations)"
        )
    return {"annotated": annotated, "human": human, "symbols": symbols, "terms": terms}


def body(document: str, variables: dict[str, Any]) -> str:
    return json.dumps({"query": document, "variables": variables}, separators=(",", ":"))


@dataclass(frozen=True)
class Pools:
    """Request bodies, one per line, for each workload and each API dialect."""

    folder: Path

    def path(self, workload: str, dialect: str) -> Path:
        return self.folder / f"{workload}.{dialect}.jsonl"


# The pools' seed: every tool that draws a workload's pool draws the same requests.
SEED = 5


def _draw_pool(
    workload: Workload, drawn: dict[str, list[Any]], seed: int = SEED
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The workload's pool: each request's variables for genegraph and for PostGraphile."""
    rng = random.Random(f"{seed}-{workload.name}")
    return [workload.draw(drawn, rng) for _ in range(workload.pool_size)]


async def pool_variables(workload: str, url: str) -> list[dict[str, Any]]:
    """genegraph's variables of each request of the workload's pool (``write_pools``'), for
    the tools that run them in process."""
    return [ours for ours, _ in _draw_pool(WORKLOADS[workload], await _draw_values(url))]


def write_pools(dataset: str, url: str, seed: int = SEED) -> Pools:
    pools = Pools(WORK / "bodies" / dataset)
    pools.folder.mkdir(parents=True, exist_ok=True)
    drawn = asyncio.run(_draw_values(url))
    for workload in WORKLOADS.values():
        ours, theirs = zip(*_draw_pool(workload, drawn, seed), strict=True)
        pools.path(workload.name, "genegraph").write_text(
            "".join(body(workload.genegraph, v) + "\n" for v in ours)
        )
        if workload.postgraphile is not None:
            pools.path(workload.name, "postgraphile").write_text(
                "".join(body(workload.postgraphile, v) + "\n" for v in theirs)
            )
    return pools
