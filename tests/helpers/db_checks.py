"""What a database must satisfy: after a load was killed, whatever happened to it
(tests/db/test_faults.py); and after migrations or a swapped-in table, the schema the models
describe (tests/db/test_migrations.py, tests/db/test_ontology_swap.py)."""

from __future__ import annotations

import asyncio
import sqlite3

import numpy as np
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from genegraph.db import term_gene_lists
from genegraph.db.background_counts import count
from genegraph.db.engine import engine_scope
from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.store.integrity import check_annotations
from genegraph.db.models import (
    BackgroundSize,
    BackgroundTermCount,
    Base,
    Gene,
    GOAnnotation,
    TermGeneList,
)
from genegraph.db.propagation import TermGraph
from genegraph.db.search_index import FTS_TABLE, include_object
from tests.conftest import Database


def integrity_problems(database: Database) -> list[str]:
    """Everything wrong with the database; empty when nothing is. SQLite: the file's own
    checks (pages, foreign keys, the full-text index). Both: annotations naming no stored
    gene or term, or stored enrichment backgrounds that are not those of the stored
    annotations, or stored term gene lists that are not those of the stored counts,
    annotations and closure. PostgreSQL: a staged closure or its ``_next`` indexes left behind, or a
    session of the killed load still open."""
    problems = []
    if database.backend == "sqlite":
        path = make_url(database.url).database
        assert path is not None
        with sqlite3.connect(path) as conn:
            problems += [row[0] for row in conn.execute("PRAGMA integrity_check")]
            problems += [repr(row) for row in conn.execute("PRAGMA foreign_key_check")]
            try:
                conn.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as error:
                problems.append(f"{FTS_TABLE}: {error}")
    return [p for p in problems if p != "ok"] + asyncio.run(_common_problems(database.url))


async def _common_problems(url: str) -> list[str]:
    problems = []
    async with engine_scope(url) as engine, engine.connect() as conn:
        try:
            await check_annotations(conn)
        except LoadError as error:
            problems.append(str(error))
        problems += await _stale_backgrounds(conn)
        problems += await _stale_gene_lists(conn)
        if engine.dialect.name == "postgresql":
            leftovers = await conn.execute(
                text(
                    "SELECT relname FROM pg_class WHERE relname LIKE '%\\_next' "
                    "AND relnamespace = 'public'::regnamespace"
                )
            )
            problems += [f"left behind: {name}" for name in leftovers.scalars()]
            others = await conn.execute(
                text(
                    "SELECT state FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()"
                )
            )
            problems += [f"another session is open ({state})" for state in others.scalars()]
    return problems


def differences_from_the_models(connection: Connection) -> list[object]:
    """What Alembic's autogenerate would write to bring the database to the models; empty
    when the two agree."""
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_object": include_object}
    )
    return list(compare_metadata(context, Base.metadata))


async def _stale_backgrounds(conn: AsyncConnection) -> list[str]:
    """Species whose stored background counts differ from a count of the annotations."""
    graph = await TermGraph.read(conn)
    annotated = select(Gene.taxon_id).join(GOAnnotation, GOAnnotation.gene_pk == Gene.pk)
    taxa = set((await conn.execute(annotated.distinct())).scalars())
    taxa |= set((await conn.execute(select(BackgroundSize.taxon_id))).scalars())
    problems = []
    for taxon in sorted(taxa):
        counted = await count(conn, graph, taxon=taxon)
        expected = {
            graph.term_ids[t]: int(counted.term_counts[t])
            for t in np.flatnonzero(counted.term_counts)
        }
        rows = await conn.execute(
            select(BackgroundTermCount.go_id, BackgroundTermCount.gene_count).where(
                BackgroundTermCount.taxon_id == taxon
            )
        )
        if dict(rows.all()) != expected:
            problems.append(f"background_term_counts of taxon {taxon} are stale")
    return problems


async def _stale_gene_lists(conn: AsyncConnection) -> list[str]:
    """The stored term gene lists, unless they are what migrations 0008 and 0010's SQL
    derive from the stored counts, annotations and closure."""
    stored = await conn.execute(select(*TermGeneList.__table__.columns))
    derived = await conn.execute(term_gene_lists.derived())
    if {tuple(row) for row in stored} != {tuple(row) for row in derived}:
        return ["term_gene_lists are stale"]
    return []
