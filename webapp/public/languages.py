"""The supporter pages in each of the site's languages: the switch, the addresses, the notice.

A page's language is its address's (/cy/… is Welsh: `webapp.campaign_prefix.LanguagePrefix`).
Every public page links to itself in the other language from its header, and names each
language's address in its head (`<link rel="alternate" hreflang>`) for search engines.

On a page with a form the reader may have typed into, the switch is one of that form's buttons
(SWITCH_FIELD, its value the language): the view saves what was typed into the draft, unchecked,
and sends the reader to the same step in the other language, which shows it (`switch_requested`,
`same_page_in`). A plain link would lose it. A form whose typed text is not kept between
requests (the MP's reply: long, and private) is sent by its switch straight to the same page in
the other language, which shows it back as sent (`switched_here`): nothing is stored, and
nothing typed goes into an address.

The browser's language is a hint, never a trap: an English page whose reader's browser prefers
Welsh says so, in Welsh, with a link, and nothing is ever redirected by it; a shared link shows
what the sharer saw.

Each language is named in itself ("Cymraeg", "English": CLDR's names, like the months'), never
translated: the reader who needs the link is the one who cannot read this page's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, current_app, redirect, request
from werkzeug.datastructures import LanguageAccept

from webapp.campaign_prefix import language_address
from webapp.i18n import current_language, language_name

# The name and value of the switch button on a form: `switch_language=cy`.
SWITCH_FIELD = "switch_language"

# What an English page says, in the reader's own language, when their browser prefers it. Not
# from the catalogue: it is written for the reader who cannot read the page it is on, and must
# read right before that language's catalogue is complete.
NOTICES = {"cy": "Mae'r dudalen hon ar gael yn Gymraeg."}


@dataclass(frozen=True, slots=True)
class Language:
    """One of the site's languages, as this page offers it."""

    code: str  # "cy": the `lang` and `hreflang` of what names or links to it
    name: str  # its own name for itself: "Cymraeg"
    address: str  # this page in it: its path and query


@dataclass(frozen=True, slots=True)
class Notice:
    """This page is in another language the reader's browser prefers: what to say, and where."""

    language: Language
    text: str


@dataclass(frozen=True, slots=True)
class PageLanguages:
    """What a page's templates need: the switch, the head's alternates, and any notice."""

    others: tuple[Language, ...]
    alternates: tuple[tuple[str, str], ...]  # (hreflang, absolute URL), x-default last
    notice: Notice | None


def offered() -> tuple[str, ...]:
    """The site's languages, the default (unprefixed) first: the LANGUAGES setting."""
    return tuple(current_app.config["LANGUAGES"])


def same_page_in(code: str) -> str:
    """This page's path and query in language `code` (the same campaign, step and query)."""
    return language_address(request.environ, code, offered()[0])


def _absolute(path: str) -> str:
    """`path` on the public site (SITE_URL, as the thank-you page's link), else this host."""
    site = current_app.config["SITE_URL"] or request.host_url
    return site.rstrip("/") + path


def browser_prefers(accept: LanguageAccept, languages: tuple[str, ...]) -> str | None:
    """The first of the site's languages in the browser's order of preference, or None.

    By each entry's main language ("cy-GB" is "cy"), in the browser's order: Werkzeug's
    `best_match` prefers any exact match, so "cy-GB, en;q=0.8" would come out as English.
    """
    for value, quality in accept:  # highest quality first
        code = value.replace("_", "-").split("-", 1)[0].lower()
        if quality > 0 and code in languages:
            return code
    return None


def _notice(here: str, languages: tuple[str, ...]) -> Notice | None:
    """Say, in their language, that this English page is in the one the browser prefers."""
    if here != languages[0]:
        return None
    preferred = browser_prefers(request.accept_languages, languages)
    if preferred is None or preferred == here or preferred not in NOTICES:
        return None
    language = Language(preferred, language_name(preferred), same_page_in(preferred))
    return Notice(language, NOTICES[preferred])


def page_languages() -> PageLanguages | None:
    """The languages this page offers, or None where the site has only one."""
    languages = offered()
    if len(languages) < 2:
        return None
    here = current_language()
    others = tuple(
        Language(code, language_name(code), same_page_in(code))
        for code in languages
        if code != here
    )
    alternates = tuple((code, _absolute(same_page_in(code))) for code in languages)
    alternates += (("x-default", _absolute(same_page_in(languages[0]))),)
    return PageLanguages(others, alternates, _notice(here, languages))


def switch_requested() -> str | None:
    """The language a form's switch button asks for, or None: the form was sent as usual."""
    wanted = request.form.get(SWITCH_FIELD, "")
    return wanted if wanted in offered() and wanted != current_language() else None


def switched_here() -> bool:
    """A form's switch sent it to this page in its own language (a switch with `post_there`):
    show the form as sent, check nothing, keep nothing."""
    return request.method == "POST" and request.form.get(SWITCH_FIELD) == current_language()


def to_same_page_in(code: str) -> Response:
    """After a switch: the same step in language `code` (303: see it, do not post again)."""
    return redirect(same_page_in(code), 303)
