"""The letter's outputs: PDF, .eml, text and email links, all composed from the same draft."""

from __future__ import annotations

import email
from email import policy

from webapp_helpers import (
    GOOD_LETTER,
    csrf_token,
    page,
    pdf_text,
    post_form,
    visible_text,
    write_letter,
)

from letters.directory import default_directory
from letters.render.email import MAILTO_MAX_CHARS


def _mp(postcode="SW1A 1AA"):
    directory = default_directory()
    return directory.mp_for(directory.lookup_postcode(postcode).constituency.code)


def test_pdf_is_an_attachment_with_the_letter_in_it(client):
    """The PDF downloads as an attachment and reads back with the name, address and MP."""
    write_letter(client)
    response = client.get("/letter.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert disposition.isascii()
    text = pdf_text(response.data)
    assert GOOD_LETTER["name"] in text
    assert "12 Acacia Avenue" in text
    assert _mp().full_title in text
    assert response.headers["Cache-Control"] == "no-store"


def test_eml_is_an_email_to_the_mp_from_the_supporter(client):
    """The .eml file is addressed to the MP's published email, with the supporter's words."""
    write_letter(client, email="amira@example.org")
    response = client.get("/letter.eml")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "no-store"
    message = email.message_from_bytes(response.data, policy=policy.default)
    assert _mp().email in message["To"]
    body = message.get_body(("plain",)).get_content()
    assert GOOD_LETTER["reason"] in body


def test_text_version_is_plain_text(client):
    """/letter.txt shows the same letter as plain text."""
    write_letter(client)
    response = client.get("/letter.txt")
    assert response.mimetype == "text/plain"
    assert GOOD_LETTER["name"] in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_preview_shows_the_composed_letter_and_every_way_to_send_it(client):
    """The preview shows the letter and offers PDF, email app, Gmail, Outlook, .eml and copy."""
    write_letter(client)
    soup = page(client.get("/your-letter/preview"))
    assert soup.find("article", class_="letter") is not None
    hrefs = {a["href"] for a in soup.find_all("a", href=True)}
    for url in ("/letter.pdf", "/letter.eml", "/letter/send/gmail", "/letter/send/outlook"):
        assert url in hrefs
    # The email-app button is offered when the letter fits in a mailto: link; otherwise the page
    # says so and offers the link only with a warning.
    mailto = client.get("/letter/send/mailto").headers["Location"]
    assert mailto.startswith("mailto:")
    mailto_fits = len(mailto) <= MAILTO_MAX_CHARS
    button = soup.select_one('a.button[href="/letter/send/mailto"]')
    assert (button is not None) is mailto_fits
    assert ("too long to open in an email app" in soup.get_text()) is not mailto_fits
    copy = soup.find("button", attrs={"data-copy-target": "letter-text"})
    assert copy.has_attr("hidden")
    assert "House of Commons" in soup.get_text()


def test_send_links_open_webmail(client):
    """Gmail and Outlook links redirect to the webmail compose page."""
    write_letter(client)
    gmail = client.get("/letter/send/gmail")
    assert gmail.headers["Location"].startswith("https://mail.google.com/")
    outlook = client.get("/letter/send/outlook")
    assert outlook.headers["Location"].startswith("https://outlook.")
    assert client.get("/letter/send/pigeon").status_code == 404


def test_long_letter_explains_the_email_link_is_too_long(client):
    """When the mailto link would be too long, the page says so and offers the others."""
    write_letter(client, reason="Long words make long links. " * 40)
    soup = page(client.get("/your-letter/preview"))
    hrefs = {a["href"] for a in soup.find_all("a", href=True)}
    assert soup.select_one('a.button[href="/letter/send/mailto"]') is None
    assert "too long to open in an email app" in soup.get_text()
    assert "/letter/send/gmail" in hrefs
    anyway = soup.find("a", string="Try my email app anyway")
    assert anyway["href"] == "/letter/send/mailto"
    opened = client.get("/letter/send/mailto").headers["Location"]
    assert opened.startswith("mailto:")
    assert len(opened) > MAILTO_MAX_CHARS


def test_mp_without_published_email_offers_the_pdf(client):
    """Where the MP has no published email the page says so and only the PDF is offered."""
    directory = default_directory()
    seat = directory.constituency("Preston")
    assert directory.mp_for(seat.code).email is None
    assert directory.lookup_postcode("PR1 2HE").constituency == seat
    token = csrf_token(client, "/constituencies?q=preston")
    client.post("/constituencies", data={"constituency": seat.code, "csrf_token": token})
    post_form(client, "/your-letter", {**GOOD_LETTER, "postcode": "PR1 2HE"})
    text = visible_text(client.get("/your-letter/preview"))
    assert "no published email address" in text
    assert client.get("/letter.eml").status_code == 404


def test_downloads_without_a_letter_go_back_to_the_form(client):
    """Asking for a PDF before writing the letter leads back to the form with a message."""
    response = client.get("/letter.pdf")
    assert response.status_code == 302
    assert "/your-letter" in response.headers["Location"]
