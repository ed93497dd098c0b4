"""DataLoaders: each batch of keys is answered by one SQL statement, so N genes cost one
statement per nesting level and kind of data, not N. Made per request, each on first use,
so their caches never outlive a request (ARCHITECTURE.md, Resolving)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from functools import partial
from operator import itemgetter
from typing import Any, Generic, TypeVar, overload

from sqlalchemy import (
    BigInteger,
    BindParameter,
    ColumnElement,
    Select,
    SelectBase,
    String,
    Subquery,
    func,
    literal,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import InstrumentedAttribute, aliased
from strawberry.dataloader import DataLoader

from genegraph.db.ingest.store.orthology import HOMOLOGENE_SOURCE as HOMOLOGENE
from genegraph.db.models import (
    Gene,
    GeneAlias,
    GeneChange,
    GeneXref,
    GOAnnotation,
    GOTerm,
    GOTermAltId,
    HomologeneMember,
    Orthology,
)
from genegraph.resolvers import aliases_and_xrefs, history, ontology, slims
from genegraph.resolvers.records import (
    AnnotationChangeRecord,
    AnnotationRecord,
    ChangeRecord,
    DiscontinuedGeneRecord,
    GeneRecord,
    OrthologRecord,
    SpeciesRecord,
    TermRecord,
    XrefRecord,
)
from genegraph.resolvers.rows import (
    ANNOTATION_COLUMNS,
    GENE_COLUMNS,
    TERM_COLUMNS,
    Fetch,
    OnDriver,
    among,
    annotation_of,
    gene_of,
    grouped,
    keys_parameter,
    orthologs_of,
    term_of,
)
from genegraph.resolvers.species_catalogue import catalogue_for
from genegraph.resolvers.term_genes import TermGenesKey, genes_of_terms

# (taxon id, symbol as asked)
SymbolKey = tuple[int, str]
K = TypeVar("K")
V = TypeVar("V")


# What the gene card's statements take as their genes' keys: the ``keys`` list parameter
# here (rows.KeyList), a subquery of an earlier level in planned execution's one statement
# (genegraph/execution/planned/statement.py).
Keys = BindParameter[Any] | SelectBase
# Gene pks and GeneIDs as the statements' ``keys``.
GENE_KEYS = BigInteger()


def orthologs_union(keys: Keys) -> Subquery:
    """The orthologs of ``keys``' genes, unordered: stated pairs, and the other members of
    the genes' HomoloGene groups. Columns: GENE_COLUMNS, from_pk, source."""
    mine, theirs = aliased(HomologeneMember), aliased(HomologeneMember)
    pairs = (
        select(*GENE_COLUMNS, Orthology.gene_pk.label("from_pk"), Orthology.source)
        .join(Orthology, Orthology.ortholog_pk == Gene.pk)
        .where(among(Orthology.gene_pk, keys))
    )
    groups = (
        select(*GENE_COLUMNS, mine.gene_pk.label("from_pk"), literal(HOMOLOGENE).label("source"))
        .join(theirs, theirs.gene_pk == Gene.pk)
        .join(mine, mine.hid == theirs.hid)
        .where(among(mine.gene_pk, keys), theirs.gene_pk != mine.gene_pk)
    )
    return union_all(pairs, groups).subquery()


def ortholog_order(union: Subquery) -> tuple[ColumnElement[Any], ...]:
    """The order of a gene's orthologs: by species, symbol, then pk. An ortholog's rows,
    one per source, are one entry (``rows.orthologs_of``), which orders the sources."""
    c = union.c
    return (c.from_pk, c.taxon_id, c.symbol, c.pk)


def annotations_select(keys: Keys) -> Select[*tuple[Any, ...]]:
    """The annotations of ``keys``' genes with their terms, unordered (ANNOTATION_ORDER).
    Columns: TERM_COLUMNS, the gene's pk, then ANNOTATION_COLUMNS (``annotation_of``)."""
    return (
        select(
            *TERM_COLUMNS,
            GOAnnotation.gene_pk,
            *ANNOTATION_COLUMNS,
        )
        .join(GOTerm, GOTerm.go_id == GOAnnotation.go_id)
        .where(among(GOAnnotation.gene_pk, keys))
    )


def annotation_terms_select(keys: Keys) -> Select[*tuple[Any, ...]]:
    """The annotations of ``keys``' genes with their terms' ids only, unordered: the term's
    GO id, the gene's pk, the annotation's pk, then ANNOTATION_COLUMNS. The planned card's
    statement (genegraph/execution/planned/statement.py) takes each term's fields and its
    place in ANNOTATION_ORDER from its release's terms (resolvers/release_terms.py)."""
    return select(
        GOAnnotation.go_id, GOAnnotation.gene_pk, GOAnnotation.pk, *ANNOTATION_COLUMNS
    ).where(among(GOAnnotation.gene_pk, keys))


# The terms' order in a gene's annotations: by name (case aside), then id. The planned
# card takes each term's place in it from the release's terms (resolvers/release_terms.py),
# read in this order by the database, so both orders are the database's.
TERM_ORDER = (func.lower(GOTerm.name), GOTerm.go_id)
# A gene's annotations: by term (TERM_ORDER), then as stored.
ANNOTATION_ORDER = (GOAnnotation.gene_pk, *TERM_ORDER, GOAnnotation.pk)


def _orthologs_statement() -> Select[Any]:
    union = orthologs_union(keys_parameter(GENE_KEYS))
    return select(union).order_by(*ortholog_order(union))


# The gene card's statements, built once with their keys as one parameter and run on the
# driver: building one per batch cost more CPU than SQL's own round trip (the orthologs'
# union most), and SQLAlchemy's execution with an expanding IN of a batch's 100 keys
# about half of a batch look-up's CPU (BENCHMARKS.md).
GENES_BY_PK = OnDriver(select(*GENE_COLUMNS).where(among(Gene.pk, keys_parameter(GENE_KEYS))))
GENES_BY_GENE_ID = OnDriver(
    select(*GENE_COLUMNS).where(among(Gene.gene_id, keys_parameter(GENE_KEYS)))
)
ANNOTATIONS = OnDriver(annotations_select(keys_parameter(GENE_KEYS)).order_by(*ANNOTATION_ORDER))
ORTHOLOGS = OnDriver(_orthologs_statement())
_PK, _GENE_ID = 0, 1  # their places in GENE_COLUMNS
_ANNOTATION_GENE_PK = len(TERM_COLUMNS)  # in annotations_select's columns
_ORTHOLOG_FROM_PK = len(GENE_COLUMNS)  # in orthologs_union's


async def _genes_by_pk(fetch: Fetch, keys: list[int]) -> list[GeneRecord | None]:
    rows = await GENES_BY_PK.rows(fetch, {"keys": keys})
    found = {row[_PK]: gene_of(row) for row in rows}
    return [found.get(key) for key in keys]


async def _genes_by_gene_id(fetch: Fetch, keys: list[int]) -> list[GeneRecord | None]:
    rows = await GENES_BY_GENE_ID.rows(fetch, {"keys": keys})
    found = {row[_GENE_ID]: gene_of(row) for row in rows}
    return [found.get(key) for key in keys]


def symbol_choice_order(
    asked: ColumnElement[str],
) -> tuple[ColumnElement[Any] | InstrumentedAttribute[Any], ...]:
    """Which of a species' genes sharing a symbol (one ``symbol_key``) the symbol as asked
    names, as an ORDER BY (the planned statement's, genegraph.execution.planned.statement):
    the exact spelling first, then an NCBI gene before a page-only one, then the lowest
    GeneID, then the lowest pk. ``symbol_choice_key`` mirrors it term by term for the
    loader; tests/resolvers/test_symbol_choice.py holds them to the same choices."""
    return (
        Gene.symbol != asked,
        Gene.gene_id.is_(None),
        func.coalesce(Gene.gene_id, 0),
        Gene.pk,
    )


def symbol_choice_key(asked: str) -> Callable[[GeneRecord], tuple[bool, bool, int, int]]:
    """``symbol_choice_order`` in Python: the sort key of a gene among those the symbol
    ``asked`` may name (its ``symbol_key``'s)."""

    def key(gene: GeneRecord) -> tuple[bool, bool, int, int]:
        return (
            gene.symbol != asked,
            gene.gene_id is None,
            gene.gene_id or 0,
            gene.pk,
        )

    return key


async def _genes_by_symbol(fetch: Fetch, keys: list[SymbolKey]) -> list[GeneRecord | None]:
    wanted = {(taxon, symbol.upper()) for taxon, symbol in keys}
    rows = await fetch.rows(
        select(*GENE_COLUMNS, Gene.symbol_key).where(
            tuple_(Gene.taxon_id, Gene.symbol_key).in_(sorted(wanted))
        )
    )
    candidates: dict[tuple[int, str], list[GeneRecord]] = defaultdict(list)
    for row in rows:
        candidates[(row.taxon_id, row.symbol_key)].append(gene_of(row))

    def best(taxon: int, symbol: str) -> GeneRecord | None:
        genes = candidates.get((taxon, symbol.upper()), [])
        return min(genes, key=symbol_choice_key(symbol), default=None)

    return [best(taxon, symbol) for taxon, symbol in keys]


async def _species(fetch: Fetch, keys: list[int]) -> list[SpeciesRecord | None]:
    # Held in memory per database (species_catalogue.py): no statement once read.
    found = await catalogue_for(fetch.engine).read(fetch, keys)
    return [found.get(key) for key in keys]


async def _gene_counts(fetch: Fetch, keys: list[int]) -> list[int]:
    # Counted once per release (species_catalogue.py): one statement for its number.
    counts = await catalogue_for(fetch.engine).count_genes(fetch)
    return [counts.get(key, 0) for key in keys]


async def _aliases(fetch: Fetch, keys: list[int]) -> list[list[str]]:
    rows = await fetch.rows(
        select(GeneAlias.gene_pk, GeneAlias.alias)
        .where(GeneAlias.gene_pk.in_(keys))
        .order_by(GeneAlias.gene_pk, GeneAlias.alias)
    )
    return grouped(keys, rows, lambda r: r.gene_pk, lambda r: r.alias)


async def _xrefs(fetch: Fetch, keys: list[int]) -> list[list[XrefRecord]]:
    rows = await fetch.rows(
        select(GeneXref.gene_pk, GeneXref.database, GeneXref.identifier, GeneXref.url)
        .where(GeneXref.gene_pk.in_(keys))
        .order_by(GeneXref.gene_pk, GeneXref.database, GeneXref.identifier)
    )
    return grouped(
        keys, rows, lambda r: r.gene_pk, lambda r: XrefRecord(r.database, r.identifier, r.url)
    )


async def _changes(fetch: Fetch, keys: list[int]) -> list[list[ChangeRecord]]:
    rows = await fetch.rows(
        select(GeneChange.gene_pk, GeneChange.description, GeneChange.source)
        .where(GeneChange.gene_pk.in_(keys))
        .order_by(GeneChange.gene_pk, GeneChange.pk)
    )
    return grouped(keys, rows, lambda r: r.gene_pk, lambda r: ChangeRecord(r.description, r.source))


async def _annotations(fetch: Fetch, keys: list[int]) -> list[list[AnnotationRecord]]:
    rows = await ANNOTATIONS.rows(fetch, {"keys": keys})
    return grouped(keys, rows, itemgetter(_ANNOTATION_GENE_PK), annotation_of)


async def _orthologs(fetch: Fetch, keys: list[int]) -> list[list[OrthologRecord]]:
    rows = await ORTHOLOGS.rows(fetch, {"keys": keys})
    found = grouped(keys, rows, itemgetter(_ORTHOLOG_FROM_PK), lambda row: row)
    return [orthologs_of(gene_rows) for gene_rows in found]


async def _alt_ids(fetch: Fetch, keys: list[str]) -> list[list[str]]:
    rows = await fetch.rows(
        select(GOTermAltId.go_id, GOTermAltId.alt_id)
        .where(GOTermAltId.go_id.in_(keys))
        .order_by(GOTermAltId.go_id, GOTermAltId.alt_id)
    )
    return grouped(keys, rows, lambda r: r.go_id, lambda r: r.alt_id)


# An id may be a primary id or an alt_id; both resolve in one statement (asked, TERM_COLUMNS).
TERMS = OnDriver(
    union_all(
        select(GOTerm.go_id.label("asked"), *TERM_COLUMNS).where(
            among(GOTerm.go_id, keys_parameter(String()))
        ),
        select(GOTermAltId.alt_id.label("asked"), *TERM_COLUMNS)
        .join(GOTerm, GOTerm.go_id == GOTermAltId.go_id)
        .where(among(GOTermAltId.alt_id, keys_parameter(String()))),
    )
)


async def _terms(fetch: Fetch, keys: list[str]) -> list[TermRecord | None]:
    rows = await TERMS.rows(fetch, {"keys": keys})
    found = {row[0]: term_of(row[1:]) for row in rows}
    return [found.get(key) for key in keys]


def _lists(
    batch: Callable[[Fetch, list[K]], Awaitable[list[V]]],
) -> Callable[[Fetch, list[tuple[K, ...]]], Awaitable[list[list[V]]]]:
    """``batch`` over lists of keys: each key of a DataLoader over it is a whole list (a
    batch look-up's GeneIDs), answered with the list of their values, and the lists the
    loader gathers are read by one ``batch`` of their keys. Strawberry's ``load_many``
    makes a future, a batch entry and a gather callback per key: for `genes(ids:)` of 100
    ids that cost about as much CPU as reading them (BENCHMARKS.md)."""

    async def lists(fetch: Fetch, asked: list[tuple[K, ...]]) -> list[list[V]]:
        keys = list(dict.fromkeys(key for keys in asked for key in keys))
        found = dict(zip(keys, await batch(fetch, keys), strict=True)) if keys else {}
        return [[found[key] for key in keys] for keys in asked]

    return lists


LoadFn = Callable[[list[Any]], Awaitable[Any]]
# (loader name, batch function) -> the batch function to run instead
Observe = Callable[[str, LoadFn], LoadFn]


class _Loader(Generic[K, V]):
    """A ``Loaders`` attribute: the request's DataLoader over one batch function, made on
    first access and kept in the instance (which then shadows this descriptor)."""

    def __init__(self, batch: Callable[[Fetch, list[K]], Awaitable[list[V]]]) -> None:
        self.batch = batch
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, loaders: None, owner: type) -> _Loader[K, V]: ...

    @overload
    def __get__(self, loaders: Loaders, owner: type) -> DataLoader[K, V]: ...

    def __get__(self, loaders: Loaders | None, owner: type) -> _Loader[K, V] | DataLoader[K, V]:
        if loaders is None:
            return self
        load: LoadFn = partial(self.batch, loaders.fetch)
        if loaders.observe is not None:
            load = loaders.observe(self.name, load)
        loader: DataLoader[K, V] = DataLoader(load)
        loaders.__dict__[self.name] = loader
        return loader


def create_loaders(engine: AsyncEngine) -> Loaders:
    return Loaders(engine)


class Loaders:
    """A request's DataLoaders, each made when the request first uses it: a gene card uses
    four of them, and making all of them, with their caches and metrics, for every request
    took 13% of the server's profile samples under the card's load (BENCHMARKS.md)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.fetch = Fetch(engine)
        # Wraps each batch function as its loader is made, given the loader's name (the
        # server's metrics: genegraph.observability.observe_loaders).
        self.observe: Observe | None = None

    genes_by_pk = _Loader(_genes_by_pk)
    genes_by_gene_id = _Loader(_genes_by_gene_id)
    genes_by_symbol = _Loader(_genes_by_symbol)
    # Whole lists at once (``_lists``): what resolvers/gene_matching.py looks up.
    genes_by_gene_ids = _Loader(_lists(_genes_by_gene_id))
    genes_by_symbols = _Loader(_lists(_genes_by_symbol))
    species = _Loader(_species)
    gene_counts = _Loader(_gene_counts)
    aliases = _Loader(_aliases)
    xrefs = _Loader(_xrefs)
    changes = _Loader(_changes)
    annotations = _Loader(_annotations)
    orthologs = _Loader(_orthologs)
    terms = _Loader(_terms)
    alt_ids = _Loader(_alt_ids)
    synonyms = _Loader(ontology.synonyms)
    parents = _Loader(ontology.parents)
    children = _Loader(ontology.children)
    ancestors = _Loader(ontology.ancestors)
    descendants: _Loader[ontology.DescendantsKey, ontology.Page[TermRecord]] = _Loader(
        ontology.descendants
    )
    term_genes: _Loader[TermGenesKey, ontology.Page[GeneRecord]] = _Loader(genes_of_terms)
    genes_by_alias: _Loader[aliases_and_xrefs.AliasKey, list[GeneRecord]] = _Loader(
        aliases_and_xrefs.genes_by_alias
    )
    genes_by_xref: _Loader[aliases_and_xrefs.XrefKey, list[GeneRecord]] = _Loader(
        aliases_and_xrefs.genes_by_xref
    )
    # Gene.history and discontinued GeneIDs (resolvers/history.py).
    genes_by_discontinued_id: _Loader[int, GeneRecord | None] = _Loader(
        history.genes_by_discontinued_id
    )
    discontinued_genes: _Loader[int, DiscontinuedGeneRecord | None] = _Loader(
        history.discontinued_genes
    )
    discontinued_by_gene: _Loader[int, list[DiscontinuedGeneRecord]] = _Loader(
        history.discontinued_by_gene
    )
    annotation_changes: _Loader[int, list[AnnotationChangeRecord]] = _Loader(
        history.annotation_changes
    )
    releases_by_pk = _Loader(history.releases_by_pk)
    # Gene.slimTerms and slimSummary (resolvers/slims.py).
    slim_hits: _Loader[slims.SlimKey, slims.GeneSlimHits] = _Loader(slims.slim_hits)
    subset_terms: _Loader[str, list[TermRecord] | None] = _Loader(slims.subset_terms)
