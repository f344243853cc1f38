"""The partner sites page: staff list the sites that may frame the campaign, with clear messages
for a wrong address, and copy the snippet to paste; editors change the list, viewers see it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select
from staff_helpers import form_token
from webapp_helpers import field_error, page

from webapp.accounts.models import AuditEvent
from webapp.extensions import db
from webapp.reach import partners
from webapp.reach.models import PartnerSite

URL = "/staff/partners"


def add(client, origin: str, label: str = "Oxfam local groups", source: str = ""):
    data = {"origin": origin, "label": label, "source": source, **form_token(client, URL)}
    return client.post(URL, data=data)


def listed(app) -> list[tuple[str, str, str]]:
    with app.app_context():
        rows = db.session.scalars(select(PartnerSite).order_by(PartnerSite.id))
        return [(row.origin, row.label, row.source) for row in rows]


def snippet(soup: BeautifulSoup, kind: str) -> BeautifulSoup:
    """The snippet a partner pastes, parsed as the partner's page will read it."""
    box = soup.find("textarea", attrs={"data-snippet": kind})
    return BeautifulSoup(box.get_text(), "html.parser")


def test_an_editor_adds_a_partner_and_gets_both_snippets(app, editor):
    """The origin is kept in its normal form, the source made from the name, and the page shows
    the frame with its resizing script, and a plain frame, both at the embed address."""
    response = add(editor, " HTTPS://Partner.Example:443/ ")
    assert response.status_code == 302
    assert listed(app) == [("https://partner.example", "Oxfam local groups", "oxfam-local-groups")]
    soup = page(editor.get(URL))
    address = "https://write.example.org/embed/?source=oxfam-local-groups"
    with_script = snippet(soup, "script")
    frame = with_script.find("iframe")
    assert frame["src"] == address
    assert frame["loading"] == "lazy"
    assert frame["title"].startswith("Write to your MP: ")
    assert frame.has_attr("data-letters-embed")
    assert with_script.find("script")["src"] == "https://write.example.org/static/js/embed.js"
    plain = snippet(soup, "plain")
    assert plain.find("iframe")["src"] == address
    assert plain.find("script") is None
    assert plain.find("iframe")["height"] == "1400"


def test_the_staff_members_own_source_code_is_kept(app, editor):
    """A source code typed by staff is used as it is."""
    add(editor, "https://partner.example", source="oxfam-may")
    assert listed(app)[0][2] == "oxfam-may"


@pytest.mark.parametrize(
    ("origin", "message"),
    [
        ("", "Enter the partner site's address"),
        ("partner.example", "Start the address with https://"),
        ("ftp://partner.example", "Start the address with https://"),
        ("javascript:alert(1)", "Start the address with https://"),
        ("http://partner.example", "Partner sites must use https"),
        ("https://partner.example/page?x=1", "Give only the site, without a page"),
        ("https://partner.example/#top", "Give only the site, without a page"),
        ("https://user:pw@partner.example", "Leave out any user name or password"),
        ("https://partner.example:99999", "check the port number"),
        ("https://", "The address has no site name"),
        ("https://part ner.example", "cannot contain spaces"),
        ("https://<script>.example", "characters a web address cannot have"),
        ("https://" + "a" * 300 + ".example", "at most 255 characters"),
    ],
)
def test_a_wrong_address_says_what_to_change_and_keeps_what_was_typed(app, editor, origin, message):
    """Each wrong origin is refused with a message beside its box; the name stays typed."""
    response = add(editor, origin, label="Kept name")
    assert response.status_code == 400
    assert message in field_error(response, "origin")
    assert page(response).find("input", id="label")["value"] == "Kept name"
    assert listed(app) == []


@pytest.mark.parametrize(
    ("origin", "normal"),
    [
        ("http://localhost:8001", "http://localhost:8001"),
        ("http://127.0.0.1:5000/", "http://127.0.0.1:5000"),
        ("https://Bücher.example", "https://xn--bcher-kva.example"),
        ("https://partner.example:8443", "https://partner.example:8443"),
    ],
)
def test_addresses_are_normalised(app, origin, normal):
    """This machine's addresses may use http; hosts are lower case and in their ASCII form."""
    with app.test_request_context():
        assert partners.normalise_origin(origin) == normal


def test_a_setting_allows_http_partners(make_app):
    """EMBED_ALLOW_HTTP lets a staging partner on plain http frame the campaign."""
    app = make_app(EMBED_ALLOW_HTTP=True)
    with app.test_request_context():
        assert partners.normalise_origin("http://staging.example") == "http://staging.example"


def test_a_bad_source_code_and_a_duplicate_are_refused(app, editor):
    """A source code outside the safe set, or a site listed twice, is refused beside its box."""
    response = add(editor, "https://partner.example", source="Not OK!")
    assert "lower-case letters" in field_error(response, "source")
    assert add(editor, "https://partner.example").status_code == 302
    again = add(editor, "https://PARTNER.example/", label="Again")
    assert again.status_code == 400
    assert "already a partner site" in field_error(again, "origin")
    assert len(listed(app)) == 1


def test_removing_a_partner_is_audited(app, editor):
    """An editor removes a partner; adding and removing are both in the audit log."""
    add(editor, "https://partner.example")
    soup = page(editor.get(URL))
    form = soup.find("button", string=lambda s: s and s.startswith("Remove")).find_parent("form")
    assert editor.post(form["action"], data=form_token(editor, URL)).status_code == 302
    assert listed(app) == []
    with app.app_context():
        actions = [e.action for e in db.session.scalars(select(AuditEvent))]
    assert {"partner_site_added", "partner_site_removed"} <= set(actions)


def test_a_viewer_sees_partners_and_snippets_but_cannot_change_them(app, editor, viewer):
    """Viewers see the list and the snippets, without the add or remove forms; their POSTs are
    refused."""
    add(editor, "https://partner.example")
    soup = page(viewer.get(URL))
    assert snippet(soup, "script").find("iframe") is not None
    assert soup.find("input", id="origin") is None
    assert soup.find("button", string=lambda s: s and s.startswith("Remove")) is None
    assert add(viewer, "https://other.example").status_code == 403
    assert len(listed(app)) == 1


def test_adding_without_the_csrf_token_is_refused(app, editor):
    """CSRF stays on for the partner form."""
    data = {"origin": "https://partner.example", "label": "Oxfam"}
    assert editor.post(URL, data=data).status_code == 400
    assert listed(app) == []
