"""The whole supporter journey in Welsh, in Chromium, for a Welsh postcode (Bangor, LL57 2DG).

From /cy/ to the MP, the letter form (sent once with mistakes: Welsh messages, nothing typed
lost; then right), the preview, the PDF, the email draft, the thank-you page, the private link
and a reply reported on it. Every page is `<html lang="cy">`, passes axe-core (WCAG 2.1 A/AA
and best practice) and is kept as screenshots at 375 and 1280 px ("public-cy-<step>").

The switch between languages on the letter form keeps everything typed, both ways.

The page's words are the Welsh catalogue's (webapp/translations/cy), looked up by their English,
so the test follows the translation rather than repeating it. The letter itself may still be in
English (Welsh letters are the core's, separately): nothing here asserts on its language.
"""

from __future__ import annotations

import email
import re
from email import policy
from functools import cache
from urllib.parse import unquote

import pytest
from axe import describe, require_axe, violations
from babel.messages.pofile import read_po
from browser_helpers import pdf_text, screenshot
from journeys import LETTER_FORM_LABELS, mp_found_text, seat_for_postcode
from playwright.sync_api import Locator, Page, expect

from webapp.i18n import TRANSLATIONS_DIR

pytestmark = pytest.mark.browser

WELSH_POSTCODE = "LL57 2DG"
SUPPORTER = {
    "name": "Siân Llywelyn-Jones",
    "address_line1": "3 Ffordd y Coleg",
    "address_line2": "Fflat 2",
    "town": "Bangor",
    "postcode": WELSH_POSTCODE,
    "email": "sian.llywelyn@example.org",
    "reason": "Mae fy nghymydog wedi ffoi o Baghdad ac mae'n dal i ofni cael ei anfon yn ôl.",
}
# The first try leaves out the name and the first line of the address, and mistypes the email.
FIRST_TRY = {**SUPPORTER, "name": "", "address_line1": "", "email": "sian.llywelyn@"}
REPLY_WORDS = "Bydd hi'n ysgrifennu at y Swyddfa Gartref."


@cache
def _welsh_catalogue():
    with (TRANSLATIONS_DIR / "cy" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale="cy")


def cy(english: str) -> str:
    """The Welsh catalogue's words for `english` (fails, naming it, when there are none)."""
    message = _welsh_catalogue().get(english)
    welsh = "" if message is None or message.fuzzy else message.string
    assert welsh, f"the Welsh catalogue has no translation of {english!r}"
    return welsh


@cache
def all_welsh_messages() -> frozenset[str]:
    """Every Welsh message of the catalogue, whitespace made single spaces."""
    found = set()
    for message in _welsh_catalogue():
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        found.update(" ".join(form.split()) for form in forms if form and message.id)
    return frozenset(found)


def welsh_label(field: str) -> str:
    """The letter form's label for a field, in Welsh."""
    return cy(LETTER_FORM_LABELS[field])


def box(page: Page, field: str, *, welsh: bool = True) -> Locator:
    label = welsh_label(field) if welsh else LETTER_FORM_LABELS[field]
    return page.get_by_label(label, exact=True)


def fill(page: Page, values: dict[str, str]) -> None:
    for field, value in values.items():
        box(page, field).fill(value)


def keep_letter(page: Page) -> Locator:
    return page.get_by_role(
        "checkbox", name=cy("Keep my letter so the campaign can deliver it to my MP")
    )


class WelshSteps:
    """Checks each page of the journey: lang="cy", axe-core, and screenshots at both widths.

    axe's findings are collected and failed on at the end, so one run lists every page's.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.axe_found: list[str] = []

    def check(self, step: str) -> None:
        page = self.page
        expect(page.locator("html")).to_have_attribute("lang", "cy")
        expect(page.locator("main")).to_be_visible()
        screenshot(page, f"public-cy-{step}")
        found = violations(page)
        if found:
            self.axe_found.append(f"public-cy-{step} ({page.url}):\n{describe(found)}")

    def assert_accessible(self) -> None:
        assert not self.axe_found, "axe-core found violations:\n" + "\n".join(self.axe_found)


def eml_text(data: bytes) -> str:
    """The .eml's headers and plain-text body, decoded."""
    message = email.message_from_bytes(data, policy=policy.default)
    body = message.get_body(preferencelist=("plain",))
    assert body is not None, "the .eml has no plain-text part"
    return f"To: {message['To']}\nSubject: {message['Subject']}\n\n{body.get_content()}"


def test_the_whole_journey_in_welsh(axe_page: Page) -> None:
    """Campaign page → MP → form (wrong, then right) → preview → PDF and email → thank you →
    private link → reply reported; every page Welsh, accessible and photographed."""
    require_axe()
    page = axe_page
    seat = seat_for_postcode(WELSH_POSTCODE)
    steps = WelshSteps(page)

    # The campaign page, in Welsh, finds the MP.
    page.goto("/cy/")
    steps.check("campaign")
    page.get_by_label(cy("Your postcode")).fill(WELSH_POSTCODE)
    page.get_by_role("button", name=cy("Find my MP")).click()
    expect(page).to_have_url(re.compile(r"/cy/your-letter$"))
    expect(page.get_by_text(mp_found_text(seat))).to_be_visible()
    expect(box(page, "postcode")).to_have_value(WELSH_POSTCODE)
    steps.check("letter-form")

    # Sent with mistakes: Welsh messages, and everything typed is still there.
    fill(page, FIRST_TRY)
    keep_letter(page).check()
    page.get_by_role("button", name=cy("Show me my letter")).click()
    summary = page.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text(cy("There is a problem"))
    errors = summary.get_by_role("link")
    expect(errors).to_have_count(3)
    for said in errors.all_inner_texts():
        assert " ".join(said.split()) in all_welsh_messages(), f"not Welsh: {said!r}"
    for field, value in FIRST_TRY.items():
        expect(box(page, field)).to_have_value(value)
    expect(keep_letter(page)).to_be_checked()
    for field in ("name", "address_line1", "email"):
        expect(box(page, field)).to_have_attribute("aria-invalid", "true")
    steps.check("letter-form-errors")

    # Put right, it makes the letter.
    fill(page, {field: SUPPORTER[field] for field in ("name", "address_line1", "email")})
    page.get_by_role("button", name=cy("Show me my letter")).click()
    expect(page).to_have_url(re.compile(r"/cy/your-letter/preview$"))
    letter = page.locator("article.letter")
    expect(letter.locator(".letter-signature")).to_have_text(SUPPORTER["name"])
    expect(letter).to_contain_text(SUPPORTER["reason"])
    expect(page.get_by_role("region", name=cy("Your private link"))).to_be_visible()
    steps.check("preview")

    # The email draft: the email app's link and the .eml file, to the MP, from the supporter
    # (fetched as the links would, so that the page stays on the preview for the PDF).
    mailto_href = page.get_by_role("link", name=cy("Open in my email app")).get_attribute("href")
    assert (mailto_href or "").startswith("/cy/"), mailto_href
    opened = page.request.get(mailto_href, max_redirects=0)
    assert opened.status == 303, opened.status
    mailto = unquote(opened.headers["location"])
    assert mailto.startswith(f"mailto:{seat.mp.email}"), mailto[:120]
    assert SUPPORTER["name"] in mailto, mailto[:400]
    eml_href = page.get_by_role("link", name=cy("Download .eml")).get_attribute("href")
    assert (eml_href or "").startswith("/cy/"), eml_href
    eml = page.request.get(eml_href or "")
    assert eml.ok, eml.status
    assert ".eml" in eml.headers.get("content-disposition", ""), eml.headers
    draft = eml_text(eml.body())
    assert seat.mp.email in draft, draft[:400]
    assert SUPPORTER["name"] in draft, draft[:400]

    # The PDF, read back: the supporter's name and the MP's constituency are in it.
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name=cy("Download PDF")).click()
    assert pdf_download.value.suggested_filename.endswith(".pdf")
    text = pdf_text(pdf_download.value.path().read_bytes())
    for expected in (SUPPORTER["name"], seat.constituency.name):
        assert expected in text, f"{expected!r} is not in the PDF: {text[:600]}"

    # Thank you, with the private link to the kept letter.
    expect(page).to_have_url(re.compile(r"/cy/thank-you\?via=pdf$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(cy("Thank you"))
    private = page.locator("a.private-url")
    expect(private).to_be_visible()
    steps.check("thank-you")

    # The private link: the kept letter, then the reply reported on it.
    page.goto(private.get_attribute("href") or "")
    expect(page).to_have_url(re.compile(r"/cy/my-letter/[^/]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(cy("Your kept letter"))
    expect(page.locator("article.letter")).to_contain_text(SUPPORTER["name"])
    steps.check("private-link")
    page.get_by_role("link", name=cy("Tell us about the reply")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(cy("Did your MP reply?"))
    steps.check("report-reply")
    page.get_by_role(
        "radio", name=cy("They support the ask: they will press the Home Office")
    ).check()
    page.get_by_label(cy("What they said, in short, or the reply's text (optional)")).fill(
        REPLY_WORDS
    )
    page.get_by_role(
        "checkbox",
        name=cy("You may keep what I wrote above, to show the campaign's staff what MPs say"),
    ).check()
    page.get_by_role("button", name=cy("Send my answer")).click()
    expect(
        page.get_by_text(cy("Thank you: the campaign now knows what your MP said."))
    ).to_be_visible()
    steps.check("reply-reported")

    steps.assert_accessible()


def test_switching_language_keeps_every_typed_field(page: Page) -> None:
    """Typed on the Welsh form, "English" shows the English form with the same values, and
    "Cymraeg" brings them back to the Welsh one."""
    page.goto("/cy/find-your-mp")
    page.get_by_label(cy("Your postcode")).fill(WELSH_POSTCODE)
    page.get_by_role("button", name=cy("Find my MP")).click()
    expect(page).to_have_url(re.compile(r"/cy/your-letter$"))
    fill(page, SUPPORTER)
    keep_letter(page).check()
    concern = page.locator("input[name='concern']").first
    concern.check()
    chosen = concern.get_attribute("value")

    page.get_by_role("button", name="English", exact=True).click()
    expect(page).to_have_url(re.compile(r"/your-letter$"))
    assert "/cy/" not in page.url
    expect(page.locator("html")).to_have_attribute("lang", re.compile(r"^en\b"))
    for field, value in SUPPORTER.items():
        expect(box(page, field, welsh=False)).to_have_value(value)
    expect(page.get_by_role("checkbox", name=re.compile("^Keep my letter"))).to_be_checked()
    expect(page.locator(f"input[name='concern'][value='{chosen}']")).to_be_checked()

    page.get_by_role("button", name="Cymraeg", exact=True).click()
    expect(page).to_have_url(re.compile(r"/cy/your-letter$"))
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    for field, value in SUPPORTER.items():
        expect(box(page, field)).to_have_value(value)
    expect(keep_letter(page)).to_be_checked()
    expect(page.locator(f"input[name='concern'][value='{chosen}']")).to_be_checked()


def test_switching_language_on_the_campaign_page_keeps_the_postcode(page: Page) -> None:
    """The postcode typed on the English campaign page is still there on the Welsh one, and
    back; no JavaScript needed, and the postcode is in no address."""
    page.goto("/")
    page.get_by_label("Your postcode").fill(WELSH_POSTCODE)
    page.get_by_role("button", name="Cymraeg", exact=True).click()
    expect(page).to_have_url(re.compile(r"/cy/$"))
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    welsh_box = page.locator("#campaign-postcode-form input[name='postcode']")
    expect(welsh_box).to_have_value(WELSH_POSTCODE)
    welsh_box.fill("CF10 1AA")
    page.get_by_role("button", name="English", exact=True).click()
    expect(page).to_have_url(re.compile(r"/$"))
    assert "/cy/" not in page.url
    assert "CF10" not in page.url
    expect(page.get_by_label("Your postcode")).to_have_value("CF10 1AA")
