"""Term → genes: the genes annotated to a term (and to the terms below it, when asked),
ordered by symbol, paged, with the list's length. The propagation rule is the ontology's
(resolvers/ontology.py).

Ways to read a page, chosen per term from the stored per-species counts:

- Numbered: every (term, gene) pair below the term, numbered in symbol order and counted
  (``_numbered``). Its work grows with the pairs below the term: cheap for a narrow term,
  past the request's time limit for a broad one at 100x (BENCHMARKS.md).
- Stored: a narrow term's list as the load stored it in symbol order
  (``term_gene_lists``, db/term_gene_lists.py), read by its key to the page's end
  (``_stored_list``): its work is the page's end, whatever the data's size (listing a
  narrow term read every annotation below it, 100x the rows at 100x). A broad term's
  first genes are stored too (``term_gene_lists.PREFIX_GENES``): a page ending among them
  is read the same way (walking it took 140-180 ms at 100x for a term just over the rule).
- Walked: the species' genes in symbol order, each tested for an annotation below the
  term, stopped once the page is full (``_walked``). Its work grows with the genes tested
  before the page is full: the page's end divided by the share of the species' genes the
  term holds, which is at least 1/``term_gene_lists.SHARE_DIVISOR`` for a term not stored
  whole.
- Listed: the annotations below the term, their genes sorted (``_listed``), for a page
  deep into a term not stored whole, where the walk would test more genes.

The last three need the list's length: the stored count of the species' genes annotated to
the term (``background_term_counts``, which counts exactly this list: positive
annotations, every evidence code, over is_a and part_of, each gene once). That count
applies for one species, descendants over is_a and part_of and no evidence filter; other
pages are numbered. A page is read from the stored rows when the count says the load
stored the page's genes (``term_gene_lists.holds``), else walked when the walk tests
fewer genes than numbering reads pairs (``walks``), else listed. A term without a stored
count (the counts leave obsolete terms out) is listed, its length counted the way it is
listed (``listed_total``): numbering one planned a hash of every gene of the species, 955 ms for
an empty page at 100x (BENCHMARKS.md).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    false,
    func,
    literal,
    or_,
    select,
    tuple_,
    union,
    union_all,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal

from genegraph.db import term_gene_lists
from genegraph.db.models import (
    BackgroundSize,
    BackgroundTermCount,
    Gene,
    GOAnnotation,
    GOTerm,
    GOTermClosure,
    TermGeneList,
)
from genegraph.resolvers.ontology import Page, not_negated, paged, structural
from genegraph.resolvers.pagination import Window
from genegraph.resolvers.records import GeneRecord
from genegraph.resolvers.rows import GENE_COLUMNS, Fetch, OnDriver, among, gene_of, key_list


@dataclass(frozen=True, slots=True)
class TermGenesKey:
    go_id: str
    taxon_id: int | None
    with_descendants: bool
    with_regulates: bool
    evidence: frozenset[str] | None
    window: Window


def counted(key: TermGenesKey) -> bool:
    """Whether the stored counts give this list's length (for a live term)."""
    return (
        key.taxon_id is not None
        and key.with_descendants
        and not key.with_regulates
        and key.evidence is None
    )


def walks(total: int, annotated: int, window: Window) -> bool:
    """Whether walking the species' genes in symbol order is the cheaper way to the page:
    it tests about (page end) x (annotated genes) / ``total`` genes, numbering reads at
    least ``total`` pairs, so walk when ``total``² exceeds (page end) x (annotated genes).
    ``annotated``: the species' genes with an annotation (its unannotated genes cost the
    walk an index probe each, about nothing)."""
    return total > 0 and total * total >= _page_end(window) * annotated


# How many of the species' genes a walk reads before it gives the page up to the list: at
# least the list's length, as reading a gene costs about what listing one does (so a walk
# that runs out has cost at most about twice the cheaper way), and ``WALK_SLACK`` times
# what it reads when the term's genes are spread evenly through symbol order. A family's
# genes share a prefix, so a term's genes can sit together late in that order: "olfactory
# receptor activity" (OR...) walked most of the species, past the 10 s limit at 100x
# (BENCHMARKS.md).
WALK_SLACK = 8


def walk_budget(total: int, annotated: int, window: Window) -> int:
    """The genes a walk to the page's end may read (``WALK_SLACK``)."""
    return max(WALK_SLACK * _page_end(window) * annotated // max(total, 1), total)


def _page_end(window: Window) -> int:
    """The page's end as ``walks`` and ``walk_budget`` count it."""
    return window.offset + window.limit + 1


async def genes_of_terms(fetch: Fetch, keys: Sequence[TermGenesKey]) -> list[Page[GeneRecord]]:
    """Genes annotated to each term (and its descendants, when asked), ordered by symbol:
    pages of broad terms walked, the others numbered, one statement per set of arguments
    (built once per shape)."""
    pages: dict[TermGenesKey, Page[GeneRecord]] = {}
    numbered = [key for key in keys if not counted(key)]
    by_taxon: dict[int, list[TermGenesKey]] = defaultdict(list)
    for key in keys:
        if counted(key) and key.taxon_id is not None:
            by_taxon[key.taxon_id].append(key)
    for taxon_id, batch in by_taxon.items():
        totals, annotated = await stored_totals(fetch, taxon_id, {k.go_id for k in batch})
        for key in batch:
            total = totals.get(key.go_id)
            if total is None:
                # No stored count (an obsolete term, which the counts leave out, or a term
                # the release does not know): counted as listed, never numbered.
                total, statement = await listed_total(fetch, key), _listed()
            else:
                statement = reading(total, annotated, key)
            if key.window.offset >= total:
                pages[key] = Page(total, ())  # nothing to read: past the end, or no gene
            else:
                pages[key] = await read_page(fetch, key, total, annotated, statement)
    pages |= await _numbered_pages(fetch, numbered)
    return [pages[key] for key in keys]


async def stored_totals(
    fetch: Fetch, taxon_id: int, go_ids: set[str]
) -> tuple[dict[str, int], int]:
    """The stored count of the species' genes annotated to each live term among ``go_ids``
    (0 for a live term without a stored row when the load stored counts at all: the
    species has no gene there), and how many of the species' genes are annotated."""
    rows = await _stored().rows(fetch, {"taxon": taxon_id, "terms": sorted(go_ids)})
    totals: dict[str, int] = {}
    annotated = 0
    for go_id, is_obsolete, genes, species_genes, stored_species in rows:
        annotated = species_genes or 0
        if not is_obsolete and (genes is not None or stored_species):
            totals[go_id] = genes or 0
    return totals, annotated


def reading(total: int, annotated: int, key: TermGenesKey) -> OnDriver:
    """The statement reading a page of a list the stored counts give the length of: the
    stored rows when the load stored the page's genes (a narrow term's whole list, a broad
    term's first genes), else walked or listed, whichever costs less."""
    end = min(key.window.offset + key.window.limit, total)
    if term_gene_lists.holds(total, annotated, end):
        return _stored_list()
    return _walked() if walks(total, annotated, key.window) else _listed()


async def read_page(
    fetch: Fetch, key: TermGenesKey, total: int, annotated: int, statement: OnDriver
) -> Page[GeneRecord]:
    """The key's page of a list whose length is known, read by ``statement`` (``reading``),
    asking for no more genes than the list holds past the page's start, so a walk stops at
    the list's last gene rather than testing the species' genes after it."""
    limit = min(key.window.limit, total - key.window.offset)
    if limit <= 0:
        return Page(total, ())
    values = {"asked": key.go_id, "taxon": key.taxon_id, "limit": limit}
    values["offset"] = key.window.offset
    if statement is _stored_list():
        rows = await statement.rows(fetch, values)
        if len(rows) == limit or term_gene_lists.listed(total, annotated):
            return Page(total, tuple(gene_of(row) for row in rows))
        # A broad term's stored genes end before the page does: the database was loaded
        # with fewer first genes stored (``PREFIX_GENES``). Walked or listed, as past them.
        statement = _walked() if walks(total, annotated, key.window) else _listed()
    if statement is not _walked():
        rows = await statement.rows(fetch, values)
    else:
        stored = term_gene_lists.PREFIX_GENES
        walk, window, skip = statement, key.window, {}
        if window.offset >= stored:
            # Past a broad term's stored genes: walked from the last of them on.
            walk, window = _walked(after_stored=True), Window(window.offset - stored, limit)
            skip = {"offset": window.offset, "last_stored": stored - 1}
        budget = walk_budget(total, annotated, window)
        rows = await walk.rows(fetch, values | skip | {"budget": budget})
        if len(rows) < limit:
            # The budget ran out before the page was full: the term's genes sit late in
            # symbol order. The list holds them (its length says so): read it instead.
            rows = await _listed().rows(fetch, values)
    return Page(total, tuple(gene_of(row) for row in rows))


async def _numbered_pages(
    fetch: Fetch, keys: Sequence[TermGenesKey]
) -> dict[TermGenesKey, Page[GeneRecord]]:
    pages: dict[TermGenesKey, Page[GeneRecord]] = {}
    groups: dict[tuple[Any, ...], list[TermGenesKey]] = defaultdict(list)
    for key in keys:
        groups[(key.taxon_id, key.with_descendants, key.with_regulates, key.evidence)].append(key)
    for (taxon_id, with_descendants, with_regulates, evidence), batch in groups.items():
        windows = sorted({k.window for k in batch}, key=lambda w: (w.offset, w.limit))
        asked = sorted({k.go_id for k in batch})
        # Padded to a power of two with its last id: a few shapes for any batch.
        slots = 1 << (len(asked) - 1).bit_length()
        statement = _numbered(
            with_descendants,
            with_regulates,
            "any" if evidence is None else "some" if evidence else "none",
            taxon_id is not None,
            slots,
            len(windows),
        )
        values: dict[str, Any] = {"evidence": sorted(evidence or ()), "taxon": taxon_id}
        for i in range(slots):
            values[f"asked{i}"] = asked[min(i, len(asked) - 1)]
        for j, w in enumerate(windows):
            values |= {f"start{j}": w.offset, f"stop{j}": w.offset + w.limit}
        rows = await statement.rows(fetch, values)
        for key, page in zip(batch, paged(batch, rows, gene_of, len(GENE_COLUMNS)), strict=True):
            pages[key] = page
    return pages


async def numbered(fetch: Fetch, keys: Sequence[TermGenesKey]) -> list[Page[GeneRecord]]:
    """Every key's page numbered, whatever the stored counts (what ``genes_of_terms``
    answered before pages were walked; the tests compare the two)."""
    pages = await _numbered_pages(fetch, keys)
    return [pages[key] for key in keys]


@functools.cache
def _stored() -> OnDriver:
    """(term, obsolete, stored genes of the species there, the species' annotated genes,
    species with stored counts) per asked term."""
    taxon = bindparam("taxon", type_=Integer)
    stored_species = select(func.count()).select_from(BackgroundSize).scalar_subquery()
    return OnDriver(
        select(
            GOTerm.go_id,
            GOTerm.is_obsolete,
            BackgroundTermCount.gene_count,
            BackgroundSize.genes,
            stored_species,
        )
        .select_from(GOTerm)
        .outerjoin(
            BackgroundTermCount,
            and_(BackgroundTermCount.go_id == GOTerm.go_id, BackgroundTermCount.taxon_id == taxon),
        )
        .outerjoin(BackgroundSize, BackgroundSize.taxon_id == taxon)
        .where(among(GOTerm.go_id, key_list("terms", String())))
    )


@functools.cache
def _stored_list() -> OnDriver:
    """One page of a term's stored rows (``reading``), in key order (taxon, term, symbol
    key, gene), each gene's columns by its primary key."""
    return OnDriver(
        select(*GENE_COLUMNS)
        .select_from(TermGeneList)
        .join(Gene, Gene.pk == TermGeneList.gene_pk)
        .where(
            TermGeneList.taxon_id == bindparam("taxon", type_=Integer),
            TermGeneList.go_id == bindparam("asked", type_=String),
        )
        .order_by(TermGeneList.symbol_key, TermGeneList.gene_pk)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )


@functools.cache
def _walked(after_stored: bool = False) -> OnDriver:
    """One page of a species' genes annotated to a term or below it over is_a and part_of,
    in symbol order: the genes' keys read in the order of the (taxon, symbol, pk) index,
    each tested for an annotation among the term's descendants, stopped at the page's end
    or after ``budget`` genes (``walk_budget``; ``read_page`` then lists the page), and only
    the page's genes read whole. ``after_stored``: from the gene after the term's stored
    row number ``last_stored`` (from 0) on, ``offset`` counted from there: a page past a
    broad term's stored first genes does not test the genes before them again.

    Reading every tested gene's row (541 bytes) cost a heap page per gene tested: at 100x
    a broad term's first page tested 15,150 genes, 400-650 ms (BENCHMARKS.md).

    The shape keeps PostgreSQL on that walk: the descendants are an uncorrelated ``IN``
    beside the term itself, which it hashes once per statement (as a correlated
    ``EXISTS`` on the closure it probed the closure's key once per annotation tested, 10x
    slower at 10x); and the gene's test is an ``EXISTS (...) IS TRUE``, which it keeps as a
    filter of the walk rather than turning it into a semi-join (it then hashed every
    annotation below the term, 9.6 s for "immune system process" at 10x)."""
    asked = bindparam("asked", type_=String)
    descendants = select(GOTermClosure.go_id).where(
        GOTermClosure.ancestor_id == asked, structural(False)
    )
    annotated = (
        select(literal(1))
        .select_from(GOAnnotation)
        .where(
            not_negated(),
            or_(GOAnnotation.go_id == asked, GOAnnotation.go_id.in_(descendants)),
        )
    )
    # The first ``budget`` genes in symbol order (their keys only, from the index), and of
    # them the page's annotated ones; then those genes' columns by key.
    taxon = bindparam("taxon", type_=Integer)
    genes = [Gene.taxon_id == taxon]
    if after_stored:
        last = (
            select(TermGeneList.symbol_key)
            .where(TermGeneList.taxon_id == taxon, TermGeneList.go_id == asked)
            .order_by(TermGeneList.symbol_key, TermGeneList.gene_pk)
            .offset(bindparam("last_stored", type_=Integer))
            .limit(1)
        )
        # No such row (fewer stored): no gene, and ``read_page`` lists the page.
        genes.append(
            tuple_(Gene.symbol_key, Gene.pk)
            > tuple_(
                last.scalar_subquery(),
                last.with_only_columns(TermGeneList.gene_pk).scalar_subquery(),
            )
        )
    read = (
        select(Gene.pk, Gene.symbol_key)
        .where(*genes)
        .order_by(Gene.symbol_key, Gene.pk)
        .limit(bindparam("budget", type_=Integer))
        .subquery("read")
    )
    annotated = annotated.where(GOAnnotation.gene_pk == read.c.pk)
    page = (
        select(read.c.pk, read.c.symbol_key)
        .where(annotated.exists().is_(True))
        .order_by(read.c.symbol_key, read.c.pk)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
        .subquery("page")
    )
    return OnDriver(
        select(*GENE_COLUMNS)
        .join(page, page.c.pk == Gene.pk)
        .order_by(page.c.symbol_key, page.c.pk)
    )


class _AmongRows(ColumnElement[bool]):
    """``column`` is one of a subquery's values: PostgreSQL ``= ANY(ARRAY(subquery))``, which
    it runs once and then probes the column's index with (an ``IN`` it may turn into a
    hash join over the whole table), SQLite ``IN (subquery)``, which it runs once too."""

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True
    _traverse_internals = [  # noqa: RUF012  (SQLAlchemy declares it a list)
        ("column", InternalTraversal.dp_clauseelement),
        ("rows", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, column: Any, rows: Select[Any]) -> None:
        self.column = column
        self.rows = rows


@compiles(_AmongRows)
def _among_rows_sqlite(element: _AmongRows, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    return f"{column} IN ({compiler.process(element.rows, asfrom=True, **kw)})"


@compiles(_AmongRows, "postgresql")
def _among_rows_postgresql(element: _AmongRows, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    return f"{column} = ANY(ARRAY({compiler.process(element.rows, asfrom=True, **kw)}))"


def _listed_genes() -> ColumnElement[bool]:
    """Whether a gene has a positive annotation to the asked term or below it over is_a and
    part_of: the term and its descendants read first, then their annotations' genes, probed
    by key."""
    asked = bindparam("asked", type_=String)
    terms = union_all(
        select(GOTermClosure.go_id).where(GOTermClosure.ancestor_id == asked, structural(False)),
        select(asked),
    )
    genes = select(GOAnnotation.gene_pk).where(
        _AmongRows(GOAnnotation.go_id, select(terms.subquery())), not_negated()
    )
    return and_(Gene.taxon_id == bindparam("taxon", type_=Integer), _AmongRows(Gene.pk, genes))


@functools.cache
def _listed() -> OnDriver:
    """One page of a species' genes annotated to a term or below it over is_a and part_of,
    in symbol order, for a term with few genes: its genes (``_listed_genes``) sorted. The
    numbering statement for such a term hashed every gene of the species at 10x (3.3 s
    against 0.34 s for a term of 800 genes, BENCHMARKS.md)."""
    return OnDriver(
        select(*GENE_COLUMNS)
        .where(_listed_genes())
        .order_by(Gene.symbol_key, Gene.pk)
        .limit(bindparam("limit", type_=Integer))
        .offset(bindparam("offset", type_=Integer))
    )


@functools.cache
def _listed_count() -> OnDriver:
    """How many genes ``_listed`` pages through (each gene once: they are read by key)."""
    return OnDriver(select(func.count()).select_from(Gene).where(_listed_genes()))


async def listed_total(fetch: Fetch, key: TermGenesKey) -> int:
    """The length of a key's list as ``_listed`` reads it, for a term without a stored
    count."""
    [(total,)] = await _listed_count().rows(fetch, {"asked": key.go_id, "taxon": key.taxon_id})
    return int(total)


@functools.lru_cache(maxsize=256)
def _numbered(
    with_descendants: bool,
    with_regulates: bool,
    evidence: str,
    by_taxon: bool,
    terms: int,
    windows: int,
) -> OnDriver:
    """The numbering statement for one shape of arguments, run on the driver with them as
    parameters (building and executing it with SQLAlchemy per request cost more CPU than
    the rest of the request, BENCHMARKS.md). ``evidence``: "any" (no filter), "some" (the
    codes in ``evidence``), "none" (an empty filter: no annotation). The terms are
    ``terms`` parameters, not one array: with ``= ANY($1)`` PostgreSQL planned a parallel
    scan of the whole closure (ten times the time, BENCHMARKS.md)."""
    asked = [bindparam(f"asked{i}", type_=String) for i in range(terms)]
    conditions = [not_negated()]
    if evidence == "some":
        conditions.append(among(GOAnnotation.evidence, key_list("evidence", String())))
    elif evidence == "none":
        conditions.append(false())
    direct = select(GOAnnotation.go_id.label("asked"), GOAnnotation.gene_pk).where(
        GOAnnotation.go_id.in_(asked), *conditions
    )
    if with_descendants:
        below = (
            select(GOTermClosure.ancestor_id.label("asked"), GOAnnotation.gene_pk)
            .join(GOAnnotation, GOAnnotation.go_id == GOTermClosure.go_id)
            .where(GOTermClosure.ancestor_id.in_(asked), structural(with_regulates), *conditions)
        )
        found = union(direct, below).subquery()
    else:
        found = direct.distinct().subquery()
    gene_filter = [Gene.taxon_id == bindparam("taxon", type_=Integer)] if by_taxon else []
    inner = (
        select(
            *GENE_COLUMNS,
            found.c.asked,
            func.row_number()
            .over(partition_by=found.c.asked, order_by=(Gene.symbol_key, Gene.pk))
            .label("position"),
            func.count().over(partition_by=found.c.asked).label("total"),
        )
        .join(found, found.c.gene_pk == Gene.pk)
        .where(*gene_filter)
        .subquery()
    )
    position = inner.c.position
    shown = [
        and_(
            position > bindparam(f"start{j}", type_=Integer),
            position <= bindparam(f"stop{j}", type_=Integer),
        )
        for j in range(windows)
    ]
    return OnDriver(select(inner).where(or_(position == 1, *shown)))
