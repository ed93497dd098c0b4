"""A local mirror of genegraph's sources for tests: the real-data kit laid out as the
real sites are (``M/HOST/PATH``), served by ``http.server`` on 127.0.0.1 with what a
real server does that ``SimpleHTTPRequestHandler`` does not (``Range``, ``ETag``,
``Last-Modified``, conditional GET, the GO PURL's redirect) and faults on demand."""

from __future__ import annotations

import email.utils
import gzip
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

NCBI = "ftp.ncbi.nlm.nih.gov/gene/DATA"
GO_PURL = "purl.obolibrary.org/obo/go/go-basic.obo"
GO_CURRENT = "current.geneontology.org/ontology/go-basic.obo"
GENE_INFO = {
    "Homo_sapiens.gene_info.gz": "Mammalia",
    "Mus_musculus.gene_info.gz": "Mammalia",
    "Rattus_norvegicus.gene_info.gz": "Mammalia",
}


def build_mirror(kit: Path, root: Path) -> Path:
    """``root`` laid out as the real sites, from the kit's files."""
    data = root / NCBI
    (data / "GENE_INFO" / "Mammalia").mkdir(parents=True)
    for name, group in GENE_INFO.items():
        (data / "GENE_INFO" / group / name).symlink_to(kit / name)
    # NCBI's gene2go holds every species: the kit's human and mouse files, header once.
    with gzip.open(data / "gene2go.gz", "wb", compresslevel=1) as out:
        for number, name in enumerate(("gene2go.gz", "Mus_musculus.gene2go.gz")):
            with gzip.open(kit / name, "rb") as part:
                header = part.readline()
                if number == 0:
                    out.write(header)
                shutil.copyfileobj(part, out)
    (data / "gene_orthologs.gz").symlink_to(kit / "gene_orthologs.gz")
    with (
        (kit / "gene_history.tsv").open("rb") as plain,
        gzip.open(data / "gene_history.gz", "wb") as out,
    ):
        shutil.copyfileobj(plain, out)
    ontology = root / GO_CURRENT
    ontology.parent.mkdir(parents=True)
    with gzip.open(kit / "go-basic.obo.gz", "rb") as packed, ontology.open("wb") as out:
        shutil.copyfileobj(packed, out)
    annotations = root / "current.geneontology.org" / "annotations"
    annotations.mkdir(parents=True)
    (annotations / "rgd.gaf.gz").symlink_to(kit / "rgd.gaf.gz")
    return root


@dataclass
class Fault:
    """What the server does wrong for a path: ``cut`` (close after half the file,
    ``times`` times), ``length`` (announce 100 bytes more than it sends), ``html`` (an
    HTML page, status 200), ``corrupt`` (the file's bytes with its middle zeroed)."""

    kind: str
    times: int = 1_000_000


@dataclass
class MirrorServer:
    root: Path
    url: str = ""
    faults: dict[str, Fault] = field(default_factory=dict)  # by path, "HOST/PATH"
    requests: list[tuple[str, int, dict[str, str]]] = field(default_factory=list)

    def requested(self, path: str) -> list[tuple[int, dict[str, str]]]:
        return [(status, headers) for p, status, headers in self.requests if p == path]


class _Handler(http.server.BaseHTTPRequestHandler):
    mirror: MirrorServer

    _path = ""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._path = self.path.lstrip("/").split("?")[0]
        self._answer(self._path)

    def send_response(self, code: int, message: str | None = None) -> None:
        # Recorded before the client can read the answer, so a test sees it at once.
        self.mirror.requests.append((self._path, code, dict(self.headers.items())))
        super().send_response(code, message)

    def _answer(self, path: str) -> int:
        if path == GO_PURL:
            self.send_response(302)
            self.send_header("Location", f"{self.mirror.url}/{GO_CURRENT}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return 302
        file = self.mirror.root / path
        if ".." in path or not file.is_file():
            self.send_error(404)
            return 404
        fault = self.mirror.faults.get(path)
        if fault is not None and fault.times > 0:
            fault.times -= 1
        else:
            fault = None
        stat = file.stat()
        etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"'
        modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        body = file.read_bytes()
        if fault is not None and fault.kind == "html":
            page = b"<!DOCTYPE html><html><body>Mirror maintenance</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)
            return 200
        if fault is not None and fault.kind == "corrupt":
            middle = len(body) // 2
            body = body[:middle] + bytes(4096) + body[middle + 4096 :]
            etag = '"corrupt"'
        unchanged = self.headers.get("If-None-Match") == etag or (
            "If-None-Match" not in self.headers
            and self.headers.get("If-Modified-Since") == modified
        )
        if fault is None and unchanged:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return 304
        start = 0
        ranged = self.headers.get("Range", "")
        if ranged.startswith("bytes=") and self.headers.get("If-Range") in (etag, modified):
            start = int(ranged.removeprefix("bytes=").split("-")[0])
            if start >= len(body):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(body)}")
                self.end_headers()
                return 416
        status = 206 if start else 200
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        length = len(body) - start
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        announced = length + 100 if fault is not None and fault.kind == "length" else length
        self.send_header("Content-Length", str(announced))
        self.end_headers()
        if fault is not None and fault.kind == "cut":
            self.wfile.write(body[start : start + length // 2])
            self.wfile.flush()
            self.close_connection = True
            return status
        self.wfile.write(body[start:])
        return status


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that aborts a download on purpose (the fetch tests do) cuts the
        # connection while the mirror writes: expected, so not a traceback in the test log.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextmanager
def serving(root: Path) -> Iterator[MirrorServer]:
    """The mirror served on 127.0.0.1 (a free port) in a thread, for the ``with`` block."""
    mirror = MirrorServer(root)
    handler = type("Handler", (_Handler,), {"mirror": mirror})
    server = _Server(("127.0.0.1", 0), handler)
    host, port = server.server_address[:2]
    mirror.url = f"http://{host!s}:{port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield mirror
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
