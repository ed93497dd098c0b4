"""An ortholog's rows, one per source that asserts it, read as one entry whose sources
follow the documented order (Ortholog.sources): the gene page, NCBI Gene, HomoloGene,
then any other alphabetically."""

from __future__ import annotations

from typing import Any

from genegraph.resolvers.rows import GENE_COLUMNS, orthologs_of

FROM_PK = 1


def _row(pk: int, symbol: str, source: str) -> tuple[Any, ...]:
    gene = (pk, 1000 + pk, 10090, symbol, None, None, None, None, None, None)
    assert len(gene) == len(GENE_COLUMNS)
    return (*gene, FROM_PK, source)


def test_one_entry_per_gene_with_its_sources_in_order() -> None:
    rows = [
        _row(2, "Il2", "Zebra Lab"),
        _row(2, "Il2", "HomoloGene"),
        _row(2, "Il2", "Alliance"),
        _row(2, "Il2", "gene page"),
        _row(2, "Il2", "HomoloGene"),  # a gene in two HomoloGene groups: one source still
        _row(2, "Il2", "NCBI Gene"),
        _row(3, "Il2ra", "HomoloGene"),
    ]
    found = orthologs_of(rows)
    assert [(o.gene.pk, o.gene.symbol) for o in found] == [(2, "Il2"), (3, "Il2ra")]
    documented = ("gene page", "NCBI Gene", "HomoloGene")
    assert found[0].sources == (*documented, "Alliance", "Zebra Lab")
    assert found[1].sources == ("HomoloGene",)


def test_the_genes_keep_the_rows_order() -> None:
    rows = [_row(5, "B", "NCBI Gene"), _row(4, "A", "NCBI Gene"), _row(5, "B", "gene page")]
    found = orthologs_of(rows)
    assert [o.gene.pk for o in found] == [5, 4]
    assert found[0].sources == ("gene page", "NCBI Gene")
    assert orthologs_of([]) == []
