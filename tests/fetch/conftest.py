"""The fetch tests' mirror of the real sites: the kit laid out by host, built once per
session (no test writes to it) and served over loopback for each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SHARED_DATA
from tests.helpers.source_mirror import MirrorServer, build_mirror, serving


@pytest.fixture(scope="session")
def kit_mirror(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_mirror(SHARED_DATA, tmp_path_factory.mktemp("mirror"))


@pytest.fixture
def mirror(kit_mirror: Path) -> Iterator[MirrorServer]:
    with serving(kit_mirror) as server:
        yield server
