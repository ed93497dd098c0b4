"""Autocomplete on the real kit (tests/kit.py): without its total, a gene search walks the
tiers and stops once the page is full (``first_genes``); it must give the same hits, in
the same order, as the counted search (``search_genes``) for prefixes of real symbols."""

from __future__ import annotations

import asyncio
import gzip
import random

from genegraph.db.engine import engine_scope
from genegraph.resolvers.pagination import Window
from genegraph.resolvers.rows import Fetch
from genegraph.resolvers.search import first_genes, search_genes
from tests.conftest import SHARED_DATA
from tests.helpers.kit import LoadedKit, needs_kit

pytestmark = needs_kit

# Queries that reach every tier: a huge symbol group, aliases, name and summary words,
# characters that are patterns in GLOB or LIKE.
EDGE_CASES = ["LOC", "a", "zz", "IL2", "il2r", "interleukin 2", "X-", "%", "_", "H*", "kinase"]
WINDOWS = [Window(0, 10), Window(0, 1), Window(7, 10), Window(40, 5), Window(0, 0)]


def drawn_prefixes(count: int) -> list[str]:
    """1 to 4 letters of human symbols from the kit's gene_info, in either case, as people
    type them (the autocomplete workload's way, with single letters too)."""
    with gzip.open(SHARED_DATA / "Homo_sapiens.gene_info.gz", "rt", encoding="utf-8") as handle:
        next(handle)
        symbols = [line.split("\t")[2] for line in handle]
    rng = random.Random(17)
    prefixes = []
    for _ in range(count):
        prefix = rng.choice(symbols)[: rng.randint(1, 4)]
        prefixes.append(prefix.lower() if rng.random() < 0.5 else prefix)
    return prefixes


async def differences(url: str, queries: list[tuple[str, int | None]]) -> list[str]:
    found = []
    async with engine_scope(url) as engine:
        fetch, dialect = Fetch(engine), engine.dialect.name
        for query, taxon in queries:
            for page in WINDOWS:
                counted = await search_genes(fetch, dialect, query, taxon, page)
                follows = page.offset + len(counted.hits) < counted.total
                for peek in (True, False):
                    walked = await first_genes(fetch, dialect, query, taxon, page, peek)
                    if walked.hits != counted.hits or walked.more != (peek and follows):
                        found.append(f"{query!r} taxon {taxon} {page} peek {peek}")
    return found


def test_autocomplete_pages_equal_the_counted_search(loaded_kit: LoadedKit) -> None:
    queries: list[tuple[str, int | None]] = [(q, 9606) for q in drawn_prefixes(60)]
    queries += [(q, 9606) for q in EDGE_CASES] + [(q, None) for q in ("zz", "IL2", "tcgf")]
    assert asyncio.run(differences(loaded_kit.url, queries)) == []
