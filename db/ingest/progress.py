"""Progress of a load: rich progress bars on a terminal, one line per file otherwise."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable, Iterator
from typing import Protocol, TypeVar

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import (
    Progress as RichProgress,
)

from genegraph.db.ingest.parse.files import SourceFile

T = TypeVar("T")


class Track(Protocol):
    """Wraps a file's row iterator, reporting progress as rows go by."""

    def __call__(self, items: Iterable[T], /) -> Iterator[T]: ...


EVERY = 2000  # rows between two progress updates


class Progress(Protocol):
    def track(self, file: SourceFile, label: str) -> contextlib.AbstractContextManager[Track]: ...


class _Quiet:
    """No output: for library use and tests."""

    @contextlib.contextmanager
    def track(self, file: SourceFile, label: str) -> Iterator[Track]:
        yield _identity


def _identity(items: Iterable[T]) -> Iterator[T]:
    return iter(items)


quiet: Progress = _Quiet()


class PlainLines:
    """One line per file, for logs: what is being loaded, then how many rows and how fast."""

    def __init__(self, stream: object = sys.stderr) -> None:
        self.stream = stream

    @contextlib.contextmanager
    def track(self, file: SourceFile, label: str) -> Iterator[Track]:
        print(f"genegraph: loading {file.name} ({label})", file=self.stream, flush=True)  # type: ignore[call-overload]
        yield _identity


class Bars:
    """A rich progress bar per file: bytes read, rows and rows per second."""

    def __init__(self, console: Console) -> None:
        self.bars = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(bar_width=20),
            DownloadColumn(),
            TextColumn("{task.fields[rows]:>10,} rows  {task.fields[rate]:>8,.0f} rows/s"),
            TimeElapsedColumn(),
            console=console,
        )

    def __enter__(self) -> Bars:
        self.bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.bars.stop()

    @contextlib.contextmanager
    def track(self, file: SourceFile, label: str) -> Iterator[Track]:
        task = self.bars.add_task(f"{file.path.name} ({label})", total=file.size, rows=0, rate=0.0)

        def counting(items: Iterable[T]) -> Iterator[T]:
            rows = 0
            for rows, item in enumerate(items, start=1):
                if rows % EVERY == 0:
                    self._update(task, file, rows)
                yield item
            self._update(task, file, rows)

        yield counting
        self.bars.update(task, completed=file.size)

    def _update(self, task: TaskID, file: SourceFile, rows: int) -> None:
        elapsed = self.bars.tasks[task].elapsed or 0.0
        self.bars.update(
            task, completed=file.position, rows=rows, rate=rows / elapsed if elapsed else 0.0
        )


def for_terminal() -> tuple[Progress, contextlib.AbstractContextManager[object]]:
    """Bars when stderr is a terminal, plain lines otherwise; and the context to run them in."""
    console = Console(stderr=True)
    if console.is_terminal:
        bars = Bars(console)
        return bars, bars
    return PlainLines(), contextlib.nullcontext()
