"""The ways a supporter can send their letter, as links for the preview page."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from letters.render.email import MAILTO_MAX_CHARS, mailto_link
from webapp.public.letter_state import LetterContext


@dataclass(frozen=True, slots=True)
class OutputLinks:
    """Links for the preview page; email links are None when the MP has no published address."""

    pdf: str | None
    eml: str | None
    txt: str
    mailto: str | None  # offered as a button only when it fits every common mail program
    mailto_too_long: bool
    mailto_anyway: str | None  # the same link, offered with a warning when it is too long
    gmail: str | None
    outlook: str | None
    mailto_limit: int = MAILTO_MAX_CHARS


def output_links(context: LetterContext) -> OutputLinks:
    """Every output for this letter; sends go through our server so the letter is counted."""
    has_email = bool(context.letter.recipient_email)
    printable = not context.draft.unprintable
    too_long = has_email and mailto_link(context.letter).too_long

    def send(via: str) -> str | None:
        return url_for("public.send_letter", via=via) if has_email else None

    return OutputLinks(
        pdf=url_for("public.letter_pdf") if printable else None,
        eml=url_for("public.letter_eml") if has_email else None,
        txt=url_for("public.letter_txt"),
        mailto=None if too_long else send("mailto"),
        mailto_too_long=too_long,
        mailto_anyway=send("mailto") if too_long else None,
        gmail=send("gmail"),
        outlook=send("outlook"),
    )
