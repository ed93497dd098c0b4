"""CPU per gene card request in process, through the ASGI app: the figure to compare two
source trees by (the request path's own cost, without HTTP or a load generator).

    PYTHONPATH=TREE .venv/bin/python bench/card_cpu.py KIT.sqlite

prints the thread CPU per card in ms over 600 cards (after 150 of warm-up) drawn from the
kit's human genes with a fixed seed; response cache off. Run two trees in alternating
rounds against the same database (built with `genegraph load --dir ../shared/data`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import sqlite3
import sys
import time

import httpx

os.environ["GENEGRAPH_RESPONSE_CACHE"] = "off"
try:
    from genegraph.db.engine import create_engine
    from genegraph.server.app import create_app
except ImportError:  # a tree from before the packages were regrouped (issue #14)
    from genegraph.app import create_app  # type: ignore[import-not-found, no-redef]

    from db.engine import create_engine  # type: ignore[import-not-found, no-redef]

CARD = """query Card($id: ID!) {
  gene(id: $id) { id symbol name species { scientificName }
    goTerms(category: BIOLOGICAL_PROCESS) { id name }
    orthologs(taxa: [10090, 10116]) { gene { id symbol species { scientificName }
      goTerms(category: BIOLOGICAL_PROCESS) { id name } } } } }"""
WARM_UP, MEASURED = 150, 600


async def cpu_per_card(database: str) -> float:
    ids = [
        row[0]
        for row in sqlite3.connect(database).execute(
            "SELECT gene_id FROM genes WHERE taxon_id = 9606 AND gene_id IS NOT NULL"
            " ORDER BY gene_id LIMIT 20000"
        )
    ]
    rng = random.Random(5)
    pool = [rng.choice(ids) for _ in range(1000)]
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    app = create_app(engine)
    transport = httpx.ASGITransport(app=app)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=transport, base_url="http://genegraph.bench") as client,
    ):

        async def card(i: int) -> None:
            variables = {"id": f"NCBIGene:{pool[i % len(pool)]}"}
            response = await client.post("/graphql", json={"query": CARD, "variables": variables})
            assert response.status_code == 200 and "errors" not in response.json(), response.text

        for i in range(WARM_UP):
            await card(i)
        started = time.thread_time()
        for i in range(WARM_UP, WARM_UP + MEASURED):
            await card(i)
        spent = time.thread_time() - started
    await engine.dispose()
    return spent / MEASURED * 1000


if __name__ == "__main__":
    logging.disable(logging.INFO)  # the request log line per card
    print(f"{asyncio.run(cpu_per_card(sys.argv[1])):.3f} ms CPU per card")
