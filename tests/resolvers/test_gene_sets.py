"""The one size rule for a list of gene ids (resolvers/gene_sets.check_size), which
`enrichment`'s `genes` and `background` and `slimSummary`'s `genes` follow."""

from __future__ import annotations

import pytest

from genegraph.resolvers.errors import UserInputError
from genegraph.resolvers.gene_sets import check_size

MOST = 3


def check(ids: list[str]) -> None:
    check_size(
        ids, field="someField", argument="genes", most=MOST, what="study genes", when_empty="x y"
    )


def test_up_to_the_limit_passes_repeats_counted() -> None:
    check(["NCBIGene:1"])
    check(["NCBIGene:1"] * MOST)


def test_empty_names_the_field_and_argument_and_what_to_do() -> None:
    with pytest.raises(UserInputError) as raised:
        check([])
    assert str(raised.value) == "someField: `genes` is empty: x y"


def test_over_the_limit_names_the_argument_the_count_and_the_limit() -> None:
    with pytest.raises(UserInputError) as raised:
        check(["NCBIGene:1"] * (MOST + 1))
    assert str(raised.value) == f"someField: `genes` has {MOST + 1:,} study genes; at most {MOST:,}"
