"""A Builder's source reads a field in place only where its reader is ``attrgetter`` of
one plain attribute (plan.py's ``attribute_read``); any other reader is called."""

from __future__ import annotations

from operator import attrgetter, itemgetter

import pytest

from genegraph.execution.planned.plan import attribute_read
from genegraph.schema.types import GENE_FIELDS


def test_a_plain_attribute_is_read_in_place() -> None:
    assert attribute_read(attrgetter("symbol")) == "symbol"
    assert attribute_read(GENE_FIELDS["name"]) == "name"


@pytest.mark.parametrize(
    "reader",
    [
        attrgetter("gene.symbol"),  # dotted
        attrgetter("symbol", "name"),  # several
        attrgetter("class"),  # a keyword
        itemgetter(0),
        GENE_FIELDS["id"],  # a function
        lambda record: record.symbol,
    ],
)
def test_any_other_reader_is_called(reader: object) -> None:
    assert attribute_read(reader) is None
