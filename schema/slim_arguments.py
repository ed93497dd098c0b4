"""The arguments ``Gene.slimTerms`` (schema/types.py) and ``slimSummary``
(schema/slims.py) share, and the GraphQL enum of how genes are mapped to a slim."""

from __future__ import annotations

from typing import Annotated

import strawberry

from genegraph.execution.internals import described_enum
from genegraph.resolvers.slims import MAX_SLIM_TERMS, SlimMapping

described_enum(
    SlimMapping,
    name="SlimMapping",
    description="Which slim terms a gene is mapped to, of those that are, or lie above "
    "(is_a, part_of), its annotated terms, as goatools' map2slim `--slim_out`: DIRECT, "
    "those no other such slim term lies below; ALL, every one.",
    values={
        SlimMapping.DIRECT: "Only the slim terms no other slim term mapped to the gene lies "
        "below (map2slim's default, `--slim_out direct`).",
        SlimMapping.ALL: "Every slim term that is, or lies above, one of the gene's terms "
        "(`--slim_out all`).",
    },
)

SlimArgument = Annotated[
    list[strawberry.ID],
    strawberry.argument(
        description='The slim: GO term ids (e.g. ["GO:0006955", "GO:0008283"]) and names '
        'of OBO subsets of the loaded ontology (e.g. "goslim_generic", when its OBO '
        f"declares it), at most {MAX_SLIM_TERMS:,} terms in all."
    ),
]
SlimMappingArgument = Annotated[
    SlimMapping,
    strawberry.argument(
        description="DIRECT (the default, as map2slim's): only the slim terms no other "
        "mapped slim term lies below; ALL: every slim term at or above the gene's terms."
    ),
]
