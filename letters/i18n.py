"""The words of the letter's own furniture ("Yours sincerely,", "Sources", the date), translated.

The core imports no web framework: whoever renders a letter may `activate()` a Babel
`Translations` catalogue and a locale (the web app does, per request, with its own catalogue,
which holds these messages too). Without one the text is English, exactly as written here.

A letter is written in one language, whatever page shows it: composing and rendering run inside
`for_language(letter.language)`, so an English letter keeps "Yours sincerely," on a Welsh page
and a Welsh letter gets "Yn gywir," at the command line. Welsh furniture needs no web catalogue:
`WELSH` is the built-in table of every message below, used where the activated catalogue is
not Welsh or does not translate the message (templates/README.md, "Welsh letters", says why
each reads as it does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from gettext import NullTranslations
from types import MappingProxyType

from babel.dates import format_date as _babel_format_date

__all__ = [
    "LANGUAGES",
    "WELSH",
    "activate",
    "deactivate",
    "for_language",
    "format_date",
    "gettext",
    "language",
    "locale",
]

# The languages letters are written in (letters.model.Language): English, and Welsh.
LANGUAGES = ("en", "cy")

# The letter's furniture in Welsh: English msgid -> Welsh. The web app's Welsh catalogue carries
# the same messages (the same words), so a page and the letter it shows agree.
WELSH: Mapping[str, str] = MappingProxyType(
    {
        "Dear %(name)s,": "Annwyl %(name)s,",
        "Yours sincerely,": "Yn gywir,",
        "Member of Parliament": "Aelod Seneddol",
        "The Member of Parliament for %(constituency)s": (
            "Yr Aelod Seneddol dros etholaeth %(constituency)s"
        ),
        "Rt Hon %(name)s": "Y Gwir Anrhydeddus %(name)s",
        "%(name)s MP": "%(name)s AS",
        "House of Commons": "Tŷ’r Cyffredin",
        "London": "Llundain",
        "Sources": "Ffynonellau",
        "Source %(number)s": "Ffynhonnell %(number)s",
        "Sources: %(sources)s.": "Ffynonellau: %(sources)s.",
        "Page %(number)s of %(total)s": "Tudalen %(number)s o %(total)s",
        "Letter to %(recipient)s about %(subject)s": (
            "Llythyr at %(recipient)s ynghylch %(subject)s"
        ),
    }
)


class _Table(NullTranslations):
    """A catalogue from a mapping of msgid to translation (an unknown msgid stays as it is)."""

    def __init__(self, table: Mapping[str, str]):
        super().__init__()
        self._table = table

    def gettext(self, message: str) -> str:
        return self._table.get(message, message)


class _Preferring(NullTranslations):
    """`first` where it translates a message, else `then` (the activated catalogue, then the
    built-in table)."""

    def __init__(self, first: NullTranslations, then: NullTranslations):
        super().__init__()
        self._first, self._then = first, then

    def gettext(self, message: str) -> str:
        text = self._first.gettext(message)
        return text if text != message else self._then.gettext(message)


_ENGLISH = (NullTranslations(), "en")
_WELSH = (_Table(WELSH), "cy")
_current: ContextVar[tuple[NullTranslations, str]] = ContextVar("letters_i18n", default=_ENGLISH)


def activate(translations: NullTranslations, locale: str = "en") -> None:
    """Translate the letter's furniture with `translations`, dates for `locale`, from now on."""
    _current.set((translations, locale))


def deactivate() -> None:
    """Back to English."""
    _current.set(_ENGLISH)


def locale() -> str:
    """The locale letters are written in now, such as "en"."""
    return _current.get()[1]


def language() -> str:
    """The language letters are written in now: "en" or "cy" (the locale without its region)."""
    return _language_of(locale())


def _language_of(locale_name: str) -> str:
    return locale_name.replace("-", "_").split("_", 1)[0].lower()


@contextmanager
def for_language(language: str) -> Iterator[None]:
    """Inside the block, the furniture is in `language` ("en" or "cy"): the activated catalogue
    where it is in that language (Welsh falls back to `WELSH` message by message), else plain
    English or the built-in Welsh."""
    if language not in LANGUAGES:
        raise ValueError(f"letters are written in {' or '.join(LANGUAGES)}, not {language!r}")
    current = _current.get()
    if _language_of(current[1]) == language:
        chosen = current if language == "en" else (_Preferring(current[0], _WELSH[0]), current[1])
    else:
        chosen = _ENGLISH if language == "en" else _WELSH
    token = _current.set(chosen)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str, **values: object) -> str:
    """`message` translated, with `%(name)s` placeholders filled from `values` afterwards."""
    text = _current.get()[0].gettext(message)
    return text % values if values else text


def format_date(value: dt.date) -> str:
    """A date as a letter writes it, by CLDR: "28 November 2026" in English, "28 Tachwedd 2026"
    in Welsh."""
    return _babel_format_date(value, "d MMMM y", locale=locale())
