"""A release's files as the schema reads them from the stored JSON (`releases.sources`)."""

from __future__ import annotations

import datetime

import pytest

from genegraph.schema.releases import ReleaseSource

STORED = {"path": "gene2go.gz", "format": "gene2go", "sha256": "0" * 64, "lines": 3, "stored": 2}


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({}, None),  # releases from before the field
        ({"modified": None}, None),  # bench/replicate_kit.py's databases of before 2026-12-06
        (
            {"modified": "2026-11-01T10:00:00+00:00"},
            datetime.datetime(2026, 11, 1, 10, tzinfo=datetime.UTC),
        ),
    ],
)
def test_a_source_without_a_modified_time_reads_as_none(
    extra: dict[str, object], expected: datetime.datetime | None
) -> None:
    source = ReleaseSource.from_json({**STORED, **extra})
    assert source.modified == expected
    assert (source.lines, source.stored) == (3, 2)
