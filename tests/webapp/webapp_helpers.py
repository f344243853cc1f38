"""Helpers for the web tests: reading pages as a person would, and walking the journey."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from pypdf import PdfReader
from werkzeug.test import TestResponse

# A postcode the directory places in exactly one constituency (Cities of London and Westminster).
EXACT_POSTCODE = "SW1A 1AA"

GOOD_LETTER = {
    "name": "Amira O'Brien-Núñez",
    "address_line1": "12 Acacia Avenue",
    "address_line2": "",
    "town": "London",
    "postcode": EXACT_POSTCODE,
    "email": "",
    "reason": "My neighbour fled Baghdad in 2009.",
    "concern": "",
}


def page(response: TestResponse) -> BeautifulSoup:
    """The response's HTML, parsed."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def visible_text(response: TestResponse) -> str:
    """The page's text with whitespace collapsed."""
    return " ".join(page(response).get_text(" ").split())


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token from the first form on the page at `url`."""
    field = page(client.get(url)).find("input", attrs={"name": "csrf_token"})
    assert field is not None, f"no CSRF token on {url}"
    return field["value"]


def post_form(client: FlaskClient, url: str, data: dict[str, Any], **kwargs) -> TestResponse:
    """POST `data` to `url` with the page's CSRF token, as a browser would."""
    return client.post(url, data={**data, "csrf_token": csrf_token(client, url)}, **kwargs)


def find_mp(
    client: FlaskClient, postcode: str = EXACT_POSTCODE, *, under: str = ""
) -> TestResponse:
    """Step 1 of the journey (`under="/cy"`: on the Welsh pages)."""
    return post_form(client, f"{under}/find-your-mp", {"postcode": postcode})


def write_letter(client: FlaskClient, *, under: str = "", **fields: Any) -> TestResponse:
    """Steps 1 and 2: find the MP (for SW1A 1AA), then send the letter form with `fields`
    (`under="/cy"`: on the Welsh pages)."""
    data = {**GOOD_LETTER, **fields}
    find_mp(client, under=under)
    return post_form(
        client, f"{under}/your-letter", {k: v for k, v in data.items() if v is not None}
    )


def field_error(response: TestResponse, field_id: str) -> str | None:
    """The error message shown by a field, found through its aria-describedby."""
    soup = page(response)
    error = soup.find(id=f"{field_id}-error")
    return " ".join(error.get_text(" ").split()) if error else None


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, pages joined by form feeds."""
    return "\f".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages)


# Sample values for staff URL arguments; a new argument name makes the URL matrices fail until
# it is added here (staff/test_staff_access.py, test_attack_matrix.py).
STAFF_URL_ARGS = {
    "kind": "template:default",
    "number": 1,
    "code": "E14001172",
    "import_id": 1,
    "export_id": 1,
    "event_id": 1,
    "partner_id": 1,
    "user_id": 1,
    "endpoint_id": 1,
    "token": "not-a-real-link",
}


def staff_get_urls(skip: frozenset[str] = frozenset()) -> list[str]:
    """The URL of every staff page that answers GET, from the app's URL map (less `skip`'s
    endpoints), with STAFF_URL_ARGS for its arguments."""
    from webapp import create_app

    app = create_app({"APP_ENV": "testing", "DATABASE_URL": "sqlite://"})
    urls = set()
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("staff.") or "GET" not in rule.methods:
                continue
            if rule.endpoint in skip:
                continue
            args = {name: STAFF_URL_ARGS[name] for name in rule.arguments}
            urls.add(rule.build(args, append_unknown=False)[1])
    return sorted(urls)


def add_row_as_of_schema(model, **values) -> None:
    """Insert a row of `model` into the table as the database has it now (a migration test at
    an older revision): columns the table lacks are left out, and the model's own defaults fill
    the columns that are there but not given."""
    from sqlalchemy import MetaData, Table, insert

    from webapp.extensions import db

    table = Table(model.__tablename__, MetaData(), autoload_with=db.session.connection())
    row = dict(values)
    for column in model.__table__.columns:
        if column.name in row or column.name not in table.c or column.default is None:
            continue
        default = column.default
        row[column.name] = default.arg(None) if default.is_callable else default.arg
    db.session.execute(insert(table).values(row))
