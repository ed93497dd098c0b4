"""The Gene Ontology in OBO 1.2 (``go-basic.obo``, ``go.obo``), parsed with fastobo, and
its transitive closure.

The ontology is held in memory whole (about 50,000 terms): the closure needs every edge.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import fastobo

from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse.files import SourceFile
from genegraph.db.models import GOCategory

HEADER = "format-version:"
# Edges followed for "a term and its descendants" by default ...
STRUCTURAL = frozenset({"is_a", "part_of"})
# ... and, on request, these too.
REGULATORY = frozenset({"regulates", "positively_regulates", "negatively_regulates"})
NAMESPACES = {c.value: c for c in GOCategory}


@dataclass(slots=True)
class OboTerm:
    go_id: str
    name: str = ""
    category: GOCategory | None = None
    definition: str | None = None
    synonyms: list[tuple[str, str]] = field(default_factory=list)  # (text, scope)
    alt_ids: list[str] = field(default_factory=list)
    is_obsolete: bool = False
    replaced_by: str | None = None
    consider: list[str] = field(default_factory=list)
    relations: list[tuple[str, str]] = field(default_factory=list)  # (relation, parent id)
    subsets: list[str] = field(default_factory=list)  # names of `subset:` clauses


@dataclass(slots=True)
class Ontology:
    data_version: str | None
    terms: dict[str, OboTerm]
    # The header's `subsetdef:` clauses (GO slims): name -> description.
    subsets: dict[str, str] = field(default_factory=dict)


def read_obo(source: SourceFile) -> Ontology:
    try:
        reader = fastobo.iter(source.binary, ordered=True)
        header = reader.header()
        data_version = next(
            (c.version for c in header if isinstance(c, fastobo.header.DataVersionClause)), None
        )
        subsets = {
            str(c.subset): c.description
            for c in header
            if isinstance(c, fastobo.header.SubsetdefClause)
        }
        terms: dict[str, OboTerm] = {}
        for frame in reader:
            if not isinstance(frame, fastobo.term.TermFrame):
                continue
            term = _term(frame)
            if term.go_id in terms:
                raise LoadError(source.name, None, f"term {term.go_id} is defined twice")
            terms[term.go_id] = term
    except SyntaxError as error:
        raise LoadError(source.name, error.lineno, f"not valid OBO: {error.msg}") from None
    except (EOFError, OSError) as error:
        raise LoadError(source.name, None, f"cannot read: {error}") from None
    except TypeError as error:
        # fastobo reports a handle whose first read fails (a gzip cut short within its
        # first block) as "expected path or binary file handle", the read's error as cause.
        cause = error.__cause__ or error
        raise LoadError(source.name, None, f"cannot read: {cause} (truncated gzip?)") from None
    except BaseException as error:
        # fastobo (Rust, through pyo3) panics instead of raising on some malformed
        # clauses ("entered unreachable code", found by tests/db/test_parser_properties.py);
        # pyo3's PanicException derives from BaseException, not Exception.
        if type(error).__module__ != "pyo3_runtime":
            raise
        raise LoadError(
            source.name, None, f"not valid OBO: the OBO parser failed on it ({error})"
        ) from None
    ontology = Ontology(data_version, terms, subsets)
    _check(ontology, source.name)
    return ontology


def _term(frame: fastobo.term.TermFrame) -> OboTerm:
    term = OboTerm(str(frame.id))
    for clause in frame:
        if isinstance(clause, fastobo.term.NameClause):
            term.name = clause.name
        elif isinstance(clause, fastobo.term.NamespaceClause):
            term.category = NAMESPACES.get(str(clause.namespace))
        elif isinstance(clause, fastobo.term.DefClause):
            term.definition = str(clause.definition)
        elif isinstance(clause, fastobo.term.SynonymClause):
            term.synonyms.append((clause.synonym.desc, clause.synonym.scope))
        elif isinstance(clause, fastobo.term.AltIdClause):
            term.alt_ids.append(str(clause.alt_id))
        elif isinstance(clause, fastobo.term.IsObsoleteClause):
            term.is_obsolete = bool(clause.obsolete)
        elif isinstance(clause, fastobo.term.ReplacedByClause):
            term.replaced_by = str(clause.term)
        elif isinstance(clause, fastobo.term.ConsiderClause):
            term.consider.append(str(clause.term))
        elif isinstance(clause, fastobo.term.IsAClause):
            term.relations.append(("is_a", str(clause.term)))
        elif isinstance(clause, fastobo.term.RelationshipClause):
            term.relations.append((str(clause.typedef), str(clause.term)))
        elif isinstance(clause, fastobo.term.SubsetClause):
            term.subsets.append(str(clause.subset))
    return term


def _check(ontology: Ontology, path: str) -> None:
    alt_owner: dict[str, str] = {}
    for term in ontology.terms.values():
        if term.category is None:
            raise LoadError(path, None, f"term {term.go_id} has no GO namespace")
        for relation, parent in term.relations:
            if parent not in ontology.terms:
                raise LoadError(
                    path, None, f"term {term.go_id} has {relation} {parent}, which is not defined"
                )
        for subset in term.subsets:
            if subset not in ontology.subsets:
                raise LoadError(
                    path,
                    None,
                    f"term {term.go_id} is in subset {subset}, which no subsetdef declares",
                )
        for alt_id in term.alt_ids:
            if alt_id in ontology.terms or alt_id in alt_owner:
                raise LoadError(
                    path, None, f"alt_id {alt_id} of {term.go_id} is also another term's id"
                )
            alt_owner[alt_id] = term.go_id


def closure(ontology: Ontology) -> Iterable[tuple[str, str, bool]]:
    """(term, ancestor, via_regulates) for every term and each of its ancestors, the term
    itself included. ``via_regulates`` is true for ancestors reached only when regulates
    edges are followed as well as is_a and part_of."""
    structural = _ancestors(ontology, STRUCTURAL)
    everything = _ancestors(ontology, STRUCTURAL | REGULATORY)
    for go_id, ancestors in everything.items():
        plain = structural[go_id]
        for ancestor in ancestors:
            yield go_id, ancestor, ancestor not in plain


def _ancestors(ontology: Ontology, relations: frozenset[str]) -> dict[str, frozenset[str]]:
    parents = {
        go_id: [p for r, p in term.relations if r in relations]
        for go_id, term in ontology.terms.items()
    }
    done: dict[str, frozenset[str]] = {}
    for start in parents:
        if start in done:
            continue
        # Iterative depth-first walk: the ontology is deep enough to hit recursion limits.
        stack: list[tuple[str, int]] = [(start, 0)]
        on_path: set[str] = {start}
        while stack:
            go_id, index = stack[-1]
            if index < len(parents[go_id]):
                stack[-1] = (go_id, index + 1)
                parent = parents[go_id][index]
                if parent in on_path:
                    raise LoadError(
                        "ontology", None, f"cycle in the ontology: {parent} is its own ancestor"
                    )
                if parent not in done:
                    stack.append((parent, 0))
                    on_path.add(parent)
                continue
            stack.pop()
            on_path.discard(go_id)
            acc = {go_id}
            for parent in parents[go_id]:
                acc |= done[parent]
            done[go_id] = frozenset(acc)
    return done
