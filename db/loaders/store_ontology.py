"""Storing a GO release: terms, alt ids, synonyms, relations and the closure."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db.loaders.bulk import Tally, batched, insert_rows
from db.loaders.errors import LoadError
from db.loaders.obo import Ontology, closure
from db.models import (
    Base,
    GOAnnotation,
    GOTerm,
    GOTermAltId,
    GOTermClosure,
    GOTermRelation,
    GOTermSynonym,
)

TERM_COLUMNS = ("go_id", "name", "category", "definition", "is_obsolete", "replaced_by", "consider")


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

    for model in (GOTermAltId, GOTermSynonym, GOTermRelation, GOTermClosure):
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
    # Terms known only from gene pages are their own (only) ancestor.
    page_only = [go_id for go_id in stored if go_id not in wanted and go_id not in primary_of]
    closure_rows += [(go_id, go_id, False) for go_id in page_only]
    parts: list[tuple[type[Base], tuple[str, ...], Sequence[Sequence[object]]]] = [
        (GOTermAltId, ("alt_id", "go_id"), alt_ids),
        (GOTermSynonym, ("go_id", "synonym", "scope"), synonyms),
        (GOTermRelation, ("child_id", "relation", "parent_id"), relations),
        (GOTermClosure, ("go_id", "ancestor_id", "via_regulates"), closure_rows),
    ]
    for target, columns, rows in parts:
        for part in batched(rows, 50_000):
            await insert_rows(conn, target.__table__, columns, part)
        tally.rows[target.__tablename__] = len(rows)
    return tally
