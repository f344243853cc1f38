"""Plain helpers for the staff tests: the test accounts' details, signing in, a form's token.

Fixtures are in conftest.py; these are ordinary names a test imports.
"""

from __future__ import annotations

from pathlib import Path

from flask.testing import FlaskClient
from webapp_helpers import page

PASSWORD = "correct horse battery staple"
EDITOR_EMAIL = "editor@example.org"
VIEWER_EMAIL = "viewer@example.org"
ADMIN_EMAIL = "admin@example.org"


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD, next_url: str | None = None):
    """Send the sign-in form as a browser would."""
    url = "/staff/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password, **form_token(client, url)})


def form_token(client: FlaskClient, url: str) -> dict[str, str]:
    """{"csrf_token": …} from the form at `url` (nothing when CSRF is switched off)."""
    field = page(client.get(url)).find("input", attrs={"name": "csrf_token"})
    return {"csrf_token": field["value"]} if field else {}


HAND_WRITTEN = Path(__file__).resolve().parents[2] / "letters" / "data" / "hand_written"


def hand_written(name: str = "default") -> str:
    """A letter as a hand-written template (the `hand_written_campaigns` fixture's letters)."""
    return (HAND_WRITTEN / f"{name}.txt").read_text(encoding="utf-8").replace("\r\n", "\n")
