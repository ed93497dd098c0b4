"""The ``log_lines`` fixture: what the request logger (genegraph.observability) writes
while a test runs, one JSON line per request."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from genegraph.observability.request_log import LOGGER


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the request logger writes, while the test runs."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    LOGGER.addHandler(handler)
    level = LOGGER.level
    LOGGER.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        LOGGER.removeHandler(handler)
        LOGGER.setLevel(level)
