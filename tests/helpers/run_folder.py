"""A folder shared by every process of one pytest run (the process started, and the
xdist workers it starts), for set-ups made once per run rather than once per worker
(the kit: tests/helpers/kit.py).

The first process makes the folder before xdist starts its workers, which inherit its
path through the environment. When that process ends, the PostgreSQL databases recorded
in the folder are dropped and the folder is removed.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Database, database_name, drop_database

RUN_FOLDER_ENV = "GENEGRAPH_TEST_RUN_FOLDER"
_MADE_HERE = pytest.StashKey[bool]()


def pytest_configure(config: pytest.Config) -> None:
    if RUN_FOLDER_ENV not in os.environ:
        os.environ[RUN_FOLDER_ENV] = tempfile.mkdtemp(prefix="genegraph-test-run-")
        config.stash[_MADE_HERE] = True


def pytest_unconfigure(config: pytest.Config) -> None:
    if not config.stash.get(_MADE_HERE, False):
        return
    folder = Path(os.environ.pop(RUN_FOLDER_ENV))
    for record in sorted((folder / "databases").glob("*")):
        drop_database(Database("postgresql", record.read_text()))
    shutil.rmtree(folder, ignore_errors=True)


def run_folder() -> Path:
    return Path(os.environ[RUN_FOLDER_ENV])


def drop_at_end_of_run(database: Database) -> None:
    """Have the run's first process drop this PostgreSQL database when the run ends."""
    records = run_folder() / "databases"
    records.mkdir(exist_ok=True)
    (records / database_name(database)).write_text(database.url)


@contextlib.contextmanager
def run_lock(name: str, *, wait: bool = True) -> Iterator[bool]:
    """Hold the run-wide lock ``name`` (an flock, released if its holder dies); yields
    whether it is held: without ``wait``, False when another process holds it."""
    with (run_folder() / f"{name}.lock").open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
