"""Benchmark: GO enrichment of 500 human genes against every annotated human gene, on
databases holding the real-data kit; the first (cold) call, which reads and propagates
the species' annotations into the in-process cache, and later (warm) calls.

    .venv/bin/genegraph load --dir ../shared/data --database-url URL   # once per database
    .venv/bin/python bench/enrichment.py URL [URL ...] [--runs 5] [--genes 500]

Each call is the whole GraphQL request as the server runs it (parsing, validation,
resolvers, serialisation to Python objects), asking for the 100 best terms with names,
counts, p-values, FDR and study genes. Cold calls empty the cache first. Reports medians.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from typing import Any

from sqlalchemy import select

from genegraph.db.engine import engine_scope
from genegraph.db.models import Gene, GOAnnotation
from genegraph.resolvers import propagated
from genegraph.resolvers.context import Context
from genegraph.schema.root import schema

QUERY = """
query($genes: [ID!]!) {
  enrichment(genes: $genes, taxon: 9606) {
    studySize backgroundSize testedTerms unknownGenes
    terms { term { id name } studyCount backgroundCount foldEnrichment pValue fdr
            studyGenes { id symbol } }
  }
}"""


async def study_sets(url: str, size: int) -> dict[str, list[str]]:
    """``size`` annotated human genes drawn at random (seeded), and the genes annotated to
    "immune response" itself (an enriched set, with tiny p-values)."""
    async with engine_scope(url) as engine, engine.connect() as conn:
        annotated = (
            await conn.execute(
                select(Gene.gene_id)
                .join(GOAnnotation, GOAnnotation.gene_pk == Gene.pk)
                .where(Gene.taxon_id == 9606, Gene.gene_id.is_not(None))
                .distinct()
                .order_by(Gene.gene_id)
            )
        ).scalars()
        immune = (
            await conn.execute(
                select(Gene.gene_id)
                .join(GOAnnotation, GOAnnotation.gene_pk == Gene.pk)
                .where(GOAnnotation.go_id == "GO:0006955", Gene.gene_id.is_not(None))
                .distinct()
            )
        ).scalars()
        drawn = random.Random(500).sample(list(annotated), size)
        return {
            f"random {size}": [f"NCBIGene:{g}" for g in drawn],
            "immune response": [f"NCBIGene:{g}" for g in immune],
        }


async def call(url: str, genes: list[str]) -> tuple[float, dict[str, Any]]:
    async with engine_scope(url) as engine:
        started = time.perf_counter()
        result = await schema.execute(
            QUERY, variable_values={"genes": genes}, context_value=Context(engine)
        )
        elapsed = time.perf_counter() - started
    if result.errors or result.data is None:
        raise SystemExit(f"enrichment failed: {result.errors}")
    return elapsed, result.data["enrichment"]


async def bench(url: str, runs: int, size: int) -> None:
    backend = url.split(":", 1)[0]
    for name, genes in (await study_sets(url, size)).items():
        cold, warm = [], []
        for _ in range(runs):
            propagated.clear_cache()
            seconds, answer = await call(url, genes)
            cold.append(seconds)
            warm += [(await call(url, genes))[0] for _ in range(3)]
        cached = next(iter(propagated._cache.values()))
        megabytes = (
            sum(
                a.nbytes
                for a in (
                    cached.gene_pks,
                    cached.pair_genes,
                    cached.pair_terms,
                    cached.pair_offsets,
                )
            )
            / 2**20
        )
        print(
            f"{backend:10} {name:16} n={answer['studySize']:4} N={answer['backgroundSize']} "
            f"terms={answer['testedTerms']}  cold {statistics.median(cold):.2f} s  "
            f"warm {statistics.median(warm) * 1000:.0f} ms (max {max(warm) * 1000:.0f})  "
            f"cache {megabytes:.0f} MB, {len(cached.pair_terms):,} pairs"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+", help="databases holding the real-data kit")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--genes", type=int, default=500)
    args = parser.parse_args()
    for url in args.urls:
        asyncio.run(bench(url, args.runs, args.genes))


if __name__ == "__main__":
    main()
