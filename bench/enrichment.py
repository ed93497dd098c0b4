"""Benchmark: GO enrichment of human genes against every annotated human gene, on databases
holding the real-data kit, with goatools' GOEA on the kit's own files as the peer.

    .venv/bin/genegraph load --dir ../shared/data --database-url URL   # once per database
    .venv/bin/python bench/enrichment.py URL [URL ...] [--calls 20] [--genes 200] [--peer]

Each call is the whole GraphQL request as the server runs it (parsing, validation,
resolvers, serialisation to Python objects), asking for the 100 best terms with names,
counts, p-values, FDR and study genes. Reports the first call, then the median CPU time
(this process: with SQLite that includes the database's work) and wall time of the next
ones. ``--peer`` times goatools' ``run_study`` per study set (propagated over is_a and
part_of, one-sided Fisher, BH; its set-up, reading the files, not counted), the question
tests/test_enrichment.py compares the answers of.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from genegraph.db.engine import engine_scope
from genegraph.db.models import Gene, GOAnnotation
from genegraph.resolvers import enrichment_counts
from genegraph.resolvers.context import Context
from genegraph.schema.root import schema

KIT = Path(__file__).resolve().parents[2] / "shared" / "data"
QUERY = """
query($genes: [ID!]!) {
  enrichment(genes: $genes, taxon: 9606) {
    studySize backgroundSize testedTerms unknownGenes
    terms { term { id name } studyCount backgroundCount foldEnrichment pValue fdr
            studyGenes { id symbol } }
  }
}"""


async def study_sets(url: str, size: int) -> dict[str, list[int]]:
    """``size`` annotated human genes drawn at random (seeded), and the genes annotated to
    "immune response" itself (an enriched set, with tiny p-values): NCBI GeneIDs."""
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
        return {
            f"random {size}": random.Random(500).sample(list(annotated), size),
            "immune response": sorted(immune),
        }


async def bench(url: str, calls: int, size: int) -> dict[str, list[int]]:
    backend = url.split(":", 1)[0]
    sets = await study_sets(url, size)
    async with engine_scope(url) as engine:
        for name, genes in sets.items():
            variables = {"genes": [f"NCBIGene:{g}" for g in genes]}

            async def call(
                variables: dict[str, Any] = variables, name: str = name
            ) -> dict[str, Any]:
                result = await schema.execute(
                    QUERY, variable_values=variables, context_value=Context(engine)
                )
                if result.errors or result.data is None:
                    raise SystemExit(f"enrichment of {name} failed: {result.errors}")
                answer: dict[str, Any] = result.data["enrichment"]
                return answer

            enrichment_counts.clear_cache()
            started = time.perf_counter()
            answer = await call()
            first = time.perf_counter() - started
            cpu, wall = [], []
            for _ in range(calls):
                started, used = time.perf_counter(), time.process_time()
                await call()
                cpu.append(time.process_time() - used)
                wall.append(time.perf_counter() - started)
            print(
                f"{backend:18} {name:16} n={answer['studySize']:4} N={answer['backgroundSize']} "
                f"terms={answer['testedTerms']}  first {first * 1000:.0f} ms  "
                f"CPU {statistics.median(cpu) * 1000:.1f} ms  "
                f"wall {statistics.median(wall) * 1000:.1f} ms (median of {calls})"
            )
    return sets


def peer(sets: dict[str, list[int]], calls: int) -> None:
    """goatools' GOEA of each study set on the kit's files, as tests/test_enrichment.py
    configures it (gene2go for 9606 without NOT rows; the seed page is left out here)."""
    from goatools.go_enrichment import GOEnrichmentStudy
    from goatools.obo_parser import GODag

    with tempfile.TemporaryDirectory() as folder:
        obo = Path(folder) / "go-basic.obo"
        obo.write_bytes(gzip.decompress((KIT / "go-basic.obo.gz").read_bytes()))
        dag = GODag(str(obo), optional_attrs={"relationship"}, prt=None)
    associations: dict[int, set[str]] = {}
    with gzip.open(KIT / "gene2go.gz", "rt") as gene2go:
        next(gene2go)
        for line in gene2go:
            taxon, gene, go_id, _evidence, qualifier = line.split("\t")[:5]
            if taxon == "9606" and "NOT" not in qualifier.split() and go_id in dag:
                associations.setdefault(int(gene), set()).add(dag[go_id].item_id)
    study = GOEnrichmentStudy(
        sorted(associations),
        associations,
        dag,
        propagate_counts=True,
        relationships={"part_of"},
        alternative="greater",
        methods=["fdr_bh"],
        log=None,
    )
    for name, genes in sets.items():
        cpu = []
        for _ in range(calls):
            used = time.process_time()
            study.run_study(genes, log=None, prt=None)
            cpu.append(time.process_time() - used)
        print(f"{'goatools':18} {name:16} CPU {statistics.median(cpu) * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+", help="databases holding the real-data kit")
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--genes", type=int, default=200)
    parser.add_argument("--peer", action="store_true", help="time goatools too")
    args = parser.parse_args()
    sets: dict[str, list[int]] = {}
    for url in args.urls:
        sets = asyncio.run(bench(url, args.calls, args.genes))
    if args.peer:
        peer(sets, max(3, args.calls // 4))


if __name__ == "__main__":
    main()
