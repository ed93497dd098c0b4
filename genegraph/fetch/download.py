"""Downloading source files into a folder, one at a time: resumable, conditional and
checked.

A file is written under ``DEST/.partial/`` and moved into ``DEST`` only once complete
and checked (its size is what the server announced; a gzip file is read to its end).
An interrupted file is continued with an HTTP ``Range`` request (``If-Range`` its
validator, so a file changed meanwhile starts over). The ``ETag`` and ``Last-Modified``
of each file are kept in ``DEST/.genegraph-fetch.json``: the next fetch asks with
``If-None-Match``/``If-Modified-Since`` and skips what has not changed (HTTP 304).
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import http.client
import json
import os
import re
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from genegraph.fetch.mirror import mirrored
from genegraph.fetch.progress import FetchProgress
from genegraph.fetch.sources import RemoteFile

STATE = ".genegraph-fetch.json"
PARTIAL = ".partial"
CHUNK = 1 << 16
TIMEOUT_SECONDS = 60
ATTEMPTS = 3  # per file: the first request and two resumptions after a cut connection
USER_AGENT = "genegraph-fetch"
HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")


class FetchError(Exception):
    """A file could not be fetched: names its URL (or file) and the problem."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where, self.problem = where, problem


@dataclass(frozen=True, slots=True)
class Fetched:
    file: RemoteFile
    url: str  # where it was fetched from (the mirror's URL with a mirror)
    path: Path
    changed: bool  # False: the server said it has not changed since the last fetch
    size: int


class _Cut(Exception):
    """The connection ended before the whole file came."""


def fetch_all(
    files: Sequence[RemoteFile],
    dest: Path,
    *,
    mirror: str | None = None,
    progress: FetchProgress,
) -> list[Fetched]:
    """Fetch ``files`` into ``dest`` in order; the first failure stops (raising
    FetchError), leaving the files fetched before it in place."""
    try:
        (dest / PARTIAL).mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FetchError(str(dest), f"cannot create the folder: {error.strerror}") from None
    return [_fetch_one(file, mirrored(file.url, mirror), dest, progress) for file in files]


def _fetch_one(file: RemoteFile, url: str, dest: Path, progress: FetchProgress) -> Fetched:
    target = dest / file.name
    partial = dest / PARTIAL / file.name
    partial_meta = dest / PARTIAL / f"{file.name}.json"
    known = _read_json(dest / STATE).get(file.name, {})
    made_progress = True
    for _attempt in range(ATTEMPTS):
        if not made_progress:
            break
        offset = partial.stat().st_size if partial.exists() and partial_meta.exists() else 0
        resume = _read_json(partial_meta) if offset else {}
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if offset and (resume.get("etag") or resume.get("last_modified")):
            headers["Range"] = f"bytes={offset}-"
            headers["If-Range"] = resume.get("etag") or resume["last_modified"]
        elif target.exists() and known.get("url") == url:
            offset = 0
            if known.get("etag"):
                headers["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                headers["If-Modified-Since"] = known["last_modified"]
        else:
            offset = 0
        try:
            with _open(url, headers) as response:
                if response is None:  # 304 Not Modified
                    progress.unchanged(file.name, url)
                    return Fetched(file, url, target, False, target.stat().st_size)
                total, offset = _expected(url, response, offset)
                validators = {
                    "url": url,
                    "etag": response.headers.get("ETag"),
                    "last_modified": response.headers.get("Last-Modified"),
                }
                _write_json(partial_meta, validators)
                before = offset
                try:
                    received = _receive(url, response, partial, offset, total, file, progress)
                except _Cut:
                    received = partial.stat().st_size
                    made_progress = received > before
                    continue
        except urllib.error.HTTPError as error:
            if error.code == 416 and offset:  # the partial already holds all there is
                raise FetchError(
                    url,
                    f"size mismatch: the server sent {offset:,} bytes and says there are no "
                    "more, short of the Content-Length it announced",
                ) from None
            raise FetchError(url, f"HTTP {error.code} {error.reason}") from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
            reason = getattr(error, "reason", None) or error
            raise FetchError(url, f"cannot connect: {reason}") from None
        _check(url, partial, received, total, file)
        os.replace(partial, target)
        partial_meta.unlink(missing_ok=True)
        state = _read_json(dest / STATE)
        state[file.name] = {**validators, "size": received}
        _write_json(dest / STATE, state)
        progress.done(file.name, url, received)
        return Fetched(file, url, target, True, received)
    size = partial.stat().st_size if partial.exists() else 0
    raise FetchError(
        url,
        f"size mismatch or connection lost: received {size:,} bytes, short of the "
        f"Content-Length the server announced, after {ATTEMPTS} attempts; the partial file "
        f"is kept in {dest / PARTIAL} and the next fetch continues it",
    )


@contextlib.contextmanager
def _open(url: str, headers: dict[str, str]) -> Iterator[http.client.HTTPResponse | None]:
    request = urllib.request.Request(url, headers=headers)
    try:
        response = urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS)
    except urllib.error.HTTPError as error:
        if error.code == 304:
            error.close()
            yield None
            return
        raise
    with response:
        yield response


def _expected(url: str, response: http.client.HTTPResponse, offset: int) -> tuple[int | None, int]:
    """The file's whole size (None when the server does not say) and the offset the body
    starts at: ``offset`` for a 206 continuing the partial file, 0 for a whole file."""
    content_type = response.headers.get("Content-Type", "")
    if content_type.startswith("text/html"):
        raise FetchError(url, f"the server sent an HTML page ({content_type}), not the file")
    if response.status == 206:
        match = re.fullmatch(r"bytes (\d+)-\d+/(\d+)", response.headers.get("Content-Range", ""))
        if match is None or int(match[1]) != offset:
            raise FetchError(url, f"bad Content-Range for bytes={offset}-")
        return int(match[2]), offset
    length = response.headers.get("Content-Length")
    return (int(length) if length and length.isdigit() else None), 0


def _receive(
    url: str,
    response: http.client.HTTPResponse,
    partial: Path,
    offset: int,
    total: int | None,
    file: RemoteFile,
    progress: FetchProgress,
) -> int:
    """Write the body to ``partial`` from ``offset``; the bytes now in it."""
    received = offset
    with progress.bar(file.name, total, offset) as advance:
        try:
            handle: IO[bytes] = partial.open("ab" if offset else "wb")
        except OSError as error:
            raise _disk_error(url, partial, error) from None
        with handle:
            first = offset == 0
            while True:
                try:
                    chunk = response.read(CHUNK)
                except (http.client.IncompleteRead, ConnectionError, TimeoutError) as error:
                    if isinstance(error, http.client.IncompleteRead) and error.partial:
                        _write(url, partial, handle, error.partial)
                        received += len(error.partial)
                    raise _Cut from None
                if not chunk:
                    break
                if first:
                    first = False
                    if chunk.lstrip()[:16].lower().startswith(HTML_STARTS):
                        raise FetchError(url, "the server sent an HTML page, not the file")
                _write(url, partial, handle, chunk)
                received += len(chunk)
                advance(len(chunk))
    if total is not None and received < total:
        raise _Cut  # http.client ends a short body quietly: the connection was cut
    return received


def _write(url: str, partial: Path, handle: IO[bytes], chunk: bytes) -> None:
    try:
        handle.write(chunk)
        handle.flush()
    except OSError as error:
        raise _disk_error(url, partial, error) from None


def _disk_error(url: str, partial: Path, error: OSError) -> FetchError:
    if error.errno == errno.ENOSPC:
        return FetchError(
            url, f"disk full writing {partial}: free space and fetch again (it resumes)"
        )
    return FetchError(url, f"cannot write {partial}: {error.strerror or error}")


def _check(url: str, partial: Path, received: int, total: int | None, file: RemoteFile) -> None:
    """A complete file: as long as announced, and a gzip file whole to its end. A file
    that fails is deleted: resuming it would only add to bad data."""
    problem = None
    if total is not None and received != total:
        problem = f"size mismatch: Content-Length announced {total:,} bytes, received {received:,}"
    elif file.name.endswith(".gz"):
        problem = gzip_problem(partial)
    if problem is not None:
        partial.unlink(missing_ok=True)
        raise FetchError(url, problem)


def gzip_problem(path: Path) -> str | None:
    """Why ``path`` is not a whole gzip file, or None: it is read to its end."""
    try:
        with gzip.open(path, "rb") as stream:
            while stream.read(1 << 20):
                pass
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        return f"truncated or corrupt gzip data ({error or type(error).__name__})"
    return None


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_json(path: Path, data: dict[str, Any]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        raise _disk_error(str(path), path, error) from None
