"""Compose one Letter from a supporter, their MP and a letter template.

Private to letters.service, the one way in for every letter (a test checks that no other module
imports this one): call the service, which applies the seat and vacant-seat rules first.

Every renderer (PDF, plain text, HTML, email) reads only the Letter this returns. The letter is in
its template's language: its words, and its furniture (the salutation, the MP's title and address,
the sign-off), through letters.i18n.
"""

from __future__ import annotations

import datetime as dt

from letters.findings import FindingSet
from letters.i18n import for_language
from letters.i18n import gettext as _
from letters.model import HOUSE_OF_COMMONS_ADDRESS, MP, Constituency, Language, Letter, Supporter
from letters.sandbox import LetterTemplate

__all__ = ["SIGN_OFF", "compose"]

SIGN_OFF = "Yours sincerely,"  # in English; compose() translates it
_HONOURABLE, _MEMBER = "Rt Hon ", " MP"  # how the directory writes an MP's title (letters.model)


def compose(
    supporter: Supporter,
    mp: MP,
    constituency: Constituency,
    *,
    template: LetterTemplate,
    findings: FindingSet,
    today: dt.date,
    wording: int | None = None,
) -> Letter:
    """The supporter's letter to their MP; raises TemplateProblem if the template fails.

    `wording`: the same wording of every part, for checks and previews (LetterTemplate.render).
    """
    body = template.render(
        supporter=supporter,
        mp=mp,
        constituency=constituency,
        findings=findings,
        today=today,
        wording=wording,
    )
    # Only staff previews for Northern Ireland seats have no postcode (we hold none there).
    postcode = (supporter.postcode,) if supporter.postcode else ()
    with for_language(template.language):
        return Letter(
            sender_name=supporter.name,
            sender_address=(*supporter.address_lines, *postcode),
            sender_email=supporter.email,
            date=today,
            recipient=_recipient(mp, constituency),
            recipient_email=mp.email,
            salutation=_("Dear %(name)s,", name=_salutation(mp)),
            subject=body.subject,
            blocks=body.blocks,
            sign_off=_("Yours sincerely,"),
            signature_name=supporter.name,
            footnotes=body.footnotes,
            constituency=constituency,
            mp=mp,
            metadata={"template": template.name, "concern": supporter.concern or ""},
            language=Language(template.language),
        )


def _recipient(mp: MP, constituency: Constituency) -> tuple[str, ...]:
    # HOUSE_OF_COMMONS_ADDRESS, each line translated (written out, so the catalogue finds them).
    address = (_("House of Commons"), _("London"), HOUSE_OF_COMMONS_ADDRESS[-1])
    if mp.vacant or not mp.full_title:
        # Between an MP leaving and a by-election, post still reaches the seat's office.
        title = _("The Member of Parliament for %(constituency)s", constituency=constituency.name)
        return (title, *address)
    return (_title(mp.full_title), *address)


def _title(full_title: str) -> str:
    """The address-block title in the letter's language: "Rt Hon Jane Smith MP" is, in Welsh,
    "Y Gwir Anrhydeddus Jane Smith AS"; other honours ("Sir", "Dame", "Dr") as the MP's record
    gives them."""
    name, honourable, member = full_title, False, False
    if name.startswith(_HONOURABLE):
        name, honourable = name.removeprefix(_HONOURABLE), True
    if name.endswith(_MEMBER):
        name, member = name.removesuffix(_MEMBER), True
    if member:
        name = _("%(name)s MP", name=name)
    return _("Rt Hon %(name)s", name=name) if honourable else name


def _salutation(mp: MP) -> str:
    if mp.vacant or not mp.salutation:
        return _("Member of Parliament")
    return mp.salutation
