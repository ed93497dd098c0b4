"""``genegraph fetch`` against a local mirror of the real sites (tests/helpers/
source_mirror.py): the files land where a load finds them, unchanged files are not
fetched again, and each fault gives a clear message, keeps the complete files fetched
before and exits non-zero."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from genegraph import cli
from genegraph.db.ingest.release import sources_in
from genegraph.fetch.download import PARTIAL
from tests.helpers.kit import needs_kit
from tests.helpers.source_mirror import (
    GO_CURRENT,
    GO_PURL,
    NCBI,
    Fault,
    MirrorServer,
)

pytestmark = needs_kit

GENE2GO = f"{NCBI}/gene2go.gz"
RAT_FILES = {
    "go-basic.obo": GO_CURRENT,
    "Rattus_norvegicus.gene_info.gz": f"{NCBI}/GENE_INFO/Mammalia/Rattus_norvegicus.gene_info.gz",
    "gene2go.gz": GENE2GO,
    "gene_orthologs.gz": f"{NCBI}/gene_orthologs.gz",
    "gene_history.gz": f"{NCBI}/gene_history.gz",
    "rgd.gaf.gz": "current.geneontology.org/annotations/rgd.gaf.gz",
}


def fetch(mirror: MirrorServer, dest: Path, *options: str) -> int:
    return cli.main(
        [
            *("fetch", "--species", "rat", "--gaf", "rgd"),
            *("--dest", str(dest), "--mirror", mirror.url, *options),
        ]
    )


def test_fetch_lays_the_files_out_for_a_load_and_skips_what_has_not_changed(
    mirror: MirrorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dest = tmp_path / "sources"
    assert fetch(mirror, dest) == 0
    for name, path in RAT_FILES.items():
        assert (dest / name).read_bytes() == (mirror.root / path).read_bytes(), name
    assert [status for status, _ in mirror.requested(GO_PURL)] == [302]
    found, ignored = sources_in(dest)  # what `genegraph load --dir DEST` loads
    assert sorted(s.path.name for s in found) == sorted(RAT_FILES) and ignored == []
    assert "6 of 6 files new or changed" in capsys.readouterr().out

    mirror.requests.clear()
    assert fetch(mirror, dest) == 0
    for path in RAT_FILES.values():
        (status, headers), *_ = mirror.requested(path)
        assert status == 304 and "If-None-Match" in headers, path
    assert "0 of 6 files new or changed" in capsys.readouterr().out


def test_a_connection_cut_mid_file_is_resumed(mirror: MirrorServer, tmp_path: Path) -> None:
    mirror.faults[GENE2GO] = Fault("cut", times=1)
    assert fetch(mirror, tmp_path) == 0
    first, second = mirror.requested(GENE2GO)
    assert "Range" not in first[1]
    assert second[0] == 206 and second[1]["Range"].startswith("bytes=")
    assert (tmp_path / "gene2go.gz").read_bytes() == (mirror.root / GENE2GO).read_bytes()


def test_a_file_cut_every_time_is_kept_and_continued_by_the_next_fetch(
    mirror: MirrorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mirror.faults[GENE2GO] = Fault("cut")
    assert fetch(mirror, tmp_path) == 1
    error = capsys.readouterr().err
    assert f"{mirror.url}/{GENE2GO}" in error and "connection lost" in error
    assert not (tmp_path / "gene2go.gz").exists()
    assert (tmp_path / PARTIAL / "gene2go.gz").stat().st_size > 0
    assert (tmp_path / "Rattus_norvegicus.gene_info.gz").exists()  # fetched before it

    del mirror.faults[GENE2GO]
    mirror.requests.clear()
    assert fetch(mirror, tmp_path) == 0
    (status, headers), *_ = mirror.requested(GENE2GO)
    assert status == 206 and headers["Range"].startswith("bytes=")
    assert (tmp_path / "gene2go.gz").read_bytes() == (mirror.root / GENE2GO).read_bytes()


@pytest.mark.parametrize(
    ("fault", "problem"),
    [
        ("corrupt", "truncated or corrupt gzip"),
        ("length", "size mismatch"),
        ("html", "HTML page"),
    ],
)
def test_a_bad_file_is_refused_and_the_complete_one_before_it_kept(
    mirror: MirrorServer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fault: str,
    problem: str,
) -> None:
    assert fetch(mirror, tmp_path) == 0
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    capsys.readouterr()

    mirror.faults[GENE2GO] = Fault(fault)
    assert fetch(mirror, tmp_path) == 1
    error = capsys.readouterr().err
    assert f"{mirror.url}/{GENE2GO}: " in error and problem in error, error
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_a_missing_file_is_named(
    mirror: MirrorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert fetch(mirror, tmp_path, "--gaf", "mgi") == 1
    error = capsys.readouterr().err
    assert f"{mirror.url}/current.geneontology.org/annotations/mgi.gaf.gz: HTTP 404" in error
    assert (tmp_path / "gene_history.gz").exists()


def test_a_full_disk_is_named_and_keeps_the_files_before(
    mirror: MirrorServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / PARTIAL).mkdir()
    # Writes to /dev/full fail with ENOSPC, as on a full disk.
    (tmp_path / PARTIAL / "gene2go.gz").symlink_to("/dev/full")
    assert fetch(mirror, tmp_path) == 1
    error = capsys.readouterr().err
    assert f"{mirror.url}/{GENE2GO}: disk full writing" in error
    assert (tmp_path / "Rattus_norvegicus.gene_info.gz").exists()
    assert not (tmp_path / "gene2go.gz").exists()


@pytest.mark.parametrize(
    ("options", "problem"),
    [
        (["--species", "unicorn"], "unknown species 'unicorn'; known species: human"),
        (["--gaf", "nosuchdb"], "unknown GAF 'nosuchdb'"),
    ],
)
def test_an_unknown_name_is_an_error_listing_the_known_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], problem: str
) -> None:
    argv = ["fetch", "--species", "rat", "--dest", str(tmp_path), *options]
    with pytest.raises(SystemExit) as exit_:
        cli.main(argv)
    assert exit_.value.code == 2
    assert problem in capsys.readouterr().err
    assert os.listdir(tmp_path) == []


def test_species_by_common_scientific_name_or_taxon_id() -> None:
    from genegraph.fetch.species import parse_species_option

    chosen = parse_species_option("human,Mus musculus,10116,Rattus_norvegicus")
    assert [s.taxon_id for s in chosen] == [9606, 10090, 10116]
