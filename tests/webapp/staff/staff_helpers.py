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


def publish_on_version_page(client: FlaskClient, version_url: str):
    """Press "Publish version …" on a version's page, as an editor would; returns the answer
    (None when the page offers no such button)."""
    soup = page(client.get(version_url))
    button = soup.find("button", string=lambda s: s and "Publish version" in s)
    if button is None:
        return None
    return client.post(button.find_parent("form")["action"], data=form_token(client, version_url))


def campaigns_cli(app, *args):
    """`flask campaigns …` (export, import), as people who version content run it."""
    return app.test_cli_runner().invoke(args=["campaigns", *(str(a) for a in args)])
