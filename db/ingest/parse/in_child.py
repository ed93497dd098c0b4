"""Parsing a large file in a child process, so that on two cores the parsing overlaps the
load's own work (matching genes, writing batches) and the database's.

The child (``python -m genegraph.db.ingest.parse.in_child FORMAT PATH``) runs the format's
parser, the same one a load runs in its own process for a small file, and writes the
records to its stdout in frames of ``FRAME``, each record as a plain tuple: pickling a
NamedTuple or a dataclass costs 15-30x more. The load rebuilds each as its record type.

- A ``LoadError`` in the child is sent as a frame and raised again in the load, with the
  same file, line and problem.
- The pipe holds about a megabyte (a few frames): a child that far ahead of the load
  waits, so memory stays bounded however large the file.
- A child that dies (killed, or a bug) fails the load with a ``LoadError`` naming the
  file, and the load's transaction rolls back. A load that fails or dies takes its child
  with it: ``records`` kills it on the way out, and a child whose load has gone ends at
  its next write (a broken pipe).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import IO, Any

import genegraph
from genegraph.db.ingest import faults
from genegraph.db.ingest.errors import LoadError
from genegraph.db.ingest.parse import gaf, gene2go, gene_info, orthology
from genegraph.db.ingest.parse.files import SourceFile

MODULE = "genegraph.db.ingest.parse.in_child"
# Record types by format (release.SourceFormat's values), with the parser that yields them.
READERS: dict[str, tuple[Callable[[SourceFile], Iterator[Any]], type[tuple[Any, ...]]]] = {
    "gene-info": (gene_info.read_gene_info, gene_info.GeneInfoRow),
    "gene2go": (gene2go.read_gene2go, gene2go.Gene2GoRow),
    "gaf": (gaf.read_gaf, gaf.GafRow),
    "gene-orthologs": (orthology.read_gene_orthologs, orthology.OrthologPair),
    "homologene": (orthology.read_homologene, orthology.HomologeneRow),
}
FRAME = 5000  # records per frame: the load's batch (store/bulk.py)
# Files from this size on (bytes on disk) are parsed in a child; None: none is. On an idle
# 2-core machine a 10x load was 4-8 % faster with children in three alternating pairs, for
# 6-16 % more CPU in all (BENCHMARKS.md, issue #16, fourteenth session); on a machine whose
# cores are taken the third process has nowhere to run. The kit's files (1-4 MB) stay in
# process: a child pays off over a long file. GENEGRAPH_PARSE_IN_CHILD_FROM sets another
# size in bytes (tests: 0, every file), or ``off``; checked when a load starts, read again
# at each file.
ENVIRONMENT = "GENEGRAPH_PARSE_IN_CHILD_FROM"
DEFAULT_FROM_BYTES = 8 << 20


def threshold(setting: str | None) -> int | None:
    """The size from which files are parsed in a child (None: no file is), from the
    environment's ``setting``; ValueError naming the variable if it is neither."""
    text = (setting or "").strip()
    if not text:
        return DEFAULT_FROM_BYTES
    if text.lower() == "off":
        return None
    if text.isdigit():
        return int(text)
    raise ValueError(f"{ENVIRONMENT} must be a size in bytes or off, not {setting!r}")


def configured_threshold() -> int | None:
    """``threshold`` as the environment sets it now."""
    return threshold(os.environ.get(ENVIRONMENT))


PIPE_BYTES = 1 << 20  # Linux's default ceiling for an unprivileged process's pipe
# Test-only fault point of the child (faults.py): it kills itself once it has sent a frame.
FAULT_POINT = "parser"


@contextlib.contextmanager
def records(file: SourceFile, kind: str) -> Iterator[Iterator[Any]]:
    """The records of ``file`` in format ``kind`` (a key of ``READERS``), parsed in a child
    process if the file is that large (``threshold``), else here; the child is ended when
    the block is left."""
    read, record_type = READERS[kind]
    from_bytes = configured_threshold()
    if from_bytes is None or file.size < from_bytes:
        yield read(file)
        return
    root = os.path.dirname(os.path.dirname(os.path.abspath(genegraph.__file__)))
    path = os.environ.get("PYTHONPATH")
    # -P: the current folder, which ``-m`` would put first on the path, may hold another
    # checkout's genegraph; the child imports the load's own, by PYTHONPATH.
    child = subprocess.Popen(
        [sys.executable, "-P", "-m", MODULE, kind, file.name],
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": root if not path else f"{root}{os.pathsep}{path}"},
    )
    assert child.stdout is not None
    try:
        _widen(child.stdout)
        yield _received(file, record_type, child)
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()


def _received(
    file: SourceFile, record_type: type[tuple[Any, ...]], child: subprocess.Popen[bytes]
) -> Iterator[Any]:
    assert child.stdout is not None
    rebuild = partial(tuple.__new__, record_type)
    while True:
        try:
            frame = pickle.load(child.stdout)
        except (EOFError, pickle.UnpicklingError):
            raise LoadError(
                file.name, None, f"its parsing process ended early ({_ending(child.wait())})"
            ) from None
        if frame[0] == "rows":
            file.reached_elsewhere(frame[1])
            yield from map(rebuild, frame[2])
        elif frame[0] == "error":
            raise LoadError(frame[1], frame[2], frame[3])
        else:
            return


def _ending(code: int) -> str:
    if code < 0:
        return f"killed by {signal.Signals(-code).name}"
    return f"exit status {code}"


def _widen(pipe: IO[bytes]) -> None:
    """Let the pipe hold a few frames, so the child parses on while the load works."""
    with contextlib.suppress(OSError, ImportError, AttributeError):  # Linux only
        import fcntl

        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def main(kind: str, path: str) -> int:
    """The child: parse ``path`` and write its frames to stdout."""
    read, _ = READERS[kind]
    out = sys.stdout.buffer
    try:
        with SourceFile(Path(path)) as file:
            frame: list[tuple[Any, ...]] = []
            for record in read(file):
                frame.append(tuple(record))
                if len(frame) == FRAME:
                    _send(out, ("rows", file.position, frame))
                    frame = []
                    faults.reached(FAULT_POINT)
            _send(out, ("rows", file.position, frame))
            faults.reached(FAULT_POINT)
            _send(out, ("end",))
    except LoadError as error:
        _send(out, ("error", error.path, error.line, error.problem))
    return 0


def _send(out: IO[bytes], frame: tuple[Any, ...]) -> None:
    pickle.dump(frame, out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()  # the whole frame to the load now, not when the next one fills the buffer


if __name__ == "__main__":
    try:
        sys.exit(main(*sys.argv[1:]))
    except BrokenPipeError:
        # The load has ended or died: no one to tell. (os._exit: flushing stdout at exit
        # would fail again.)
        os._exit(1)
