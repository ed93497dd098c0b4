"""The layout a newcomer reads: no test module imports another (what they share is in
tests/helpers/ and conftest.py), and the wheel installs one top-level package,
``genegraph``, with its schema SDL and migrations inside."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


def is_test_module(name: str) -> bool:
    return any(part.startswith("test_") for part in name.split("."))


def imported_test_modules(source: str) -> list[str]:
    """The test modules (a dotted name with a part ``test_*``) that ``source`` imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            # `from tests import test_x` and `from . import test_x` name the module last.
            names = [base] if is_test_module(base) else [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        found.update(name.lstrip(".") for name in names if is_test_module(name))
    return sorted(found)


# Written with TEST_ for test_, so that a grep for such imports finds only real ones.
@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from tests.TEST_cli import genegraph", ["tests.TEST_cli"]),
        ("import tests.TEST_sources as sources", ["tests.TEST_sources"]),
        ("from TEST_sources import OBO, write", ["TEST_sources"]),
        ("from tests import TEST_sources, conftest", ["tests.TEST_sources"]),
        ("from . import TEST_sources", ["TEST_sources"]),
        ("from .TEST_sources import OBO", ["TEST_sources"]),
        ("import tests.schema.TEST_sdl", ["tests.schema.TEST_sdl"]),
        ("from tests.helpers.sources import OBO\nfrom tests.conftest import REPO", []),
        ("import testing, tests.helpers.cli", []),
    ],
)
def test_imports_of_test_modules_are_found(source: str, found: list[str]) -> None:
    source, found = source.replace("TEST_", "test_"), [f.replace("TEST_", "test_") for f in found]
    assert imported_test_modules(source) == found


def our_python_files(folder: Path) -> list[Path]:
    return [
        path
        for path in folder.rglob("*.py")
        if not any(part in {"node_modules", ".venv", "__pycache__"} for part in path.parts)
    ]


def test_no_module_imports_a_test_module() -> None:
    """Test modules share through tests/helpers/ and conftest.py; the bench scripts, which
    reuse test helpers, import those too."""
    files = our_python_files(REPO / "tests") + our_python_files(REPO / "bench")
    assert len(files) > 1
    offenders = {
        str(path.relative_to(REPO)): imported
        for path in files
        if (imported := imported_test_modules(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, "import what they share from tests/helpers/ or conftest.py"


def packaged_data(package: Path) -> set[str]:
    """The schema SDL files and migrations under ``package`` (through its links to the
    root folders), as paths in the wheel."""
    found = set()
    for folder, _, names in os.walk(package, followlinks=True):
        for name in names:
            path = Path(folder, name)
            if path.suffix == ".graphql" or (
                "migrations" in path.parts and path.suffix in {".py", ".mako"}
            ):
                found.add(path.relative_to(package.parent).as_posix())
    return found


def copy_of_the_tree(destination: Path) -> Path:
    """The project's files (tracked, or new and not ignored by git), links kept as links."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    for name in listed.stdout.decode().split("\0"):
        path = REPO / name
        if name and (path.exists() or path.is_symlink()):  # not deleted since the commit
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination / name, follow_symlinks=False)
    return destination


def test_the_wheel_installs_one_top_level_package(tmp_path: Path) -> None:
    """Built as `pip wheel` builds it, from a copy of the tree (an in-tree build would
    pack what an earlier build left in build/). What a wheel holds at its root is what
    installing it puts in site-packages."""
    source = copy_of_the_tree(tmp_path / "source")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), "."],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert built.returncode == 0, built.stderr + built.stdout
    [wheel] = tmp_path.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())

    top_level = {name.split("/")[0] for name in names}
    [dist_info] = [top for top in top_level if top.endswith(".dist-info")]
    assert dist_info.startswith("genegraph-")
    assert top_level - {dist_info} == {"genegraph"}

    expected = packaged_data(REPO / "genegraph")
    assert any(path.endswith("/schema.graphql") for path in expected), expected
    assert any("/migrations/versions/" in path for path in expected), expected
    assert expected - names == set(), "missing from the wheel"
