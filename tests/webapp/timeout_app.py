"""The app with two extra routes that never finish, for the hard request timeout's test.

`/_spin` loops in Python (an exception can stop it); `/_block` waits inside C code (nothing can
but ending the process). Served by gunicorn exactly as the Procfile serves the app.
"""

from __future__ import annotations

import time

from webapp import create_app


def make():
    """gunicorn's app factory: the real app, settings from the environment, plus the routes."""
    app = create_app()

    @app.route("/_spin")
    def spin():
        n = 0
        while True:
            n += 1

    @app.route("/_block")
    def block():
        time.sleep(3600)
        return "unreachable"

    return app
