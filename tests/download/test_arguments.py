"""A download's query string (genegraph/download/arguments.py); the answers to bad ones
over HTTP are in tests/server/test_download.py."""

from __future__ import annotations

import pytest

from genegraph.download.arguments import BadArgument, FileFormat, parse_arguments


def test_lists_are_comma_separated_or_repeated_and_names_are_read() -> None:
    arguments = parse_arguments(
        [
            ("genes", "NCBIGene:3558, NCBIGene:3559"),
            ("genes", "NCBIGene:3560"),
            ("taxon", "9606,NCBITaxon:10090,Norway rat"),
            ("term", "GO:0006955"),
            ("evidence", "ida,IMP"),
            ("regulates", "true"),
            ("format", "TSV"),
        ]
    )
    assert arguments.genes == ("NCBIGene:3558", "NCBIGene:3559", "NCBIGene:3560")
    assert arguments.taxa == (9606, 10090, 10116)
    assert arguments.terms == ("GO:0006955",)
    assert arguments.evidence == ("IDA", "IMP")
    assert arguments.with_regulates is True
    assert arguments.file_format is FileFormat.TSV


def test_gaf_is_the_default_and_regulates_is_off() -> None:
    arguments = parse_arguments([("taxon", "9606")])
    assert arguments.file_format is FileFormat.GAF and arguments.with_regulates is False


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ([("format", "gaf"), ("format", "tsv"), ("taxon", "9606")], "give one format"),
        ([("taxon", "9606"), ("limit", "10")], "unknown parameter 'limit'"),
        ([("evidence", "IDA")], "say which annotations"),
    ],
)
def test_bad_arguments_name_the_problem(params: list[tuple[str, str]], named: str) -> None:
    with pytest.raises(BadArgument, match=named):
        parse_arguments(params)
