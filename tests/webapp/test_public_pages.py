"""Every public page renders in the site's style, with the facts taken from the findings."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from webapp_helpers import page, visible_text

from letters.campaign import load_campaign
from webapp.content.published import current_campaign


@pytest.mark.parametrize(
    "url",
    ["/", "/find-your-mp", "/constituencies", "/privacy", "/thank-you", "/does-not-exist"],
)
def test_page_has_one_h1_skip_link_and_stylesheet(client, url):
    """Every page has one h1, a skip link to main, the site stylesheet and no inline script."""
    soup = page(client.get(url))
    assert len(soup.find_all("h1")) == 1
    assert soup.find("a", class_="skip-link")["href"] == "#main"
    assert soup.find("main", id="main") is not None
    assert urlsplit(soup.find("link", rel="stylesheet")["href"]).path == "/static/css/site.css"
    assert all(script.get("src") for script in soup.find_all("script"))
    assert soup.find(style=True) is None


def test_campaign_page_takes_dates_and_figures_from_findings(client):
    """The campaign page states what happened with the findings' own absolute dates."""
    findings = load_campaign().findings.findings
    text = visible_text(client.get("/"))
    assert findings["uk_returns_baghdad"].statement in text
    assert "October 2009" in text
    assert "In October the UK" not in text


def test_campaign_page_lists_every_at_risk_group(app, client):
    """Who is at risk: one list item per at-risk group in the findings."""
    with app.app_context():
        groups = current_campaign().findings.groups
    text = visible_text(client.get("/"))
    assert groups
    for group in groups:
        assert group.label in text


def test_campaign_page_states_the_ask_and_offers_a_start(client):
    """The page says what the MP is asked to do and starts with a postcode form."""
    soup = page(client.get("/"))
    assert "stop forced returns" in soup.get_text().lower()
    form = soup.find("form", action="/find-your-mp")
    assert form.find("input", attrs={"name": "postcode"})["autocomplete"] == "postal-code"


def test_postcode_in_query_string_prefills_the_start_form(client):
    """/?postcode=SW1A1AA puts the postcode into the box."""
    soup = page(client.get("/?postcode=SW1A1AA"))
    assert soup.find("input", attrs={"name": "postcode"})["value"] == "SW1A1AA"


def test_prefilled_postcode_is_escaped(client):
    """A hostile postcode in the query string is shown as text, never as markup."""
    response = client.get("/?postcode=<b>x</b>")
    assert "<b>x</b>" not in response.get_data(as_text=True)
    assert page(response).find("input", attrs={"name": "postcode"})["value"] == "<b>x</b>"


def test_privacy_page_states_how_long_copies_are_kept(make_app):
    """The privacy page states PURGE_AFTER_DAYS and the draft's lifetime."""
    app = make_app(PURGE_AFTER_DAYS=45, DRAFT_HOURS=12)
    text = visible_text(app.test_client().get("/privacy"))
    assert "45 days" in text
    assert "12 hours" in text


def test_not_found_page_is_friendly(client):
    """An unknown address gives a 404 page with a way back, not a stack trace."""
    response = client.get("/no/such/page")
    assert response.status_code == 404
    soup = page(response)
    assert soup.h1.get_text(strip=True) == "Page not found"
    assert soup.find("a", href="/") is not None


def test_healthz_ok_when_database_answers(client):
    """/healthz answers 200 {"status": "ok"} when the database answers SELECT 1."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_503_when_database_is_unreachable(make_app, tmp_path):
    """/healthz answers 503 when the database cannot be reached (a real broken URL)."""
    broken = f"sqlite:///{tmp_path / 'missing-folder' / 'nowhere.sqlite3'}"
    response = make_app(DATABASE_URL=broken).test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["reasons"] == ["database unreachable (OperationalError)"]


def test_thank_you_page_offers_a_plain_share_link(client):
    """The thank-you page shows the site's address to share, without third-party scripts."""
    soup = page(client.get("/thank-you?via=pdf"))
    assert soup.find("input", class_="share-url")["value"].startswith("https://write.example.org/")
    assert all(s["src"].startswith("/static/") for s in soup.find_all("script"))


@pytest.mark.parametrize(
    ("method", "url", "allowed"),
    [
        ("POST", "/privacy", {"GET", "HEAD", "OPTIONS"}),
        ("GET", "/start-again", {"POST", "OPTIONS"}),
    ],
)
def test_a_method_the_page_does_not_take_gets_its_own_page(client, method, url, allowed):
    """A 405 says the page cannot be used like that (not "not found") and keeps `Allow`."""
    response = client.open(url, method=method)
    assert response.status_code == 405
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == allowed
    soup = page(response)
    assert soup.find("h1").get_text(strip=True) == "That cannot be done on this page"
    assert "not found" not in soup.get_text().lower()
    assert soup.find("link", rel="stylesheet") is not None


def description(soup) -> str:
    """The page's one meta description."""
    (meta,) = soup.find_all("meta", attrs={"name": "description"})
    return meta["content"]


def test_campaign_page_description_is_the_campaign_summary(app, client):
    """Search results under the campaign page show the campaign's own summary."""
    with app.app_context():
        summary = current_campaign().summary
    assert description(page(client.get("/"))) == summary


@pytest.mark.parametrize("url", ["/find-your-mp", "/privacy", "/does-not-exist", "/staff/login"])
def test_every_other_page_has_the_site_description(client, url):
    """Pages that set no description of their own get the site's one."""
    text = description(page(client.get(url)))
    assert text.startswith("Write a personal letter to your own MP")
