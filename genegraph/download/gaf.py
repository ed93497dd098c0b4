"""GAF 2.2 as genegraph writes it (https://geneontology.org/docs/go-annotation-file-gaf-format-2.2/):
the header, then one 17-column line per stored annotation.

What is stored is written as stored, and a column a source did not give stays empty (NCBI
gene2go has no With/From, Assigned By or date; a gene page no evidence): nothing is
invented. The one derived column is the qualifier's relation, which GAF 2.2 requires: a
source that gave none (gene2go rows, GAF 2.1 files) gets the GO Consortium's default for
the aspect, as GO's own 2.1-to-2.2 conversion does: enables (F), involved_in (P), part_of
for a protein-containing complex and located_in for other components (C); NOT is kept
("NOT|enables"). The GO id is the primary term's (what genegraph serves); genes are
``NCBIGene`` and their GeneID, or, for a gene known only from a gene page,
``GeneSymbol`` and ``taxon/symbol`` (genegraph's CURIE)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date

from genegraph.db.identifiers import GENE_SYMBOL, NCBI_GENE
from genegraph.db.models import GOCategory
from genegraph.download.pinned import ReleaseStamp
from genegraph.download.rows import DownloadRow

VERSION_LINE = "!gaf-version: 2.2"
ASPECTS = {
    GOCategory.BIOLOGICAL_PROCESS: "P",
    GOCategory.MOLECULAR_FUNCTION: "F",
    GOCategory.CELLULAR_COMPONENT: "C",
}
DEFAULT_RELATIONS = {
    GOCategory.BIOLOGICAL_PROCESS: "involved_in",
    GOCategory.MOLECULAR_FUNCTION: "enables",
    GOCategory.CELLULAR_COMPONENT: "located_in",
}
COMPLEX_RELATION = "part_of"
# NCBI's gene_type as a Sequence Ontology type (column 12); "gene" for the rest.
OBJECT_TYPES = {"protein-coding": "protein_coding_gene", "ncRNA": "ncRNA_gene"}


def header(release: ReleaseStamp, query: str, today: date) -> str:
    loaded = release.loaded_at.date().isoformat() if release.loaded_at else "never"
    return (
        f"{VERSION_LINE}\n"
        "!generated-by: genegraph\n"
        f"!date-generated: {today.isoformat()}\n"
        f"!genegraph-release: {release.number} (loaded {loaded})\n"
        f"!genegraph-query: {query}\n"
        "!Columns a source did not give are empty; the qualifier's relation is the GO "
        "default for the aspect where the source gave none.\n"
    )


@functools.cache  # a few dozen distinct arguments, met once per annotation
def qualifier(stored: str, category: GOCategory, is_complex: bool) -> str:
    """The GAF 2.2 qualifier of a stored one: GAF's "NOT|involved_in", gene2go's
    "NOT involved_in", a bare "NOT", a relation, or nothing."""
    words = stored.replace("|", " ").split()
    relations = [word for word in words if word != "NOT"]
    if not relations:
        if category is GOCategory.CELLULAR_COMPONENT and is_complex:
            relations = [COMPLEX_RELATION]
        else:
            relations = [DEFAULT_RELATIONS[category]]
    return "|".join((["NOT"] if "NOT" in words else []) + relations)


def lines(rows: Iterable[DownloadRow], complexes: frozenset[str]) -> str:
    out = []
    for row in rows:
        if row.gene_id is not None:
            db, object_id = NCBI_GENE, str(row.gene_id)
        else:
            db, object_id = GENE_SYMBOL, f"{row.taxon_id}/{row.symbol}"
        fields = (
            db,
            object_id,
            row.symbol,
            qualifier(row.qualifier, row.category, row.go_id in complexes),
            row.go_id,
            row.references,
            row.evidence,
            row.with_from,
            ASPECTS[row.category],
            row.gene_name or "",
            "|".join(row.aliases),
            OBJECT_TYPES.get(row.gene_type or "", "gene"),
            f"taxon:{row.taxon_id}",
            row.annotated_on,
            row.assigned_by,
            "",
            "",
        )
        out.append("\t".join(fields))
    return "".join(line + "\n" for line in out)
