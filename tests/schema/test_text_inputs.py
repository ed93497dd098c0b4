"""A variable's value holds NUL wherever in it a string does (schema/text_inputs.py)."""

from __future__ import annotations

import pytest

from genegraph.schema.text_inputs import holds_nul


@pytest.mark.parametrize(
    ("value", "holds"),
    [
        ("IL2", False),
        ("IL\x002", True),
        (["NCBIGene:3558", "NCBIGene:3559"], False),
        (["NCBIGene:3558", "NCBIGene:\x00"], True),  # a list of strings: one search
        ([3558, "IL\x002"], True),  # not only strings: item by item
        ([3558, ["IL2", {"q": "\x00"}]], True),
        ([3558, None, ["IL2"]], False),
        ({"ids": ("IL2", "IL\x002")}, True),
        ({"ids": [], "taxon": 9606}, False),
    ],
)
def test_holds_nul(value: object, holds: bool) -> None:
    assert holds_nul(value) is holds
