"""The change log of a load: which annotations it added and removed, per gene. A store calls
``before_replacing_taxon`` or ``before_replacing_gene`` before it deletes what a source said
there; once the release has its number, ``record`` writes the difference to
``annotation_changes`` (ARCHITECTURE.md, Loading)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    and_,
    case,
    exists,
    func,
    insert,
    literal,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.schema import DropTable

from genegraph.db.ingest.store import statistics
from genegraph.db.models import AnnotationChange, AnnotationChangeKind, Gene, GOAnnotation

# What two releases' annotations are compared by.
KEY = ("gene_pk", "go_id", "evidence", "qualifier", "source")
# Which side of the comparison a row comes from.
BEFORE, NOW = 0, 1

# Per connection and load only: PostgreSQL drops it at commit; ``record`` drops it anyway
# (SQLite keeps temporary tables for the connection's life).
_snapshot = Table(
    "annotation_snapshot",
    MetaData(),
    Column("gene_pk", Integer),
    Column("go_id", String(20)),
    Column("evidence", String(10)),
    Column("qualifier", String(50)),
    Column("source", String(50)),
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DROP",
)


class AnnotationChangeLog:
    """Snapshots of the annotations one load replaces, until ``record`` compares them."""

    def __init__(self, conn: AsyncConnection) -> None:
        self.conn = conn
        # Whether each source had any annotations before this load.
        self.sources_before: dict[str, bool] = {}
        self.seen: set[tuple[str, str, int]] = set()
        # The scopes that held annotations before this load, by source.
        self.taxa: dict[str, set[int]] = defaultdict(set)
        self.genes: dict[str, set[int]] = defaultdict(set)
        self.snapshot_created = False

    async def before_replacing_taxon(self, source: str, taxon_id: int) -> None:
        """Call before deleting ``source``'s annotations of a species."""
        if await self._first_replacement(("taxon", source, taxon_id)) and await self._snapshot(
            _in_taxa(source, {taxon_id})
        ):
            self.taxa[source].add(taxon_id)

    async def before_replacing_gene(self, source: str, gene_pk: int) -> None:
        """Call before deleting ``source``'s annotations of one gene."""
        if await self._first_replacement(("gene", source, gene_pk)) and await self._snapshot(
            _in_genes(source, [gene_pk])
        ):
            self.genes[source].add(gene_pk)

    async def record(self, release_pk: int) -> int:
        """Write what changed in the snapshotted scopes as changes of release ``release_pk``;
        returns how many annotations were added or removed."""
        if not self.snapshot_created:
            return 0
        if not self.taxa and not self.genes:
            await self._drop_snapshot()
            return 0
        # A temporary table is never analysed by autovacuum; the scopes grew too.
        await statistics.refresh(self.conn)
        # What the scopes hold now: one SELECT per scope, each a plain join, never an OR of
        # IN (subquery): PostgreSQL cannot make a join of those, and checked each of a
        # million annotations against a list of 150,000 genes (hours on the kit).
        annotations = GOAnnotation.__table__.c
        now: list[Select[Any]] = [
            select(*(annotations[c] for c in KEY), literal(NOW).label("side"))
            .join_from(GOAnnotation, Gene, Gene.pk == GOAnnotation.gene_pk)
            .where(GOAnnotation.source == source, Gene.taxon_id.in_(sorted(taxa)))
            for source, taxa in self.taxa.items()
        ]
        # A source's snapshotted genes are its gene scopes: no IN list of every page's gene.
        now += [
            select(*(annotations[c] for c in KEY), literal(NOW).label("side")).where(
                _in_genes(source, select(_snapshot.c.gene_pk).where(_snapshot.c.source == source))
            )
            for source in self.genes
        ]
        before = select(*(_snapshot.c[c] for c in KEY), literal(BEFORE).label("side"))
        # One grouping of both sides instead of two EXCEPTs (each a sort or hash of both):
        # a key on one side only was added (now) or removed (before); set semantics alike.
        both = union_all(*now, before).subquery()
        side = func.min(both.c.side)
        kind_type = AnnotationChange.__table__.c.kind.type
        changed = (
            select(
                literal(release_pk),
                *(both.c[c] for c in KEY),
                case(
                    (side == NOW, literal(AnnotationChangeKind.ADDED, kind_type)),
                    else_=literal(AnnotationChangeKind.REMOVED, kind_type),
                ),
            )
            .group_by(*(both.c[c] for c in KEY))
            .having(side == func.max(both.c.side))
        )
        written = await self.conn.execute(
            insert(AnnotationChange).from_select(("release_pk", *KEY, "kind"), changed)
        )
        await self._drop_snapshot()
        return written.rowcount

    async def _drop_snapshot(self) -> None:
        await self.conn.run_sync(_snapshot.drop)
        self.snapshot_created = False

    async def _first_replacement(self, scope: tuple[str, str, int]) -> bool:
        """Whether a scope is replaced for the first time in this load and its source had
        annotations before the load (a first load of a source costs one look here)."""
        if scope in self.seen:
            return False  # the snapshot, if any, holds the rows from before the load
        self.seen.add(scope)
        source = scope[1]
        if source not in self.sources_before:
            held = await self.conn.execute(select(exists().where(GOAnnotation.source == source)))
            self.sources_before[source] = bool(held.scalar_one())
        return self.sources_before[source]

    async def _snapshot(self, scope: ColumnElement[bool]) -> bool:
        """Copy the annotations in ``scope`` to the snapshot; False when there are none."""
        if not self.snapshot_created:
            if self.conn.dialect.name == "sqlite":
                # A load that failed before its first write may have left one behind:
                # SQLite runs DDL outside a transaction until something has been written.
                await self.conn.execute(DropTable(_snapshot, if_exists=True))
            await self.conn.run_sync(_snapshot.create)
            self.snapshot_created = True
        annotations = GOAnnotation.__table__.c
        copied = await self.conn.execute(
            insert(_snapshot).from_select(KEY, select(*(annotations[c] for c in KEY)).where(scope))
        )
        statistics.note_written(self.conn, _snapshot.name, copied.rowcount)
        return copied.rowcount > 0


def _in_taxa(source: str, taxa: set[int]) -> ColumnElement[bool]:
    return and_(
        GOAnnotation.source == source,
        GOAnnotation.gene_pk.in_(select(Gene.pk).where(Gene.taxon_id.in_(sorted(taxa)))),
    )


def _in_genes(source: str, genes: list[int] | Select[tuple[int]]) -> ColumnElement[bool]:
    return and_(GOAnnotation.source == source, GOAnnotation.gene_pk.in_(genes))
