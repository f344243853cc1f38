"""What the letter checks and the letter's figures need to know about Welsh.

The truth checks (letters.wording) read a Welsh wording or statement with these: the months and
their mutated forms ("o Ionawr i Fawrth 2009"), relative dates ("y llynedd", "y mis diwethaf"),
small numbers written as words (with their mutations: "gyda thri bwled"), and the words that make
a sentence a claim of fact. `in_words` writes a figure under ten as a Welsh letter does.

Numbers in words: a figure chip prints the masculine form that stands on its own ("dau", "tri",
"pedwar", "pump", "chwech"), which reads right before "o" and a plural ("wyth o Gristnogion");
write a feminine count ("dwy", "tair", "pedair") or one before a noun ("pum dyn") in the wording
itself only if it is not a figure, or use the figure in digits. "un" is never read as a count (it
is also "a" and "the same"), nor "deg" after "yn" ("yn deg", fairly).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = [
    "A_MONTH",
    "CLAIM_WORDS",
    "DATE_NUMBER",
    "MONTHS",
    "MONTH_WITH_YEAR",
    "RELATIVE",
    "STATEMENT_DATE",
    "in_words",
    "is_not_a_month",
    "number_words",
]

MONTHS = (
    "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi",
    "Hydref", "Tachwedd", "Rhagfyr",
)  # fmt: skip
# A month after "i", "o", "tan", "erbyn" … takes its soft mutation ("o Ionawr i Fawrth 2009").
_MUTATED = ("Fawrth", "Fai", "Fehefin", "Orffennaf", "Fedi", "Dachwedd", "Ragfyr")
_MONTH = "|".join(MONTHS + _MUTATED)
_YEAR = r"(?:19|20)\d\d"

# "y llynedd", "eleni", "y mis diwethaf", "yr wythnos nesaf", "yn ddiweddar", "ddoe",
# "dwy flynedd yn ôl" …
RELATIVE = re.compile(
    r"\b(?:y\s+llynedd|eleni|(?:y|yr)\s+(?:wythnos|mis|flwyddyn|gwanwyn|haf|hydref|gaeaf|"
    r"penwythnos|noson|degawd|ganrif)\s+(?:diwethaf|ddiwethaf|nesaf|hwn|hon|yma)|"
    r"yn\s+ddiweddar|ddoe|echdoe|yfory|fory|y\s+dyddiau\s+hyn|"
    r"(?:diwrnod|dyddiau|wythnos|wythnosau|mis|fis|misoedd|blynedd|flynedd|mlynedd|"
    r"blynyddoedd)\s+yn\s+ôl)\b",
    re.IGNORECASE,
)
# A month is absolute when a year follows it, perhaps after a range ("Ionawr i Fawrth 2009",
# "rhwng Ionawr a Mawrth 2009").
MONTH_WITH_YEAR = re.compile(
    r"\b(?:" + _MONTH + r")\b(?:\s*(?:i|a|hyd|tan|–|-)\s*(?:\d{1,2}\s+)?(?:" + _MONTH
    + r"))*,?\s+" + _YEAR + r"\b"
)  # fmt: skip
A_MONTH = re.compile(r"\b(?:" + _MONTH + r")\b")
DATE_NUMBER = re.compile(r"\b\d{1,2}\s+(?:o\s+)?(?:" + _MONTH + r")\b")
# In a finding's statement: a day with its month, perhaps a range ("3–5 Mawrth"), and a range
# of years written short ("2009-10").
STATEMENT_DATE = re.compile(
    r"\b\d{1,2}(?:\s*(?:–|-|i|a)\s*\d{1,2})*\s+(?:o\s+)?(?:" + _MONTH + r")\b|\b" + _YEAR
    + r"[–/-]\d\d\b"
)  # fmt: skip
# Words that make a paragraph a claim of fact (with their mutated forms).
CLAIM_WORDS = re.compile(
    r"\b(?:lladd|ladd|lladdwyd|llofruddio|lofruddio|llofruddiwyd|marwolaeth(?:au)?|"
    r"farwolaeth(?:au)?|arteithio|arteithiwyd|saethu|saethwyd|anafu|anafwyd|ymosodiad(?:au)?|"
    r"bygwth|fygwth|bygythiadau|fygythiadau|targedu|dargedu|targedwyd|dargedwyd|herwgipio|"
    r"canfu|chanfu|canfod|adroddodd|yn\s+ôl\s+adroddiadau|amcangyfrif|y\s+cant|miloedd|"
    r"filoedd|cannoedd|gannoedd|dwsinau|ddwsinau|miliynau|filiynau)\b",
    re.IGNORECASE,
)

_SMALL_NUMBERS = ("dim", "un", "dau", "tri", "pedwar", "pump", "chwech", "saith", "wyth", "naw")
# Counts from two to ten as words, with their soft and aspirate mutations.
_NUMBER_WORDS = {
    **dict.fromkeys(("dau", "ddau", "dwy", "ddwy"), 2),
    **dict.fromkeys(("tri", "dri", "thri", "tair", "dair", "thair"), 3),
    **dict.fromkeys(("pedwar", "bedwar", "phedwar", "pedair", "bedair", "phedair"), 4),
    **dict.fromkeys(("pump", "bump", "phump", "pum", "bum", "phum"), 5),
    **dict.fromkeys(("chwech", "chwe"), 6),
    "saith": 7,
    "wyth": 8,
    "naw": 9,
    **dict.fromkeys(("deg", "ddeg"), 10),
}
_NUMBER_WORD = re.compile(r"\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_FAIRLY = re.compile(r"(?:\byn|’n|'n)\s+$", re.IGNORECASE)  # "yn deg", "mae’n deg": fair


def in_words(value: object) -> str:
    """Numbers under ten in Welsh words ("wyth"); others as digits ("44")."""
    if type(value) is int and 0 <= value < len(_SMALL_NUMBERS):
        return _SMALL_NUMBERS[value]
    return str(value)


def number_words(text: str) -> Iterator[tuple[int, str, int]]:
    """(where, as written, value) for each count written as a word in `text`."""
    for match in _NUMBER_WORD.finditer(text):
        word = match.group()
        if word.lower() in ("deg", "ddeg") and _FAIRLY.search(text[: match.start()]):
            continue
        yield match.start(), word, _NUMBER_WORDS[word.lower()]


_DAY_OR_NIGHT = re.compile(r"\b(?:[Dd]d?ydd|[Nn]os)\s+$")


def is_not_a_month(match: re.Match[str], text: str) -> bool:
    """Whether a month's name here is something else: "dydd Mawrth" (or "ddydd Mawrth", "nos
    Fawrth") is a Tuesday."""
    return match.group() in ("Mawrth", "Fawrth") and bool(
        _DAY_OR_NIGHT.search(text[: match.start()])
    )
