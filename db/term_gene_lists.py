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

from typing import Any, overload

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import (
    Column,
    FromClause,
    Insert,
    Select,
    SQLColumnExpression,
    delete,
    insert,
    select,
    table,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.background_counts import Span, propagated
from genegraph.db.ingest.store import next_table
from genegraph.db.ingest.store.bulk import insert_rows
from genegraph.db.ingest.store.staging import created, temporary
from genegraph.db.models import (
    BackgroundSize,
    BackgroundTermCount,
    Base,
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


@overload
def listed(gene_count: int, species_genes: int) -> bool: ...
@overload
def listed(gene_count: NDArray[np.int64], species_genes: int) -> NDArray[np.bool_]: ...
@overload
def listed(
    gene_count: SQLColumnExpression[int], species_genes: SQLColumnExpression[int]
) -> SQLColumnExpression[bool]: ...
def listed(gene_count: Any, species_genes: Any) -> Any:
    """Whether the term's list is stored, from its stored count and the species' annotated
    genes (``BackgroundSize.genes``): the one statement of the rule, for counts in Python,
    in arrays (``store``) and in SQL (``derived``)."""
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
        .where(listed(BackgroundTermCount.gene_count, BackgroundSize.genes))
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


async def store(conn: AsyncConnection, graph: TermGraph, species: dict[int, Span]) -> None:
    """Replace the stored lists with those of the stored counts and annotations the
    connection sees and ``graph``'s terms and closure, for the counts' graph and species
    (``background_counts.spans``). The load calls this after it has stored the counts,
    just before it commits. The rows are written
    without a key, which is built once they are all there (maintained row by row, in the
    order they come, it cost more than the rest of the build: BENCHMARKS.md, issue #16).
    PostgreSQL: into a new table, keyed and swapped in (store/next_table.py), which from
    here to the commit holds an exclusive lock on the served one. SQLite: into a temporary
    table, appended to the served one in key order."""
    served = Base.metadata.tables[TermGeneList.__tablename__]
    if conn.dialect.name == "postgresql":
        await _write(conn, table(await next_table.create(conn, served)), graph, species)
        await next_table.add_keys(conn, served)
        await next_table.swap_in(conn, served)
        return
    staged = temporary("term_gene_lists_rows", *(Column(c.name, c.type) for c in served.c))
    async with created(conn, staged):
        await _write(conn, staged, graph, species)
        await conn.execute(delete(served))
        key = [staged.c[column.name] for column in served.primary_key.columns]
        await conn.execute(
            insert(served).from_select(
                list(COLUMNS), select(*(staged.c[c] for c in COLUMNS)).order_by(*key)
            )
        )


async def _write(
    conn: AsyncConnection, target: FromClause, graph: TermGraph, species: dict[int, Span]
) -> None:
    """Append every narrow term's list to ``target``, a species and a block of genes at a
    time."""
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
        narrow = (counts > 0) & listed(counts, species_genes)
        async for pairs in propagated(conn, graph, taxon=taxon, span=species.get(taxon)):
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
            await insert_rows(conn, target, COLUMNS, rows)
