"""Opening source files: plain or gzip, read as UTF-8 lines, checksummed."""

from __future__ import annotations

import gzip
import hashlib
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, cast

from genegraph.db.ingest.errors import LoadError

GZIP_MAGIC = b"\x1f\x8b"
# Compressed bytes read at a time: GzipFile's own step, so a truncated or corrupt file
# fails about where it did when it was read through GzipFile.
GZIP_STEP = 8192
GZIP_WBITS = 31  # zlib's window bits for the gzip wrapper (header and CRC checked)


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
        self._elsewhere: int | None = None

    @property
    def position(self) -> int:
        return self._raw.tell() if self._elsewhere is None else self._elsewhere

    def reached_elsewhere(self, position: int) -> None:
        """The position another process reading this file has reached (parse/in_child.py):
        ``position`` reports it from now on."""
        self._elsewhere = position

    def lines(self) -> Iterator[str]:
        """Each line without its line break; ``self.line`` is its number."""
        try:
            if not self.gzipped:
                yield from self._checked(self.binary)
                return
            for block in self._gzip_blocks():
                # A block of lines decoded and checked at once (a call per line costs);
                # one with a bad byte or a NUL again line by line, for the line's number.
                try:
                    text = b"\n".join(block).decode("utf-8")
                except UnicodeDecodeError:
                    text = "\x00"
                if "\x00" in text:
                    yield from self._checked(block)
                    continue
                for line in text.split("\n") if "\r" not in text else map(_unbroken, block):
                    self.line += 1
                    yield line
        except (EOFError, gzip.BadGzipFile, zlib.error) as error:
            raise LoadError(
                self.name, self.line + 1, f"truncated or corrupt gzip data ({error})"
            ) from None

    def _checked(self, raw_lines: Iterable[bytes]) -> Iterator[str]:
        # Decoded line by line, not through a TextIOWrapper: that decodes whole chunks, so
        # a bad byte would be reported on the first line of its chunk, not its own.
        for raw_line in raw_lines:
            self.line += 1
            try:
                line = raw_line.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as error:
                raise LoadError(self.name, self.line, f"not UTF-8 text ({error.reason})") from None
            if "\x00" in line:
                # Not text; and PostgreSQL cannot store NUL in a text column.
                raise LoadError(
                    self.name, self.line, f"NUL byte at column {line.index(chr(0)) + 1}"
                )
            yield line

    def _gzip_blocks(self) -> Iterator[list[bytes]]:
        """The un-gzipped lines (without their b"\\n"), decompressed here step by step and
        given a step's lines at a time: GzipFile's ``readline`` costs about 1 µs of Python
        per line, this a split per step. Every member of a multi-member file is read; zero
        padding after the last is allowed, as GzipFile allows it."""
        decompressor, fed = zlib.decompressobj(GZIP_WBITS), False
        pending: list[bytes] = []  # the start of a line not yet ended
        while block := self._raw.read(GZIP_STEP):
            while block:
                if decompressor.eof:  # a member has ended: the next one, or padding
                    block = block.lstrip(b"\x00")
                    if not block:
                        break
                    decompressor, fed = zlib.decompressobj(GZIP_WBITS), False
                data = decompressor.decompress(block)
                fed = True
                block = decompressor.unused_data if decompressor.eof else b""
                lines = data.split(b"\n")
                if len(lines) == 1:
                    pending.append(data)
                    continue
                pending.append(lines[0])
                lines[0] = b"".join(pending)
                rest = lines.pop()
                pending = [rest] if rest else []
                yield lines
        if fed and not decompressor.eof:
            raise EOFError("Compressed file ended before the end-of-stream marker was reached")
        if pending:
            yield [b"".join(pending)]

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


def _unbroken(raw_line: bytes) -> str:
    return raw_line.decode("utf-8").rstrip("\r\n")


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
