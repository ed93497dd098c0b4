"""Processes the lab starts, and what they cost: CPU time and peak resident memory read
from /proc for a whole process tree (uvicorn's workers are children of its parent)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    # The command name may hold spaces; fields after it are fixed.
    return text[text.rindex(")") + 2 :].split()


def _all_pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def tree(root: int) -> list[int]:
    """``root`` and all its descendants."""
    children: dict[int, list[int]] = {}
    for pid in _all_pids():
        fields = _stat_fields(pid)
        if fields is not None:
            children.setdefault(int(fields[1]), []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def cpu_seconds(pids: Iterable[int]) -> dict[int, float]:
    """User + system CPU time of each process still alive."""
    times = {}
    for pid in pids:
        fields = _stat_fields(pid)
        if fields is not None:
            times[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return times


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two readings; processes born in between count whole."""
    return sum(t - before.get(pid, 0.0) for pid, t in after.items())


def reset_peak_rss(pids: Iterable[int]) -> None:
    """Start each process's high-water mark (VmHWM) afresh (Linux: clear_refs 5)."""
    for pid in pids:
        with contextlib.suppress(OSError):  # gone already
            Path(f"/proc/{pid}/clear_refs").write_text("5")


def peak_rss_mb(pids: Iterable[int]) -> dict[int, float]:
    return status_mb(pids, "VmHWM")


def status_mb(pids: Iterable[int], field: str) -> dict[int, float]:
    """A memory figure of /proc/PID/status (VmRSS, VmHWM) of each process still running."""
    figures = {}
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith(field + ":"):
                figures[pid] = int(line.split()[1]) / 1024
    return figures


def postgres_backends(database: str) -> list[int]:
    """PostgreSQL's server processes serving ``database`` (their titles name it)."""
    marker = f" {database} ".encode()
    found = []
    for pid in _all_pids():
        try:
            title = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if title.startswith(b"postgres: ") and marker in title:
            found.append(pid)
    return found


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages, as a bench prints them."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return float(sum(fields) - idle), float(sum(fields))


@dataclass
class Server:
    """A server process the lab started, in a process group of its own."""

    name: str
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    @property
    def pids(self) -> list[int]:
        return tree(self.process.pid)

    def wait_idle(
        self, database: str | None = None, cores: float = 0.15, timeout: float = 300
    ) -> float:
        """Wait until the server's processes, and PostgreSQL's for ``database``, have used
        less than ``cores`` for two seconds in a row: work the server starts by itself (such
        as genegraph's enrichment warm-up) is done. Returns the seconds waited."""
        started = time.monotonic()
        quiet = 0
        while quiet < 2 and time.monotonic() - started < timeout:
            pids = self.pids + (postgres_backends(database) if database else [])
            before = cpu_seconds(pids)
            time.sleep(1)
            quiet = quiet + 1 if cpu_used(before, cpu_seconds(pids)) < cores else 0
        return time.monotonic() - started

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def start(
    name: str,
    command: list[str],
    url: str,
    ready: str,
    log: Path,
    env: dict[str, str],
    cwd: Path | None = None,
) -> Server:
    """Start ``command`` and wait until GET ``ready`` answers (any HTTP status below 500
    but 404 counts: PostGraphile answers GET /graphql with 405)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **env},
            cwd=cwd,
            start_new_session=True,
        )
    server = Server(name, process, url, log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with {process.returncode}; see {log}")
        try:
            urllib.request.urlopen(ready, timeout=2).close()
            return server
        except urllib.error.HTTPError as error:
            if error.code < 500 and error.code != 404:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"{name} did not answer {ready} within 120 s; see {log}")


class ParallelWorkers(threading.Thread):
    """The CPU of a PostgreSQL backend's parallel workers (``postgres: parallel worker for
    PID n``), each one's last reading kept, sampled every 20 ms while running (a few ms of a
    worker may be missed)."""

    def __init__(self, backend: int) -> None:
        super().__init__(daemon=True)
        self.title = f"parallel worker for PID {backend}".encode()
        self.readings: dict[int, float] = {}
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.02):
            for pid in _all_pids():
                try:
                    command = Path(f"/proc/{pid}/cmdline").read_bytes()
                except OSError:
                    continue
                if self.title in command:
                    self.readings.update(cpu_seconds([pid]))

    def stop(self) -> dict[int, float]:
        """Stop sampling; each worker's CPU seconds."""
        self.stopped.set()
        self.join()
        return self.readings
