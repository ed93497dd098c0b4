"""Changes associated with a gene: the discontinued GeneIDs merged into it, and what each
loaded release added to and removed from its annotations."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import Info

from genegraph.db.identifiers import gene_curie
from genegraph.resolvers.context import Context
from genegraph.resolvers.history import changes_in_range, find_discontinued_gene
from genegraph.resolvers.records import AnnotationChangeRecord, DiscontinuedGeneRecord
from genegraph.schema.releases import Release
from genegraph.schema.types import Gene, GOTerm, Species


@strawberry.type(
    description="An NCBI GeneID that NCBI discontinued (NCBI gene_history), and the gene "
    "that replaced it, if any."
)
class DiscontinuedGene:
    id: strawberry.ID = strawberry.field(
        description='The discontinued id as a CURIE, e.g. "NCBIGene:99999999".'
    )
    gene_id: int = strawberry.field(description="The discontinued NCBI GeneID.")
    symbol: str = strawberry.field(description="The symbol the gene had when discontinued.")
    discontinued_on: str = strawberry.field(description="When NCBI discontinued it, as YYYYMMDD.")
    replaced_by: Gene | None = strawberry.field(
        description="The current gene it was merged into; null when NCBI withdrew it without "
        "a replacement."
    )
    taxon_id: strawberry.Private[int]

    @classmethod
    def from_record(cls, record: DiscontinuedGeneRecord) -> DiscontinuedGene:
        replacement = record.replaced_by
        return cls(
            id=strawberry.ID(gene_curie(record)),
            gene_id=record.gene_id,
            symbol=record.symbol,
            discontinued_on=record.discontinued_on,
            replaced_by=None if replacement is None else Gene.from_record(replacement),
            taxon_id=record.taxon_id,
        )

    @strawberry.field(description="The species of the discontinued gene.")
    async def species(self, info: Info[Context, None]) -> Species:
        record = await info.context.loaders.species.load(self.taxon_id)
        assert record is not None, f"species {self.taxon_id} missing: foreign key broken"
        return Species.from_record(record)


@strawberry.type(
    description="An annotation a release added or removed, compared with the release before: "
    "annotations are compared by gene, term, evidence, qualifier and source."
)
class AnnotationChange:
    term_id: strawberry.ID = strawberry.field(
        description="The GO id the annotation had when the change was recorded."
    )
    term: GOTerm | None = strawberry.field(
        description="That term as the current ontology has it (its primary term, if it has "
        "since been merged into another); null if the id is no longer known."
    )
    evidence: str | None = strawberry.field(description="GO evidence code; null when none.")
    qualifier: str | None = strawberry.field(description='e.g. "NOT"; null when none.')
    source: str = strawberry.field(
        description='Whose statement it was: "gene page", "NCBI gene2go" or "GO Consortium GAF".'
    )

    @classmethod
    def from_record(cls, record: AnnotationChangeRecord) -> AnnotationChange:
        return cls(
            term_id=strawberry.ID(record.go_id),
            term=None if record.term is None else GOTerm.from_record(record.term),
            evidence=record.evidence,
            qualifier=record.qualifier,
            source=record.source,
        )


@strawberry.type(
    description="What one release changed in a gene's annotations, against the release "
    "before it. A release records changes where it replaced annotations a source had stated "
    "before (a first load of a source records none)."
)
class AnnotationChangeSet:
    added: list[AnnotationChange] = strawberry.field(
        description="Annotations this release has that the one before did not, by term name."
    )
    removed: list[AnnotationChange] = strawberry.field(
        description="Annotations the release before had that this one does not, by term name."
    )
    release_pk: strawberry.Private[int]

    @strawberry.field(description="The release that made these changes.")
    async def release(self, info: Info[Context, None]) -> Release:
        record = await info.context.loaders.releases_by_pk.load(self.release_pk)
        assert record is not None, f"release {self.release_pk} missing: foreign key broken"
        return Release.from_record(record)


def _change_sets(changes: list[AnnotationChangeRecord]) -> list[AnnotationChangeSet]:
    """One set per release, in the order the changes come (newest release first)."""
    sets: dict[int, AnnotationChangeSet] = {}
    for change in changes:
        found = sets.setdefault(
            change.release_pk,
            AnnotationChangeSet(added=[], removed=[], release_pk=change.release_pk),
        )
        (found.added if change.added else found.removed).append(
            AnnotationChange.from_record(change)
        )
    return list(sets.values())


@strawberry.type(
    description="Changes associated with a gene (the gene page's \"Changes associated with "
    'this gene"): discontinued GeneIDs merged into it, and the annotations each loaded '
    "release added or removed."
)
class GeneHistory:
    gene_pk: strawberry.Private[int]

    @strawberry.field(
        description="Discontinued NCBI GeneIDs merged into this gene (NCBI gene_history), "
        "newest first. Asking `gene(id:)` for one of them answers with this gene."
    )
    async def discontinued_genes(self, info: Info[Context, None]) -> list[DiscontinuedGene]:
        records = await info.context.loaders.discontinued_by_gene.load(self.gene_pk)
        return [DiscontinuedGene.from_record(r) for r in records]

    @strawberry.field(
        description="The changes to this gene's annotations, one entry per release that "
        "changed them, newest release first."
    )
    async def annotation_changes(
        self,
        info: Info[Context, None],
        release: Annotated[
            int | None,
            strawberry.argument(description="Only the changes of this release (its number)."),
        ] = None,
        since: Annotated[
            int | None,
            strawberry.argument(
                description="Only the changes of releases loaded after this one "
                "(release numbers greater than `since`)."
            ),
        ] = None,
    ) -> list[AnnotationChangeSet]:
        changes = await info.context.loaders.annotation_changes.load(self.gene_pk)
        return _change_sets(changes_in_range(changes, release, since))


@strawberry.type
class HistoryQueries:
    @strawberry.field(
        description='A discontinued NCBI GeneID, e.g. discontinuedGene(id: "NCBIGene:99999999"): '
        "its old symbol, when it was discontinued and the gene that replaced it (null when none "
        "did). Null when the id was never discontinued (or its species is not loaded)."
    )
    async def discontinued_gene(
        self,
        info: Info[Context, None],
        id: Annotated[
            strawberry.ID,
            strawberry.argument(description='A GeneID CURIE, e.g. "NCBIGene:99999999".'),
        ],
    ) -> DiscontinuedGene | None:
        record = await find_discontinued_gene(info.context.loaders, id)
        return None if record is None else DiscontinuedGene.from_record(record)
