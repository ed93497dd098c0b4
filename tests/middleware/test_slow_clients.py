"""Slow clients ("slowloris") against a running `genegraph serve`: a request line and
headers, or a body, sent a byte at a time, are answered 408 and disconnected after
$GENEGRAPH_CLIENT_TIMEOUT (1 s here), while other clients are answered as usual.

Without genegraph.middleware.head_timeout, uvicorn kept such connections open indefinitely. These
cases are about the HTTP layer only, so one backend (SQLite) serves them."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.helpers.releases import RELEASES, stamped
from tests.helpers.servers import running_server

TIMEOUT = 1.0
# The longest a test waits for an answer: far beyond the timeout, so a busy machine
# cannot fail a test, yet a server that never answers does.
PATIENCE = 60.0
HEAD = b"POST /graphql HTTP/1.1\r\nHost: genegraph\r\nContent-Type: application/json\r\n"
QUERY = b'{"query": "{ __typename }"}'


@pytest.fixture(scope="module")
def server_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("slow") / "server.log"


@pytest.fixture(scope="module")
def server(server_log: Path) -> Iterator[tuple[str, int]]:
    url = f"sqlite+aiosqlite:///{server_log.parent / 'genegraph.sqlite'}"
    with running_server(url, server_log, env={"GENEGRAPH_CLIENT_TIMEOUT": str(TIMEOUT)}) as base:
        address = urlsplit(base)
        assert address.hostname is not None and address.port is not None
        yield address.hostname, address.port


@contextlib.contextmanager
def connection(server: tuple[str, int]) -> Iterator[socket.socket]:
    sock = socket.create_connection(server, timeout=PATIENCE)
    try:
        yield sock
    finally:
        sock.close()


def trickle(sock: socket.socket, data: bytes, stop: threading.Event) -> None:
    """Send ``data`` a byte every 0.2 s until the server closes or ``stop`` is set."""
    for byte in data:
        if stop.wait(0.2):
            return
        try:
            sock.sendall(bytes([byte]))
        except OSError:  # closed by the server: what the test waits for
            return


def answer_of(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection. A byte the client
    sends after the close makes the server's system reset the connection: the answer
    read before that counts."""
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except ConnectionResetError:
        if not received:
            raise
    return received


def timed_out(answer: bytes) -> None:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408"), answer
    [error] = json.loads(body)["errors"]
    assert error["extensions"] == {"code": "REQUEST_TIMEOUT", "maximum": TIMEOUT}
    assert "not received within 1 s" in error["message"]


def slowly(server: tuple[str, int], start: bytes, rest: bytes) -> bytes:
    stop = threading.Event()
    with connection(server) as sock:
        sock.sendall(start)
        sender = threading.Thread(target=trickle, args=(sock, rest, stop))
        sender.start()
        try:
            return answer_of(sock)
        finally:
            stop.set()
            sender.join()


def test_a_slow_body_is_answered_408(server: tuple[str, int]) -> None:
    # 200 bytes announced, sent a byte at a time: 40 s at this pace, if nothing stopped it.
    body = b'{"query": "{ __typename }", "variables": {"pad": "' + b"x" * 150 + b'"}}'
    head = HEAD + f"Content-Length: {len(body)}\r\n\r\n".encode()
    timed_out(slowly(server, head + body[:1], body[1:]))


def test_a_slow_chunked_body_is_answered_408(server: tuple[str, int]) -> None:
    chunk = b'{"query": "{ __typename }"}'
    head = HEAD + b"Transfer-Encoding: chunked\r\n\r\n"
    # One chunk, then the next chunk's size line a byte at a time, never finished.
    first = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    timed_out(slowly(server, head + first, b"1" * 200))


def test_a_slow_request_head_is_answered_408(server: tuple[str, int]) -> None:
    timed_out(slowly(server, b"POST /graphql HTTP/1.1\r\n", b"X-Slow: " + b"a" * 200))


def test_an_idle_connection_is_closed(server: tuple[str, int]) -> None:
    with connection(server) as sock:
        assert answer_of(sock) == b""  # closed without a word, as after a keep-alive


def test_other_clients_are_served_while_slow_ones_wait(server: tuple[str, int]) -> None:
    stop = threading.Event()
    socks = [socket.create_connection(server, timeout=PATIENCE) for _ in range(50)]
    answers: list[bytes] = []
    threads = []

    def slow_client(sock: socket.socket) -> None:
        sock.sendall(HEAD + b"Content-Length: 500\r\n\r\n{")
        sender = threading.Thread(target=trickle, args=(sock, b"x" * 400, stop))
        sender.start()
        answers.append(answer_of(sock))
        sender.join()

    try:
        for sock in socks:
            threads.append(threading.Thread(target=slow_client, args=(sock,)))
            threads[-1].start()
        host, port = server
        with httpx.Client(base_url=f"http://{host}:{port}", timeout=PATIENCE) as client:
            releases = client.post("/graphql", json={"query": RELEASES}).json()["data"]
            for _ in range(3):  # one kept-alive connection, several requests
                served = client.post(
                    "/graphql", content=QUERY, headers={"content-type": "application/json"}
                )
                assert served.json() == stamped({"__typename": "Query"}, releases["releases"][0])
        for thread in threads:
            thread.join(PATIENCE)
        assert len(answers) == 50  # each slow one got its answer
        for answer in answers:
            timed_out(answer)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        for sock in socks:
            sock.close()


def test_a_whole_request_sent_at_once_is_not_timed(server: tuple[str, int]) -> None:
    """A request sent well within the limit but slower than instantaneous is answered."""
    with connection(server) as sock:
        sock.sendall(HEAD + f"Content-Length: {len(QUERY)}\r\n".encode())
        time.sleep(TIMEOUT / 4)
        sock.sendall(b"Connection: close\r\n\r\n" + QUERY)
        answer = answer_of(sock)
    assert answer.startswith(b"HTTP/1.1 200"), answer
    host, port = server
    releases = httpx.post(f"http://{host}:{port}/graphql", json={"query": RELEASES}).json()
    stamp = releases["data"]["releases"][0]
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1]) == stamped({"__typename": "Query"}, stamp)


def test_a_client_leaving_before_its_body_is_whole_is_no_server_error(
    server: tuple[str, int], server_log: Path
) -> None:
    """It was an "Exception in ASGI application" (ClientDisconnect) and a 500 in the log."""
    marker = "left-early-" + str(time.monotonic_ns())
    with connection(server) as sock:
        sock.sendall(HEAD + f"X-Request-ID: {marker}\r\nContent-Length: 100\r\n\r\n{{".encode())
        time.sleep(TIMEOUT / 4)
    deadline = time.monotonic() + PATIENCE
    while marker not in server_log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    [line] = [json.loads(x) for x in server_log.read_text().splitlines() if marker in x]
    assert line["status"] == 499, line
    assert line["error_codes"] == [], line
    assert "Exception in ASGI application" not in server_log.read_text()
