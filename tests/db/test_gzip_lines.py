"""Gzip sources are decompressed by the loader itself, step by step (parse/files.py): the
lines are those Python's gzip module reads, for every member of a file and across steps."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse.files import GZIP_STEP, SourceFile


def lines_of(path: Path) -> list[str]:
    with SourceFile(path) as source:
        return list(source.lines())


def reference(path: Path) -> list[str]:
    with gzip.open(path, "rb") as handle:
        return [line.decode().rstrip("\r\n") for line in handle]


@pytest.mark.parametrize(
    "data",
    [
        # mtime=0: the bytes, and so the test ids, are the same in every xdist worker.
        gzip.compress(b"a\nb\r\n\nlast without a break", mtime=0),
        gzip.compress(b"one\ntw", mtime=0) + gzip.compress(b"o\nthree\n", mtime=0) + b"\x00" * 10,
        # Lines longer than a step's output, and steps ending mid-line.
        gzip.compress(b"".join(b"%d\t%s\n" % (n, b"x" * (n % 9000)) for n in range(3000)), mtime=0),
        # One line of many steps, without a line break.
        gzip.compress("".join(str(n) for n in range(100_000)).encode(), mtime=0),
    ],
    ids=["breaks", "members", "long-lines", "one-line"],
)
def test_lines_are_the_gzip_modules(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "file.gz"
    path.write_bytes(data)
    assert len(data) > GZIP_STEP or data.count(b"\x1f\x8b") >= 1
    assert lines_of(path) == reference(path)


def test_a_corrupt_checksum_is_an_error(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(b"a\nb\n" * 1000))
    data[-8] ^= 0xFF  # the CRC-32 of the member
    path = tmp_path / "bad.gz"
    path.write_bytes(bytes(data))
    with pytest.raises(LoadError, match="truncated or corrupt gzip"):
        lines_of(path)


@pytest.mark.parametrize(
    ("bad", "problem"), [(b"caf\xe9", "not UTF-8 text"), (b"a\x00b", "NUL byte at column 2")]
)
def test_a_bad_line_in_gzip_is_reported_on_its_own_line(
    tmp_path: Path, bad: bytes, problem: str
) -> None:
    # A step's lines are decoded at once: a bad one must still be named by its number.
    path = tmp_path / "bad.gz"
    path.write_bytes(gzip.compress(b"one\ntwo\n" + bad + b"\nfour\n", mtime=0))
    with pytest.raises(LoadError) as raised:
        lines_of(path)
    assert (raised.value.line, problem in raised.value.problem) == (3, True)
