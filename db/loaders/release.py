"""A load: one or more source files written as one release, in one transaction.

Either every file of the load is stored and the release recorded, or (on any
error, or if the process dies) the transaction rolls back and the data served
before is untouched.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from db.loaders.errors import LoadError
from db.loaders.files import first_line, sha256_of
from db.loaders.gene_info import HEADER_PREFIX as GENE_INFO_HEADER
from db.loaders.gene_info import read_gene_info
from db.loaders.gene_page import parse_gene_page_file
from db.loaders.store import store_gene_info, store_gene_page
from db.models import Release


class SourceFormat(enum.Enum):
    GENE_PAGE = "gene-page"
    GENE_INFO = "gene-info"


@dataclass(frozen=True, slots=True)
class Source:
    path: Path
    format: SourceFormat | None = None  # None: detect from the content
    symbol: str | None = None  # gene pages: the page's gene symbol
    taxon: int | None = None  # gene pages: the page's species; gene_info: keep this taxon only


@dataclass(slots=True)
class SourceReport:
    path: str
    format: SourceFormat
    sha256: str
    rows: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class LoadReport:
    release: int
    sources: list[SourceReport]


def detect_format(path: Path) -> SourceFormat:
    try:
        header = first_line(path)
    except UnicodeDecodeError as error:
        raise LoadError(str(path), 1, f"not UTF-8 text ({error.reason})") from error
    except (OSError, EOFError) as error:
        raise LoadError(str(path), None, f"cannot read: {error}") from error
    if header.startswith(GENE_INFO_HEADER):
        return SourceFormat.GENE_INFO
    return SourceFormat.GENE_PAGE


async def load(engine: AsyncEngine, sources: Sequence[Source]) -> LoadReport:
    for source in sources:
        if not source.path.is_file():
            raise LoadError(str(source.path), None, "no such file")
    async with engine.begin() as conn:
        reports = [await _load_source(conn, source) for source in sources]
        release = await conn.execute(
            insert(Release)
            .values(
                loaded_at=datetime.now(UTC),
                sources=[
                    {
                        "path": r.path,
                        "format": r.format.value,
                        "sha256": r.sha256,
                        "rows": r.rows,
                    }
                    for r in reports
                ],
            )
            .returning(Release.pk)
        )
        return LoadReport(release=release.scalar_one(), sources=reports)


async def _load_source(conn: AsyncConnection, source: Source) -> SourceReport:
    fmt = source.format or detect_format(source.path)
    report = SourceReport(str(source.path), fmt, sha256_of(source.path))
    if fmt is SourceFormat.GENE_PAGE:
        page = parse_gene_page_file(source.path, symbol=source.symbol, taxon=source.taxon)
        report.rows = await store_gene_page(conn, page)
    else:
        taxa = frozenset({source.taxon}) if source.taxon is not None else None
        report.rows = await store_gene_info(conn, read_gene_info(source.path, taxa))
    return report
