"""Sharing after writing: the thank-you page's email, WhatsApp, copy and share-sheet links.

Each link is the campaign's public address in the page's language with `source=share` and the
way it was shared as `utm_medium`; the campaign's title (typed by staff) is escaped in the page
and percent-encoded in every link, and cannot add a header to the email.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from webapp_helpers import csrf_token, page, write_letter

from webapp.campaigns import service as campaigns
from webapp.clock import utcnow
from webapp.content.campaign_copy import copy_campaign
from webapp.content.published import current_campaign
from webapp.events.models import Event
from webapp.events.service import device_token
from webapp.extensions import db
from webapp.public.sharing import TITLE_MAX_CHARS, ShareMedium, share_links, tracked_url

SITE = "https://write.example.org"  # SITE_URL in the tests' settings
HOSTILE = 'Stop "it" <script>alert(1)</script> & more\r\nBcc: evil@example.com&cc=x@example.com'
HOSTILE_LINE = 'Stop "it" <script>alert(1)</script> & more Bcc: evil@example.com&cc=x@example.com'


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def mailto_fields(href: str) -> dict[str, str]:
    """A mailto: link's header fields, decoded (each must appear once)."""
    assert href.startswith("mailto:?"), href
    fields = parse_qs(href.removeprefix("mailto:?"), keep_blank_values=True)
    assert all(len(values) == 1 for values in fields.values()), fields
    return {name: values[0] for name, values in fields.items()}


def shared(response) -> dict[str, str]:
    """What the thank-you page offers, by way of sharing: each link's address."""
    soup = page(response)
    section = soup.find("section", class_="share")
    assert section is not None
    email = section.find("a", href=lambda href: href and href.startswith("mailto:"))
    whatsapp = section.find("a", href=lambda href: href and href.startswith("https://wa.me/"))
    native = section.find("button", attrs={"data-share-native": True})
    return {
        "email": email["href"],
        "whatsapp": whatsapp["href"],
        "copy": section.find("input", id="share-link")["value"],
        "native": native["data-share-url"],
    }


def second_campaign(app, slug: str, title: str) -> None:
    """Another campaign, open for letters at /<slug>/, titled `title`."""
    with app.test_request_context():
        source = current_campaign()
        copy_campaign(source, slug, title, folder=source.slug, by=None)
        campaigns.open_now(slug, by=None)


# The links themselves (webapp.public.sharing)


def test_each_link_carries_the_share_source_and_its_medium(app):
    """Email, WhatsApp, copy and share sheet: the address with source=share and its medium."""
    with app.test_request_context():
        links = share_links(f"{SITE}/winter/", "Stop the winter flights")
    body = mailto_fields(links.email)["body"]
    assert body.endswith(f"{SITE}/winter/?source=share&utm_medium=email")
    whatsapp = query(links.whatsapp)["text"][0]
    assert whatsapp.endswith(f" {SITE}/winter/?source=share&utm_medium=whatsapp")
    assert links.copy == f"{SITE}/winter/?source=share&utm_medium=copy"
    assert links.native == f"{SITE}/winter/?source=share&utm_medium=native"
    assert links.address == f"{SITE}/winter/"
    assert "Stop the winter flights" in links.text


def test_links_are_percent_encoded_with_20_for_a_space(app):
    """Mail programs show a "+" as it is: spaces are %20, and the body's lines are CRLF."""
    with app.test_request_context():
        links = share_links(f"{SITE}/", "Stop the winter flights")
    assert "+" not in links.email
    assert "+" not in links.whatsapp
    assert "Stop%20the%20winter%20flights" in links.email
    assert "%0D%0A%0D%0Ahttps%3A%2F%2Fwrite.example.org" in links.email
    assert "Stop%20the%20winter%20flights" in links.whatsapp


def test_a_hostile_title_adds_no_header_and_no_parameter(app):
    """Line breaks, "&" and "=" in the title stay inside the subject and body, as one line."""
    with app.test_request_context():
        links = share_links(f"{SITE}/", HOSTILE)
    fields = mailto_fields(links.email)
    assert set(fields) == {"subject", "body"}
    assert fields["subject"] == f"Write to your MP: {HOSTILE_LINE}"
    assert "\n" not in fields["subject"]
    assert "\r" not in fields["subject"]
    assert set(query(links.whatsapp)) == {"text"}
    assert links.title == HOSTILE_LINE
    assert "\r" not in unquote(links.whatsapp)
    assert "\n" not in unquote(links.whatsapp)


def test_a_long_title_is_cut_and_an_empty_one_still_reads(app):
    """A title past TITLE_MAX_CHARS ends in an ellipsis; no title gives a text without one."""
    with app.test_request_context():
        long = share_links(f"{SITE}/", "word " * 100)
        empty = share_links(f"{SITE}/", " \n ")
    assert len(long.title) == TITLE_MAX_CHARS
    assert long.title.endswith("…")
    assert mailto_fields(empty.email)["subject"] == "Write to your MP"
    assert "“" not in empty.text


def test_the_share_source_replaces_any_already_in_the_address():
    """An address that carried a source or medium carries only the share's; the rest is kept."""
    url = f"{SITE}/?source=oxfam&utm_medium=poster&utm_campaign=may#top"
    tracked = tracked_url(url, ShareMedium.COPY)
    assert query(tracked) == {
        "utm_campaign": ["may"],
        "source": ["share"],
        "utm_medium": ["copy"],
    }
    assert urlsplit(tracked).fragment == ""


# The thank-you page


def test_the_thank_you_page_offers_every_way_to_share(client):
    """Email, WhatsApp (a new tab, no referrer), the copy box and its button, the share sheet."""
    response = client.get("/thank-you?via=pdf")
    links = shared(response)
    assert mailto_fields(links["email"])["body"].endswith(f"{SITE}/?source=share&utm_medium=email")
    assert query(links["whatsapp"])["text"][0].endswith(f"{SITE}/?source=share&utm_medium=whatsapp")
    assert links["copy"] == f"{SITE}/?source=share&utm_medium=copy"
    assert links["native"] == f"{SITE}/?source=share&utm_medium=native"

    section = page(response).find("section", class_="share")
    whatsapp = section.find("a", href=links["whatsapp"])
    assert whatsapp["target"] == "_blank"
    assert set(whatsapp["rel"]) == {"noopener", "noreferrer"}
    assert "opens in a new tab" in whatsapp.get_text()
    box = section.find("input", id="share-link")
    assert box.has_attr("readonly")
    assert section.find("label", attrs={"for": "share-link"}).get_text(strip=True)
    copy = section.find("button", attrs={"data-copy-target": "share-link"})
    status = section.find(id=copy["data-copy-status"])
    assert status["aria-live"] == "polite"
    assert status["data-copied"] == "Copied"
    # Without JavaScript the buttons that need it are not shown.
    assert copy.has_attr("hidden")
    assert (
        section.find("button", attrs={"data-share-native": True})
        .find_parent("li")
        .has_attr("hidden")
    )


def test_the_thank_you_page_loads_no_script_from_elsewhere(client):
    """Only the site's own scripts, the share script among them; no image or frame from
    elsewhere."""
    soup = page(client.get("/thank-you"))
    sources = [script["src"] for script in soup.find_all("script")]
    assert all(src.startswith("/static/") for src in sources), sources
    assert any(src.startswith("/static/js/share.js") for src in sources), sources
    assert not soup.find_all("script", src=False)
    assert not soup.find_all(["img", "iframe"], src=lambda src: src and "//" in src)


def test_a_hostile_campaign_title_is_escaped_in_the_page_and_encoded_in_links(app, client):
    """The title staff typed is text in the page and encoded data in every link."""
    second_campaign(app, "winter", HOSTILE)
    response = client.get("/winter/thank-you")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    soup = page(response)
    assert [s for s in soup.find_all("script") if not s.get("src")] == []
    native = soup.find("button", attrs={"data-share-native": True})
    assert native["data-share-title"] == HOSTILE_LINE
    links = shared(response)
    fields = mailto_fields(links["email"])
    assert set(fields) == {"subject", "body"}
    assert fields["subject"] == f"Write to your MP: {HOSTILE_LINE}"
    assert fields["body"].endswith(f"{SITE}/winter/?source=share&utm_medium=email")
    assert links["copy"] == f"{SITE}/winter/?source=share&utm_medium=copy"


@pytest.mark.parametrize(
    ("path", "address"),
    [("/cy/thank-you", f"{SITE}/cy/"), ("/cy/winter/thank-you", f"{SITE}/cy/winter/")],
)
def test_a_welsh_page_shares_the_welsh_address(app, client, path, address):
    """From a Welsh page every link is the campaign's Welsh address, its words in Welsh."""
    second_campaign(app, "winter", "Stop the winter flights")
    response = client.get(path)
    assert page(response).find("html")["lang"] == "cy"
    links = shared(response)
    for medium, url in links.items():
        if medium == "email":
            url = mailto_fields(url)["body"].split()[-1]
        elif medium == "whatsapp":
            url = query(url)["text"][0].split()[-1]
        assert url == f"{address}?source=share&utm_medium={medium}", medium
    heading = page(response).find("h2", id="share-title").get_text(strip=True)
    assert heading != "Ask a friend to write too"  # translated, as the page is


def test_without_site_url_the_links_are_on_this_host(make_app):
    """No SITE_URL set: the address is the one the page was asked for."""
    client = make_app(SITE_URL="").test_client()
    links = shared(client.get("/cy/thank-you", base_url="https://other.example"))
    assert links["copy"] == "https://other.example/cy/?source=share&utm_medium=copy"


def test_the_sent_form_with_an_error_still_offers_sharing(client):
    """ "I have sent it" without a choice shows the page again, with its share links."""
    write_letter(client)
    token = csrf_token(client, "/thank-you")
    response = client.post("/letter/sent", data={"csrf_token": token})
    assert response.status_code == 400
    assert shared(response)["copy"] == f"{SITE}/?source=share&utm_medium=copy"


def test_a_shared_device_shows_the_address_and_opens_nothing(app, client):
    """At an event nothing opens the device's mail, apps or share sheet, and no script is
    loaded for it: the campaign's address is shown to note down."""
    now = utcnow()
    with app.app_context():
        event = Event(
            campaign="baghdad-returns",
            name="Town hall",
            starts_at=now,
            ends_at=now + dt.timedelta(hours=3),
        )
        db.session.add(event)
        db.session.commit()
        link = f"/event/{device_token(event)}"
    token = csrf_token(client, link)
    assert client.post(link, data={"csrf_token": token}).status_code == 303
    soup = page(client.get("/thank-you"))
    section = soup.find("section", class_="share")
    assert section.find(class_="share-url").get_text(strip=True) == f"{SITE}/"
    assert section.find_all(["a", "button", "input"]) == []
    assert not any("share.js" in script["src"] for script in soup.find_all("script"))
