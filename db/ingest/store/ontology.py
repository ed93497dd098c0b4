"""Storing a GO release: terms, alt ids, synonyms, relations and the closure. On PostgreSQL
the closure is built beside the served one and swapped in just before the commit
(``swap_in_closure``), so readers keep the old closure until the release is visible
(ARCHITECTURE.md, Loading)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, column, delete, exists, false, insert, select, table, update
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db.ingest import faults
from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse.obo import Ontology, closure
from genegraph.db.ingest.store import next_table
from genegraph.db.ingest.store.bulk import Tally, batched, insert_rows
from genegraph.db.models import (
    Base,
    GOAnnotation,
    GOSubset,
    GOTerm,
    GOTermAltId,
    GOTermClosure,
    GOTermRelation,
    GOTermSubset,
    GOTermSynonym,
)

TERM_COLUMNS = ("go_id", "name", "category", "definition", "is_obsolete", "replaced_by", "consider")
CLOSURE = Base.metadata.tables[GOTermClosure.__tablename__]
CLOSURE_COLUMNS = ("go_id", "ancestor_id", "via_regulates")
# PostgreSQL: the closure a load builds, under this name until the load swaps it in.
STAGED_CLOSURE = next_table.name_of(CLOSURE)


async def store_ontology(conn: AsyncConnection, ontology: Ontology, path: str) -> Tally:
    """Make the stored ontology this one. Terms known only from gene pages stay; a stored
    term that this ontology lists as an alt_id is merged into its primary term."""
    tally = Tally(lines=len(ontology.terms), stored=len(ontology.terms))
    try:
        closure_rows = list(closure(ontology))
    except LoadError as error:
        raise LoadError(path, None, error.problem) from None

    wanted = {
        term.go_id: (
            term.go_id,
            term.name,
            term.category.value if term.category else None,
            term.definition,
            term.is_obsolete,
            term.replaced_by,
            " ".join(term.consider),
        )
        for term in ontology.terms.values()
    }
    stored = {
        row[0]: (row[0], row[1], row[2].value, row[3], bool(row[4]), row[5], row[6])
        for row in await conn.execute(select(*(GOTerm.__table__.c[c] for c in TERM_COLUMNS)))
    }
    new = [values for go_id, values in wanted.items() if go_id not in stored]
    changed = [
        values for go_id, values in wanted.items() if go_id in stored and stored[go_id] != values
    ]
    await insert_rows(conn, GOTerm.__table__, TERM_COLUMNS, new)
    for chunk in batched(changed):
        await conn.execute(
            update(GOTerm).where(GOTerm.go_id == bindparam("target_id")),
            [
                {"target_id": values[0], **dict(zip(TERM_COLUMNS[1:], values[1:], strict=True))}
                for values in chunk
            ],
        )
    tally.rows.update(terms_added=len(new), terms_updated=len(changed))

    # A term a gene page created that this release lists as an alt_id: its annotations
    # move to the primary term (keeping the id as written) and the stray term goes.
    primary_of = {alt: t.go_id for t in ontology.terms.values() for alt in t.alt_ids}
    merged = [go_id for go_id in stored if go_id in primary_of]
    for go_id in merged:
        await conn.execute(
            update(GOAnnotation).where(GOAnnotation.go_id == go_id).values(go_id=primary_of[go_id])
        )
        await conn.execute(delete(GOTerm).where(GOTerm.go_id == go_id))
    tally.rows.update(terms_merged=len(merged))

    # Subsets are replaced with the rest of the ontology, in the load's transaction.
    for model in (GOTermAltId, GOTermSynonym, GOTermRelation, GOTermSubset, GOSubset):
        await conn.execute(delete(model))
    alt_ids = sorted(primary_of.items())
    synonyms = sorted(
        {(t.go_id, text, scope) for t in ontology.terms.values() for text, scope in t.synonyms}
    )
    relations = sorted(
        {
            (t.go_id, relation, parent)
            for t in ontology.terms.values()
            for relation, parent in t.relations
        }
    )
    subsets = sorted(ontology.subsets.items())
    term_subsets = sorted({(s, t.go_id) for t in ontology.terms.values() for s in t.subsets})
    # Terms known only from gene pages are their own (only) ancestor.
    page_only = [go_id for go_id in stored if go_id not in wanted and go_id not in primary_of]
    closure_rows += [(go_id, go_id, False) for go_id in page_only]
    parts: list[tuple[type[Base], tuple[str, ...], Sequence[Sequence[object]]]] = [
        (GOTermAltId, ("alt_id", "go_id"), alt_ids),
        (GOTermSynonym, ("go_id", "synonym", "scope"), synonyms),
        (GOTermRelation, ("child_id", "relation", "parent_id"), relations),
        (GOSubset, ("name", "description"), subsets),
        (GOTermSubset, ("subset", "go_id"), term_subsets),
    ]
    # Each table's rows in one COPY (they are all in memory already).
    for target, columns, rows in parts:
        await insert_rows(conn, target.__table__, columns, rows)
        tally.rows[target.__tablename__] = len(rows)
    # In key order, each B-tree is filled (or built) from left to right.
    closure_rows.sort()
    if conn.dialect.name == "postgresql":
        await _stage_closure(conn, closure_rows)
    else:
        await conn.execute(delete(GOTermClosure))
        await insert_rows(conn, CLOSURE, CLOSURE_COLUMNS, closure_rows)
        faults.reached("closure")
    tally.rows[CLOSURE.name] = len(closure_rows)
    return tally


async def _stage_closure(conn: AsyncConnection, rows: Sequence[Sequence[object]]) -> None:
    """Write the closure into a new table beside the served one (store/next_table.py)."""
    await next_table.create(conn, CLOSURE)
    await insert_rows(conn, table(STAGED_CLOSURE), CLOSURE_COLUMNS, rows)
    faults.reached("closure")
    await next_table.add_keys(conn, CLOSURE)
    faults.reached("index")


async def staged_closure(conn: AsyncConnection) -> str | None:
    """The closure this load staged (PostgreSQL), if it staged one: what the load's derived
    tables are counted from, before it is swapped in."""
    if conn.dialect.name != "postgresql":
        return None
    return STAGED_CLOSURE if await next_table.exists(conn, CLOSURE) else None


async def swap_in_closure(conn: AsyncConnection) -> None:
    """Make the closure this load staged, if it staged one, the served closure. The load
    calls this last, just before it commits: dropping the old closure takes an exclusive
    lock on it, held from here to the commit."""
    if await staged_closure(conn) is None:
        return
    # Terms a gene page of this load created after the ontology are their own ancestor.
    next_closure = table(STAGED_CLOSURE, *(column(name) for name in CLOSURE_COLUMNS))
    await conn.execute(
        insert(next_closure).from_select(
            list(CLOSURE_COLUMNS),
            select(GOTerm.go_id, GOTerm.go_id.label("ancestor_id"), false()).where(
                ~exists().where(next_closure.c.go_id == GOTerm.go_id)
            ),
        )
    )
    await next_table.swap_in(conn, CLOSURE)
