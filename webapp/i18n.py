"""The single translation point. Every user-facing string goes through these names.

`_` translates now, for the current reader (call it when the text is shown: in a view, a
template or a function); `_l` is the lazy twin for text defined at import time (form labels,
validators' messages, module constants), translated each time it is turned into a string;
`ngettext` picks the singular or plural form. Placeholders are `%(name)s` and are filled after
translation: `_("Hello %(name)s", name=name)`, `ngettext("%(num)d day", "%(num)d days", n)`.

The catalogues live in `webapp/translations/` (`make translations` extracts and compiles them).
The locales offered are the `LANGUAGES` setting, English first: English and Welsh. A public page's
language is its address's (/cy/… is Welsh, an unprefixed address English: see
`webapp.campaign_prefix.LanguagePrefix`), so a shared link shows what the sharer saw; the staff
area, whose addresses carry no language, follows the browser.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import flask_babel
from babel import Locale
from flask import Flask, current_app, has_request_context, request
from flask_babel import Babel
from flask_babel.speaklater import LazyString
from markupsafe import escape

from letters import i18n as letters_i18n
from webapp.campaign_prefix import LANGUAGE_KEY

__all__ = [
    "TRANSLATIONS_DIR",
    "LazyText",
    "_",
    "_l",
    "current_language",
    "format_date",
    "format_moment",
    "gettext",
    "html_lang",
    "init_app",
    "lazy_gettext",
    "ngettext",
    "select_locale",
]

# The catalogues: messages.pot and <locale>/LC_MESSAGES/messages.po (and the compiled .mo).
TRANSLATIONS_DIR = Path(__file__).resolve().parent / "translations"


def gettext(message: str, **values: object) -> str:
    """Return `message` translated for the current reader, with `values` filled in."""
    return flask_babel.gettext(message, **values)


def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
    """The singular or plural form of a message for `n`, translated; `%(num)d` is `n`."""
    return flask_babel.ngettext(singular, plural, n, **values)


class LazyText(LazyString):
    """Text translated each time it is shown; escaped in HTML like any other string.

    (Flask-Babel's own lazy string counts as markup, so a translation could carry tags.)
    """

    def __html__(self) -> str:
        return str(escape(str(self)))


def lazy_gettext(message: str, **values: object) -> LazyText:
    """`message` to be translated when it is shown (form labels, module constants)."""
    return LazyText(gettext, message, **values)


_ = gettext
_l = lazy_gettext


def format_date(value: dt.date, format: str = "d MMMM y") -> str:
    """A date in the reader's language, by CLDR: "28 November 2026" in English."""
    return flask_babel.format_date(value, format)


def format_moment(value: dt.datetime, format: str = "", *, with_seconds: bool = False) -> str:
    """A date and time in the reader's language and the site's time zone (UTC)."""
    format = format or ("d MMM y, HH:mm:ss" if with_seconds else "d MMM y, HH:mm")
    return flask_babel.format_datetime(value, format)


def select_locale() -> str:
    """The reader's language: the address's, where it has one (every public page); else (the
    staff area) the best of the offered `LANGUAGES` their browser asks for."""
    offered = list(current_app.config["LANGUAGES"])
    if not has_request_context():
        return offered[0]
    by_address = request.environ.get(LANGUAGE_KEY)
    if by_address is not None:
        return by_address if by_address in offered else offered[0]
    return request.accept_languages.best_match(offered, default=offered[0])


def plural_forms(singular: str, plural: str) -> dict[str, str]:
    """A message's translation for each CLDR plural category of the page's language ("one",
    "other"; Welsh also "zero", "two", "few", "many"), `%(num)d` left in: for a script that
    counts in the browser (`Intl.PluralRules` names the category)."""
    locale = flask_babel.get_locale() or Locale.parse(current_app.config["LANGUAGES"][0])
    translations = flask_babel.get_translations()
    forms: dict[str, str] = {}
    for n in range(200):  # a sample of each category (Welsh's "many" is 6, and only 6)
        forms.setdefault(locale.plural_form(n), translations.ngettext(singular, plural, n))
    return forms


def language_name(code: str) -> str:
    """A language named in itself ("English", "Cymraeg"), from Babel's locale data: a reader
    looks for their own language's name, so it is never translated."""
    try:
        return Locale.parse(code).get_display_name(code) or code
    except (ValueError, TypeError):  # not a locale Babel knows: show the code
        return code


def current_language() -> str:
    """The page's language as a `LANGUAGES` code ("en", "cy")."""
    return str(flask_babel.get_locale() or current_app.config["LANGUAGES"][0])


def html_lang() -> str:
    """The page's `lang`: its locale, English being British English (the spelling checks')."""
    language = current_language()
    return "en-GB" if language == "en" else language.replace("_", "-")


def init_app(app: Flask) -> None:
    """Bind Flask-Babel to `app` and give templates `_`, `ngettext` and the letters' catalogue."""
    app.config.setdefault("LANGUAGES", ("en",))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", app.config["LANGUAGES"][0])
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    # One Babel per app: its catalogues are cached per instance, and apps may differ (tests).
    Babel().init_app(app, locale_selector=select_locale)
    # `_()` in a template returns plain text, escaped on output like any other value, so a
    # translation can never inject markup; `{% trans %}` blocks are template source.
    app.jinja_env.globals["_"] = gettext
    # `<html lang>` and anything else that names the page's language.
    app.jinja_env.globals["html_lang"] = html_lang
    app.jinja_env.globals["plural_forms"] = plural_forms
    # `{% trans %}` blocks are one message however the template wraps them (as babel.cfg says).
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    # Dates in pages are the reader's language too: `{{ when|day }}`, `{{ when|moment }}`.
    app.jinja_env.filters["day"] = lambda value: format_date(value, "d MMM y")
    app.jinja_env.filters["long_day"] = format_date
    app.jinja_env.filters["moment"] = format_moment
    app.jinja_env.filters["long_moment"] = lambda value: format_moment(value, "d MMMM y, HH:mm")

    @app.before_request
    def _letters_speak_the_readers_language() -> None:
        # The letter's furniture ("Yours sincerely,", "Sources") comes from the same catalogue.
        letters_i18n.activate(flask_babel.get_translations(), str(flask_babel.get_locale() or "en"))

    @app.teardown_request
    def _letters_back_to_english(_exc: BaseException | None) -> None:
        letters_i18n.deactivate()
