"""Opening source files: plain or gzip, read as UTF-8 lines, checksummed."""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, cast

from genegraph.db.ingest.errors import LoadError

GZIP_MAGIC = b"\x1f\x8b"


class SourceFile:
    """A source file read line by line (un-gzipped when it is gzip), with the position
    reached in the file on disk, for progress reports."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = str(path)
        try:
            self.size = path.stat().st_size
            self._raw: IO[bytes] = path.open("rb")
        except OSError as error:
            raise LoadError(self.name, None, f"cannot read: {error.strerror or error}") from error
        self.gzipped = self._raw.read(2) == GZIP_MAGIC
        self._raw.seek(0)
        self.binary: IO[bytes] = (
            cast(IO[bytes], gzip.GzipFile(fileobj=self._raw, mode="rb"))
            if self.gzipped
            else self._raw
        )
        self.line = 0

    @property
    def position(self) -> int:
        return self._raw.tell()

    def lines(self) -> Iterator[str]:
        """Each line without its line break; ``self.line`` is its number."""
        # Decoded line by line, not through a TextIOWrapper: that decodes whole chunks, so
        # a bad byte would be reported on the first line of its chunk, not its own.
        try:
            for raw_line in self.binary:
                self.line += 1
                try:
                    line = raw_line.decode("utf-8").rstrip("\r\n")
                except UnicodeDecodeError as error:
                    raise LoadError(
                        self.name, self.line, f"not UTF-8 text ({error.reason})"
                    ) from None
                if "\x00" in line:
                    # Not text; and PostgreSQL cannot store NUL in a text column.
                    raise LoadError(
                        self.name, self.line, f"NUL byte at column {line.index(chr(0)) + 1}"
                    )
                yield line
        except (EOFError, gzip.BadGzipFile, zlib.error) as error:
            raise LoadError(
                self.name, self.line + 1, f"truncated or corrupt gzip data ({error})"
            ) from None

    def close(self) -> None:
        self.binary.close()
        self._raw.close()

    def __enter__(self) -> SourceFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def first_line(path: Path) -> str:
    with SourceFile(path) as source:
        for line in source.lines():
            return line
    return ""


def is_empty(path: Path) -> bool:
    """Whether a file holds nothing but blank lines (a failed download, a wrong path)."""
    with SourceFile(path) as source:
        return not any(line.strip() for line in source.lines())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
