"""A batch of GeneIDs alone whose answer PostgreSQL writes: the ``genes`` list's JSON text,
as orjson would write it, read in one statement with the newest release.

For the batch of 100 GeneIDs the server's own work per gene (a row decoded, a record, a
match, a Builder's two dictionaries and their JSON) was 20 K of its 2.8 M instructions per
request, 0.78 M fixed; the statement writing the list costs PostgreSQL ~70 µs more than
its rows did (BENCHMARKS.md, issue #17). Only a selection the statement writes exactly as
the Builders would is written: of each GeneMatch, ``input``, ``matchedBy``, ``problem``
and ``gene`` with its ``id`` and its string fields (aliases and all, in the selection's
order); on PostgreSQL; and only when every input is ``NCBIGene:`` and its GeneID's own
digits, so that the statement writes the input from the GeneID. Anything else reads the
batch's genes as rows (statement.py). ``to_json`` escapes a string as orjson does
(tests/execution/test_planned_execution.py checks both on every character class).

The list is handed back as its text (``orjson.Fragment``) when the answer is encoded by
orjson (the planned lane, ``Context.json_fragments``), else decoded, so that any other
caller of the schema gets Python values.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import ARRAY, ColumnElement, Text, case, cast, func, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import aliased

from genegraph.db.identifiers import GENE_SYMBOL, NCBI_GENE, gene_curie
from genegraph.db.models import Gene, GeneHistory
from genegraph.db.newest_release import NEWEST_NUMBER
from genegraph.execution.caches.identity import IdentityCache
from genegraph.execution.planned.plan import (
    Child,
    ObjectPlan,
    OperationPlan,
    RootMatches,
    Scalar,
    attribute_read,
)
from genegraph.execution.planned.statement import STATEMENT_CACHE_SIZE
from genegraph.resolvers.dataloaders import GENE_KEYS
from genegraph.resolvers.gene_matching import MatchKind, gene_id_match
from genegraph.resolvers.rows import DriverStatement, key_list

# A GeneMatch's fields the statement writes, by the attribute their reader reads: their
# serialization (plan.SERIALIZED_SOURCE's key).
_MATCH_FIELDS = {"input": "", "kind": "enum", "problem": ""}
# A gene's fields it writes as they are stored (strings: their JSON is ``to_json``'s).
_GENE_TEXTS = frozenset(
    {"symbol", "name", "summary", "summary_provenance", "gene_type", "chromosome", "map_location"}
)

# An unknown GeneID's problem, around its input (gene_matching's own words).
_SAMPLE = f"{NCBI_GENE}:0"
_PROBLEM = gene_id_match(_SAMPLE, None, None).problem or ""
_BEFORE, _AFTER = _PROBLEM.split(_SAMPLE)
# Its JSON string around the GeneID's digits.
_PROBLEM_START = orjson.dumps(_BEFORE + f"{NCBI_GENE}:").decode()[:-1]
_PROBLEM_END = orjson.dumps(_AFTER).decode()[1:]


def _writable_gene(plan: ObjectPlan) -> bool:
    for entry in plan.entries:
        if not isinstance(entry, Scalar) or entry.serialization:
            return False
        if entry.read is gene_curie:
            continue  # never null
        read = attribute_read(entry.read)
        if read not in _GENE_TEXTS:
            return False
        if entry.non_null and Gene.__table__.c[read].nullable:
            return False  # a null there is the general executor's error to report
    return True


def written_batch(plan: OperationPlan) -> RootMatches | None:
    """The plan's batch when the statement can write its answer (see the module): a batch
    alone beside scalars, whose selection reads only what the statement writes."""
    if plan.lookups or plan.searches or plan.enrichments or len(plan.batches) != 1:
        return None
    batch = plan.batches[0]
    for entry in batch.plan.entries:
        if isinstance(entry, Scalar):
            read = attribute_read(entry.read)
            if read not in _MATCH_FIELDS or entry.serialization != _MATCH_FIELDS[read]:
                return None
        elif not (isinstance(entry, Child) and entry.kind == "gene" and _writable_gene(entry.plan)):
            return None
    return batch


def _text(value: str) -> ColumnElement[str]:
    """A string constant of the SQL (the statement is built once per plan)."""
    return literal_column("'" + value.replace("'", "''") + "'", Text)


def _json_text(value: Any) -> ColumnElement[str]:
    return func.coalesce(cast(func.to_json(value), Text), _text("null"))


# A JSON text's pieces: constants, and the SQL of values' JSON.
Pieces = list[str | ColumnElement[str]]


def _object(pairs: list[tuple[str, Pieces]]) -> Pieces:
    """The JSON object of ``pairs`` (key, the value's JSON), compact, in order."""
    pieces: Pieces = []
    for i, (key, value) in enumerate(pairs):
        pieces += [("{" if i == 0 else ",") + _json_key(key) + ":", *value]
    pieces.append("}")
    return pieces


def _joined(pieces: Pieces) -> ColumnElement[str]:
    """The pieces joined by ``||``, adjacent constants as one (``concat()``, one call,
    cost PostgreSQL more: it finds each argument's output function per row)."""
    merged: list[ColumnElement[str]] = []
    constant = ""
    for piece in pieces:
        if isinstance(piece, str):
            constant += piece
            continue
        if constant:
            merged.append(_text(constant))
            constant = ""
        merged.append(piece)
    if constant:
        merged.append(_text(constant))
    joined = merged[0]
    for piece in merged[1:]:
        joined = joined + piece
    return joined


def _json_key(key: str) -> str:
    # A response key is a GraphQL name ([_A-Za-z][_0-9A-Za-z]*): nothing to escape.
    if not key.isascii() or not key.replace("_", "a").isalnum():
        raise ValueError(f"not a GraphQL name: {key!r}")
    return f'"{key}"'


def _statement(plan: OperationPlan, dialect: Dialect) -> DriverStatement | None:
    """Each asked GeneID (in order, with its place) left-joined to its current gene; for
    one without, the gene that replaced it in a subquery that PostgreSQL runs only for
    such a GeneID (the rows' statement's union of both, joined back to the GeneIDs, cost
    ~35 µs more: BENCHMARKS.md, issue #17)."""
    batch = written_batch(plan)
    if batch is None or dialect.name != "postgresql":
        return None
    asked = func.unnest(cast(key_list("b0", GENE_KEYS), ARRAY(GENE_KEYS)))
    inputs = asked.table_valued("id", with_ordinality="n").render_derived("a")
    gene_id_text = cast(inputs.c.id, Text)
    current, replacement = aliased(Gene, name="g"), aliased(Gene, name="r")

    def gene(gene_plan: ObjectPlan, record: Any) -> Pieces:
        pairs: list[tuple[str, Pieces]] = []
        for entry in gene_plan.entries:
            assert isinstance(entry, Scalar)  # _writable_gene's
            if entry.read is gene_curie:  # a GeneID's, else a page-only gene's (gene_curie)
                by_symbol = [f"{GENE_SYMBOL}:", cast(record.taxon_id, Text), "/", record.symbol]
                curie = case(
                    (
                        record.gene_id.is_not(None),
                        _joined([f'"{NCBI_GENE}:', cast(record.gene_id, Text), '"']),
                    ),
                    else_=_json_text(_joined(by_symbol)),
                )
                pairs.append((entry.key, [curie]))
            else:
                column = getattr(record, attribute_read(entry.read) or "")
                pairs.append((entry.key, [_json_text(column)]))
        return _object(pairs)

    def item(record: Any, kind: MatchKind | None) -> ColumnElement[str]:
        """A GeneMatch's JSON: of ``record``'s gene matched by ``kind``, or of none."""
        pairs: list[tuple[str, Pieces]] = []
        for entry in batch.plan.entries:
            if isinstance(entry, Child):
                pairs.append((entry.key, ["null"] if record is None else gene(entry.plan, record)))
                continue
            assert isinstance(entry, Scalar)  # written_batch's
            read = attribute_read(entry.read)
            if read == "input":
                pairs.append((entry.key, [f'"{NCBI_GENE}:', gene_id_text, '"']))
            elif read == "kind":
                pairs.append((entry.key, ["null" if kind is None else f'"{kind._name_}"']))
            elif kind is not None:  # problem
                pairs.append((entry.key, ["null"]))
            else:
                pairs.append((entry.key, [_PROBLEM_START, gene_id_text, _PROBLEM_END]))
        return _joined(_object(pairs))

    replaced = (
        select(item(replacement, MatchKind.DISCONTINUED_ID))
        .join_from(GeneHistory, replacement, replacement.pk == GeneHistory.gene_pk)
        .where(GeneHistory.discontinued_gene_id == inputs.c.id)
        .scalar_subquery()
    )
    each = case(
        (current.pk.is_not(None), item(current, MatchKind.ID)),
        else_=func.coalesce(replaced, item(None, None)),
    )
    items = func.string_agg(each, aggregate_order_by(_text(","), inputs.c.n))
    listed: Pieces = ["[", items, "]"]
    answer = (
        select(func.coalesce(_joined(listed), _text("[]")))  # no item: string_agg's null
        .select_from(inputs.outerjoin(current, current.gene_id == inputs.c.id))
        .scalar_subquery()
    )
    release = NEWEST_NUMBER.scalar_subquery()
    return DriverStatement(select(release.label("release"), answer.label("answer")), dialect)


# Per (plan, dialect): its statement, or None when the batch's answer is not written.
_statements: IdentityCache[DriverStatement | None] = IdentityCache(STATEMENT_CACHE_SIZE)


def statement_for(plan: OperationPlan, dialect: Dialect) -> DriverStatement | None:
    """The statement that writes ``plan``'s batch's answer; None when it is not written."""
    return _statements.get((plan,), dialect.name, lambda: _statement(plan, dialect))
