"""GAF 2.2's qualifier column from what genegraph stores (genegraph/download/gaf.py)."""

from __future__ import annotations

import pytest

from genegraph.db.models import GOCategory
from genegraph.download.gaf import qualifier

P, F, C = (
    GOCategory.BIOLOGICAL_PROCESS,
    GOCategory.MOLECULAR_FUNCTION,
    GOCategory.CELLULAR_COMPONENT,
)


@pytest.mark.parametrize(
    ("stored", "category", "is_complex", "written"),
    [
        ("", F, False, "enables"),
        ("", P, False, "involved_in"),
        ("", C, False, "located_in"),
        ("", C, True, "part_of"),
        ("NOT", P, False, "NOT|involved_in"),
        ("NOT", C, True, "NOT|part_of"),
        ("NOT colocalizes_with", C, False, "NOT|colocalizes_with"),  # gene2go's form
        ("NOT|colocalizes_with", C, False, "NOT|colocalizes_with"),  # GAF's form
        ("contributes_to", F, False, "contributes_to"),
        ("acts_upstream_of_or_within", P, False, "acts_upstream_of_or_within"),
        ("is_active_in", C, True, "is_active_in"),  # a relation given is kept
    ],
)
def test_the_relation_is_the_stored_one_or_the_aspects_default(
    stored: str, category: GOCategory, is_complex: bool, written: str
) -> None:
    assert qualifier(stored, category, is_complex) == written
