"""Large files parsed in a child process (db/ingest/parse/in_child.py), on each backend:
the load stores the same rows and tallies the same lines as when it parses them itself; a
malformed line in the child fails the load with the same LoadError (file, line, problem);
a killed child fails the load, which leaves the release served before as it was.

The child's threshold is set to 0 bytes (every file in a child) or off (none), so the
small files of tests/helpers/sources.py go either way; the generated gene2go and
GAF span several of the child's frames."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from genegraph.db.engine import engine_scope
from genegraph.db.ingest import faults
from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse import in_child
from genegraph.db.ingest.release import Source, SourceFormat, load
from genegraph.db.migrate import upgrade
from genegraph.db.models import Base
from tests.conftest import SHARED_DATA, Database, fresh_database
from tests.helpers.cli import genegraph
from tests.helpers.sources import GAF, GENE2GO, OBO, small_release, write

NOWHERE = "off"  # no file parsed in a child
EVERYWHERE = "0"  # every file parsed in a child
FRAMES = 3  # the generated files' length, in the child's frames (and a part of one)


def data_lines(text: str) -> list[str]:
    return [line for line in text.splitlines(keepends=True) if line[:1] not in ("#", "!")]


def header(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if line[:1] in ("#", "!"))


def long_copy(text: str) -> str:
    """``text``'s data lines repeated past ``FRAMES`` frames (repeats tally as duplicates)."""
    lines = data_lines(text)
    repeats = FRAMES * in_child.FRAME // len(lines) + 1
    return header(text) + "".join(lines * repeats)


def release_files(folder: Path) -> list[Path]:
    files = small_release(folder)
    files["gene2go"] = write(folder, "gene2go.gz", long_copy(GENE2GO), gz=True)
    files["gaf"] = write(folder, "long.gaf", long_copy(GAF))
    return list(files.values())


def load_files(url: str, files: list[Path]) -> list[tuple[Any, ...]]:
    """Load ``files`` in this process; each file's tallies as the release records them."""

    async def run() -> list[tuple[Any, ...]]:
        async with engine_scope(url) as engine:
            await upgrade(engine)
            report = await load(engine, [Source(path) for path in files])
        return [(s.path, s.format, s.lines, s.stored, s.skipped, s.rows) for s in report.sources]

    return asyncio.run(run())


def stored(url: str) -> dict[str, list[str]]:
    """Every table's rows but the release record's (its times differ from load to load)."""

    async def run() -> dict[str, list[str]]:
        async with engine_scope(url) as engine, engine.connect() as conn:
            return {
                table.name: sorted(map(repr, (await conn.execute(select(table))).all()))
                for table in Base.metadata.sorted_tables
                if table.name != "releases"
            }

    return asyncio.run(run())


def test_a_load_parsed_in_children_stores_what_one_parsed_in_process_does(
    database: Database,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = release_files(tmp_path)
    monkeypatch.setenv(in_child.ENVIRONMENT, NOWHERE)
    here = load_files(database.url, files)
    template = (
        request.getfixturevalue("postgres_template") if database.backend == "postgresql" else None
    )
    (tmp_path / "children").mkdir()
    with fresh_database(database.backend, tmp_path / "children", template) as other:
        monkeypatch.setenv(in_child.ENVIRONMENT, EVERYWHERE)
        in_children = load_files(other.url, files)
        assert in_children == here
        assert stored(other.url) == stored(database.url)
    tallied = {Path(path).name: lines for path, _, lines, *_ in here}
    assert tallied["gene2go.gz"] == len(data_lines(long_copy(GENE2GO))) > FRAMES * in_child.FRAME
    assert tallied["long.gaf"] == len(data_lines(long_copy(GAF))) > FRAMES * in_child.FRAME


def test_a_malformed_line_in_the_child_fails_the_load_as_in_process(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ontology = write(tmp_path, "go.obo", OBO)
    load_files(database.url, [ontology])
    before = stored(database.url)
    good = long_copy(GENE2GO)
    bad_line = len(good.splitlines()) + 1  # past the child's first frames
    broken = write(
        tmp_path, "gene2go.gz", good + "9606\tIL2\tGO:0006955\tIEA\t-\tx\t-\tP\n", gz=True
    )

    errors = []
    for setting in (NOWHERE, EVERYWHERE):
        monkeypatch.setenv(in_child.ENVIRONMENT, setting)
        with pytest.raises(LoadError) as failed:
            load_files(database.url, [broken])
        errors.append(failed.value)
    here, child = errors
    assert (child.path, child.line, child.problem) == (here.path, here.line, here.problem)
    assert (child.path, child.line) == (str(broken), bad_line)
    assert "GeneID must be an integer" in child.problem
    assert stored(database.url) == before


def test_a_killed_child_fails_the_load_and_leaves_the_release_before(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = release_files(tmp_path)
    first = [files[0], files[1]]  # the ontology and the genes
    load_files(database.url, first)
    before = stored(database.url)

    monkeypatch.setenv(in_child.ENVIRONMENT, EVERYWHERE)
    monkeypatch.setenv(faults.ENVIRONMENT, in_child.FAULT_POINT)
    with pytest.raises(LoadError) as failed:
        load_files(database.url, files)
    assert failed.value.path == str(files[1])  # gene_info: the first file parsed in a child
    assert "killed by SIGKILL" in failed.value.problem
    assert stored(database.url) == before

    monkeypatch.delenv(faults.ENVIRONMENT)
    load_files(database.url, files)
    assert stored(database.url) != before


def test_the_child_parses_formats_a_load_knows() -> None:
    assert set(in_child.READERS) <= {fmt.value for fmt in SourceFormat}


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (None, in_child.DEFAULT_FROM_BYTES),
        ("", in_child.DEFAULT_FROM_BYTES),
        ("off", None),
        (" OFF ", None),
        ("0", 0),
        ("1048576", 1048576),
    ],
)
def test_the_threshold_is_read_from_the_environment(setting: str | None, expected: Any) -> None:
    assert in_child.threshold(setting) == expected


def test_the_kit_s_files_are_parsed_in_process_by_default() -> None:
    """The default sends long files to a child, not the kit's 1-4 MB ones."""
    sizes = [path.stat().st_size for path in SHARED_DATA.glob("*.gz")]
    assert sizes and max(sizes) < in_child.DEFAULT_FROM_BYTES


@pytest.mark.parametrize("setting", ["16M", "-1", "yes"])
def test_a_bad_threshold_names_the_variable(setting: str) -> None:
    with pytest.raises(ValueError, match=f"{in_child.ENVIRONMENT} must be a size in bytes or off"):
        in_child.threshold(setting)


def test_a_load_with_a_bad_threshold_fails_naming_it_and_writes_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    files = [str(path) for path in release_files(tmp_path)]
    loaded = genegraph("load", *files, "--database-url", url, env={in_child.ENVIRONMENT: "16M"})
    assert loaded.returncode == 2, loaded.stderr
    assert f"{in_child.ENVIRONMENT} must be a size in bytes or off, not '16M'" in loaded.stderr
    assert "Traceback" not in loaded.stderr
    assert stored(url)["genes"] == []


def test_a_bad_threshold_fails_a_load_whose_files_are_all_parsed_here(tmp_path: Path) -> None:
    """Checked when the load starts: a load of the ontology alone (no file a child would
    parse) fails too, rather than succeeding until a later load meets a large file."""
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    obo = write(tmp_path, "go.obo", OBO)
    loaded = genegraph("load", str(obo), "--database-url", url, env={in_child.ENVIRONMENT: "yes"})
    assert loaded.returncode == 2, loaded.stderr
    assert f"{in_child.ENVIRONMENT} must be a size in bytes or off, not 'yes'" in loaded.stderr
    assert "Traceback" not in loaded.stderr
