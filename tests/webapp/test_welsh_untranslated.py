"""The pseudo-locale's check, run with Welsh: no public page at /cy/ shows English interface text.

For every message of the English catalogue whose Welsh differs from its English (a message the
Welsh catalogue leaves empty or fuzzy counts: the page would show its English), its English is
split at its placeholders, tags and entities, and each piece of 12 characters or more must not
be in the Welsh page's visible text (the pseudo-locale's `interface_text`: what a person sees or
hears, less scripts, typed text and the letter's own words). Messages the Welsh catalogue keeps
as they are ("PDF", "%(where)s: %(problem)s") are not checked.

A piece found only inside data is data there: the campaign's own content (its title, summary,
asks, findings, sources and groups, in both languages, and its data controller), the
directory's MP and constituency names, what the supporter typed, and the closing words staff
wrote. Campaign content is English on the Welsh pages for now; that is content, not interface.
The language names "English" and "Cymraeg" are each language's own name
(webapp/public/languages.py), never translated. A letter that says it is in English (`<article
class="letter" lang="en">`: the letter's own language, not the page's) is left out whole; a
Welsh one's furniture ("Yn gywir,", the MP's address) is checked like the page.

A few English sentences are written outside the catalogue (OUTSIDE_THE_CATALOGUE): they are
looked for too, by their words. Every page is also `<html lang="cy">`.

The pages are those of the pseudo-locale test (test_pseudo_locale_public.py), at /cy/, with its
helpers, plus the postcode step's errors, the reply report's errors, the seat question, a name
the PDF cannot print, the reminder's unsubscribe page and the event pages.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from pseudo_locale import interface_text
from webapp_helpers import GOOD_LETTER, csrf_token, find_mp, page, post_form, write_letter

from webapp.campaign_prefix import LANGUAGE_KEY
from webapp.campaigns import service as campaigns
from webapp.clock import utcnow
from webapp.content.published import (
    current_campaign,
    current_directory,
    organisation_controller,
    published_findings,
    published_page,
)
from webapp.events.models import Event
from webapp.events.service import device_token
from webapp.extensions import db
from webapp.i18n import TRANSLATIONS_DIR
from webapp.replies.models import Reminder

CY = "/cy"
MIN_CHARS = 12
LANGUAGE_NAMES = ("English", "Cymraeg")
# What a message's English is split at: its placeholders, tags and entities.
_SPLIT = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|<[^>]*>|&[a-z#0-9]+;|\n")
_EDGES = " .,:;()–—-·|/“”\"'?!"  # what a piece's ends lose, as in the pseudo-locale check
# English written outside the catalogue, so the check above cannot know it: the core's messages
# about a postcode or a seat, and the words naming a field in "we cannot print some characters".
OUTSIDE_THE_CATALOGUE = {
    "We can't find the postcode": "letters/directory.py",
    "belong to businesses and PO boxes": "letters/directory.py",
    "An MP only acts for people who live in their constituency": "letters/service.py",
    "has no MP at the moment": "letters/service.py",
    **dict.fromkeys(
        ("your name", "your address", "your email address", "your own words", "your details"),
        "webapp/public/letter_form.py",
    ),
}
CHOOSE_POSTCODE = "AB10 0AA"  # its outcode spans two seats
NON_GEOGRAPHIC_POSTCODE = "S94 2AA"  # businesses and PO boxes: no constituency
SEAT_QUESTION_POSTCODE = "CF10 1EP"  # the letter form then asks which MP
CLOSING_WORDS = "The flights were paused"
EVENT = "Cardiff stall"
REPLY = {
    "stance": "supports",
    "summary": "They will write to the Home Office.",
    "keep_summary": "y",
}


def _squash(text: str) -> str:
    return " ".join(text.split())


def _catalogue(language: str):
    path = TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _forms(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if not value:
        return ()
    return value if isinstance(value, tuple) else (value,)


@cache
def english_pieces() -> dict[str, str]:
    """Each piece of English a Welsh page must not show → the message it comes from."""
    welsh = _catalogue("cy")
    pieces: dict[str, str] = {}
    for message in _catalogue("en"):
        if not message.id:
            continue
        english = _forms(message.string) if all(_forms(message.string)) else ()
        english = english or _forms(message.id)
        translated = welsh.get(message.id)
        welsh_forms = () if translated is None or translated.fuzzy else _forms(translated.string)
        if welsh_forms and all(welsh_forms) and set(welsh_forms) <= set(english):
            continue  # kept as it is in Welsh, on purpose
        for form in english:
            for piece in _SPLIT.split(form.replace("%%", "%")):
                piece = _squash(piece).strip(_EDGES)
                if len(piece) >= MIN_CHARS and piece not in LANGUAGE_NAMES:
                    pieces.setdefault(piece, form)
    return pieces


def _strings(value: object) -> Iterator[str]:
    """Every string in campaign content: dataclasses (and their citations), mappings, tuples."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            yield from _strings(getattr(value, field.name))
        citation = getattr(value, "citation", None)
        if isinstance(citation, str):
            yield citation
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, Iterable):
        for item in value:
            yield from _strings(item)


def campaign_content(app, language: str) -> set[str]:
    """The campaign's own words as its pages in `language` show them, each a line of its own."""
    with app.test_request_context("/", environ_base={LANGUAGE_KEY: language}):
        campaign = current_campaign()
        findings = published_findings(campaign)
        texts = [campaign.title, *_strings(published_page(campaign)), *_strings(findings)]
        # The data controller (footer and privacy page): the organisation's name and address.
        texts += [*_strings(campaign.controller), *_strings(organisation_controller())]
        if hasattr(findings, "in_language"):
            texts += _strings(findings.in_language(language))
    return {line for text in texts for line in map(_squash, text.splitlines()) if line}


def directory_names(app) -> set[str]:
    """Every MP's and constituency's name: public data, never translated."""
    with app.test_request_context("/"):
        directory = current_directory()
        names = {seat.name for seat in directory.constituencies()}
        names |= {mp.name for mp in directory.mps().values()}
    return names


@pytest.fixture
def app_config(app_config):
    """A mail server is set (never reached: reminders are only stored here), so the letter form
    shows its reminder box and a reminder's unsubscribe page can be opened."""
    return {
        **app_config,
        "SMTP_HOST": "127.0.0.1",
        "MAIL_FROM": "Write to your MP <campaign@example.org>",
    }


@pytest.fixture
def data(app) -> tuple[str, ...]:
    """What is data on these pages, longest first (a title goes before a name inside it)."""
    typed = {str(value) for value in GOOD_LETTER.values() if value}
    typed |= {"amira@example.org", CLOSING_WORDS, *REPLY.values()}
    every = campaign_content(app, "cy") | campaign_content(app, "en") | directory_names(app)
    return tuple(sorted({text for text in every | typed if text}, key=len, reverse=True))


def english_on(html: str, data: tuple[str, ...]) -> list[str]:
    """The English interface text on a page: each piece, with the message it comes from.

    A piece found only inside data on the page (a campaign title, an organisation's name that
    has the same words) is data there, not interface text.
    """
    soup = BeautifulSoup(html, "html.parser")
    # A letter says its own language: in an English one (lang="en"), its furniture ("Yours
    # sincerely,") is the letter's English, not the page's.
    for letter in soup.select("article.letter"):
        if not letter.get("lang", "cy").startswith("cy"):
            letter.decompose()
    text = _squash(interface_text(str(soup)))
    found = []
    sources = {piece: f"message {message!r}" for piece, message in english_pieces().items()}
    sources |= {
        piece: f"not in the catalogue: {where}" for piece, where in OUTSIDE_THE_CATALOGUE.items()
    }
    for piece, source in sources.items():
        if piece not in text:
            continue
        left = text
        for item in data:
            if piece in item and item in left:
                left = left.replace(item, " | ")
        if piece in left:
            found.append(f"{piece!r} ({source})")
    return found


class WelshPages:
    """Checks each page as it is opened; `assert_all_welsh` lists every problem, by page."""

    def __init__(self, data: tuple[str, ...]) -> None:
        self.data = data
        self.problems: list[str] = []
        self.checked: list[str] = []

    def check(self, response, label: str, status: int = 200) -> None:
        self.checked.append(label)
        if response.status_code != status:
            self.problems.append(f"{label}: status {response.status_code}, not {status}")
        if response.mimetype != "text/html":
            self.problems.append(f"{label}: {response.mimetype}, not a page")
            return
        html = response.get_data(as_text=True)
        lang = page(response).find("html").get("lang")
        if lang != "cy":
            self.problems.append(f'{label}: <html lang="{lang}">, not "cy"')
        self.problems += [f"{label}: English {found}" for found in english_on(html, self.data)]

    def assert_all_welsh(self) -> None:
        assert self.checked
        assert not self.problems, "\n".join(["English or not Welsh on /cy/:", *self.problems])


@pytest.fixture
def welsh(data) -> WelshPages:
    """The pages a test opens, checked as it goes; it ends with `welsh.assert_all_welsh()`."""
    return WelshPages(data)


def test_the_welsh_catalogue_is_in_use(client, data):
    """The check means something: the English page shows many of the pieces looked for, and the
    same page in Welsh none of them."""
    english = client.get("/find-your-mp").get_data(as_text=True)
    welsh = client.get(f"{CY}/find-your-mp").get_data(as_text=True)
    assert len(english_on(english, data)) >= 5, english_on(english, data)
    assert english_on(welsh, data) == []


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/find-your-mp",
        "/constituencies",
        "/constituencies?q=Cardiff",
        "/privacy",
        "/my-letter/deleted",
    ],
)
def test_pages_anyone_can_open(client, welsh, url):
    """The campaign page, finding the MP, the constituency list and the privacy page."""
    welsh.check(client.get(f"{CY}{url}"), url)
    welsh.assert_all_welsh()


def test_the_postcode_step_with_an_error(client, welsh):
    """No postcode, not a postcode, and ones the directory cannot place (the list of seats)."""
    welsh.check(find_mp(client, "", under=CY), "find your MP, no postcode", 400)
    welsh.check(find_mp(client, "NOT A POSTCODE", under=CY), "find your MP, not a postcode", 400)
    unknown = find_mp(client, "ZZ99 9ZZ", under=CY)
    assert unknown.headers["Location"] == f"{CY}/constituencies", unknown.headers["Location"]
    welsh.check(client.get(unknown.headers["Location"]), "find your MP, unknown postcode")
    business = find_mp(client, NON_GEOGRAPHIC_POSTCODE, under=CY)
    assert business.headers["Location"] == f"{CY}/constituencies", business.headers["Location"]
    welsh.check(client.get(business.headers["Location"]), "find your MP, a business postcode")
    welsh.assert_all_welsh()


def test_the_letter_journey(client, welsh):
    """The letter form, its errors, the preview, the print page, the thank-you page, the private
    link's pages and the reply report, with and without errors."""
    find_mp(client, under=CY)
    welsh.check(client.get(f"{CY}/your-letter"), "letter form")
    errors = post_form(client, f"{CY}/your-letter", {"name": "", "email": "not-an-email"})
    welsh.check(errors, "letter form with errors", 400)
    preview = write_letter(client, under=CY, keep_copy="y", email="amira@example.org", remind="y")
    assert preview.headers["Location"] == f"{CY}/your-letter/preview"
    welsh.check(client.get(preview.headers["Location"]), "preview")
    welsh.check(client.get(f"{CY}/your-letter/print"), "print")
    thanks = client.get(f"{CY}/thank-you")
    welsh.check(thanks, "thank you")
    token = csrf_token(client, f"{CY}/thank-you")
    not_said = client.post(f"{CY}/letter/sent", data={"csrf_token": token})
    welsh.check(not_said, "thank you, sent without saying how", 400)
    link = page(thanks).select_one("a.private-url")["href"]
    path = urlsplit(link).path
    assert path.startswith(f"{CY}/my-letter/"), link
    for url in (path, f"{path}/delete", f"{path}/reply"):
        welsh.check(client.get(url), url.replace(path, "private link"))
    no_answer = post_form(client, f"{path}/reply", {"summary": REPLY["summary"]})
    welsh.check(no_answer, "reply report with errors", 400)
    answered = post_form(client, f"{path}/reply", REPLY)
    assert answered.status_code in (302, 303), answered.status_code
    welsh.check(client.get(answered.headers["Location"]), "after the reply report")
    welsh.assert_all_welsh()


def test_choosing_a_constituency(client, welsh):
    """A postcode shared by several seats asks which one."""
    find_mp(client, CHOOSE_POSTCODE, under=CY)
    welsh.check(client.get(f"{CY}/choose-constituency"), "choose constituency")
    welsh.assert_all_welsh()


def test_the_seat_question(client, welsh):
    """An address in another seat than the postcode found asks which MP gets the letter."""
    find_mp(client, under=CY)
    asked = post_form(
        client, f"{CY}/your-letter", {**GOOD_LETTER, "postcode": SEAT_QUESTION_POSTCODE}
    )
    assert page(asked).select_one("fieldset.seat-choice") is not None
    welsh.check(asked, "the seat question", 400)
    welsh.assert_all_welsh()


def test_characters_a_letter_cannot_print(client, welsh):
    """A name the PDF cannot print: the preview says which characters, and where, in Welsh."""
    made = write_letter(client, under=CY, name="Amira 中文 O'Brien")
    assert made.headers["Location"] == f"{CY}/your-letter/preview"
    preview = client.get(made.headers["Location"])
    assert "中" in page(preview).get_text()
    welsh.check(preview, "preview, a name the PDF cannot print")
    welsh.assert_all_welsh()


def test_the_reminder_unsubscribe_page(app, client, welsh):
    """The page a reminder email's unsubscribe link opens, and after."""
    write_letter(client, under=CY, email="amira@example.org", remind="y")
    with app.app_context():
        reminder = db.session.scalars(db.select(Reminder)).first()
    assert reminder is not None, "no reminder stored with a mail server set"
    url = f"{CY}/reminders/unsubscribe/{reminder.unsubscribe_id}"
    welsh.check(client.get(url), "reminder unsubscribe")
    done = post_form(client, url, {})
    if done.status_code in (302, 303):
        done = client.get(done.headers["Location"])
    welsh.check(done, "reminder unsubscribed")
    welsh.assert_all_welsh()


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [("GET", "/no-such-page", 404), ("POST", "/privacy", 405), ("GET", "/my-letter/bad", 404)],
)
def test_error_pages(client, welsh, method, url, status):
    """The error pages: not found, method not allowed."""
    welsh.check(client.open(f"{CY}{url}", method=method), f"{status} page ({url})", status)
    welsh.assert_all_welsh()


def test_a_closed_campaign(app, client, welsh):
    """The closed campaign page and the page that refuses a late form, showing what was typed."""
    token = csrf_token(client, f"{CY}/")
    with app.test_request_context():
        campaigns.close_now("baghdad-returns", CLOSING_WORDS, by=None)
    welsh.check(client.get(f"{CY}/"), "closed campaign page")
    late = client.post(f"{CY}/find-your-mp", data={"postcode": "SW1A 1AA", "csrf_token": token})
    welsh.check(late, "late form (closed campaign)", 409)
    welsh.assert_all_welsh()


def test_the_event_pages(app, client, welsh):
    """A shared device at an event: the device link's page (and a bad one), the banner on every
    page, the letter's end that clears the device, and the print page."""
    now = utcnow()
    with app.app_context():
        event = Event(
            campaign="baghdad-returns",
            name=EVENT,
            starts_at=now,
            ends_at=now + dt.timedelta(hours=3),
        )
        db.session.add(event)
        db.session.commit()
        link = f"{CY}/event/{device_token(event)}"
    welsh.data = (*welsh.data, EVENT)
    welsh.check(client.get(f"{CY}/event/1.forged"), "event link, forged", 404)
    welsh.check(client.get(link), "event link")
    joined = post_form(client, link, {})
    assert joined.status_code == 303, joined.status_code
    assert joined.headers["Location"].startswith(f"{CY}/"), joined.headers["Location"]
    on_device = client.get(joined.headers["Location"])
    assert page(on_device).select_one(".event-banner") is not None
    welsh.check(on_device, "campaign page on an event device")
    write_letter(client, under=CY)
    welsh.check(client.get(f"{CY}/your-letter/preview"), "preview on an event device")
    welsh.check(client.get(f"{CY}/your-letter/print"), "print on an event device")
    welsh.check(client.get(f"{CY}/thank-you"), "thank you on an event device")
    welsh.assert_all_welsh()
