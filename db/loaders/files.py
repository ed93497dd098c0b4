"""Opening source files: plain or gzip, read as UTF-8 lines, checksummed."""

from __future__ import annotations

import gzip
import hashlib
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, cast

from db.loaders.errors import LoadError

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
        text = io.TextIOWrapper(self.binary, encoding="utf-8", newline="")
        try:
            for raw_line in text:
                self.line += 1
                yield raw_line.rstrip("\r\n")
        except UnicodeDecodeError as error:
            raise LoadError(self.name, self.line + 1, f"not UTF-8 text ({error.reason})") from None
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


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
