"""The real kit as goatools reads it, for the tests that compare genegraph with goatools
(enrichment, GO slims): its GO DAG with the relationships, and the human annotations
genegraph serves once the kit is loaded."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

from tests.conftest import SEED_PAGE, SHARED_DATA


def kit_go_dag(folder: Path) -> Any:
    """goatools' GODag of the kit's go-basic.obo, with ``relationship`` (part_of ...) read.
    goatools leaves obsolete terms out and maps alt ids to their primary terms."""
    from goatools.obo_parser import GODag

    obo = folder / "go-basic.obo"
    obo.write_bytes(gzip.decompress((SHARED_DATA / "go-basic.obo.gz").read_bytes()))
    return GODag(str(obo), optional_attrs={"relationship"}, prt=None)


def human_associations(dag: Any) -> dict[int, set[str]]:
    """GeneID -> primary GO ids: gene2go for taxon 9606 without NOT-qualified rows, plus the
    seed gene page's GO rows for IL2 (the kit fixture loads the page first; its genes
    become the NCBI genes); terms not in ``dag`` (obsolete ones) left out."""
    associations: dict[int, set[str]] = {}

    def annotate(gene: int, go_id: str) -> None:
        if go_id in dag:  # obsolete terms are not in the DAG
            associations.setdefault(gene, set()).add(dag[go_id].item_id)

    with gzip.open(SHARED_DATA / "gene2go.gz", "rt") as gene2go:
        next(gene2go)
        for line in gene2go:
            taxon, gene, go_id, _evidence, qualifier = line.split("\t")[:5]
            if taxon == "9606" and "NOT" not in qualifier.split():
                annotate(int(gene), go_id)
    for go_id in re.findall(r"^(GO:\d{7})", SEED_PAGE.read_text(), flags=re.MULTILINE):
        annotate(3558, go_id)
    return associations
