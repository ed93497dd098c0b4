"""A load: one or more source files written as one release, in one transaction.

Either every file of the load is stored and the release recorded, or (on any error,
or if the process dies) the transaction rolls back and the data served before is
untouched. Files are stored in dependency order whatever order they are given in:
the ontology, then genes, gene pages, annotations, orthology and history.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from genegraph import heap
from genegraph.db import background_counts, search_index, term_gene_lists
from genegraph.db.annotation_blocks import AnnotationBlocks
from genegraph.db.ingest import faults
from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse import (
    gaf,
    gene2go,
    gene_history,
    gene_info,
    in_child,
    obo,
    orthology,
)
from genegraph.db.ingest.parse.files import SourceFile, first_line, is_empty, sha256_of
from genegraph.db.ingest.parse.gene_page import SECTIONS, parse_gene_page
from genegraph.db.ingest.progress import Progress, quiet
from genegraph.db.ingest.species_filter import SpeciesFilter
from genegraph.db.ingest.store import deferred_indexes, statistics
from genegraph.db.ingest.store.annotation_changes import AnnotationChangeLog
from genegraph.db.ingest.store.annotations import store_gaf, store_gene2go
from genegraph.db.ingest.store.bulk import Tally
from genegraph.db.ingest.store.gene_history import store_gene_history
from genegraph.db.ingest.store.gene_page import store_gene_page
from genegraph.db.ingest.store.genes import store_gene_info
from genegraph.db.ingest.store.integrity import check_annotations
from genegraph.db.ingest.store.ontology import staged_closure, store_ontology, swap_in_closure
from genegraph.db.ingest.store.orthology import store_gene_orthologs, store_homologene
from genegraph.db.models import Release
from genegraph.db.propagation import TermGraph


class SourceFormat(enum.Enum):
    """Source formats, in the order a load stores them."""

    OBO = "obo"
    GENE_INFO = "gene-info"
    GENE_PAGE = "gene-page"
    GENE2GO = "gene2go"
    GAF = "gaf"
    GENE_ORTHOLOGS = "gene-orthologs"
    HOMOLOGENE = "homologene"
    GENE_HISTORY = "gene-history"


ORDER = {fmt: position for position, fmt in enumerate(SourceFormat)}


@dataclass(frozen=True, slots=True)
class Source:
    path: Path
    format: SourceFormat | None = None  # None: detect from the content
    symbol: str | None = None  # gene pages: the page's gene symbol
    taxon: int | None = None  # gene pages: the page's species; gene_info: keep this taxon only
    # Keep only these species' rows (pairs: both genes'), the others skipped as they stream.
    taxa: frozenset[int] | None = None


@dataclass(slots=True)
class SourceReport:
    path: str
    format: SourceFormat
    sha256: str
    version: str | None
    modified: datetime  # the file's modification time: its date where it has no version
    lines: int
    stored: int
    skipped: dict[str, int]
    rows: dict[str, int]
    seconds: float

    def as_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "format": self.format.value,
            "sha256": self.sha256,
            "version": self.version,
            "modified": self.modified.isoformat(),
            "lines": self.lines,
            "stored": self.stored,
            "skipped": self.skipped,
            "rows": self.rows,
            "seconds": round(self.seconds, 3),
        }


@dataclass(slots=True)
class LoadReport:
    release: int
    seconds: float
    sources: list[SourceReport] = field(default_factory=list)
    # Files of a --dir that are in no known format, and were left alone.
    ignored: list[str] = field(default_factory=list)


def detect_format(path: Path) -> SourceFormat | None:
    """The format a file's content shows, from its first line (gene pages: its headings)."""
    header = first_line(path)
    for fmt, prefixes in (
        (SourceFormat.OBO, (obo.HEADER,)),
        (SourceFormat.GENE_INFO, (gene_info.HEADER,)),
        (SourceFormat.GENE2GO, (gene2go.HEADER,)),
        (SourceFormat.GAF, (gaf.HEADER,)),
        (SourceFormat.GENE_ORTHOLOGS, (orthology.GENE_ORTHOLOGS_HEADER,)),
        (SourceFormat.HOMOLOGENE, (orthology.HOMOLOGENE_HEADER,)),
        (SourceFormat.GENE_HISTORY, gene_history.HEADERS),
    ):
        if header.startswith(prefixes):
            return fmt
    fields = header.split("\t")
    if len(fields) == 6 and all(f.isdigit() for f in fields[:3]):
        return SourceFormat.HOMOLOGENE  # NCBI's homologene.data has no header
    with SourceFile(path) as source:
        for number, line in enumerate(source.lines()):
            if line.strip() in SECTIONS:
                return SourceFormat.GENE_PAGE
            if number > 200:
                break
    return None


def sources_in(folder: Path) -> tuple[list[Source], list[str]]:
    """The loadable files of a folder, and the names of the others."""
    if not folder.is_dir():
        raise LoadError(str(folder), None, "no such folder")
    found, ignored = [], []
    for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
        fmt = detect_format(path)
        if fmt is None:
            ignored.append(str(path))
        else:
            found.append(Source(path, fmt))
    return found, ignored


async def load(
    engine: AsyncEngine,
    sources: Sequence[Source],
    *,
    progress: Progress = quiet,
    ignored: Sequence[str] = (),
) -> LoadReport:
    started = time.perf_counter()
    # A bad setting fails the load before anything is read or written, not at its first
    # large file.
    in_child.configured_threshold()
    resolved = []
    for source in sources:
        if not source.path.is_file():
            raise LoadError(str(source.path), None, "no such file")
        if is_empty(source.path):
            # Loaded as what it claims to be, an empty file would replace a source's data
            # (the ontology's terms, a species' annotations) with nothing.
            raise LoadError(str(source.path), None, "empty file: nothing to load")
        fmt = source.format or detect_format(source.path)
        if fmt is None:
            raise LoadError(
                str(source.path),
                1,
                "format not recognised from the first line; give it with --format "
                f"({', '.join(f.value for f in SourceFormat)})",
            )
        resolved.append((source, fmt))
    resolved.sort(key=lambda pair: ORDER[pair[1]])

    unanalysed: list[str] = []
    # Millions of short-lived rows: the collector's default pace costs a quarter of the CPU.
    with heap.fewer_collections():
        async with engine.begin() as conn:
            statistics.track(conn)
            await deferred_indexes.drop(conn)
            changes = AnnotationChangeLog(conn)
            reports = [
                await _load_source(conn, source, fmt, progress, changes) for source, fmt in resolved
            ]
            await deferred_indexes.build(conn)
            await check_annotations(conn)
            seconds = time.perf_counter() - started
            release = await conn.execute(
                insert(Release)
                .values(
                    loaded_at=datetime.now(UTC),
                    load_seconds=seconds,
                    sources=[r.as_json() for r in reports],
                )
                .returning(Release.pk)
            )
            number = release.scalar_one()
            await changes.record(number)
            # The terms and the closure the load staged (if it did), read once for both.
            graph = await TermGraph.read(conn, await staged_closure(conn))
            species = await background_counts.spans(conn)
            # The lists read the annotations the counts read: kept, not read twice; and
            # counted from there while PostgreSQL builds the index nothing here reads.
            with AnnotationBlocks() as blocks:
                await background_counts.store(
                    conn, graph, species, blocks, deferred_indexes.building_unread(conn)
                )
                # After the counts, which say which terms' lists are stored.
                await term_gene_lists.store(conn, graph, species, blocks)
            # Last: from here to the commit readers of the closure wait for the new one.
            await swap_in_closure(conn)
            if conn.dialect.name == "postgresql":
                # Read in the transaction, used after the commit.
                unanalysed = await statistics.changed_since_analysed(conn)
            else:
                # SQLite has no autovacuum to gather statistics: without them its planner picks
                # poor plans for the search and term queries (seconds instead of milliseconds).
                await conn.execute(text("ANALYZE"))
                faults.reached("index")
            faults.reached("switch")
    faults.reached("committed")
    if engine.dialect.name == "postgresql":
        # Statistics for the rows just committed, before the first query plans with stale
        # ones (10-100x slower requests measured); autovacuum may be off, or minutes away.
        # After the commit: the release is served already, and this holds no lock readers
        # wait for. The per-gene keys' distinct counts first, which ANALYZE's sample gets
        # wrong at scale (statistics.py); then the text-search index's pending rows merged
        # (search_index.py). Only the tables whose statistics the load left behind its
        # writes, and the pinned ones: the others were analysed as they are committed.
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.run_sync(statistics.pin_distinct_ratios)
            pinned = [table for table, _ in statistics.PER_GENE_KEYS]
            await statistics.analyse(conn, sorted({*unanalysed, *pinned}))
            await conn.run_sync(search_index.flush_pending)
    return LoadReport(number, seconds, reports, list(ignored))


async def _load_source(
    conn: AsyncConnection,
    source: Source,
    fmt: SourceFormat,
    progress: Progress,
    changes: AnnotationChangeLog,
) -> SourceReport:
    started = time.perf_counter()
    version = None
    species = SpeciesFilter(source.taxa)
    with SourceFile(source.path) as file, progress.track(file, fmt.value) as tracked:
        track = species.wrap(tracked)
        if fmt is SourceFormat.OBO:
            ontology = obo.read_obo(file)
            version = ontology.data_version
            tally = await store_ontology(conn, ontology, file.name)
        elif fmt is SourceFormat.GENE_PAGE:
            page = parse_gene_page(
                file.lines(), path=file.name, symbol=source.symbol, taxon=source.taxon
            )
            tally = await store_gene_page(conn, page, changes)
        elif fmt is SourceFormat.GENE_INFO:
            taxa = None if source.taxon is None else frozenset({source.taxon})
            with in_child.records(file, fmt.value) as genes:
                tally = await store_gene_info(conn, track(genes), taxa)
        elif fmt is SourceFormat.GENE2GO:
            with in_child.records(file, fmt.value) as annotations:
                parsed = faults.after_first("parse", annotations)
                tally = await store_gene2go(conn, track(parsed), changes)
        elif fmt is SourceFormat.GAF:
            with in_child.records(file, fmt.value) as annotations:
                tally = await store_gaf(conn, track(annotations), changes)
        elif fmt is SourceFormat.GENE_ORTHOLOGS:
            with in_child.records(file, fmt.value) as pairs:
                tally = await store_gene_orthologs(conn, track(pairs))
        elif fmt is SourceFormat.HOMOLOGENE:
            with in_child.records(file, fmt.value) as members:
                tally = await store_homologene(conn, track(members))
        else:
            tally = await store_gene_history(conn, track(gene_history.read_gene_history(file)))
    species.count_into(tally)
    # The next steps read what this one wrote (see db/ingest/store/statistics.py).
    await statistics.refresh(conn)
    return _report(source.path, fmt, version, tally, time.perf_counter() - started)


def _report(
    path: Path, fmt: SourceFormat, version: str | None, tally: Tally, seconds: float
) -> SourceReport:
    return SourceReport(
        path=str(path),
        format=fmt,
        sha256=sha256_of(path),
        version=version,
        modified=datetime.fromtimestamp(path.stat().st_mtime, UTC),
        lines=tally.lines,
        stored=tally.stored,
        skipped=dict(sorted(tally.skipped.items())),
        rows=dict(tally.rows),
        seconds=seconds,
    )
