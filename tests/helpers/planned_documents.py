"""Drawing documents of the planned root shapes (tests/execution/test_planned_search.py,
test_planned_enrichment.py): hypothesis' pieces the two differential tests share."""

from __future__ import annotations

import functools
import gzip
import json
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.conftest import SHARED_DATA

GENE_FIELDS = ["id", "symbol", "name", "type", "chromosome", "summary", "__typename"]
GENE_PARTS = [
    "",
    "species { scientificName taxonId }",
    "goTerms(category: BIOLOGICAL_PROCESS) { id name }",
    "orthologs(taxa: [10090]) { sources gene { symbol species { commonName } } }",
]
# A gene card beside the drawn roots: planned with them.
CARD = 'card: gene(id: "NCBIGene:3558") { symbol species { taxonId } }'


def documents(count: int) -> settings:
    """hypothesis' settings for a differential test of ``count`` drawn documents: no
    deadline (they run the kit's statements), the module's kit fixture allowed."""
    return settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@functools.cache
def human_genes(column: str) -> list[str]:
    """A column of the kit's human gene_info (``GeneID``, ``Symbol``), for every gene."""
    with gzip.open(SHARED_DATA / "Homo_sapiens.gene_info.gz", "rt", encoding="utf-8") as handle:
        index = handle.readline().rstrip("\n").split("\t").index(column)
        return [line.split("\t")[index] for line in handle]


def fields_of(names: list[str]) -> st.SearchStrategy[str]:
    """1 to 4 of ``names``, a selection's fields."""
    return st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True).map(" ".join)


def gene_selection() -> st.SearchStrategy[str]:
    """A Gene selection the card's plan supports: scalars, and one of its lists sometimes."""
    return st.tuples(fields_of(GENE_FIELDS), st.sampled_from(GENE_PARTS)).map(" ".join)


def in_fragment(draw: st.DrawFn, parts: list[str], type_name: str) -> str:
    """``parts`` selected, all but the first inside a fragment on ``type_name`` sometimes."""
    if draw(st.booleans()) and len(parts) > 1:
        parts = [parts[0], f"... on {type_name} {{ {' '.join(parts[1:])} }}"]
    return " ".join(parts)


@dataclass
class Operation:
    """A drawn query's roots, and the variables their arguments are passed as."""

    name: str
    roots: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)  # the variables' definitions
    variables: dict[str, Any] = field(default_factory=dict)

    def argument(self, draw: st.DrawFn, name: str, value: Any, variable: str, type_: str) -> str:
        """``name: value``, written out or (drawn) passed as the variable ``variable`` of
        GraphQL type ``type_``."""
        if draw(st.booleans()):
            self.variables[variable] = value
            self.signature.append(f"${variable}: {type_}")
            return f"{name}: ${variable}"
        return f"{name}: {json.dumps(value)}"

    def text(self, draw: st.DrawFn) -> str:
        """The query: its roots in a drawn order, a gene card beside them sometimes."""
        roots = [*self.roots, CARD] if draw(st.booleans()) else self.roots
        signature = f"({', '.join(self.signature)})" if self.signature else ""
        return f"query {self.name}{signature} {{ {' '.join(draw(st.permutations(roots)))} }}"
