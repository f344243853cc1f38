"""gunicorn settings for the `web:` line of the Procfile (`gunicorn --config gunicorn.conf.py`).

Workers, threads and the port stay on the Procfile line, where the platform's variables are.
Each worker is warmed before its first request (post_worker_init: webapp/warm.py). This file
also changes two things gunicorn has no setting for, in the master before workers fork:

- no `Server: gunicorn` header: it tells an attacker which server (and so which bugs) to try;
- a 413 (body too large) says `Connection: close`: the app refused the body unread, so gunicorn
  closes the connection rather than read it, and must not first promise to keep it alive.
"""

from __future__ import annotations


def on_starting(server) -> None:
    """Adjust gunicorn's response headers once, before any worker is forked."""
    from gunicorn.http import wsgi

    default_headers = wsgi.Response.default_headers
    should_close = wsgi.Response.should_close

    def headers_without_server(self) -> list[str]:
        return [line for line in default_headers(self) if not line.lower().startswith("server:")]

    def close_after_refused_body(self) -> bool:
        return self.status_code == 413 or should_close(self)

    wsgi.Response.default_headers = headers_without_server
    wsgi.Response.should_close = close_after_refused_body


def post_worker_init(worker) -> None:
    """Load what supporters' pages use before this worker takes its first request."""
    from webapp.warm import warm

    warm(worker.wsgi)
