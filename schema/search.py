"""Search: genes by symbol, alias and words; GO terms by name and synonym."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated

import strawberry
from strawberry import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment, Selection

from genegraph.db.models import GOCategory
from genegraph.execution.internals import described_enum
from genegraph.resolvers.context import Context
from genegraph.resolvers.pagination import window
from genegraph.resolvers.rows import Fetch
from genegraph.resolvers.search import (
    GeneHit,
    GeneMatch,
    TermHit,
    TermMatch,
    search_page,
    search_terms,
)
from genegraph.schema.connections import AfterArgument, Connection, FirstArgument, connection
from genegraph.schema.types import Gene, GOTerm

described_enum(
    GeneMatch,
    name="GeneSearchMatch",
    description="Why a gene is a search hit, best first: its symbol is the query, its symbol "
    "starts with the query, an alias is or starts with the query, its name holds the "
    "query's words, its summary does.",
    values={
        GeneMatch.SYMBOL: 'Its official symbol is the query, e.g. "IL2" for IL2.',
        GeneMatch.SYMBOL_PREFIX: 'Its official symbol starts with the query, e.g. "IL2" for IL2RA.',
        GeneMatch.ALIAS: 'An alias is or starts with the query, e.g. "TCGF" for IL2.',
        GeneMatch.NAME: "Its name holds every word of the query.",
        GeneMatch.SUMMARY: "Its summary holds every word of the query.",
    },
)
described_enum(
    TermMatch,
    name="GOTermSearchMatch",
    description="Why a term is a search hit, best first: its id, its name, its name's start, "
    "all the query's words in its name, a synonym holding the query.",
    values={
        TermMatch.ID: 'The query is the term\'s id, e.g. "GO:0006955".',
        TermMatch.NAME: "The query is the term's name.",
        TermMatch.NAME_PREFIX: "The term's name starts with the query.",
        TermMatch.NAME_WORDS: "The term's name holds every word of the query.",
        TermMatch.SYNONYM: "A synonym of the term holds the query.",
    },
)


@strawberry.type(description="A gene found by `search`.")
class GeneSearchHit:
    gene: Gene = strawberry.field(description="The gene.")
    matched_by: GeneMatch = strawberry.field(description="Its best reason to be a hit.")
    matched_text: str | None = strawberry.field(
        description="The alias that matched, for an ALIAS hit."
    )

    @classmethod
    def from_hit(cls, hit: GeneHit) -> GeneSearchHit:
        return cls(
            gene=Gene.from_record(hit.gene), matched_by=hit.match, matched_text=hit.matched_text
        )


@strawberry.type(name="GOTermSearchHit", description="A GO term found by `goTerms`.")
class TermSearchHit:
    term: GOTerm = strawberry.field(description="The term.")
    matched_by: TermMatch = strawberry.field(description="Its best reason to be a hit.")
    matched_text: str | None = strawberry.field(
        description="The synonym that matched, for a SYNONYM hit."
    )

    @classmethod
    def from_hit(cls, hit: TermHit) -> TermSearchHit:
        return cls(
            term=GOTerm.from_record(hit.term), matched_by=hit.match, matched_text=hit.matched_text
        )


def _field_names(selections: Iterable[Selection]) -> Iterator[str]:
    """The names of the fields selected, through fragments (whatever their directives:
    a field that may be skipped counts as selected)."""
    for selection in selections:
        if isinstance(selection, FragmentSpread | InlineFragment):
            yield from _field_names(selection.selections)
        else:
            yield selection.name


QueryArgument = Annotated[
    str, strawberry.argument(description="What to look for (at most 200 characters).")
]


@strawberry.type
class SearchQueries:
    @strawberry.field(
        description='Genes ranked for a query typed by a person, e.g. "interleukin" or '
        '"IL2": exact symbol first, then symbols starting with the query, then aliases, then '
        "genes whose name, then whose summary, holds all the query's words (the last may be "
        "the start of a word, for autocomplete), shorter names first. Each gene appears once."
    )
    async def search(
        self,
        info: Info[Context, None],
        query: QueryArgument,
        taxon: Annotated[
            int | None,
            strawberry.argument(
                description="Only genes of this species; all when omitted. A species not "
                "loaded (see `species`) is an error."
            ),
        ] = None,
        first: FirstArgument = None,
        after: AfterArgument = None,
    ) -> Connection[GeneSearchHit]:
        page = window(first, after)
        asked = set(_field_names(s for field in info.selected_fields for s in field.selections))
        # Autocomplete, without `totalCount`: only the page's hits are read (and one more
        # for pageInfo.hasNextPage); the total handed on is never read.
        found = await search_page(
            info.context, query, taxon, page, "totalCount" in asked, "pageInfo" in asked
        )
        return connection(found.hits, page, found.total, GeneSearchHit.from_hit)

    @strawberry.field(
        name="goTerms",
        description="GO terms ranked for a query: id, exact name, name start, all words in "
        "the name, then synonyms. Obsolete terms are left out unless asked for.",
    )
    async def go_terms(
        self,
        info: Info[Context, None],
        search: QueryArgument,
        category: Annotated[
            GOCategory | None,
            strawberry.argument(description="Only terms of this aspect."),
        ] = None,
        include_obsolete: Annotated[
            bool, strawberry.argument(description="Include obsolete terms.")
        ] = False,
        first: FirstArgument = None,
        after: AfterArgument = None,
    ) -> Connection[TermSearchHit]:
        page = window(first, after)
        fetch = Fetch(info.context.engine)
        found = await search_terms(fetch, search, category, include_obsolete, page)
        return connection(found.hits, page, found.total, TermSearchHit.from_hit)
