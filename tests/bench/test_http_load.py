"""The Python load generator the web benchmark uses where wrk is not installed."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import http_load


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as gunicorn's gthread workers do
    seen: list[str]

    def do_GET(self) -> None:
        self.seen.append(self.headers.get("Cookie", ""))
        status = 404 if self.path == "/missing" else 200
        body = b"%PDF-1.4 letter"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Set-Cookie", "session=replaced")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A tiny keep-alive server on 127.0.0.1; yields its address and the cookies it was sent."""
    seen: list[str] = []
    handler = type("Handler", (_Handler,), {"seen": seen})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_it_measures_requests_and_sends_each_prepared_cookie(server):
    """A run counts answers and their latency, rotating through the cookies it was given."""
    base, seen = server
    result = http_load.run(f"{base}/letter.pdf", ["session=a", "session=b"], 0.5, connections=2)
    assert result.requests > 10
    assert result.requests == len(seen)
    assert set(seen) == {"session=a", "session=b"}  # never the server's Set-Cookie
    assert 0 < result.p50_ms <= result.p99_ms
    assert 0.5 <= result.seconds < 2
    assert (result.bad_status, result.socket_errors) == (0, 0)


def test_it_counts_refused_answers_and_dead_servers(server):
    """A 404 counts as a bad status; a port nobody listens on as a socket error."""
    base, _seen = server
    assert http_load.run(f"{base}/missing", [], 0.2, connections=1).bad_status > 0
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dead = http_load.run(f"http://127.0.0.1:{port}/", [], 0.2, connections=1, timeout=1)
    assert dead.requests == 0
    assert dead.socket_errors > 0
