"""The records made by tuple.__new__ itself on the hot paths (rows.gene_of, term_of,
annotation_of, gene_matching.gene_id_match and gene_id_matches) are the records their
constructors make."""

from __future__ import annotations

from genegraph.db.models import GOCategory
from genegraph.resolvers.gene_matching import GeneMatch, MatchKind, gene_id_match, gene_id_matches
from genegraph.resolvers.records import AnnotationRecord, GeneRecord, TermRecord
from genegraph.resolvers.rows import annotation_of, gene_of, term_of

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


def test_gene_id_matches_are_gene_id_match_of_each_input() -> None:
    gene = GeneRecord(*ROW)
    texts = ["NCBIGene:3558", "NCBIGene:1", "NCBIGene:2", "NCBIGene:3558"]
    gene_ids = [3558, 1, 2, 3558]
    found = gene_id_matches(texts, gene_ids, {3558: gene}, {1: OTHER})
    assert found == [
        gene_id_match("NCBIGene:3558", gene, None),
        gene_id_match("NCBIGene:1", None, OTHER),
        gene_id_match("NCBIGene:2", None, None),
        gene_id_match("NCBIGene:3558", gene, None),
    ]
    assert [type(m) for m in found] == [GeneMatch] * 4
    assert found[0].kind is MatchKind.ID and found[1].kind is MatchKind.DISCONTINUED_ID


def test_annotation_of_makes_the_constructors_records() -> None:
    term_row = ("GO:0006955", "immune response", "biological_process", None, 0, None, "")
    row = (*term_row, 7, "GO:0006955", "IDA", "NOT|involved_in", "PMID:1|", "", "", None, "gaf")
    annotation = annotation_of(row)
    assert type(annotation) is AnnotationRecord and type(annotation.term) is TermRecord
    term = TermRecord(
        "GO:0006955", "immune response", GOCategory.BIOLOGICAL_PROCESS, None, False, None, ""
    )
    assert term_of(term_row) == term
    assert annotation == AnnotationRecord(
        term, "GO:0006955", "IDA", "NOT|involved_in", ("PMID:1",), (), None, None, "gaf"
    )
    assert annotation.negated
