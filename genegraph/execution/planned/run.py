"""Running a plan: fetch what it needs, in one statement when every root is looked up by
GeneID or by symbol and every batch asks for GeneIDs only (``statement``), else level by
level (root genes and batches' matches, each level's orthologs, then every gene's
annotations), then each search root's page (``search``) and what its genes need, filter
the rows by the resolvers' own rules, and assemble the response.
Anything the general executor would report as an error raises, and the caller hands the
operation to it (ARCHITECTURE.md, "Planned execution").
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

import orjson
from graphql import VariableValues, get_argument_values

from genegraph.db.identifiers import gene_ids_in
from genegraph.db.models import GOCategory
from genegraph.execution.caches.identity import IdentityCache
from genegraph.execution.planned import enrichment, search, statement, written
from genegraph.execution.planned.enrichment import Enriched, RootEnrichment
from genegraph.execution.planned.plan import (
    INT_MAX,
    INT_MIN,
    SERIALIZED_SOURCE,
    ListField,
    ObjectPlan,
    OperationPlan,
    RootGene,
    RootMatches,
    Scalar,
    Unplannable,
    attribute_read,
)
from genegraph.execution.planned.search import RootSearch
from genegraph.resolvers.annotation_filters import AnnotationFilter
from genegraph.resolvers.context import Context
from genegraph.resolvers.evidence import wanted_codes
from genegraph.resolvers.gene_matching import (
    GeneMatch,
    check_batch_size,
    gene_id_matches,
    match_batch,
)
from genegraph.resolvers.lookups import find_gene
from genegraph.resolvers.pagination import Window
from genegraph.resolvers.records import (
    AnnotationRecord,
    GeneRecord,
    OrthologRecord,
    SpeciesRecord,
    TermRecord,
)
from genegraph.resolvers.search import GeneHit, Hits
from genegraph.resolvers.species_catalogue import catalogue_for
from genegraph.resolvers.taxon_arguments import require_loaded, wanted_taxa

BUILDER_CACHE_SIZE = 4096


class _Request:
    """One execution's fetched data and evaluated arguments."""

    def __init__(self, context: Context, variables: VariableValues) -> None:
        self.context = context
        self.variables = variables
        self.annotations: dict[int, list[AnnotationRecord]] = {}
        self.orthologs: dict[int, list[OrthologRecord]] = {}
        self.species: dict[int, SpeciesRecord] = {}
        # Per list field whose arguments name variables (the others': ``_fixed_rules``,
        # ``_fixed_taxa``).
        self.rules: dict[ListField, AnnotationFilter] = {}
        self.taxa: dict[ListField, frozenset[int] | None] = {}

    def arguments(self, node: Any, definition: Any) -> dict[str, Any]:
        return get_argument_values(definition, node, self.variables)

    def rule(self, field: ListField) -> AnnotationFilter:
        rules = self.rules if field.variables else _fixed_rules
        rule = rules.get(field)
        if rule is None:
            args = self.arguments(field.node, field.definition)
            if args.get("descendantOf") is not None:
                raise Unplannable("descendantOf")
            rule = AnnotationFilter(
                category=args.get("category"),
                codes=wanted_codes(args.get("evidence"), args.get("evidenceGroups")),
                include_negated=bool(args.get("includeNegated", False)),
            )
            _remember(rules, field, rule)
        return rule

    def wanted_taxa(self, field: ListField) -> frozenset[int] | None:
        """The species an ``orthologs`` field admits (None: any)."""
        taxa = self.taxa if field.variables else _fixed_taxa
        if field in taxa:
            return taxa[field]
        args = self.arguments(field.node, field.definition)
        wanted = wanted_taxa(args.get("taxa"), args.get("species"))
        fixed = None if wanted is None else frozenset(wanted)
        _remember(taxa, field, fixed)
        return fixed

    def orthologs_of(self, field: ListField, gene: GeneRecord) -> list[OrthologRecord]:
        wanted = self.wanted_taxa(field)
        found = self.orthologs.get(gene.pk, [])  # one statement's rows: none, no key
        return found if wanted is None else [o for o in found if o.gene.taxon_id in wanted]


# Per list field whose arguments name no variable: its rule or species, the same for
# every request (graphql-core's argument values cost 4% of the gene card: BENCHMARKS.md,
# issue #17). A field keys by identity, and is kept alive by its entry.
FIXED_CACHE_SIZE = 4096
_fixed_rules: dict[ListField, AnnotationFilter] = {}
_fixed_taxa: dict[ListField, frozenset[int] | None] = {}
K = TypeVar("K")
V = TypeVar("V")


def _remember(found: dict[K, V], key: K, value: V) -> None:
    if len(found) >= FIXED_CACHE_SIZE:
        found.clear()  # the plans' own caches bound the fields in use
    found[key] = value


async def execute_plan(
    plan: OperationPlan, context: Context, variables: VariableValues
) -> dict[str, Any]:
    request = _Request(context, variables)
    written = await _written_batch(plan, request)
    if written is not None:  # a batch alone beside scalars: its answer is the statement's
        return {
            entry.key: entry.read(None) if isinstance(entry, Scalar) else written
            for entry in plan.entries
        }
    found = await _fetch_in_one_statement(plan, request)
    if found is not None:
        roots, matches = found
    else:
        roots, matches = await _look_up(plan, request)
        level = [(root.plan, gene) for root, gene in roots.items() if gene is not None]
        for batch, batch_matches in matches.items():
            level += [pair for m in batch_matches for pair in _matched_genes(batch.plan, m)]
        await _fetch(request, level)
    pages = await _search(plan, request)
    enriched = await _enrich(plan, request)
    data: dict[str, Any] = {}
    for entry in plan.entries:
        if isinstance(entry, Scalar):
            data[entry.key] = entry.read(None)
        elif isinstance(entry, RootSearch):
            page, hits = pages[entry]
            data[entry.key] = search.answer(entry, page, hits, _request_builder(request))
        elif isinstance(entry, RootEnrichment):
            data[entry.key] = enrichment.answer(entry, enriched[entry], _request_builder(request))
        elif isinstance(entry, RootMatches):
            build = _builder(entry.plan)
            data[entry.key] = [build(match, request) for match in matches[entry]]
        else:
            gene = roots[entry]
            data[entry.key] = None if gene is None else _builder(entry.plan)(gene, request)
    return data


async def _written_batch(plan: OperationPlan, request: _Request) -> Any | None:
    """The answer of the plan's batch as its statement writes it (written.py), or None
    (nothing read) when it does not write this plan's or these inputs' answer."""
    engine = request.context.engine
    compiled = written.statement_for(plan, engine.dialect)
    if compiled is None:
        return None
    batch = plan.batches[0]
    args = request.arguments(batch.node, batch.definition)
    texts, symbols = args.get("ids") or [], args.get("symbols")
    check_batch_size(texts, symbols)
    gene_ids = None if symbols else gene_ids_in(texts, exact=True)
    if gene_ids is None:
        return None
    release, answer = await compiled.row(engine, {"b0": gene_ids})
    request.context.release_read = int(release or 0)
    return orjson.Fragment(answer) if request.context.json_fragments else orjson.loads(answer)


async def _fetch_in_one_statement(
    plan: OperationPlan, request: _Request
) -> tuple[dict[RootGene, GeneRecord | None], dict[RootMatches, list[GeneMatch]]] | None:
    """The root genes and the batches' matches, with every gene's orthologs and
    annotations in ``request``, read in one statement; None (nothing read) when a root's
    look-up or a batch's input is not one it makes (a batch: GeneIDs only)."""
    if not plan.lookups and not plan.batches:
        return {}, {}  # `__typename` alone
    batch_ids: list[list[int]] = []
    batch_texts: list[list[str]] = []
    for batch in plan.batches:
        args = request.arguments(batch.node, batch.definition)
        texts, symbols = args.get("ids") or [], args.get("symbols")
        check_batch_size(texts, symbols)
        gene_ids = None if symbols else gene_ids_in(texts)
        if gene_ids is None:
            return None
        batch_texts.append(texts)
        batch_ids.append(gene_ids)
    lookups = []
    symbol_taxa: list[int | None] = []  # per root: the taxon of a `symbol` look-up
    for root in plan.lookups:
        args = request.arguments(root.node, root.definition)
        lookup = statement.root_lookup(
            args.get("symbol"), args.get("taxon"), args.get("id"), args.get("alias")
        )
        if lookup is None:
            return None
        lookups.append(lookup)
        symbol_taxa.append(args.get("taxon") if args.get("symbol") is not None else None)
    taxa = tuple(None if s.field is None else request.wanted_taxa(s.field) for s in plan.gene_sets)
    engine = request.context.engine
    categories = _annotation_categories(plan, request)
    fetched = await statement.fetch(plan, lookups, taxa, engine, batch_ids, categories)
    request.context.release_read = fetched.release
    matches = {
        batch: gene_id_matches(texts, gene_ids, genes.current, genes.replacements)
        for batch, texts, gene_ids, genes in zip(
            plan.batches, batch_texts, batch_ids, fetched.batches, strict=True
        )
    }
    for gene, taxon in zip(fetched.roots, symbol_taxa, strict=True):
        if gene is None and taxon is not None:  # as find_gene: an unloaded taxon is an error
            await require_loaded(request.context.loaders, taxon, "gene")
    request.orthologs = fetched.orthologs
    request.annotations = fetched.annotations
    if any(s.species for s in plan.gene_sets):
        genes = [g for g in fetched.roots if g is not None]
        genes += [m.gene for found in matches.values() for m in found if m.gene is not None]
        genes += [o.gene for found in fetched.orthologs.values() for o in found]
        catalogue = catalogue_for(engine)
        fetch = request.context.loaders.fetch
        request.species = await catalogue.read(fetch, {g.taxon_id for g in genes})
    return dict(zip(plan.lookups, fetched.roots, strict=True)), matches


def _annotation_categories(plan: OperationPlan, request: _Request) -> statement.Categories:
    """The GO categories the annotation lists of the plan's gene sets admit between them,
    by their rules (which still filter what is read); None when one admits any, or when
    there is none."""
    found: set[GOCategory] = set()
    for gene_set in plan.gene_sets:
        for gene_plan in gene_set.plans:
            for field in gene_plan.annotation_lists:
                category = request.rule(field).category
                if category is None:
                    return None
                found.add(category)
    return frozenset(found) or None


async def _search(
    plan: OperationPlan, request: _Request
) -> dict[RootSearch, tuple[Window, Hits[GeneHit]]]:
    """Each search root's page (its statements), then what its hits' gene selections need
    beyond their own columns, level by level."""
    pages = {}
    for root in plan.searches:
        arguments = request.arguments(root.node, root.definition)
        pages[root] = await search.read_page(root, request.context, arguments)
    level = [
        (gene_plan, hit.gene)
        for root, (_, found) in pages.items()
        for hit in found.hits
        for gene_plan in root.gene_plans
        if gene_plan.species or gene_plan.annotation_lists or gene_plan.ortholog_lists
    ]
    if level:
        await _fetch(request, level)
    return pages


async def _enrich(plan: OperationPlan, request: _Request) -> dict[RootEnrichment, Enriched]:
    """Each enrichment root's answer, then what its genes' selections need."""
    found = {}
    for root in plan.enrichments:
        arguments = request.arguments(root.node, root.definition)
        found[root] = await enrichment.read(root, request.context, arguments)
    level = [pair for root, e in found.items() for pair in enrichment.shown_genes(root, e)]
    if level:
        await _fetch(request, level)
    return found


async def _look_up(
    plan: OperationPlan, request: _Request
) -> tuple[dict[RootGene, GeneRecord | None], dict[RootMatches, list[GeneMatch]]]:
    """The root genes and the batches' matches, looked up together so that the request's
    DataLoaders batch them."""
    if not plan.lookups and len(plan.batches) == 1:  # the usual batch: no task needed
        return {}, {plan.batches[0]: await _match(plan.batches[0], request)}
    roots, found = await asyncio.gather(
        _root_genes(plan.lookups, request),
        asyncio.gather(*(_match(batch, request) for batch in plan.batches)),
    )
    return roots, dict(zip(plan.batches, found, strict=True))


async def _match(batch: RootMatches, request: _Request) -> list[GeneMatch]:
    args = request.arguments(batch.node, batch.definition)
    loaders = request.context.loaders
    return await match_batch(loaders, args.get("ids"), args.get("symbols"), args["taxon"])


def _matched_genes(plan: ObjectPlan, match: GeneMatch) -> list[tuple[ObjectPlan, GeneRecord]]:
    """The genes a GeneMatch's selection shows: its gene, its candidates."""
    pairs = [(gene_plan, match.gene) for gene_plan in plan.gene_plans if match.gene is not None]
    for field in plan.candidate_lists:
        pairs += [(field.plan, candidate) for candidate in match.candidates]
    return pairs


async def _root_genes(
    lookups: tuple[RootGene, ...], request: _Request
) -> dict[RootGene, GeneRecord | None]:
    loaders = request.context.loaders

    async def find(root: RootGene) -> GeneRecord | None:
        args = request.arguments(root.node, root.definition)
        return await find_gene(
            loaders,
            symbol=args.get("symbol"),
            taxon=args.get("taxon"),
            curie=args.get("id"),
            alias=args.get("alias"),
        )

    if len(lookups) == 1:  # the usual card: no task needed
        return {lookups[0]: await find(lookups[0])}
    # Together, so that their loaders batch the look-ups into one statement.
    found = await asyncio.gather(*(find(root) for root in lookups))
    return dict(zip(lookups, found, strict=True))


async def _fetch(request: _Request, level: list[tuple[ObjectPlan, GeneRecord]]) -> None:
    loaders = request.context.loaders
    annotated: dict[int, None] = {}
    taxa: set[int] = set()
    while level:
        asked: dict[int, None] = {}
        for plan, gene in level:
            if plan.species:
                taxa.add(gene.taxon_id)
            if plan.annotation_lists:
                annotated[gene.pk] = None
            if plan.ortholog_lists and gene.pk not in request.orthologs:
                asked[gene.pk] = None
        if asked:
            keys = list(asked)
            found = await loaders.orthologs.load_many(keys)
            request.orthologs.update(zip(keys, found, strict=True))
        below: list[tuple[ObjectPlan, GeneRecord]] = []
        for plan, gene in level:
            for field in plan.ortholog_lists:
                gene_plans = field.plan.gene_plans
                if gene_plans:
                    below += [
                        (gene_plan, ortholog.gene)
                        for ortholog in request.orthologs_of(field, gene)
                        for gene_plan in gene_plans
                    ]
        level = below
    if annotated:
        keys = list(annotated)
        found_annotations = await loaders.annotations.load_many(keys)
        request.annotations.update(zip(keys, found_annotations, strict=True))
    if taxa:
        species = await loaders.species.load_many(sorted(taxa))
        request.species.update((s.taxon_id, s) for s in species if s is not None)


# An object's answer: its plan's fields read from its record, with the request's data.
Builder = Callable[[Any, _Request], dict[str, Any]]

# Per ObjectPlan: its Builder, made once (a plan's entries are walked once, not per object).
_builders: IdentityCache[Builder] = IdentityCache(BUILDER_CACHE_SIZE)


def _request_builder(request: _Request) -> Callable[[ObjectPlan, Any], dict[str, Any]]:
    """An object (a search hit's gene, an enriched term or gene) built by its plan's Builder,
    found once per plan and request (a look-up in ``_builders`` per hit cost more than the
    build)."""
    found: dict[int, Builder] = {}  # by id: the plans live as long as the request

    def build(plan: ObjectPlan, gene: Any) -> dict[str, Any]:
        made = found.get(id(plan))
        if made is None:
            made = found[id(plan)] = _builder(plan)
        return made(gene, request)

    return build


def _builder(plan: ObjectPlan) -> Builder:
    return _builders.get((plan,), None, lambda: _make_builder(plan))


def _make_builder(plan: ObjectPlan) -> Builder:
    """``plan``'s Builder: for each entry in order, a scalar read (null refused where the
    type is non-null), else its child built in place or its list's items built by their
    plan's Builder; then the object, its keys in the entries' order. Written as the source
    of one function per plan and compiled: the loop over the entries and a call per
    child were 8% of the batch of 100 GeneIDs' instructions, and a call per child object
    5% more (BENCHMARKS.md, issue #17). The source holds only names it makes (``v0``,
    ``k0``, ...); the response keys, readers and Builders are the function's globals,
    never text in it."""
    names: dict[str, Any] = {
        "Unplannable": Unplannable,
        "INT_MIN": INT_MIN,
        "INT_MAX": INT_MAX,
        "_species": _species,
        "_items": _items,
    }
    lines = ["def build(record, request):"]
    result = _object_source(plan, "record", "", "    ", names, lines)
    lines.append(f"    return {result}")
    exec(compile("\n".join(lines), f"<planned build {id(plan):x}>", "exec"), names)
    build: Builder = names["build"]
    return build


def _object_source(
    plan: ObjectPlan, record: str, prefix: str, indent: str, names: dict[str, Any], lines: list[str]
) -> str:
    """Appends to ``lines`` the statements that read ``plan``'s entries from the object
    named ``record``, each value in ``v<prefix><i>``, and returns the expression of the
    object's dictionary. A child's entries are read in place, named by a longer prefix."""
    for i, e in enumerate(plan.entries):
        n = f"{prefix}{i}"
        names[f"k{n}"] = e.key
        if isinstance(e, Scalar):
            attribute = attribute_read(e.read)
            if attribute is not None:  # as the reader would read it, without its call
                lines.append(f"{indent}v{n} = {record}.{attribute}")
            else:
                names[f"r{n}"] = e.read
                lines.append(f"{indent}v{n} = r{n}({record})")
            if e.serialization:
                lines.append(indent + SERIALIZED_SOURCE[e.serialization].format(v=f"v{n}"))
            if e.non_null:
                names[f"m{n}"] = f"null for non-null {e.key}"
                lines.append(f"{indent}if v{n} is None: raise Unplannable(m{n})")
            continue
        if isinstance(e, ListField):
            names[f"e{n}"], names[f"b{n}"] = e, _make_builder(e.plan)
            lines.append(
                f"{indent}v{n} = [b{n}(o, request) for o in _items(e{n}, {record}, request)]"
            )
            continue
        # A child (None: a GeneMatch's gene, not found), read in place.
        lines.append(f"{indent}o{n} = {_CHILDREN[e.kind].format(record=record)}")
        lines.append(f"{indent}if o{n} is None:")
        lines.append(f"{indent}    v{n} = None")
        lines.append(f"{indent}else:")
        child = _object_source(e.plan, f"o{n}", f"{n}_", indent + "    ", names, lines)
        lines.append(f"{indent}    v{n} = {child}")
    pairs = ", ".join(f"k{prefix}{i}: v{prefix}{i}" for i in range(len(plan.entries)))
    return f"{{{pairs}}}"


# A child's object in a Builder's source, by its kind: a gene's species, an annotation's
# term, an ortholog's or a GeneMatch's gene.
_CHILDREN = {
    "species": "_species({record}, request)",
    "term": "{record}.term",
    "gene": "{record}.gene",
}


def _species(record: GeneRecord, request: _Request) -> SpeciesRecord:
    species = request.species.get(record.taxon_id)
    if species is None:  # the general executor reports it (schema/types.py)
        raise Unplannable("species missing")
    return species


def _items(entry: ListField, record: Any, request: _Request) -> list[Any]:
    if entry.kind == "candidates":
        return list(record.candidates)
    gene: GeneRecord = record
    if entry.kind == "orthologs":
        return request.orthologs_of(entry, gene)
    rule = request.rule(entry)
    kept = rule.kept(request.annotations.get(gene.pk, ()))
    if entry.kind == "annotations":
        return kept
    # goTerms: the distinct terms, in the annotations' order (Gene.go_terms).
    terms: dict[str, TermRecord] = {}
    for annotation in kept:
        terms.setdefault(annotation.term.go_id, annotation.term)
    return list(terms.values())
