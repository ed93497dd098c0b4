"""Types describing loaded releases: what was read, what it became, how long it took."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

import strawberry
from strawberry import Info

from genegraph.db.identifiers import release_curie
from genegraph.resolvers.context import Context
from genegraph.resolvers.records import ReleaseRecord
from genegraph.resolvers.releases import list_releases
from genegraph.schema.node_interface import Node


@strawberry.type(description="A number of rows or lines of one kind.")
class Count:
    kind: str = strawberry.field(description='e.g. "go_annotations", or a skip reason.')
    count: int = strawberry.field(description="How many.")


def _counts(values: dict[str, int]) -> list[Count]:
    return [Count(kind=kind, count=count) for kind, count in values.items()]


@strawberry.type(description="One source file of a release.")
class ReleaseSource:
    path: str = strawberry.field(description="The file as it was given to the loader.")
    format: str = strawberry.field(description='e.g. "obo", "gene-info", "gene2go".')
    sha256: str = strawberry.field(description="Checksum of the file as read.")
    version: str | None = strawberry.field(
        description="The file's own version, e.g. an OBO data-version; null when it has none."
    )
    modified: datetime.datetime | None = strawberry.field(
        description="The file's modification time when it was loaded: its date, for files "
        "that carry no version."
    )
    lines: int = strawberry.field(description="Data lines read (headers and comments not counted).")
    stored: int = strawberry.field(description="Data lines stored; lines = stored + skipped.")
    skipped: list[Count] = strawberry.field(description="Lines not stored, by reason.")
    rows: list[Count] = strawberry.field(description="Rows written, by table or kind.")
    seconds: float = strawberry.field(description="Time spent on this file.")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReleaseSource:
        return cls(
            path=data["path"],
            format=data["format"],
            sha256=data["sha256"],
            version=data.get("version"),
            # Absent in releases from before the field; null in bench/replicate_kit.py's
            # databases built before 2026-12-06.
            modified=None
            if data.get("modified") is None
            else datetime.datetime.fromisoformat(data["modified"]),
            lines=data.get("lines", 0),
            stored=data.get("stored", 0),
            skipped=_counts(data.get("skipped", {})),
            rows=_counts(data.get("rows", {})),
            seconds=data.get("seconds", 0.0),
        )


@strawberry.type(description="One load: all its files became visible together.")
class Release(Node):
    id: strawberry.ID = strawberry.field(
        description='genegraph\'s own id of the release, "genegraph.release:" and its number, '
        'e.g. "genegraph.release:3".'
    )
    number: int = strawberry.field(description="Releases are numbered 1, 2, 3 ... in load order.")
    loaded_at: datetime.datetime = strawberry.field(description="When the load committed.")
    load_seconds: float = strawberry.field(description="How long the load took.")
    sources: list[ReleaseSource] = strawberry.field(description="The files it loaded.")

    @classmethod
    def from_record(cls, record: ReleaseRecord) -> Release:
        return cls(
            id=strawberry.ID(release_curie(record.pk)),
            number=record.pk,
            loaded_at=record.loaded_at,
            load_seconds=record.load_seconds,
            sources=[ReleaseSource.from_json(source) for source in record.sources],
        )


@strawberry.type
class ReleaseQueries:
    @strawberry.field(description="The releases loaded so far, newest first.")
    async def releases(
        self,
        info: Info[Context, None],
        last: Annotated[
            int | None,
            strawberry.argument(description="Only the newest `last` releases."),
        ] = None,
    ) -> list[Release]:
        return [Release.from_record(r) for r in await list_releases(info.context.engine, last)]

    @strawberry.field(
        description="The newest release: the data every answer comes from. Null before any load."
    )
    async def current_release(self, info: Info[Context, None]) -> Release | None:
        newest = await list_releases(info.context.engine, 1)
        return Release.from_record(newest[0]) if newest else None
