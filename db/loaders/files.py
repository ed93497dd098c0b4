"""Opening source files: plain or gzip, read as UTF-8 text, checksummed."""

from __future__ import annotations

import gzip
import hashlib
import io
from pathlib import Path
from typing import TextIO

GZIP_MAGIC = b"\x1f\x8b"


def open_text(path: Path) -> TextIO:
    """Open ``path`` for reading text, un-gzipping it when it starts with the gzip magic."""
    with path.open("rb") as probe:
        magic = probe.read(2)
    if magic == GZIP_MAGIC:
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return path.open("r", encoding="utf-8", newline="")


def first_line(path: Path) -> str:
    with open_text(path) as handle:
        return handle.readline().rstrip("\r\n")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
