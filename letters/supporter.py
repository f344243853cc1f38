"""Check and tidy what a supporter typed into a `Supporter`, with a plain-English message per field.

Rules, in order, for every text field: NFC-normalise (so "é" typed two ways is one character),
strip surrounding whitespace, refuse characters no letter should carry (control characters,
private-use and unassigned code points, and the invisible controls that reorder text), then check
the length. Only the reason may span lines; its line breaks become "\n", and a blank line starts a
new paragraph in the letter (see templates/README.md).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Sequence

from letters.errors import PostcodeError, SupporterInvalid
from letters.i18n import gettext as _
from letters.model import Language, Supporter

__all__ = [
    "ADDRESS_LINES_MAX",
    "ADDRESS_LINE_MAX_CHARS",
    "EMAIL_MAX_CHARS",
    "NAME_MAX_CHARS",
    "REASON_MAX_CHARS",
    "validate_supporter",
]

NAME_MAX_CHARS = 100
ADDRESS_LINE_MAX_CHARS = 100
ADDRESS_LINES_MAX = 5
EMAIL_MAX_CHARS = 254  # the longest address SMTP can carry (RFC 5321 path limit)
REASON_MAX_CHARS = 1200

# Invisible controls that reorder text: they can make a name display as something else.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_REFUSED_CATEGORIES = {
    "Cc": "a control character",
    "Co": "a private-use character",
    "Cn": "an unassigned character",
    "Cs": "a broken character (an unpaired surrogate)",
}
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINE_RUNS = re.compile(r"\n{3,}")
# Deliberately simple: something@domain.tld, no spaces and none of the characters that mean
# something in a mail header. Real checking is the supporter's own mail client sending it.
EMAIL_PATTERN = re.compile(
    r"[^\s@\"(),:;<>\[\]\\]{1,64}@[^\s@\"(),:;<>\[\]\\]+\.[^\s@\"(),:;<>\[\]\\.]+"
)


def validate_supporter(
    *,
    name: str | None,
    address_lines: Sequence[str] | str | None,
    postcode: str | None,
    email: str | None = None,
    reason: str | None = None,
    concern: str | None = None,
    concerns: Collection[str] = (),
    language: str | None = "en",
) -> Supporter:
    """Return a tidy Supporter, or raise SupporterInvalid with a message for each bad field.

    `language` is the language their letter is written in: "en" (also for None or "") or "cy"."""
    errors: dict[str, str] = {}
    checks = {
        "name": lambda: _name(name),
        "address_lines": lambda: _address(address_lines),
        "postcode": lambda: _postcode(postcode),
        "email": lambda: _email(email),
        "reason": lambda: _reason(reason),
        "concern": lambda: _concern(concern, concerns),
        "language": lambda: _language(language),
    }
    values = {}
    for field, check in checks.items():
        try:
            values[field] = check()
        except _Bad as bad:
            errors[field] = str(bad)
    if errors:
        raise SupporterInvalid(errors)
    return Supporter(**values)


class _Bad(Exception):
    """One field's problem; the message is shown to the supporter."""


def _clean(value: object, what: str, *, multiline: bool = False) -> str:
    """NFC, line breaks unified, surrounding space stripped; refuse characters we cannot use."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _Bad(f"Please enter {what} as text.")
    # Tabs arrive with pasted text; they mean a space.
    text = unicodedata.normalize("NFC", value).replace("\t", " ")
    if multiline:
        text = _LINE_BREAKS.sub("\n", text)
    for char in text:
        if multiline and char == "\n":
            continue
        problem = _refused(char)
        if problem:
            if char in "\r\n" or char in "\u2028\u2029\x85":
                raise _Bad(f"Please write {what} on one line.")
            raise _Bad(
                f"Please remove {problem} (U+{ord(char):04X}) from {what}: "
                "it cannot be printed in a letter."
            )
    return _SPACES.sub(" ", text).strip() if not multiline else text.strip()


def _refused(char: str) -> str | None:
    if char in _BIDI_CONTROLS:
        return "an invisible text-direction control"
    if char in "\u2028\u2029":
        return "a line break"
    return _REFUSED_CATEGORIES.get(unicodedata.category(char))


def _name(raw: object) -> str:
    name = _clean(raw, "your name")
    if not any(char.isalnum() for char in name):  # blank, or only dots and invisible marks
        raise _Bad(_("Please enter your name."))
    if len(name) > NAME_MAX_CHARS:
        raise _Bad(_too_long(NAME_MAX_CHARS, len(name)))
    return name


def _address(raw: object) -> tuple[str, ...]:
    if raw is None:
        raw = ()
    if isinstance(raw, str):
        raw = _LINE_BREAKS.sub("\n", raw).split("\n")
    if not isinstance(raw, Sequence):
        raise _Bad(_("Please enter your address."))
    lines = []
    for index, line in enumerate(raw, start=1):
        text = _clean(line, f"address line {index}")
        if len(text) > ADDRESS_LINE_MAX_CHARS:
            problem = _too_long(ADDRESS_LINE_MAX_CHARS, len(text))
            raise _Bad(_("Address line %(index)s: %(problem)s", index=index, problem=problem))
        if text:
            lines.append(text)
    if not lines:
        raise _Bad(_("Please enter your address, including your town or city."))
    if len(lines) > ADDRESS_LINES_MAX:
        raise _Bad(
            _(
                "Please fit your address into %(limit)s lines, including your town "
                "(you have %(count)s). Your postcode goes in its own box.",
                limit=ADDRESS_LINES_MAX,
                count=len(lines),
            )
        )
    return tuple(lines)


def _postcode(raw: object) -> str:
    # Imported here so this module does not pull in postcode handling until it is used.
    from letters.postcodes import normalise_postcode

    text = _clean(raw, "your postcode")
    try:
        return normalise_postcode(text)
    except PostcodeError as exc:
        raise _Bad(str(exc)) from None


def _email(raw: object) -> str | None:
    text = _clean(raw, "your email address")
    if not text:
        return None
    if len(text) > EMAIL_MAX_CHARS:
        raise _Bad(_too_long(EMAIL_MAX_CHARS, len(text)))
    if not EMAIL_PATTERN.fullmatch(text):
        raise _Bad(_("Please enter an email address like name@example.com, or leave it empty."))
    return text


def _reason(raw: object) -> str | None:
    text = _clean(raw, "your reason", multiline=True)
    if not text:
        return None
    # Trailing spaces and runs of blank lines say nothing; keep at most one blank line.
    text = _BLANK_LINE_RUNS.sub("\n\n", "\n".join(line.rstrip() for line in text.split("\n")))
    if len(text) > REASON_MAX_CHARS:
        raise _Bad(_too_long(REASON_MAX_CHARS, len(text)))
    return text


def _concern(raw: object, concerns: Collection[str]) -> str | None:
    text = _clean(raw, "the group you are concerned about")
    if not text:
        return None
    if text not in concerns:
        raise _Bad(_("Please choose one of the groups listed, or none."))
    return text


def _language(raw: object) -> Language:
    if raw is None or raw == "":
        return Language.ENGLISH
    try:
        return Language(raw)
    except (ValueError, TypeError):
        raise _Bad(_("Please choose English or Welsh.")) from None


def _too_long(limit: int, actual: int) -> str:
    return _(
        "Please keep this to %(limit)s characters — you have %(actual)s.",
        limit=f"{limit:,}",
        actual=f"{actual:,}",
    )
