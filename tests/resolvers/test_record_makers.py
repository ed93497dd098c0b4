"""The records made by tuple.__new__ itself on the hot paths (rows.gene_of,
gene_matching.gene_id_match) are the records their constructors make."""

from __future__ import annotations

from genegraph.resolvers.gene_matching import GeneMatch, MatchKind, gene_id_match
from genegraph.resolvers.records import GeneRecord
from genegraph.resolvers.rows import gene_of

ROW = (7, 3558, 9606, "IL2", "interleukin 2", None, None, "protein-coding", "4", "4q27")
OTHER = GeneRecord(8, 3559, 9606, "IL2RA", None, None, None, None, None, None)


def test_gene_of_makes_the_constructors_record() -> None:
    gene = gene_of([*ROW, "beyond the gene's columns"])
    assert type(gene) is GeneRecord
    assert gene == GeneRecord(*ROW)
    assert gene.symbol == "IL2" and gene.map_location == "4q27"


def test_gene_id_match_makes_the_constructors_match() -> None:
    gene = GeneRecord(*ROW)
    found = gene_id_match("NCBIGene:3558", gene, None)
    assert type(found) is GeneMatch
    assert found == GeneMatch("NCBIGene:3558", gene, MatchKind.ID)
    assert (found.kind, found.candidates, found.problem, found.invalid) == (
        MatchKind.ID,
        (),
        None,
        False,
    )
    replaced = gene_id_match("NCBIGene:1", None, OTHER)
    assert replaced == GeneMatch("NCBIGene:1", OTHER, MatchKind.DISCONTINUED_ID)
    assert gene_id_match("NCBIGene:2", None, None).problem == "no gene has the id 'NCBIGene:2'"
