"""The attack matrix: every field and URL against every attack, held (refused or shown literally).

Read it as a table. Each row of FIELDS is a place someone can type (supporter pages, staff pages,
the sign-in form, query strings); each entry of ATTACKS is a hostile value. Every pair is sent as
a browser would and must be held: answered below 500, never executed (no template evaluated, no
script or handler in the page, no extra header or mail recipient) and, when the value is
accepted, shown or used only as the literal text it was. Then every int route against ids no
database column can hold, every POST without its CSRF token, and every staff URL without sign-in,
with the wrong role and after sign-out. The number of cases run is printed at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from webapp_helpers import GOOD_LETTER, find_mp, page
from webapp_helpers import STAFF_URL_ARGS as URL_ARGS

from webapp import create_app
from webapp.extensions import db
from webapp.input_checks import MAX_ID
from webapp.jobs import inprocess

PASSWORD = "correct horse battery staple"
EDITOR_EMAIL, VIEWER_EMAIL = "matrix-editor@example.org", "matrix-viewer@example.org"


@pytest.fixture
def app_config(app_config, hand_written_campaigns):
    """The template editor's fields are attacked in its raw (advanced) form."""
    return {**app_config, "CAMPAIGNS_DIR": str(hand_written_campaigns)}


def form_token(client: FlaskClient, url: str) -> dict[str, str]:
    """{"csrf_token": …} from the form at `url` (nothing when the page has no form)."""
    field = page(client.get(url)).find("input", attrs={"name": "csrf_token"})
    return {"csrf_token": field["value"]} if field else {}


def sign_in(client: FlaskClient, email: str):
    """Send the sign-in form as a browser would."""
    data = {"email": email, "password": PASSWORD, **form_token(client, "/staff/login")}
    return client.post("/staff/login", data=data)


# A sum no page would show unless a template evaluated the attack: 12345 * 3.
EVALUATED = "37035"
ATTACKS = {
    "template injection": "{{ 12345*3 }}{% for x in range(2) %}loop{% endfor %}",
    "sandbox escape": "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    "{{ cycler.__init__.__globals__ }}",
    "markup": '<b>bold</b><img src=x onerror="alert(1)">',
    "script": "<script>alert('owned')</script>",
    "header injection": "Amira\r\nBcc: spy@example.com\r\nX-Evil: 1",
    "mailto injection": "Amira&cc=spy@example.com?bcc=spy@example.com#",
    "path traversal": "../../../../etc/passwd%00.json",
    "oversize": "A" * 5_000,
    "NUL": "Amira\x00Haddad",
    "control characters": "Amira\x1b[31m\x07\x08Haddad",
    "RTL override": "Amira \u202eadnuoR\u202c Haddad",
}
# Text that, found in a response, means an attack ran rather than being held.
EXECUTED = (EVALUATED, "<class '", "spy@example.com>", "root:x:0:0")


@dataclass(frozen=True, slots=True)
class Field:
    """Somewhere a person can type: `send(client, value)` submits it as a browser would."""

    who: str  # "supporter", "editor" or "anyone" (the sign-in form)
    send: Callable[[FlaskClient, str], object]


def _post(url: str, field: str, base: dict[str, str] | None = None):
    def send(client: FlaskClient, value: str):
        return client.post(url, data={**(base or {}), field: value, **form_token(client, url)})

    return send


def _get(url: str, field: str):
    def send(client: FlaskClient, value: str):
        return client.get(f"{url}?{field}={quote(value, safe='')}")

    return send


def _letter(field: str):
    def send(client: FlaskClient, value: str):
        find_mp(client)
        data = {**GOOD_LETTER, "keep_copy": "y", "email": "amira@example.org", field: value}
        return client.post("/your-letter", data={**data, **form_token(client, "/your-letter")})

    return send


EDIT_URL = "/staff/content/template:default/edit"
SEAT_URL = "/staff/directory/seats/E14001172"
EDIT_BASE = {"body": "Dear MP,\n", "note": "A change", "based_on": "1"}
SEAT_BASE = {"name": "Sam Example", "note": "By-election"}
FIELDS = {
    "postcode (find your MP)": Field("supporter", _post("/find-your-mp", "postcode")),
    "postcode (campaign page link)": Field("supporter", _get("/", "postcode")),
    "constituency search": Field("supporter", _get("/constituencies", "q")),
    "constituency button": Field("supporter", _post("/constituencies", "constituency")),
    "constituency choice": Field("supporter", _post("/choose-constituency", "constituency")),
    **{
        f"letter: {name}": Field("supporter", _letter(name))
        for name in (
            "name",
            "address_line1",
            "address_line2",
            "town",
            "postcode",
            "email",
            "reason",
            "concern",
        )
    },
    "private letter link": Field("supporter", lambda c, v: c.get(f"/my-letter/{quote(v)}")),
    "sign-in email": Field("anyone", _post("/staff/login", "email", {"password": "x"})),
    "sign-in password": Field("anyone", _post("/staff/login", "password", {"email": "a@b.org"})),
    "sign-in next": Field("anyone", _get("/staff/login", "next")),
    **{
        f"template editor: {name}": Field("editor", _post(EDIT_URL, name, EDIT_BASE))
        for name in ("body", "note", "based_on")
    },
    **{
        f"MP correction: {name}": Field("editor", _post(f"{SEAT_URL}/override", name, SEAT_BASE))
        for name in ("name", "full_title", "salutation", "party", "email", "member_id", "note")
    },
    "MP correction undo: note": Field("editor", _post(f"{SEAT_URL}/clear", "note")),
    "preview: place": Field(
        "editor", _get("/staff/content/template:default/versions/1/preview", "place")
    ),
    "preview: sample": Field(
        "editor", _get("/staff/content/template:default/versions/1/preview", "sample")
    ),
    "version diff: a": Field("editor", _get("/staff/content/template:default/diff", "a")),
    "version diff: b": Field("editor", _get("/staff/content/template:default/diff", "b")),
    "directory search": Field("editor", _get("/staff/directory", "q")),
    "counts: from": Field("editor", _get("/staff/counts", "date_from")),
    "counts: to": Field("editor", _get("/staff/counts", "date_to")),
    "counts CSV: by": Field("editor", _get("/staff/counts.csv", "by")),
    **{
        f"letter download: {name}": Field("editor", _post("/staff/exports", name))
        for name in ("constituency", "date_from", "date_to", "kind")
    },
    "Members import: file name": Field(
        "editor",
        lambda c, v: c.post(
            "/staff/directory/import",
            data={"file": (_members_json(), v), **form_token(c, "/staff/directory/import")},
            content_type="multipart/form-data",
        ),
    ),
    "audit log: action": Field("editor", _get("/staff/audit", "action")),
    "audit log: before": Field("editor", _get("/staff/audit", "before")),
    "source on a supporter page": Field("supporter", _get("/", "source")),
    "utm_campaign on a supporter page": Field("supporter", _get("/find-your-mp", "utm_campaign")),
    **{
        f"share link: {name}": Field(
            "editor", _post("/staff/share-links", name, {"label": "Newsletter", "code": ""})
        )
        for name in ("label", "code")
    },
}


def _members_json():
    from io import BytesIO

    return BytesIO(b'{"items": [], "totalResults": 0}')


_counted: list[str] = []


@pytest.fixture(scope="module", autouse=True)
def report_cases(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print how many cases of the matrix ran."""
    yield
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print(f"\nattack matrix: {len(_counted)} cases ran")


def held(response, value: str = "") -> None:
    """The response refused the attack with a message or showed it literally; nothing ran."""
    _counted.append(value)
    assert response.status_code < 500, response.status_code
    for name, header in response.headers.items():
        # A mail link carries the letter (attack included) in its body; letter_outputs_held
        # checks that link's fields instead.
        if name != "Location":
            assert "spy@example.com" not in header, name
        assert not {"\r", "\n"} & set(header), name
    assert "X-Evil" not in response.headers
    if response.mimetype != "text/html":
        return
    html = response.get_data(as_text=True)
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert script.get("src"), "an inline script reached the page"
    for element in soup.find_all(True):
        handlers = [a for a in element.attrs if a.lower().startswith("on")]
        assert not handlers, f"<{element.name} {handlers}> reached the page"
    text = soup.get_text(" ")
    for sign in EXECUTED:
        assert sign not in text, f"{sign!r} shows an attack ran"
    if response.status_code >= 400:
        assert soup.find(["h1", "h2"]) is not None, "a refusal must say what happened"


def letter_outputs_held(client: FlaskClient, value: str) -> None:
    """After an accepted letter: the preview, text, email links and draft hold the value."""
    for url in ("/your-letter/preview", "/letter.txt", "/letter.eml"):
        response = client.get(url)
        held(response, value)
        if response.mimetype != "text/html":
            body = response.get_data(as_text=True)
            assert EVALUATED not in body
            assert "<class '" not in body
    for via in ("mailto", "gmail", "outlook"):
        response = client.get(f"/letter/send/{via}")
        held(response, value)
        if response.status_code == 303:
            link = urlsplit(response.headers["Location"])
            query = parse_qs(link.query)
            assert {k.lower() for k in query} <= {"subject", "body", "to", "su", "view", "fs"}, via
            recipients = [unquote(link.path), *query.get("to", [])]
            assert not any("spy@" in recipient for recipient in recipients), via
    eml = client.get("/letter.eml")
    if eml.status_code == 200:
        head = eml.data.split(b"\r\n\r\n", 1)[0].lower()
        assert b"bcc:" not in head
        assert b"x-evil" not in head


@pytest.fixture(scope="module")
def matrix_app(database_url: str) -> Iterator[Flask]:
    """One app for the whole matrix (hundreds of cases), with an editor and a viewer."""
    from werkzeug.security import generate_password_hash

    from webapp.accounts.models import StaffUser

    app = create_app(
        {"APP_ENV": "testing", "DATABASE_URL": database_url, "RATELIMIT_ENABLED": False}
    )
    with app.app_context():
        password_hash = generate_password_hash(PASSWORD)
        for email, role in ((EDITOR_EMAIL, "editor"), (VIEWER_EMAIL, "viewer")):
            db.session.add(
                StaffUser(email=email, role=role, active=True, password_hash=password_hash)
            )
        db.session.commit()
    yield app
    with app.app_context():
        inprocess.wait_all()  # letter downloads the matrix started
        db.session.remove()
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def signed_in(matrix_app: Flask) -> dict[str, FlaskClient]:
    """A client per role, signed in once."""
    clients = {}
    for who, email in (("editor", EDITOR_EMAIL), ("viewer", VIEWER_EMAIL)):
        clients[who] = matrix_app.test_client()
        assert sign_in(clients[who], email).status_code == 302
    clients["editor"].get("/staff/content")  # seeds version 1 of every template
    return clients


@pytest.mark.parametrize("attack", list(ATTACKS))
@pytest.mark.parametrize("field", list(FIELDS))
def test_every_field_holds_every_attack(matrix_app, signed_in, field, attack):
    """A hostile value in any field is refused with a message or shown literally, never run."""
    spec, value = FIELDS[field], ATTACKS[attack]
    client = signed_in["editor"] if spec.who == "editor" else matrix_app.test_client()
    response = spec.send(client, value)
    held(response, value)
    if field.startswith("letter:") and response.status_code == 303:
        letter_outputs_held(client, value)


def test_an_oversized_body_is_refused_everywhere(matrix_app):
    """A body over MAX_CONTENT_LENGTH gets the 413 page on every supporter and staff form."""
    client = matrix_app.test_client()
    for url in ("/find-your-mp", "/your-letter", "/staff/login", "/constituencies"):
        response = client.post(url, data={"name": "A" * (70 * 1024)})
        assert response.status_code == 413, url
        held(response)


def _int_routes(app: Flask) -> list[tuple[str, str]]:
    """(endpoint, URL with a placeholder id) for every route with an <int:…> part."""
    routes = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            ints = [n for n, c in rule._converters.items() if type(c).__name__ == "BoundedInt"]
            if ints:
                values = {n: URL_ARGS.get(n, "x") for n in rule.arguments}
                values.update(dict.fromkeys(ints, 424242))
                routes.append((rule.endpoint, rule.build(values, append_unknown=False)[1]))
    return sorted(routes)


@pytest.mark.parametrize("huge", [MAX_ID + 1, 2**63, 10**20])
def test_ids_no_database_can_hold_are_not_found(matrix_app, signed_in, huge):
    """Every int route answers 404 to an id past the INTEGER range (never a 500)."""
    routes = _int_routes(matrix_app)
    assert len(routes) >= 5
    for endpoint, url in routes:
        response = signed_in["editor"].get(url.replace("424242", str(huge)))
        held(response)
        assert response.status_code in (404, 405), endpoint


def _post_urls(app: Flask) -> list[str]:
    with app.test_request_context():
        return sorted(
            rule.build({n: URL_ARGS.get(n, "x") for n in rule.arguments}, append_unknown=False)[1]
            for rule in app.url_map.iter_rules()
            if "POST" in rule.methods
        )


# RFC 8058 one-click unsubscribe: mail programs POST it without any token, by design; it only
# ever stops emails, and an unknown token changes nothing.
CSRF_EXEMPT = {"/reminders/unsubscribe/x"}


def test_every_post_without_its_csrf_token_is_refused(matrix_app, signed_in):
    """Every POST route, supporter or staff, refuses a request without the CSRF token."""
    urls = [url for url in _post_urls(matrix_app) if url not in CSRF_EXEMPT]
    assert "/staff/login" in urls
    assert "/your-letter" in urls
    for url in urls:
        for client in (matrix_app.test_client(), signed_in["editor"]):
            response = client.post(url, data={"name": "Amira", "note": "x", "body": "x"})
            held(response)
            assert response.status_code in (400, 403, 302), url
            if response.status_code == 302:  # only the staff area sends strangers to sign in
                assert response.headers["Location"].startswith("/staff/login")


def _staff_gets(app: Flask) -> list[tuple[str, str]]:
    with app.test_request_context():
        return sorted(
            (
                rule.endpoint,
                rule.build({n: URL_ARGS[n] for n in rule.arguments}, append_unknown=False)[1],
            )
            for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith("staff.") and "GET" in rule.methods
        )


# Pages a person without an account must reach: sign-in, and the one-time invitation and reset
# links (an unknown link is a plain 404).
OPEN_STAFF_ENDPOINTS = {"staff.login", "staff.accept_invite", "staff.reset_password"}


def test_staff_urls_are_closed_without_sign_in_and_after_sign_out(matrix_app):
    """Every staff page sends strangers, and people who signed out, to the sign-in page."""
    client = matrix_app.test_client()
    assert sign_in(client, EDITOR_EMAIL).status_code == 302
    client.post("/staff/logout", data=form_token(client, "/staff/"))
    for who in (matrix_app.test_client(), client):
        for endpoint, url in _staff_gets(matrix_app):
            if endpoint in OPEN_STAFF_ENDPOINTS:
                continue
            response = who.get(url)
            held(response)
            assert response.status_code == 302, url
            assert response.headers["Location"].startswith("/staff/login"), url


def test_staff_urls_refuse_the_wrong_role(signed_in, matrix_app):
    """A viewer is refused (403) on every staff page that changes things or shows personal data."""
    from webapp.accounts.access import required_role

    with matrix_app.test_request_context():
        editor_only = [
            (endpoint, url)
            for endpoint, url in _staff_gets(matrix_app)
            if required_role(endpoint) not in (None, "viewer")
        ]
    assert any(endpoint == "staff.supporters_csv" for endpoint, _ in editor_only)
    for endpoint, url in editor_only:
        response = signed_in["viewer"].get(url)
        held(response)
        assert response.status_code == 403, endpoint
