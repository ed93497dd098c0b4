"""The kit's real GAFs parse: the Rat Genome Database's GAF 2.1, an MGI GAF 2.2 excerpt
with relation qualifiers and the GOA yeast GAF with UniProtKB ids (samples/). Each data
line becomes a row, its columns as the file has them (counts from the files)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse.files import SourceFile
from genegraph.db.ingest.parse.gaf import GafRow, read_gaf
from tests.conftest import SHARED_DATA
from tests.helpers.kit import needs_kit

pytestmark = needs_kit


def data_lines(path: Path) -> list[list[str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return [
            line.rstrip("\n").split("\t") for line in lines if line.strip()[:1] not in ("!", "")
        ]


def parsed(path: Path) -> list[GafRow]:
    with SourceFile(path) as source:
        return list(read_gaf(source))


@pytest.mark.parametrize(
    ("name", "database", "taxon"),
    [
        ("rgd.gaf.gz", "RGD", 10116),
        ("samples/mgi-2024-sample.gaf", "MGI", 10090),
        ("samples/mgi-missing-symbol-sample.gaf", "MGI", 10090),
        ("samples/goa_yeast-2016.gaf.gz", "UniProtKB", 559292),
    ],
)
def test_a_real_gaf_parses_line_for_line(name: str, database: str, taxon: int) -> None:
    path = SHARED_DATA / name
    lines, rows = data_lines(path), parsed(path)
    assert len(rows) == len(lines) > 0
    assert [(r.db, r.object_id, r.symbol, r.go_id, r.evidence) for r in rows] == [
        (f[0], f[1], f[2], f[4], f[6]) for f in lines
    ]
    assert database in {r.db for r in rows}
    assert taxon in {r.taxon_id for r in rows}


def test_gaf_2_2_relation_qualifiers_are_kept() -> None:
    rows = parsed(SHARED_DATA / "samples/mgi-2024-sample.gaf")
    qualifiers = {r.qualifier for r in rows}
    expected = {f[3] for f in data_lines(SHARED_DATA / "samples/mgi-2024-sample.gaf")}
    assert qualifiers == expected
    assert {"enables", "involved_in"} <= {q.removeprefix("NOT|") for q in qualifiers}


def test_a_gaf_without_its_version_line_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "excerpt.gaf"
    sample = (SHARED_DATA / "samples/mgi-2024-sample.gaf").read_text(encoding="utf-8")
    path.write_text(sample.replace("!gaf-version: 2.2\n", ""), encoding="utf-8")
    with SourceFile(path) as source, pytest.raises(LoadError, match="no '!gaf-version: 2' line"):
        list(read_gaf(source))
