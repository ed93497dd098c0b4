"""Progress of a fetch: a rich bar per file on a terminal (bytes, rate, time left), a
line per file otherwise."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import IO, Protocol

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

Advance = Callable[[int], None]


class FetchProgress(Protocol):
    def bar(
        self, name: str, total: int | None, start: int
    ) -> contextlib.AbstractContextManager[Advance]: ...

    def done(self, name: str, url: str, size: int) -> None: ...

    def unchanged(self, name: str, url: str) -> None: ...


def _ignore(count: int) -> None:
    return None


class Lines:
    """A line per file, for logs and cron mail."""

    def __init__(self, stream: IO[str] = sys.stderr) -> None:
        self.stream = stream

    @contextlib.contextmanager
    def bar(self, name: str, total: int | None, start: int) -> Iterator[Advance]:
        if start:
            print(f"genegraph: resuming {name} at byte {start:,}", file=self.stream, flush=True)
        yield _ignore

    def done(self, name: str, url: str, size: int) -> None:
        print(f"genegraph: fetched {name} ({size:,} bytes) from {url}", file=self.stream)

    def unchanged(self, name: str, url: str) -> None:
        print(f"genegraph: {name} unchanged at {url}", file=self.stream)


class Bars(Lines):
    """A rich progress bar while a file downloads; the same lines once it is done."""

    def __init__(self, console: Console) -> None:
        super().__init__(console.file)
        self.console = console

    @contextlib.contextmanager
    def bar(self, name: str, total: int | None, start: int) -> Iterator[Advance]:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(bar_width=24),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        ) as bars:
            task = bars.add_task(name, total=total, completed=start)
            yield lambda count: bars.advance(task, count)


def for_terminal() -> FetchProgress:
    console = Console(stderr=True)
    return Bars(console) if console.is_terminal else Lines()
