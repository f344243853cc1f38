"""How well a campaign's letters come out: a fixed sample of 1,000 letters, and what to count.

The same sample serves the tests (which hold the campaign to its targets) and `make bench`
(which prints the figures): the share of email drafts whose mailto: link fits every mail program,
and how the printed letters fall on their pages (one page, two pages, a lone footnote on a page).

The sample is deterministic and covers what varies between letters: every at-risk group and none,
no reason or a reason of up to `TYPICAL_REASON_MAX` characters, short and long names, Latin and
other scripts, and seats all over the country (so every MP's name and email address length).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from letters.i18n import for_language
from letters.i18n import gettext as _
from letters.model import Letter, Supporter
from letters.render.email import mailto_link
from letters.render.pdf import layout_pages
from letters.render.pdf_layout import LineKind, Page

__all__ = [
    "SAMPLE_SIZE",
    "TYPICAL_REASON_MAX",
    "LineKind",
    "PageCounts",
    "layout_pages",
    "mailto_fit_share",
    "page_counts",
    "sample_letters",
    "sample_supporters",
]

SAMPLE_SIZE = 1000
TYPICAL_REASON_MAX = 300  # characters: "a typical letter" has no reason, or one up to this long
SAMPLE_DATE = dt.date(2026, 11, 28)

# fmt: off
_GIVEN = ["Anna", "John", "Seán", "Zoë", "Oliver", "Aoife", "Rhys", "Łukasz", "Γιώργος", "Юлия",
          "Nguyễn", "محمد", "Fatima"]
_FAMILY = ["Smith", "O’Brien", "Müller", "Ní Bhriain", "Okafor", "Patel", "Wróbel", "Иванова",
           "Trần", "حسن", "Evans"]
_LONG_NAME = "Maximiliana Wilhelmina Featherstonehaugh-Cholmondeley-Marjoribanks"
_STREETS = ["High Street", "Church Road", "Flat 4, 17 Station Road", "Mill Lane",
            "The Old Vicarage, Long Causeway Road", "Park Avenue"]
_TOWNS = ["Leeds", "Cardiff", "Glasgow", "Bristol", "Norwich", "Wrexham", "Dundee",
          "Newcastle upon Tyne"]
# A supporter's own words: repeated and cut to the wanted length.
_REASON_WORDS = (
    "My neighbours came here from Iraq and I have seen what the fear of being sent back does to "
    "a family. Our town welcomed them and their children go to school with mine. Nobody should "
    "be returned to a place where they could be killed. I hope you will speak up for them. "
)
# fmt: on


def sample_supporters(
    count: int = SAMPLE_SIZE, groups: tuple[str, ...] = (), reason_max: int = TYPICAL_REASON_MAX
) -> Iterator[Supporter]:
    """`count` distinct supporters; concerns cycle through `groups` and "none".

    Reasons run evenly from 20 characters to `reason_max`; raise it to the form's limit to
    test letters that run onto a second page.
    """
    concerns = (None, *groups)
    names = itertools.cycle(itertools.product(_GIVEN, _FAMILY))
    for i in range(count):
        given, family = next(names)
        name = _LONG_NAME if i % 17 == 0 else f"{given} {family}"
        yield Supporter(
            name=name,
            address_lines=(f"{i + 1} {_STREETS[i % len(_STREETS)]}", _TOWNS[i % len(_TOWNS)]),
            postcode=f"LS{i % 30 + 1} {i % 9}AB",
            email=f"supporter{i}@example.org" if i % 2 else None,
            reason=_reason(i, reason_max),
            concern=concerns[i % len(concerns)],
        )


def _reason(i: int, reason_max: int) -> str | None:
    """None for one letter in three; otherwise 20 to `reason_max` characters, evenly."""
    if i % 3 == 0:
        return None
    length = 20 + (i * 37) % (reason_max - 19)
    words = _REASON_WORDS * (reason_max // len(_REASON_WORDS) + 2)
    text = words[: length + 1].rsplit(" ", 1)[0].rstrip(".")
    return text + "."


def sample_letters(
    make: Callable[[Supporter, int], Letter],
    groups: tuple[str, ...],
    count: int = SAMPLE_SIZE,
    reason_max: int = TYPICAL_REASON_MAX,
) -> list[Letter]:
    """The sample as letters, composed by `make(supporter, index)` (which picks the seat)."""
    supporters = sample_supporters(count, groups, reason_max)
    return [make(s, i) for i, s in enumerate(supporters)]


def mailto_fit_share(letters: list[Letter]) -> float:
    """The share (0–1) of letters whose mailto: link is short enough for every mail program."""
    fits = sum(not mailto_link(letter).too_long for letter in letters)
    return fits / len(letters) if letters else 1.0


@dataclass(frozen=True, slots=True)
class PageCounts:
    """How a set of printed letters falls on pages."""

    letters: int
    one_page: int
    two_pages: int
    more_pages: int
    lone_footnotes: int  # pages that carry sources and nothing of the letter itself
    later_pages_without_sender: int  # a page 2+ without the sender's name and "Page n of N"


def page_counts(letters: list[Letter]) -> PageCounts:
    """Lay every letter out (nothing drawn) and count pages and badly broken pages."""
    sizes = {1: 0, 2: 0, 3: 0}
    lone = unlabelled = 0
    for letter in letters:
        pages = layout_pages(letter)
        sizes[min(len(pages), 3)] += 1
        for number, page in enumerate(pages[1:], start=2):
            kinds = {line.kind for line in page.lines}
            if not kinds & {LineKind.BODY, LineKind.CLOSING}:
                lone += 1
            numbered = _numbered(page, number, len(pages), letter.language)
            if not {LineKind.HEADER, LineKind.FOOTER} <= kinds or not numbered:
                unlabelled += 1
    return PageCounts(len(letters), sizes[1], sizes[2], sizes[3], lone, unlabelled)


def _numbered(page: Page, number: int, total: int, language: str) -> bool:
    """Whether the page's footer says "Page n of N" (in the letter's language)."""
    with for_language(language):
        label = _("Page %(number)s of %(total)s", number=number, total=total)
    return any(
        line.kind is LineKind.FOOTER and label in "".join(t for _, t in line.frags)
        for line in page.lines
    )
