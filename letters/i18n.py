"""The words of the letter's own furniture ("Yours sincerely,", "Sources", the date), translated.

The core imports no web framework: whoever renders a letter may `activate()` a Babel
`Translations` catalogue and a locale (the web app does, per request, with its own catalogue,
which holds these messages too). Without one the text is English, exactly as written here.
"""

from __future__ import annotations

import datetime as dt
from contextvars import ContextVar
from gettext import NullTranslations

from babel.dates import format_date as _babel_format_date

__all__ = ["activate", "deactivate", "format_date", "gettext", "locale"]

_ENGLISH = (NullTranslations(), "en")
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


def gettext(message: str, **values: object) -> str:
    """`message` translated, with `%(name)s` placeholders filled from `values` afterwards."""
    text = _current.get()[0].gettext(message)
    return text % values if values else text


def format_date(value: dt.date) -> str:
    """A date as a letter writes it, by CLDR: "28 November 2026" in English."""
    return _babel_format_date(value, "d MMMM y", locale=locale())
