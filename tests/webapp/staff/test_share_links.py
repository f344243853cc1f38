"""Share links: editors make a link with a label and a code (made from the label, or typed and
checked), and everyone on the staff side sees its full address, a QR code and its letters."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from staff_helpers import PASSWORD, form_token, sign_in
from webapp_helpers import page, visible_text, write_letter

from webapp.accounts.models import AuditEvent
from webapp.extensions import db
from webapp.reach.models import ShareLink

URL = "/staff/share-links"
SITE = "https://write.example.org"


def rows(app, model) -> list:
    with app.app_context():
        return list(db.session.scalars(select(model).order_by(model.id)))


def make(client, label: str, code: str = ""):
    data = {"label": label, "code": code, **form_token(client, URL)}
    return client.post(URL, data=data)


def section(response, code: str):
    return page(response).find("section", id=f"share-link-{code}")


def test_an_editor_makes_a_link_with_a_code_from_its_label(app, editor):
    """An empty code is made from the label; the page lists the absolute link with ?source=,
    a box to copy it from, an inline SVG QR code and the letters so far; it is audited."""
    response = make(editor, "Oxfam newsletter May")
    assert response.status_code == 303
    listing = editor.get(URL)
    item = section(listing, "oxfam-newsletter-may")
    assert item.find("h3").get_text(strip=True) == "Oxfam newsletter May"
    box = item.find("input", type="url")
    assert box["value"] == f"{SITE}/?source=oxfam-newsletter-may"
    assert box.has_attr("readonly")
    assert item.find("svg", class_="qr-code") is not None
    assert "QR code of the link" in item.find("svg")["aria-label"]
    assert item.find("dd", class_="share-link-letters").get_text(strip=True) == "0"
    [event] = [e for e in rows(app, AuditEvent) if e.action == "share_link_made"]
    assert (event.target, event.detail) == (
        "baghdad-returns:oxfam-newsletter-may",
        "Oxfam newsletter May",
    )


def test_letters_through_the_link_are_counted_on_it(app, editor, client):
    """A supporter who opens the link and writes a letter adds one to the link's letters."""
    make(editor, "Poster at the library", "library-poster")
    client.get("/?source=library-poster")
    write_letter(client)
    assert client.get("/letter.pdf").status_code == 200
    item = section(editor.get(URL), "library-poster")
    assert item.find("dd", class_="share-link-letters").get_text(strip=True) == "1"


def test_a_typed_code_that_clashes_is_refused_with_a_message(app, editor):
    """A code the campaign already has is refused, saying so; a label alone gets a free code."""
    make(editor, "Oxfam newsletter May", "oxfam-may")
    response = make(editor, "Oxfam newsletter June", "oxfam-may")
    assert response.status_code == 400
    assert "already has a link with the code “oxfam-may”" in visible_text(response)
    assert page(response).find("input", id="label")["value"] == "Oxfam newsletter June"
    make(editor, "Oxfam newsletter May")
    make(editor, "Oxfam newsletter May")
    codes = [link.code for link in rows(app, ShareLink)]
    assert codes == ["oxfam-may", "oxfam-newsletter-may", "oxfam-newsletter-may-2"]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("oxfam may!", "Use only lower-case letters, digits, hyphens, dots and underscores"),
        ("-oxfam", "Use only lower-case letters, digits, hyphens, dots and underscores"),
        ("<script>", "Use only lower-case letters, digits, hyphens, dots and underscores"),
        ("c" * 33, "32 characters or fewer"),
        ("share", "kept for supporters' own shares"),
    ],
)
def test_a_bad_code_is_refused_with_a_message(app, editor, code, message):
    """A code with other characters, too long, or "share" is refused, and nothing is made."""
    response = make(editor, "Newsletter", code)
    assert response.status_code == 400
    assert message in visible_text(response)
    assert rows(app, ShareLink) == []


def test_a_typed_code_is_taken_in_lower_case(app, editor):
    """Capitals and spaces around the code are forgiven."""
    make(editor, "Newsletter", "  Oxfam-May ")
    assert [link.code for link in rows(app, ShareLink)] == ["oxfam-may"]


def test_a_label_is_required_and_limited(app, editor):
    """No label, or one over 120 characters, is refused with a message."""
    assert "Give the link a label" in visible_text(make(editor, ""))
    assert "120 characters or fewer" in visible_text(make(editor, "x" * 121))
    assert rows(app, ShareLink) == []


def test_a_viewer_sees_links_but_cannot_make_one(app, editor, viewer):
    """Viewers see the links and QR codes, without the form; their POST is refused."""
    make(editor, "Oxfam newsletter May", "oxfam-may")
    listing = viewer.get(URL)
    assert listing.status_code == 200
    assert section(listing, "oxfam-may").find("svg") is not None
    assert page(listing).find("form", action=URL) is None
    refused = viewer.post(URL, data={"label": "Mine", "code": "mine", **form_token(viewer, URL)})
    assert refused.status_code == 403
    assert [link.code for link in rows(app, ShareLink)] == ["oxfam-may"]


def test_making_a_link_needs_the_form_token(app, editor):
    """A POST without the CSRF token makes nothing."""
    response = editor.post(URL, data={"label": "Newsletter", "code": "news"})
    assert response.status_code == 400
    assert rows(app, ShareLink) == []


@pytest.fixture
def limited(app, editor, admin, make_user):
    """An editor limited to a second campaign, "march-flights"."""
    data = {"title": "Stop the March flights", "slug": "march-flights",
            **form_token(editor, "/staff/campaigns")}  # fmt: skip
    assert editor.post("/staff/campaigns/new", data=data).status_code == 302
    editor.post("/staff/campaign/open", data=form_token(editor, "/staff/campaign"))
    user_id = make_user("limited@example.org", "editor")
    url = f"/staff/accounts/{user_id}"
    data = {"scope": "chosen", "campaigns": ["march-flights"], **form_token(admin, url)}
    assert admin.post(f"{url}/campaigns", data=data).status_code == 302
    client = app.test_client()
    assert sign_in(client, "limited@example.org", PASSWORD).status_code == 302
    return client


def test_a_limited_account_sees_only_its_campaigns_links(app, admin, limited):
    """Links belong to their campaign: an account limited to another sees none of the main
    campaign's, and its own link is to its campaign's address."""
    make(admin, "Main newsletter", "main-news")  # the admin works on the main campaign
    assert section(limited.get(URL), "main-news") is None
    assert make(limited, "March poster", "march-poster").status_code == 303
    item = section(limited.get(URL), "march-poster")
    assert item.find("input", type="url")["value"] == f"{SITE}/march-flights/?source=march-poster"
    assert section(admin.get(URL), "march-poster") is None
    assert {(link.campaign, link.code) for link in rows(app, ShareLink)} == {
        ("baghdad-returns", "main-news"),
        ("march-flights", "march-poster"),
    }
