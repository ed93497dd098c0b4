"""The filters a gene's annotations and GO terms take, applied to the rows its DataLoader
returned (so sibling fields with different filters still share one SQL statement)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from genegraph.db.identifiers import InvalidIdentifier, parse_go_curie
from genegraph.db.models import GOCategory
from genegraph.resolvers.dataloaders import Loaders
from genegraph.resolvers.errors import UserInputError
from genegraph.resolvers.records import AnnotationRecord


@dataclass(frozen=True, slots=True)
class AnnotationFilter:
    category: GOCategory | None = None
    codes: frozenset[str] | None = None
    include_negated: bool = False
    # The primary id of a term the annotated term must be, or lie below (is_a/part_of).
    descendant_of: str | None = None

    def kept(self, annotations: Iterable[AnnotationRecord]) -> list[AnnotationRecord]:
        """The annotations the filter admits, in order (by category and evidence code;
        NOT annotations only if ``include_negated``; ``descendant_of`` is ``filtered``'s).
        One comprehension with the conditions inline: a method call per annotation cost
        2% of the gene card's instructions (BENCHMARKS.md, issue #17)."""
        category, codes = self.category, self.codes
        return [
            a
            for a in annotations
            if (category is None or a.term.category is category)
            and (codes is None or a.evidence in codes)
            and (self.include_negated or not a.negated)
        ]


async def primary_term_id(loaders: Loaders, curie: str, argument: str) -> str:
    """The primary id of the term ``curie`` names; an error naming ``argument`` if none."""
    try:
        go_id = parse_go_curie(curie)
    except InvalidIdentifier as error:
        raise UserInputError(f"`{argument}`: {error}") from None
    term = await loaders.terms.load(go_id)
    if term is None:
        raise UserInputError(f"`{argument}`: no GO term {go_id} in the loaded ontology")
    return term.go_id


async def filtered(
    loaders: Loaders, annotations: list[AnnotationRecord], rule: AnnotationFilter
) -> list[AnnotationRecord]:
    kept = rule.kept(annotations)
    if rule.descendant_of is None or not kept:
        return kept
    top = rule.descendant_of
    terms = sorted({a.term.go_id for a in kept})
    above = await loaders.ancestors.load_many([(go_id, False) for go_id in terms])
    within = {go_id for go_id, ancestors in zip(terms, above, strict=True) if go_id == top} | {
        go_id
        for go_id, ancestors in zip(terms, above, strict=True)
        if any(t.go_id == top for t in ancestors)
    }
    return [a for a in kept if a.term.go_id in within]
