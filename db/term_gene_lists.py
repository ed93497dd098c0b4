"""Narrow terms' gene lists in symbol order, stored, so a term -> genes page reads its rows
and stops (resolvers/term_genes.py) rather than every annotation below the term, which
grows with the data (BENCHMARKS.md, 100x).

A term is narrow for a species when its stored background count is at most
1/``SHARE_DIVISOR`` of the species' annotated genes (``listed``). Broader terms are not
stored (every pair of every term would be several times the annotations): their pages walk
the species' genes in symbol order, testing about (page end) x ``SHARE_DIVISOR`` genes at
most. Both sides of the rule grow with the species' genes, so the same terms are stored at
any scale, and a copy of a species' genes copies their rows (bench/replicate_kit.py).

The list is the one numbered pages read: the species' genes with a positive annotation to
the term or a descendant over is_a and part_of (every evidence code), each once; its
length is the stored count. Each load derives it after the counts, in its transaction,
from the pairs the counts are made of (db/background_counts.py, a block of genes at a
time), over the closure the load staged if it staged one. ``fill`` writes the same lists in
one SQL statement, for a database loaded before they were stored (migration 0008): slower
(a sort of every pair below a narrow term; 20-30 s for the kit on a busy machine, where
propagating is a few seconds).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sqlalchemy import Insert, Select, delete, insert, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.background_counts import propagated
from genegraph.db.ingest.store.bulk import insert_rows
from genegraph.db.models import (
    BackgroundSize,
    BackgroundTermCount,
    Gene,
    GOAnnotation,
    GOTerm,
    TermGeneList,
)
from genegraph.db.propagation import TermGraph, closure_pairs
from genegraph.resolvers.ontology import not_negated

COLUMNS = ("taxon_id", "go_id", "symbol_key", "gene_pk")

# At most (page end) x this many genes tested by a walk; stored rows about a quarter to a
# third of all (gene, term) pairs (the kit: 1.5 of 4.9 million).
SHARE_DIVISOR = 50


def listed(gene_count: int, species_genes: int) -> bool:
    """Whether the term's list is stored, from its stored count and the species' annotated
    genes (``BackgroundSize.genes``)."""
    return gene_count * SHARE_DIVISOR <= species_genes


def fill(closure_table: str | None = None) -> Insert:
    """The statement writing every narrow term's list (``derived``)."""
    return insert(TermGeneList).from_select(list(COLUMNS), derived(closure_table))


def derived(closure_table: str | None = None) -> Select[Any]:
    """Every narrow term's list in SQL, from the stored counts, the annotations and the
    served closure or the one in ``closure_table`` (with its columns)."""
    pairs = closure_pairs(closure_table)
    # A term is its own descendant, also where the closure has no row for it yet.
    below = union_all(
        select(pairs.c.go_id.label("below"), pairs.c.ancestor_id.label("term")).where(
            pairs.c.via_regulates.is_(False)
        ),
        select(GOTerm.go_id.label("below"), GOTerm.go_id.label("term")),
    ).subquery()
    narrow = (
        select(BackgroundTermCount.taxon_id, BackgroundTermCount.go_id)
        .join(BackgroundSize, BackgroundSize.taxon_id == BackgroundTermCount.taxon_id)
        .where(BackgroundTermCount.gene_count * SHARE_DIVISOR <= BackgroundSize.genes)
        .subquery()
    )
    return (
        select(narrow.c.taxon_id, narrow.c.go_id, Gene.symbol_key, Gene.pk)
        .select_from(narrow)
        .join(below, below.c.term == narrow.c.go_id)
        .join(GOAnnotation, GOAnnotation.go_id == below.c.below)
        .join(Gene, Gene.pk == GOAnnotation.gene_pk)
        .where(Gene.taxon_id == narrow.c.taxon_id, not_negated())
        .distinct()
    )


async def store(conn: AsyncConnection, closure_table: str | None = None) -> None:
    """Replace the stored lists with those of the stored counts, annotations and closure
    (``closure_table``'s, when given) the connection sees. The load calls this after it
    has stored the counts."""
    await conn.execute(delete(TermGeneList))
    graph = await TermGraph.read(conn, closure_table)
    sizes = dict((await conn.execute(select(BackgroundSize.taxon_id, BackgroundSize.genes))).all())
    for taxon, species_genes in sorted(sizes.items()):
        stored = (
            await conn.execute(
                select(BackgroundTermCount.go_id, BackgroundTermCount.gene_count).where(
                    BackgroundTermCount.taxon_id == taxon
                )
            )
        ).all()
        terms = graph.index.codes(go_id for go_id, _ in stored)
        counts = np.zeros(graph.term_count, dtype=np.int64)
        known = terms >= 0
        counts[terms[known]] = np.array([n for _, n in stored], dtype=np.int64)[known]
        narrow = (counts > 0) & (counts * SHARE_DIVISOR <= species_genes)
        async for pairs in propagated(conn, graph, taxon=taxon):
            kept = narrow[pairs.pair_terms]
            genes, kept_terms = pairs.pair_genes[kept], pairs.pair_terms[kept]
            if not len(genes):
                continue
            pks = pairs.gene_pks[np.unique(genes)].tolist()
            found = await conn.execute(select(Gene.pk, Gene.symbol_key).where(Gene.pk.in_(pks)))
            keys = {pk: key for pk, key in found}
            rows = [
                (taxon, graph.term_ids[term], keys[pk], pk)
                for pk, term in zip(
                    pairs.gene_pks[genes].tolist(), kept_terms.tolist(), strict=True
                )
            ]
            await insert_rows(conn, TermGeneList.__table__, COLUMNS, rows)
