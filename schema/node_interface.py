"""The ``Node`` interface of Relay's Global Object Identification: every type whose id
is stable and globally unique implements it, so that ``node(id:)`` (schema/nodes.py)
refetches any of them by id alone."""

from __future__ import annotations

import strawberry


@strawberry.interface(
    description="An object with a stable, globally unique id, which `node(id:)` and "
    '`nodes(ids:)` refetch: a CURIE such as "NCBIGene:3558" (Gene), "GO:0006955" (GOTerm), '
    '"NCBITaxon:9606" (Species) or "genegraph.release:3" (Release).'
)
class Node:
    id: strawberry.ID = strawberry.field(
        description="The object's global id, a CURIE: `node(id:)` answers the object by it."
    )
