"""No request holds a gthread worker for ever: past REQUEST_TIMEOUT_SECONDS it is stopped with a
503, and one stuck where no exception reaches it ends its worker, which gunicorn replaces."""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from procfile_server import procfile_gunicorn

from webapp.hard_timeout import GRACE_SECONDS

LIMIT_SECONDS = 1


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """gunicorn (Procfile line, one gthread worker with two threads) with a 1 s request limit."""
    with procfile_gunicorn(
        tmp_path_factory.mktemp("timeout"),
        {"REQUEST_TIMEOUT_SECONDS": str(LIMIT_SECONDS)},
        app="timeout_app:make()",
        pythonpath=Path(__file__).parent,
    ) as port:
        base = f"http://127.0.0.1:{port}"
        wait_until_answering(base)
        yield base


def wait_until_answering(base: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
    pytest.fail("the server did not answer")


def test_a_request_looping_for_ever_is_stopped_with_a_503(base):
    """A runaway request is stopped (gthread's own timeout would never fire) and the worker
    goes on serving."""
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(base + "/_spin", timeout=LIMIT_SECONDS + GRACE_SECONDS + 10)
    assert refused.value.code == 503
    assert "This took too long, so we stopped it" in refused.value.read().decode()
    with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
        assert response.status == 200


def test_a_request_stuck_in_c_code_ends_its_worker_and_a_new_one_serves(base):
    """Nothing can interrupt a call stuck in C; the worker exits and gunicorn starts another."""
    try:
        urllib.request.urlopen(base + "/_block", timeout=LIMIT_SECONDS + GRACE_SECONDS + 10)
    except TimeoutError:
        pytest.fail("the stuck request still held its worker")
    except (OSError, http.client.HTTPException):
        pass  # the connection closed without an answer: the worker exited
    else:
        pytest.fail("the stuck request answered")
    wait_until_answering(base)
