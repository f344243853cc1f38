"""Names and addresses in any script, and hostile text, are shown literally everywhere."""

from __future__ import annotations

import email
from email import policy

import pytest
from webapp_helpers import field_error, page, pdf_text, write_letter

HOSTILE = [
    "<script>alert(1)</script>",
    "{{7*7}}",
    "Tom & Jerry",
    "Seán O'Brien-Ní Dhuibhir",
    "محمد الأحمد",
    "Дмитрий Иванов",
    "Zoë 🌍",
    "Llanfairpwllgwyngyllgogerychwyndrobwllllantysiliogogogoch",
]
FIELDS = ["name", "address_line1", "address_line2", "town", "reason"]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize("field", FIELDS)
def test_hostile_text_is_shown_literally_in_the_preview(client, field, text):
    """Whatever is typed in any field appears as the same text in the preview, never as markup."""
    response = write_letter(client, **{field: text})
    assert response.status_code in (303, 400)
    if response.status_code == 400:
        # Refused: the message is by the field and the value is kept, literally.
        assert field_error(response, field)
        return
    preview = client.get("/your-letter/preview")
    assert preview.status_code == 200
    article = page(preview).find("article", class_="letter")
    assert text in article.get_text()
    assert "<script>alert" not in preview.get_data(as_text=True)
    assert "49" not in article.get_text() or "{{7*7}}" not in text


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "{{7*7}}", "Tom & Jerry"])
def test_hostile_text_is_literal_in_the_form_after_an_error(client, text):
    """After an error elsewhere, hostile text is put back into the field exactly."""
    response = write_letter(client, name=text, email="bad")
    assert page(response).find(id="name")["value"] == text
    assert "<script>alert" not in response.get_data(as_text=True)


@pytest.mark.parametrize("text", ["<b>bold</b> & {{7*7}}", "Seán O'Brien", "Дмитрий"])
def test_hostile_name_is_literal_in_the_pdf_and_email(client, text):
    """The PDF and the .eml show the name exactly as typed."""
    assert write_letter(client, name=text).status_code == 303
    assert text in pdf_text(client.get("/letter.pdf").data)
    message = email.message_from_bytes(client.get("/letter.eml").data, policy=policy.default)
    assert text in message.get_body(("plain",)).get_content()


def test_unprintable_name_still_offers_email_but_not_pdf(client):
    """Characters no font can print: said in plain words, email still offered, and no PDF."""
    response = write_letter(client, name="王小明")
    assert response.status_code == 303
    soup = page(client.get("/your-letter/preview"))
    notice = soup.find(class_="notice-warning")
    assert notice is not None
    said = " ".join(notice.get_text().split())
    assert "We cannot print some of the characters in your name: 王 小 明." in said
    assert "write your name in Latin letters (A to Z)" in said
    assert "send your letter by email" in said
    for internal in ("U+", "sender_name", "signature_name"):
        assert internal not in said
    hrefs = {a["href"] for a in soup.find_all("a", href=True)}
    assert "/letter.pdf" not in hrefs
    assert "/letter/send/gmail" in hrefs
    assert client.get("/letter.pdf").status_code == 302
