"""Term → genes pages read both ways on a loaded database: numbered (every pair below the
term numbered in symbol order, what the server did before) and as the server reads them
now (narrow terms from their stored lists, broad ones from their stored first genes or
walked in symbol order with a stop, the length from the stored counts;
resolvers/term_genes.py). Prints every page whose
answer differs, and the wall time of each way per kind of term (the least of
``--repeats`` runs, the database's time included).

    PYTHONPATH=TREE .venv/bin/python bench/term_genes_pages.py --url URL [--terms 150] \\
        [--repeats 2] [--no-children] [--no-numbered] [--first-page] [--answers FILE]

The terms: ``--terms`` drawn (seeded) from those the term → genes workload draws from, the
broad ones named below, and the children of biological_process. Pages: the first 50,
the second, one after 1,000, the last, one past the end; human and mouse.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lab.workloads import _draw_values

from genegraph.db import term_gene_lists
from genegraph.db.engine import engine_scope
from genegraph.resolvers.pagination import Window
from genegraph.resolvers.rows import Fetch
from genegraph.resolvers.term_genes import (
    TermGenesKey,
    counted,
    genes_of_terms,
    numbered,
    stored_totals,
    walks,
)

BROAD = ["GO:0019219", "GO:0008150", "GO:0003674", "GO:0005575", "GO:0005634", "GO:0006955"]
TAXA = (9606, 10090)


async def compare(
    url: str,
    terms: int,
    repeats: int,
    children: bool,
    with_numbered: bool,
    first_page: bool,
) -> list[Any]:
    """The pages read (term, taxon, offset, total, gene pks); prints the comparison."""
    drawn = await _draw_values(url)
    chosen = random.Random(16).sample(drawn["terms"], min(terms, len(drawn["terms"])))
    async with engine_scope(url) as engine:
        async with engine.connect() as conn:
            below = (
                await conn.execute(
                    text("SELECT child_id FROM go_term_relations WHERE parent_id = 'GO:0008150'")
                )
            ).scalars()
            broad = BROAD + (sorted(below) if children else [])
        fetch = Fetch(engine)
        differences = 0
        times: dict[str, list[tuple[float, float]]] = {}
        answers: list[Any] = []
        for go_id in broad + chosen:
            for taxon in TAXA[:1] if first_page else TAXA:
                totals, annotated = await stored_totals(fetch, taxon, {go_id})
                stored = totals.get(go_id)
                if with_numbered or stored is None:
                    [first] = await numbered(
                        fetch, [TermGenesKey(go_id, taxon, True, False, None, Window(0, 50))]
                    )
                    total = first.total
                else:
                    total = stored
                windows = [Window(0, 50)]
                if not first_page:
                    windows += [Window(50, 50), Window(1000, 50)]
                    windows += [Window(max(total - 10, 0), 50), Window(total, 50)]
                for window in windows:
                    key = TermGenesKey(go_id, taxon, True, False, None, window)
                    spent = {"numbered": float("nan")}
                    pages = {}
                    ways = (("numbered", numbered),) if with_numbered else ()
                    for name, read in (*ways, ("now", genes_of_terms)):
                        best = float("inf")
                        for _ in range(repeats):
                            started = time.perf_counter()
                            [page] = await read(fetch, [key])
                            best = min(best, time.perf_counter() - started)
                        spent[name], pages[name] = best * 1000, page
                    if with_numbered and pages["numbered"] != pages["now"]:
                        differences += 1
                        print(f"DIFFERENT {go_id} taxon {taxon} {window}", flush=True)
                    now = pages["now"]
                    answers.append(
                        [go_id, taxon, window.offset, now.total, [g.pk for g in now.items]]
                    )
                    group = "broad" if go_id in broad else "drawn"
                    kind = f"{group} {_way(key, stored, annotated)}"
                    times.setdefault(kind, []).append((spent["numbered"], spent["now"]))
        pages_read = sum(len(v) for v in times.values())
        if with_numbered:
            print(f"{pages_read} pages compared, {differences} different")
        else:
            print(f"{pages_read} pages read (not compared with the numbered ones)")
        for kind, pairs in sorted(times.items()):
            before = statistics.median(p[0] for p in pairs)
            after = statistics.median(p[1] for p in pairs)
            worst_before, worst = max(p[0] for p in pairs), max(p[1] for p in pairs)
            print(
                f"{kind:28} {len(pairs):5} pages: numbered median {before:8.1f} ms "
                f"(max {worst_before:8.1f}), now median {after:8.1f} ms (max {worst:8.1f})"
            )
        return answers


def _way(key: TermGenesKey, stored: int | None, annotated: int) -> str:
    """How the tree on PYTHONPATH reads the key's page (trees before the broad terms'
    stored first genes have no ``term_gene_lists.holds``)."""
    if not counted(key):
        return "numbered"
    if stored is None:
        return "listed, counted"
    window = key.window
    if window.offset >= stored:
        return "none"
    if term_gene_lists.listed(stored, annotated):
        return "stored"
    holds = getattr(term_gene_lists, "holds", None)
    end = min(window.offset + window.limit, stored)
    if holds is not None and holds(stored, annotated, end):
        return "stored first genes"
    return "walked" if walks(stored, annotated, window) else "listed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--terms", type=int, default=150)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument(
        "--no-children", action="store_true", help="leave biological_process's children out"
    )
    parser.add_argument(
        "--no-numbered",
        action="store_true",
        help="read pages as served only (numbering a broad term takes seconds at 10x)",
    )
    parser.add_argument(
        "--first-page", action="store_true", help="the workload's page only: human, first 50"
    )
    parser.add_argument(
        "--answers", type=Path, help="write every page read (term, taxon, offset, total, pks)"
    )
    arguments = parser.parse_args()
    answers = asyncio.run(
        compare(
            arguments.url,
            arguments.terms,
            arguments.repeats,
            not arguments.no_children,
            not arguments.no_numbered,
            arguments.first_page,
        )
    )
    if arguments.answers is not None:
        arguments.answers.write_text(json.dumps(answers))


if __name__ == "__main__":
    main()
