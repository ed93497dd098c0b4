"""A batch's GeneIDs are read as the gene CURIE parser reads them (identifiers.gene_id_in,
gene_ids_in)."""

from __future__ import annotations

import pytest

from genegraph.db.identifiers import InvalidIdentifier, gene_id_in, gene_ids_in, parse_gene_curie

TEXTS = [
    "NCBIGene:3558",
    "NCBIGene:0",
    "NCBIGene:0073",  # leading zeros: not a JSON number
    "NCBIGene:123456789012",
    "NCBIGene:1234567890123",  # more digits than a GeneID has
    "NCBIGene:",
    "NCBIGene:35x",
    "NCBIGene:\u0663\u0665\u0665\u0668",  # Arabic-Indic digits: a GeneID to the parser
    "NCBIGene:3558\nNCBIGene:3559",  # gene_ids_in joins a batch's CURIEs by lines
    "NCBIGene:3558\n",
    "NCBIGene:3558,3559",  # gene_ids_in reads a batch's GeneIDs as one comma-separated array
    "NCBIGene:3558,NCBIGene:3559",
    "NCBIGene:3558,",
    "NCBIGene:99999999999999999999",  # a JSON number read as a float
    "NCBIGene:0000000000073",  # leading zeros, more digits than a GeneID has
    " NCBIGene:3558",
    "ncbigene:3558",
    "GeneSymbol:9606/IL2",
    "Ensembl:ENSG00000109471",
    "IL2",
    "3558",  # a GeneID without its prefix
    "",
]


def _parsed_gene_id(text: str) -> int | None:
    try:
        return parse_gene_curie(text).gene_id
    except InvalidIdentifier:
        return None


@pytest.mark.parametrize("text", TEXTS)
def test_gene_id_in_reads_what_the_curie_parser_reads(text: str) -> None:
    assert gene_id_in(text) == _parsed_gene_id(text)


@pytest.mark.parametrize("other", [t for t in TEXTS if _parsed_gene_id(t) is None])
def test_a_batch_with_anything_but_gene_ids_is_not_read_as_gene_ids(other: str) -> None:
    gene_ids = [t for t in TEXTS if _parsed_gene_id(t) is not None and t.isascii()]
    assert gene_ids_in(gene_ids) == [_parsed_gene_id(t) for t in gene_ids]
    assert gene_ids_in([*gene_ids, other]) is None
    assert gene_ids_in([other, *gene_ids]) is None


@pytest.mark.parametrize("text", TEXTS)
def test_a_batch_is_read_as_the_parser_reads_it_or_not_at_all(text: str) -> None:
    # Not at all (None) only where the parser finds no GeneID, or digits that are not
    # ASCII (the batch is then looked up input by input, as the parser reads them).
    found = gene_ids_in(["NCBIGene:1", text])
    parsed = _parsed_gene_id(text)
    if found is None:
        assert parsed is None or not text.isascii()
    else:
        assert found == [1, parsed]


@pytest.mark.parametrize("text", TEXTS)
def test_exactly_written_gene_ids_are_the_curies_own_digits(text: str) -> None:
    """``exact``: a batch's GeneIDs only when each CURIE is ``NCBIGene:`` and the GeneID's
    own digits (a statement writes the inputs back from them)."""
    found = gene_ids_in(["NCBIGene:1", text], exact=True)
    if found is not None:
        assert [f"NCBIGene:{gene_id}" for gene_id in found] == ["NCBIGene:1", text]
    elif text == f"NCBIGene:{_parsed_gene_id(text)}":
        raise AssertionError(f"{text!r} is written exactly")
    assert gene_ids_in(["NCBIGene:0042"], exact=True) is None
    assert gene_ids_in(["NCBIGene:0042"]) == [42]
