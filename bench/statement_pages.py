"""Pages and PostgreSQL CPU per run of the batch's and the enrichment's look-ups, over the
workloads' pools: where the database's work grows with the data (BENCHMARKS.md, issue #16).

    PYTHONPATH=TREE .venv/bin/python bench/statement_pages.py STATEMENT --database DB \\
        [--passes 10]

STATEMENT: ``batch-genes`` (the batch's 100 GeneIDs' genes), ``study-genes`` (an
enrichment's 200), ``study-annotations`` (their positive annotations' terms: the
statement of resolvers/enrichment_counts.py). Each runs over its workload's pool (drawn as
bench/lab/workloads.py draws it, same seed): first under ``EXPLAIN (ANALYZE, BUFFERS)``
with ``track_io_timing`` on in the session (buffers touched, of them read, that is not in
shared buffers, and the plan's nodes), then ``--passes`` times more, printing the
backend's CPU per run (/proc; utime + stime). Reads only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.dialects.postgresql.asyncpg import dialect

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lab import procs
from lab.paths import POSTGRES
from lab.workloads import pool_variables

from genegraph.resolvers.dataloaders import GENES_BY_GENE_ID
from genegraph.resolvers.enrichment_counts import STUDY_ANNOTATIONS
from genegraph.resolvers.rows import OnDriver

STATEMENTS = {
    "batch-genes": ("batch", GENES_BY_GENE_ID),
    "study-genes": ("enrichment", GENES_BY_GENE_ID),
    "study-annotations": ("enrichment", STUDY_ANNOTATIONS),
}


def _arguments(statement: OnDriver, keys: list[int]) -> tuple[str, list[Any]]:
    compiled = statement.on(dialect())
    values = [
        value if name is None else (process(keys) if process else keys)
        for name, value, process in compiled.parameters
    ]
    return compiled.sql, values


def _nodes(plan: dict[str, Any], seen: Counter[str]) -> None:
    seen[plan["Node Type"]] += 1
    for child in plan.get("Plans", []):
        _nodes(child, seen)


async def measure(which: str, database: str, passes: int) -> None:
    workload, statement = STATEMENTS[which]
    pool = await pool_variables(workload, f"{POSTGRES}/{database}")
    conn = await asyncpg.connect(f"{POSTGRES}/{database}")
    try:
        await conn.execute("SET track_io_timing = on")
        runs = []
        for variables in pool:
            gene_ids = [int(curie.split(":")[1]) for curie in variables.get("genes", [])]
            gene_ids += [int(curie.split(":")[1]) for curie in variables.get("ids", [])]
            keys = gene_ids
            if statement is STUDY_ANNOTATIONS:
                found = await conn.fetch("SELECT pk FROM genes WHERE gene_id = ANY($1)", gene_ids)
                keys = sorted(row[0] for row in found)
            runs.append(_arguments(statement, keys))
        totals: Counter[str] = Counter()
        nodes: Counter[str] = Counter()
        for sql, values in runs:
            explained = await conn.fetchval(
                "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, *values
            )
            plan = json.loads(explained)[0]
            _nodes(plan["Plan"], nodes)
            for key in ("Shared Hit Blocks", "Shared Read Blocks", "I/O Read Time"):
                totals[key] += plan["Plan"].get(key, 0)
        per_run = {key: round(value / len(runs), 2) for key, value in totals.items()}
        print(f"{database} {which}: per run {per_run}, nodes {dict(nodes)}")
        prepared = await conn.prepare(runs[0][0])
        pid = await conn.fetchval("SELECT pg_backend_pid()")
        before = procs.cpu_seconds([pid])
        for _ in range(passes):
            for _sql, values in runs:
                await prepared.fetch(*values)
        used = procs.cpu_used(before, procs.cpu_seconds([pid]))
        count = passes * len(runs)
        print(f"{database} {which}: {used / count * 1e3:.3f} ms backend CPU per run ({count} runs)")
    finally:
        await conn.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("statement", choices=list(STATEMENTS))
    parser.add_argument("--database", required=True)
    parser.add_argument("--passes", type=int, default=10)
    args = parser.parse_args()
    asyncio.run(measure(args.statement, args.database, args.passes))
