"""Annotations propagated over the closure (db/propagation.py), by both ways of making the
(gene, term) pairs distinct: sorting (few pairs, a request's study genes) and the dense
table (a load's blocks of genes); each equal to brute force on random graphs."""

from __future__ import annotations

import random

import pytest

from genegraph.db import propagation
from genegraph.db.models import GOCategory
from genegraph.db.propagation import TermGraph


def random_graph(rng: random.Random, terms: int) -> tuple[TermGraph, dict[str, set[str]]]:
    """A random DAG (parents among earlier terms) in two aspects, with each term's
    ancestors, itself included."""
    ids = [f"GO:{i + 1:07d}" for i in range(terms)]
    parents = {t: rng.sample(ids[:i], min(i, rng.randint(0, 3))) for i, t in enumerate(ids)}
    ancestors: dict[str, set[str]] = {}
    for t in ids:
        ancestors[t] = {t}.union(*(ancestors[p] for p in parents[t]))
    half = terms // 2
    categories = [
        (GOCategory.BIOLOGICAL_PROCESS, " ".join(ids[:half])),
        (GOCategory.MOLECULAR_FUNCTION, " ".join(ids[half:])),
    ]
    closure = [(t, " ".join(sorted(a))) for t, a in ancestors.items()]
    return TermGraph.build(categories, closure), ancestors


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("sorted_pairs", [0, 10**9], ids=["table", "sort"])
def test_pairs_are_each_annotation_ancestor_once(
    seed: int, sorted_pairs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(propagation, "_SORTED_PAIRS", sorted_pairs)
    rng = random.Random(seed)
    graph, ancestors = random_graph(rng, 60)
    ids = list(ancestors)
    # Repeated terms (a gene annotated twice, or to a term and its ancestor) count once;
    # an id outside the graph (obsolete) reaches nothing.
    annotations = [
        (pk, " ".join([*rng.choices(ids, k=rng.randint(1, 6)), "GO:9999999"]))
        for pk in sorted(rng.sample(range(1, 10_000), 40))
    ]
    pairs = graph.propagate(annotations)
    got = [
        (int(pairs.gene_pks[g]), graph.term_ids[t])
        for g, t in zip(pairs.pair_genes.tolist(), pairs.pair_terms.tolist(), strict=True)
    ]
    expected = {
        (pk, ancestor)
        for pk, terms in annotations
        for term in terms.split(" ")
        for ancestor in ancestors.get(term, ())
    }
    assert len(got) == len(set(got))
    assert set(got) == expected
    genes = pairs.pair_genes.tolist()
    assert genes == sorted(genes)  # grouped by gene
