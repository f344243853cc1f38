"""Plain data the core passes around: constituencies, MPs, supporters and the composed Letter.

Everything here is immutable and free of Flask and SQLAlchemy, so any layer can build or read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

HOUSE_OF_COMMONS_ADDRESS: tuple[str, ...] = ("House of Commons", "London", "SW1A 0AA")


class Nation(StrEnum):
    ENGLAND = "England"
    SCOTLAND = "Scotland"
    WALES = "Wales"
    NORTHERN_IRELAND = "Northern Ireland"


class Language(StrEnum):
    """A language letters are written in: an ISO 639-1 code, as Babel's locales name them."""

    ENGLISH = "en"
    WELSH = "cy"


class OutputFormat(StrEnum):
    PDF = "pdf"
    TEXT = "txt"
    HTML = "html"
    EML = "eml"
    MAILTO = "mailto"


@dataclass(frozen=True, slots=True)
class Constituency:
    code: str  # GSS code, e.g. "E14001172"
    name: str
    nation: Nation
    region: str


@dataclass(frozen=True, slots=True)
class MP:
    member_id: int | None  # UK Parliament Members API id; None for a vacant seat
    name: str  # "Diane Abbott"
    full_title: str  # the address-block form, always ending " MP": "Rt Hon Diane Abbott MP"
    salutation: str  # the "Dear …," form: "Ms Abbott" where the source gives it, else the name
    party: str
    constituency_code: str
    email: str | None  # parliamentary email; None where none is published (never guessed)
    as_of: dt.date  # the date of the data this record came from
    vacant: bool = False

    @property
    def postal_address(self) -> tuple[str, ...]:
        return (self.full_title, *HOUSE_OF_COMMONS_ADDRESS)


@dataclass(frozen=True, slots=True)
class Supporter:
    """What a supporter tells us. Validate with `letters.supporter.validate_supporter`."""

    name: str
    address_lines: tuple[str, ...]  # street lines and town, without the postcode
    postcode: str  # normalised, e.g. "SW1A 1AA"; "" only in staff previews for NI seats
    email: str | None = None
    reason: str | None = None  # "why this matters to me", at most REASON_MAX_CHARS
    concern: str | None = None  # an at-risk group id from the findings file
    language: Language = Language.ENGLISH  # the language their letter is written in


# --- the composed letter -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    """A run of plain text inside a paragraph or bullet (never markup)."""

    text: str


@dataclass(frozen=True, slots=True)
class Ref:
    """A footnote reference inside a paragraph or bullet."""

    number: int


Inline = Text | Ref


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    BULLETS = "bullets"


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    items: tuple[tuple[Inline, ...], ...]  # one item for a paragraph, one per bullet for a list


@dataclass(frozen=True, slots=True)
class Footnote:
    number: int
    finding_id: str
    text: str  # "Amnesty International, Iraq: Civilians under fire (April 2010)…"


@dataclass(frozen=True, slots=True)
class Letter:
    """One composed letter; every renderer (PDF, text, HTML, email) reads only this."""

    sender_name: str
    sender_address: tuple[str, ...]  # address lines then the postcode
    sender_email: str | None
    date: dt.date
    recipient: tuple[str, ...]  # "Rt Hon Jane Smith MP", "House of Commons", "London", "SW1A 0AA"
    recipient_email: str | None
    salutation: str  # "Dear Ms Smith,"
    subject: str
    blocks: tuple[Block, ...]
    sign_off: str  # "Yours sincerely,"
    signature_name: str
    footnotes: tuple[Footnote, ...]
    constituency: Constituency
    mp: MP
    metadata: dict[str, str] = field(default_factory=dict, compare=False)
    # The language of its words and its furniture ("Yours sincerely," or "Yn gywir,"): every
    # renderer writes the date, "Sources" and page numbers in it too.
    language: Language = Language.ENGLISH
