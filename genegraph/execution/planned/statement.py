"""Fetching a plan's data in one SQL statement: the root genes, the batches' genes by
GeneID, each level of orthologs, every gene's annotations with their terms' ids, and
the newest release, as one row of JSON columns (a batch alone: its genes as rows, the release
beside them), built and compiled once per shape of plan (ARCHITECTURE.md, "Planned
execution"). One statement reads one snapshot, so its answer needs no release check.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

import orjson
from sqlalchemy import (
    CTE,
    BigInteger,
    ColumnElement,
    Integer,
    Select,
    SelectBase,
    String,
    Text,
    and_,
    bindparam,
    cast,
    exists,
    func,
    literal_column,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import aliased

from genegraph.db.identifiers import InvalidIdentifier, parse_gene_curie
from genegraph.db.models import Gene, GeneHistory, GOAnnotation, GOCategory, GOTerm
from genegraph.db.newest_release import NEWEST_NUMBER, beside_newest_number
from genegraph.execution.caches.identity import IdentityCache
from genegraph.execution.planned.plan import GeneSet, OperationPlan, Unplannable, fields_read
from genegraph.resolvers.dataloaders import (
    GENE_KEYS,
    annotation_terms_select,
    ortholog_order,
    orthologs_union,
    symbol_choice_order,
)
from genegraph.resolvers.records import AnnotationRecord, GeneRecord, OrthologRecord, TermRecord
from genegraph.resolvers.release_terms import release_terms
from genegraph.resolvers.rows import (
    GENE_COLUMNS,
    DriverStatement,
    among,
    annotation_with,
    gene_of,
    key_list,
    orthologs_of,
)

STATEMENT_CACHE_SIZE = 1024

# A root's look-up: ("id", GeneID) or ("symbol", taxon, symbol as asked).
Lookup = tuple[str, int] | tuple[str, int, str]
# Per gene set, the species its ``orthologs`` field admits (None: any; roots: None).
Taxa = tuple[frozenset[int] | None, ...]
# The GO categories whose annotations a plan's lists can show (None: any).
Categories = frozenset[GOCategory] | None

_first = itemgetter(0)


def root_lookup(
    symbol: str | None, taxon: int | None, curie: str | None, alias: str | None
) -> Lookup | None:
    """The look-up ``gene(...)``'s arguments ask for, when the statement can make it and
    it is the one ``resolvers.lookups.find_gene`` would make; None otherwise (an alias,
    an id in another database, arguments it refuses)."""
    if len([value for value in (symbol, curie, alias) if value]) != 1:
        return None
    if curie is not None:
        try:
            ref = parse_gene_curie(curie)
        except InvalidIdentifier:
            return None
        if ref.gene_id is not None:
            return ("id", ref.gene_id)
        assert ref.taxon_id is not None and ref.symbol is not None
        return ("symbol", ref.taxon_id, ref.symbol)
    if symbol is not None and taxon is not None:
        return ("symbol", taxon, symbol)
    return None


@dataclass(frozen=True, slots=True)
class BatchGenes:
    """What a batch's GeneIDs name: by GeneID, its current gene; by discontinued GeneID
    that no current gene has, the gene that replaced it."""

    current: dict[int, GeneRecord]
    replacements: dict[int, GeneRecord]


@dataclass(frozen=True, slots=True)
class Fetched:
    roots: list[GeneRecord | None]  # per lookup, in order
    batches: list[BatchGenes]  # per batch, in order
    orthologs: dict[int, list[OrthologRecord]]  # by gene pk: of the sets that need them
    annotations: dict[int, list[AnnotationRecord]]  # likewise
    release: int  # the newest release, read in the same snapshot as the rest


class _Compiled:
    """A shape's statement, and which of its columns hold what.

    Its common table expressions chain the levels. ``roots``: each root's gene, found as
    ``find_gene`` finds it; ``batch<i>``: the genes of the i-th batch's GeneIDs, as
    ``match_ids`` finds them. ``m<depth>``: the genes of each gene set of that depth, as
    (set, pk); a root's and a batch's set is its own, a deeper set holds the orthologs under one
    ``orthologs`` field of its parent set's genes, of the species the field asks for
    (``e<depth>``: each set's parent, ``w<depth>``: the species asked). ``o<depth>``: the
    orthologs of the depth's sets that show them; ``annotations``: those of the sets that
    show them. Orthologs are read by the gene card loader's own statement with a subquery
    for their keys, each row carrying its rank in the loader's ORDER BY (``row_number``),
    by which the decoded rows are put back in order (SQLite's ``json_group_array``
    promises none); annotations with their terms' ids only (``annotation_terms_select``),
    put in the loader's order by their terms' places in the release's terms. The shape:
    the plan, each root's kind of look-up (a GeneID; a symbol in a species) and how many
    species each set's ``orthologs`` field names (a batch's GeneIDs are one parameter,
    whatever their number), and whether the annotations are read for some categories only
    (``categories``, one list parameter)."""

    def __init__(
        self,
        plan: OperationPlan,
        kinds: tuple[str, ...],
        counts: tuple[int | None, ...],
        categories: bool,
        dialect: Dialect,
    ) -> None:
        json_rows = _JSON_ROWS[dialect.name]
        gene_sets = plan.gene_sets
        columns: list[Any] = [NEWEST_NUMBER.scalar_subquery()]
        # Per depth, the genes of its sets: (gene_set, pk). A root's set is its slot, a
        # batch's comes after the roots'.
        found: list[Select[*tuple[Any, ...]]] = []
        if kinds:
            roots = _roots(kinds)
            columns.append(select(json_rows(*roots.c)).scalar_subquery())
            found.append(select(roots.c.slot.label("gene_set"), roots.c.pk))
        for index in range(len(plan.batches)):
            matched = batch_cte(index)
            columns.append(select(json_rows(*matched.c)).scalar_subquery())
            gene_set = _number(len(kinds) + index).label("gene_set")
            found.append(select(gene_set, matched.c.pk))
        self.roots = bool(kinds)
        self.batches = len(plan.batches)
        members = [_union(found).cte("m0")]
        orthologs: list[CTE] = []  # by depth
        depths = max((s.depth for s in gene_sets if s.orthologs), default=-1) + 1
        for depth in range(depths):
            asking = [i for i, s in enumerate(gene_sets) if s.depth == depth and s.orthologs]
            level = _orthologs(_genes_of(members[depth], asking), depth)
            orthologs.append(level)
            children = [i for i, s in enumerate(gene_sets) if s.depth == depth + 1]
            if children:
                members.append(_children(gene_sets, children, counts, members[depth], level))
        columns += [select(json_rows(*level.c)).scalar_subquery() for level in orthologs]
        annotated = [
            _genes_of(genes, sets)
            for depth, genes in enumerate(members)
            if (sets := [i for i, s in enumerate(gene_sets) if s.depth == depth and s.annotations])
        ]
        self.annotations = bool(annotated)
        if self.annotations:
            # Each annotation's term id: the terms' fields and order are the release's
            # terms' (fetch), not a look-up of go_terms per annotation (BENCHMARKS.md).
            selected = annotation_terms_select(_union(annotated))
            if categories:
                # Only the categories the lists' rules can keep (they still filter): the
                # card's goTerms(category: BIOLOGICAL_PROCESS) left half its rows unread,
                # a quarter of PostgreSQL's CPU per card (BENCHMARKS.md, issue #17).
                selected = selected.join(GOTerm, GOTerm.go_id == GOAnnotation.go_id).where(
                    among(GOTerm.category, key_list("categories", String()))
                )
            rows = selected.cte("annotations")
            columns.append(select(json_rows(*rows.c)).scalar_subquery())
        self.depths = len(orthologs)
        # A batch alone (no root, no level of orthologs, no annotations): its genes as
        # rows, (GENE_COLUMNS, asked, replaced, release), at least one (a row of nulls
        # when no GeneID matched, for the release). PostgreSQL's ``json_build_array``
        # per row cost it 1 µs a gene (100 of its 250 µs for a batch of 100), and rows
        # cost the server no more than decoding their JSON (BENCHMARKS.md, issue #17).
        self.rows = not kinds and self.batches == 1 and not orthologs and not self.annotations
        if self.rows:
            # Only the gene columns the batch's selections read (the others NULL): the
            # batch of `id symbol name` left 5 of 10 unread, decoded per gene by asyncpg.
            matched = batch_cte(0, fields_read(gene_sets[0].plans))
            alone = beside_newest_number(matched, *matched.c)
            self.statement = DriverStatement(alone, dialect)
        else:
            self.statement = DriverStatement(select(*columns), dialect)


def _number(value: int) -> ColumnElement[int]:
    return literal_column(str(value), Integer)


def _union(selects: list[Select[*tuple[Any, ...]]]) -> SelectBase:
    return selects[0] if len(selects) == 1 else union_all(*selects)


def _genes_of(members: CTE, sets: list[int]) -> Select[*tuple[Any, ...]]:
    return select(members.c.pk).where(members.c.gene_set.in_([_number(i) for i in sets]))


def _orthologs(keys: SelectBase, depth: int) -> CTE:
    union = orthologs_union(keys)
    rank = func.row_number().over(order_by=ortholog_order(union)).label("ord")
    return select(rank, *union.c).cte(f"o{depth}")


def _children(
    gene_sets: tuple[GeneSet, ...],
    children: list[int],
    counts: tuple[int | None, ...],
    parents: CTE,
    orthologs: CTE,
) -> CTE:
    """The genes of the sets ``children``: the orthologs of their parent set's genes, of
    the species their field asks for."""
    depth = gene_sets[children[0]].depth
    # (child set, its parent set, whether it takes any species), one row per child set.
    edges = _union(
        [
            select(
                _number(child).label("child"),
                _number(gene_sets[child].parent or 0).label("parent"),
                _number(int(counts[child] is None)).label("any_taxon"),
            )
            for child in children
        ]
    ).cte(f"e{depth}")
    # (child set, a species it asks for)
    asked = [
        select(
            _number(child).label("child"), bindparam(f"x{child}_{j}", type_=Integer).label("taxon")
        )
        for child in children
        for j in range(counts[child] or 0)
    ]
    admitted: ColumnElement[bool] = edges.c.any_taxon == _number(1)
    if asked:
        wanted = _union(asked).cte(f"w{depth}")
        admitted = or_(
            admitted,
            exists().where(wanted.c.child == edges.c.child, wanted.c.taxon == orthologs.c.taxon_id),
        )
    return (
        select(edges.c.child.label("gene_set"), orthologs.c.pk)
        .select_from(orthologs)
        .join(parents, parents.c.pk == orthologs.c.from_pk)
        .join(edges, edges.c.parent == parents.c.gene_set)
        .where(admitted)
        .cte(f"m{depth}")
    )


def batch_cte(index: int, read: frozenset[str] | None = None) -> CTE:
    """A batch's GeneIDs (the list parameter ``b<index>``) and their genes, as
    ``match_ids`` finds them: (GENE_COLUMNS, asked GeneID, replaced), ``replaced`` 1 for
    the gene that replaced a discontinued GeneID no current gene has (the gene's columns
    first: ``gene_of`` reads them from the decoded row itself, without a slice). ``read``:
    the record's fields read (``plan.fields_read``), the other columns NULL; None: all.
    The pk is always read: a row without one is no gene's."""
    asked = key_list(f"b{index}", GENE_KEYS)
    current = aliased(Gene)
    columns = [
        column if read is None or name == "pk" or name in read else null().label(name)
        for name, column in zip(GeneRecord._fields, GENE_COLUMNS, strict=True)
    ]
    return _union(
        [
            select(*columns, Gene.gene_id.label("asked"), _number(0).label("replaced")).where(
                among(Gene.gene_id, asked)
            ),
            select(
                *columns,
                GeneHistory.discontinued_gene_id.label("asked"),
                _number(1).label("replaced"),
            )
            .join_from(GeneHistory, Gene, Gene.pk == GeneHistory.gene_pk)
            .where(
                among(GeneHistory.discontinued_gene_id, asked),
                ~exists().where(current.gene_id == GeneHistory.discontinued_gene_id),
            ),
        ]
    ).cte(f"batch{index}")


def _roots(kinds: tuple[str, ...]) -> CTE:
    """Per root, its gene (slot, GENE_COLUMNS), or no row: as ``find_gene`` finds it."""
    members: list[Select[*tuple[Any, ...]]] = []
    by_id = [
        select(
            _number(slot).label("slot"), bindparam(f"r{slot}", type_=BigInteger).label("gene_id")
        )
        for slot, kind in enumerate(kinds)
        if kind == "id"
    ]
    if by_id:
        # The current gene of that GeneID, else the one that replaced it (match_ids).
        ids = _union(by_id).cte("asked_ids")
        current = aliased(Gene)
        members.append(
            select(ids.c.slot, *GENE_COLUMNS).join_from(ids, Gene, Gene.gene_id == ids.c.gene_id)
        )
        members.append(
            select(ids.c.slot, *GENE_COLUMNS)
            .join_from(ids, GeneHistory, GeneHistory.discontinued_gene_id == ids.c.gene_id)
            .join(Gene, Gene.pk == GeneHistory.gene_pk)
            .where(~exists().where(current.gene_id == ids.c.gene_id))
        )
    by_symbol = [
        select(
            _number(slot).label("slot"),
            bindparam(f"t{slot}", type_=Integer).label("taxon"),
            bindparam(f"k{slot}", type_=String).label("symbol_key"),
            bindparam(f"s{slot}", type_=String).label("symbol"),
        )
        for slot, kind in enumerate(kinds)
        if kind == "symbol"
    ]
    if by_symbol:
        # The loaders' choice among a symbol's genes (_genes_by_symbol).
        symbols = _union(by_symbol).cte("asked_symbols")
        rank = func.row_number().over(
            partition_by=symbols.c.slot, order_by=symbol_choice_order(symbols.c.symbol)
        )
        ranked = (
            select(symbols.c.slot, *GENE_COLUMNS, rank.label("rank"))
            .join_from(
                symbols,
                Gene,
                and_(Gene.taxon_id == symbols.c.taxon, Gene.symbol_key == symbols.c.symbol_key),
            )
            .subquery()
        )
        gene_columns = [ranked.c[column.key] for column in GENE_COLUMNS]
        members.append(select(ranked.c.slot, *gene_columns).where(ranked.c.rank == 1))
    return _union(members).cte("roots")


def _json_rows_postgresql(*columns: ColumnElement[Any]) -> ColumnElement[Any]:
    # As text: asyncpg would decode json with SQLAlchemy's codec (the json module), not orjson.
    return cast(func.json_agg(func.json_build_array(*columns)), Text)


def _json_rows_sqlite(*columns: ColumnElement[Any]) -> ColumnElement[Any]:
    return func.json_group_array(func.json_array(*columns))


# One JSON array of the rows' arrays, by dialect.
_JSON_ROWS = {"postgresql": _json_rows_postgresql, "sqlite": _json_rows_sqlite}

# Per (plan, dialect, kinds, counts, categories or not): its compiled statement.
_statements: IdentityCache[_Compiled] = IdentityCache(STATEMENT_CACHE_SIZE)


def _compiled(
    plan: OperationPlan,
    kinds: tuple[str, ...],
    counts: tuple[int | None, ...],
    categories: bool,
    dialect: Dialect,
) -> _Compiled:
    return _statements.get(
        (plan,),
        (dialect.name, kinds, counts, categories),
        lambda: _Compiled(plan, kinds, counts, categories, dialect),
    )


async def fetch(
    plan: OperationPlan,
    lookups: Sequence[Lookup],
    taxa: Taxa,
    engine: AsyncEngine,
    batches: Sequence[Sequence[int]] = (),
    categories: Categories = None,
) -> Fetched:
    """Everything ``plan`` needs, for these look-ups, batches' GeneIDs (one list per
    batch of the plan) and species, in one statement; of the annotations, those of
    ``categories`` only (None: all), which must hold every category the plan's lists admit."""
    kinds = tuple(lookup[0] for lookup in lookups)
    counts = tuple(None if wanted is None else len(wanted) for wanted in taxa)
    compiled = _compiled(plan, kinds, counts, categories is not None, engine.dialect)
    values: dict[str, Any] = {}
    if categories is not None:
        values["categories"] = sorted(category.value for category in categories)
    for slot, lookup in enumerate(lookups):
        if lookup[0] == "id":
            values[f"r{slot}"] = lookup[1]
        else:
            _, taxon, symbol = lookup  # type: ignore[misc]  # the symbol's kind
            values.update({f"t{slot}": taxon, f"k{slot}": symbol.upper(), f"s{slot}": symbol})
    for index, wanted in enumerate(taxa):
        for j, taxon in enumerate(sorted(wanted or ())):
            values[f"x{index}_{j}"] = taxon
    for index, gene_ids in enumerate(batches):
        values[f"b{index}"] = gene_ids
    if compiled.rows:
        return await _batch_rows(compiled, values, engine)
    row = await compiled.statement.row(engine, values)
    roots: list[GeneRecord | None] = [None] * len(lookups)
    at = 1  # the columns: the release, the roots, each batch, each level, the annotations
    if compiled.roots:
        for found in _decoded(row[at]):
            roots[found[0]] = gene_of(found[1:])
        at += 1
    matched: list[BatchGenes] = []
    for column in row[at : at + compiled.batches]:
        matched.append(_batch_genes(_decoded(column)))
    at += compiled.batches
    orthologs: dict[int, list[OrthologRecord]] = {}
    for column in row[at : at + compiled.depths]:
        level: defaultdict[int, list[list[Any]]] = defaultdict(list)
        for found in _ranked(column):  # rank, GENE_COLUMNS, from_pk, source
            level[found[-2]].append(found[1:])
        for pk, found_rows in level.items():
            orthologs.setdefault(pk, orthologs_of(found_rows))
    release = int(row[0] or 0)
    annotations: dict[int, list[AnnotationRecord]] = {}
    if compiled.annotations:
        terms = await release_terms(engine, release)
        if terms is None:  # a load committed since: the general executor answers
            raise Unplannable(f"release {release} is no longer the newest")
        annotations = _annotations(_decoded(row[at + compiled.depths]), terms.terms)
    return Fetched(roots, matched, orthologs, annotations, release)


def _annotations(
    rows: list[list[Any]], terms: dict[str, tuple[TermRecord, int]]
) -> dict[int, list[AnnotationRecord]]:
    """Each gene's annotations from the statement's rows (``annotation_terms_select``'s
    columns), with their terms from the release's ``terms``, in ANNOTATION_ORDER: by term
    (its place in the terms' order), then by pk. An id with no term is no annotation, as
    the loaders' join has it."""
    keyed: defaultdict[int, list[tuple[int, int, AnnotationRecord]]] = defaultdict(list)
    for found in rows:  # go_id, gene_pk, pk, ANNOTATION_COLUMNS
        held = terms.get(found[0])
        if held is not None:
            term, rank = held
            keyed[found[1]].append((rank, found[2], annotation_with(term, found[3:])))
    annotations = {}
    for gene_pk, entries in keyed.items():
        entries.sort()  # (rank, pk) is unique: the records are never compared
        annotations[gene_pk] = [entry[2] for entry in entries]
    return annotations


async def _batch_rows(compiled: _Compiled, values: dict[str, Any], engine: AsyncEngine) -> Fetched:
    """A batch alone's answer, from its rows (``_Compiled.rows``)."""
    rows = await compiled.statement.rows(engine, values)
    return Fetched([], [_batch_genes(rows)], {}, {}, int(rows[0][-1] or 0))


# Where a batch's row (``batch_cte``) holds its asked GeneID and whether its gene replaced it:
# after the gene's columns.
_ASKED = len(GENE_COLUMNS)
_REPLACED = _ASKED + 1


def _batch_genes(rows: Iterable[Sequence[Any]]) -> BatchGenes:
    """A batch's genes from its rows (``batch_cte``'s columns, then the release or nothing;
    a row without a gene, as a batch alone's statement gives when none matched, skipped)."""
    current: dict[int, GeneRecord] = {}
    replacements: dict[int, GeneRecord] = {}
    for found in rows:
        if found[0] is not None:
            (replacements if found[_REPLACED] else current)[found[_ASKED]] = gene_of(found)
    return BatchGenes(current, replacements)


def _decoded(column: str | None) -> list[list[Any]]:
    return orjson.loads(column) if column else []  # PostgreSQL's json_agg of no rows: null


def _ranked(column: str | None) -> list[list[Any]]:
    rows = _decoded(column)
    rows.sort(key=_first)
    return rows
