"""The app as the Procfile serves it (gunicorn with gunicorn.conf.py): headers and 413 handling."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from procfile_server import procfile_gunicorn


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """gunicorn serving the app on a fresh SQLite database; yields its port."""
    with procfile_gunicorn(
        tmp_path_factory.mktemp("gunicorn"), {"MAX_CONTENT_LENGTH": "1024"}
    ) as port:
        yield port


def exchange(port: int, request: bytes) -> tuple[str, bytes, bool]:
    """Send a raw request; returns (head, body, whether the server then closed the socket)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            data += sock.recv(65536)
        head, _, body = data.partition(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        while len(body) < length:
            body += sock.recv(65536)
        sock.settimeout(1)
        try:
            closed = sock.recv(1) == b""
        except TimeoutError:
            closed = False
        except ConnectionResetError:
            closed = False  # a reset is not a clean close
        return head.decode("latin-1"), body, closed


def headers(head: str) -> dict[str, str]:
    """Header names (lower case) to values."""
    lines = head.split("\r\n")[1:]
    return {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines)}


def test_no_server_product_header(server):
    """gunicorn as the Procfile runs it sends no `Server:` header naming itself."""
    head, _, _ = exchange(server, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    assert head.startswith("HTTP/1.1 200")
    assert "server" not in headers(head)


def test_a_refused_body_closes_the_connection_cleanly(server):
    """A 413 says `Connection: close`, sends its page, and then closes (not keep-alive)."""
    body = b"x" * 4096
    request = (
        b"POST /find-your-mp HTTP/1.1\r\nHost: x\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: %d\r\n\r\n" % len(body)
    ) + body
    head, page, closed = exchange(server, request)
    assert head.startswith("HTTP/1.1 413")
    assert headers(head)["connection"] == "close"
    assert b"That was too much text" in page
    assert closed


def test_staff_pages_are_not_stored_by_any_cache(server):
    """The staff sign-in page (and every staff page) says `Cache-Control: no-store`."""
    head, _, _ = exchange(server, b"GET /staff/login HTTP/1.1\r\nHost: x\r\n\r\n")
    assert headers(head)["cache-control"] == "no-store"
