"""A campaign's letter inside a partner's frame: the /embed/ addresses, who may frame them, the
embed pages' partitioned session cookie, and the partner's source on the letters written there."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from webapp_helpers import csrf_token, page, visible_text, write_letter

from webapp.campaigns import service as campaigns
from webapp.extensions import db
from webapp.reach import partners
from webapp.submissions.models import LetterCount, Submission

PARTNER = "https://partner.example"
OTHER_PARTNER = "http://localhost:8001"
SECOND = "second-campaign"


def add_partner(app, origin: str, source: str, campaign: str | None = None) -> None:
    with app.test_request_context():
        slug = campaign or app.config["CAMPAIGN"]
        partners.add(slug, partners.checked_partner(origin, f"Partner {source}", source))


def add_campaign(app, slug: str = SECOND) -> None:
    with app.test_request_context():
        campaigns.create_draft(slug, "A second campaign", app.config["CAMPAIGN"], by=None)
        campaigns.open_now(slug, by=None)


def frame_ancestors(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    [directive] = [d.strip() for d in policy.split(";") if d.strip().startswith("frame-ancestors")]
    return directive.removeprefix("frame-ancestors").strip()


def form_actions(response) -> list[str]:
    return [form.get("action") for form in page(response).find_all("form")]


# --- the addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "inside"),
    [
        ("/embed/", "/embed"),
        ("/cy/embed/", "/cy/embed"),
        (f"/{SECOND}/embed/", f"/{SECOND}/embed"),
        (f"/cy/{SECOND}/embed/", f"/cy/{SECOND}/embed"),
    ],
)
def test_every_link_and_form_stays_inside_the_embed(app, client, address, inside):
    """On an embed page (the main campaign's, another's, and in Welsh) every form and journey
    link is under the same embed prefix."""
    add_campaign(app)
    response = client.get(address)
    assert response.status_code == 200
    assert form_actions(response), "the campaign page has its postcode form"
    assert all(action.startswith(f"{inside}/") for action in form_actions(response))


def test_the_whole_journey_runs_under_the_embed_prefix(app, client):
    """Postcode → letter form → preview all answer inside /embed/, and the redirects stay there."""
    client.get("/embed/")
    response = write_letter(client, under="/embed")
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/embed/")
    preview = client.get(response.headers["Location"])
    assert preview.status_code == 200
    assert "Amira" in visible_text(preview)
    assert all(action.startswith("/embed/") for action in form_actions(preview))
    pdf = client.get("/embed/letter.pdf")
    assert (pdf.status_code, pdf.mimetype) == (200, "application/pdf")


def test_the_embed_layout_is_compact_with_links_that_leave_the_frame(client):
    """No site header or footer in the frame; a "Written with" line and a privacy link that open
    outside it, at the page's address outside the embed."""
    soup = page(client.get("/embed/"))
    assert soup.find("header", class_="site-header") is None
    assert soup.find("footer", class_="site-footer") is None
    footer = soup.find("footer", class_="embed-footer")
    assert "Written with" in footer.get_text(" ")
    [privacy] = [a for a in footer.find_all("a") if "Privacy" in a.get_text()]
    assert (privacy["href"], privacy["target"]) == ("/privacy", "_blank")
    assert privacy["rel"] == ["noopener"]
    assert soup.find("script", src=lambda s: s and "embed-frame.js" in s) is not None
    plain = page(client.get("/"))
    assert plain.find("header", class_="site-header") is not None
    assert plain.find("script", src=lambda s: s and "embed-frame.js" in s) is None


def test_the_email_app_button_opens_outside_the_frame(client):
    """Inside the frame "Open in my email app" opens from the top window, not the frame."""
    client.get("/embed/")
    write_letter(client, under="/embed")
    soup = page(client.get("/embed/your-letter/preview"))
    [button] = [a for a in soup.find_all("a") if "Open in my email app" in a.get_text()]
    assert button["target"] == "_top"
    assert page(client.get("/your-letter/preview")).find("a", target="_top") is None


def test_staff_pages_have_no_embed_address(client):
    """/embed/staff/… is "Page not found": the staff area is never framed."""
    assert client.get("/embed/staff/login").status_code == 404


def test_embed_is_a_reserved_slug(app):
    """No campaign may be called "embed" (it would hide the main campaign's embed pages)."""
    from webapp.campaign_prefix import reserved_slugs

    assert "embed" in reserved_slugs([], app.config["LANGUAGES"])


# --- who may frame ------------------------------------------------------------------------------


def test_only_the_campaigns_partners_may_frame_its_embed_pages(app, client):
    """An embed page's policy names exactly its campaign's partner origins, without
    X-Frame-Options; every other page keeps 'none' and DENY."""
    add_campaign(app)
    add_partner(app, PARTNER, "partner-a")
    add_partner(app, OTHER_PARTNER, "local-b")
    add_partner(app, "https://other.example", "other-c", campaign=SECOND)
    for address in ("/embed/", "/cy/embed/", "/embed/find-your-mp"):
        response = client.get(address)
        assert frame_ancestors(response).split() == [OTHER_PARTNER, PARTNER], address
        assert "X-Frame-Options" not in response.headers
    second = client.get(f"/{SECOND}/embed/")
    assert frame_ancestors(second) == "https://other.example"
    for address in ("/", "/cy/", "/privacy", f"/{SECOND}/", "/staff/login", "/embed/staff/login"):
        response = client.get(address)
        assert frame_ancestors(response) == "'none'", address
        assert response.headers["X-Frame-Options"] == "DENY", address


def test_a_campaign_without_partners_is_framed_by_nobody(app, client):
    """An embed page of a campaign with no partner sites keeps 'none'."""
    add_campaign(app)
    add_partner(app, PARTNER, "partner-a", campaign=SECOND)
    response = client.get("/embed/")
    assert frame_ancestors(response) == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_a_removed_partner_can_no_longer_frame(app, client):
    """The cached origins follow the table: a removed partner is gone from the next response."""
    add_partner(app, PARTNER, "partner-a")
    assert frame_ancestors(client.get("/embed/")) == PARTNER
    with app.test_request_context():
        [site] = partners.partners(app.config["CAMPAIGN"])
        partners.remove(app.config["CAMPAIGN"], site.id)
    assert frame_ancestors(client.get("/embed/")) == "'none'"
    add_partner(app, OTHER_PARTNER, "local-b")
    assert frame_ancestors(client.get("/embed/")) == OTHER_PARTNER


# --- cookies and CSRF ---------------------------------------------------------------------------


def session_cookie_header(response, name: str) -> str:
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    return header


def test_embed_pages_keep_their_session_in_a_partitioned_cookie(app, client):
    """On an embed page the session cookie is `embed_session; Partitioned; Secure;
    SameSite=None`; elsewhere the site's own cookie keeps its attributes."""
    cookie = session_cookie_header(client.get("/embed/"), "embed_session")
    attributes = {part.strip().split("=")[0].lower(): part for part in cookie.split(";")}
    assert {"partitioned", "secure", "httponly"} <= attributes.keys()
    assert attributes["samesite"].strip() == "SameSite=None"
    plain = session_cookie_header(app.test_client().get("/"), "session")
    assert "Partitioned" not in plain
    assert "SameSite=Lax" in plain


def test_a_post_inside_the_frame_passes_csrf_on_https(make_app):
    """On https, Flask-WTF's referrer check passes a form sent from the frame's own address and
    refuses one without the token."""
    app = make_app(SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    base = "https://write.example.org"
    url = f"{base}/embed/find-your-mp"
    token = csrf_token(client, url)
    refused = client.post(url, data={"postcode": "SW1A 1AA"}, headers={"Referer": url})
    assert refused.status_code == 400
    sent = client.post(
        url, data={"postcode": "SW1A 1AA", "csrf_token": token}, headers={"Referer": url}
    )
    assert sent.status_code in (302, 303)
    assert sent.headers["Location"].startswith("/embed/")


# --- the partner's source -----------------------------------------------------------------------


def test_a_letter_written_in_the_frame_counts_under_the_partners_source(app, client):
    """The snippet's address (/embed/?source=<partner's code>) puts the partner's source on the
    letter's count and on the kept letter."""
    add_partner(app, PARTNER, "partner-a")
    assert client.get("/embed/?source=partner-a").status_code == 200
    write_letter(client, under="/embed", keep_copy="y")
    assert client.get("/embed/letter.pdf").status_code == 200
    with app.app_context():
        [count] = db.session.scalars(select(LetterCount))
        [kept] = db.session.scalars(select(Submission))
        assert (count.source, kept.source) == ("partner-a", "partner-a")
