"""The letter form's rules: turn what was typed into a checked draft, or say what to fix.

The core (letters.supporter.validate_supporter) owns the rules and messages; this module maps its
field names onto the form's fields and adds the few rules that belong to the page.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from letters.campaign import Campaign
from letters.directory import MatchKind
from letters.errors import PostcodeError, SupporterInvalid, UnrenderableText
from letters.findings import FindingSet
from letters.render.pdf import check_printable
from letters.supporter import validate_supporter
from webapp import database
from webapp.content import current_directory
from webapp.extensions import db
from webapp.i18n import _
from webapp.public.forms import LetterForm
from webapp.public.letter_state import compose_for, current_versions, new_letter_key, save_draft
from webapp.public.records import drop_submission, keep_submission
from webapp.replies.mail import reminders_enabled
from webapp.replies.records import cancel_reminder, schedule_reminder

_ADDRESS_FIELDS = ("address_line1", "address_line2", "town")
_ADDRESS_LINE_NUMBER = re.compile(r"address line (\d)", re.IGNORECASE)


def initial(draft: dict[str, Any]) -> dict[str, Any]:
    """Form values from a saved draft, so "Change my details" shows what was typed."""
    lines = list(draft.get("address_lines") or [])
    town = lines.pop() if len(lines) >= 2 else ""
    line1 = lines[0] if lines else ""
    line2 = ", ".join(lines[1:])
    return {
        "name": draft.get("name", ""),
        "address_line1": line1,
        "address_line2": line2,
        "town": town,
        "postcode": draft.get("postcode", ""),
        "email": draft.get("email") or "",
        "reason": draft.get("reason") or "",
        "concern": draft.get("concern") or "",
        "keep_copy": bool(draft.get("keep_copy")),
        "updates": bool(draft.get("updates")),
        "remind": bool(draft.get("remind")),
    }


def accept(form: LetterForm, draft: dict[str, Any], campaign: Campaign, findings: FindingSet):
    """Check the posted form; on success save the draft (and a kept copy) and return True.

    On failure the form carries a message on each field that needs fixing.
    """
    # What this browser's draft last asked us to keep, before the new answers replace it.
    kept_before = bool(draft.get("keep_copy") or draft.get("updates") or draft.get("remind"))
    form.validate()
    _require(form)
    supporter = None
    try:
        supporter = validate_supporter(
            name=form.name.data,
            address_lines=[form.address_line1.data, form.address_line2.data, form.town.data],
            postcode=form.postcode.data,
            email=form.email.data,
            reason=form.reason.data,
            concern=form.concern.data or None,
            concerns=findings.group_ids,
        )
    except SupporterInvalid as invalid:
        _attach_core_errors(form, invalid.errors)
    if form.errors or supporter is None:
        return False
    constituency_code = _constituency_for(supporter.postcode, draft["constituency"])
    constituency = current_directory().constituency(constituency_code)
    pinned = current_versions(campaign)
    letter, _mp = compose_for(supporter, constituency, campaign, pinned)
    unprintable = None
    try:
        check_printable(letter)
    except UnrenderableText as exc:
        unprintable = unprintable_message(exc)
    draft.update(
        letter_key=draft.get("letter_key") or new_letter_key(),
        constituency=constituency.code,
        name=supporter.name,
        address_lines=list(supporter.address_lines),
        postcode=supporter.postcode,
        email=supporter.email,
        reason=supporter.reason,
        concern=supporter.concern,
        keep_copy=bool(form.keep_copy.data),
        updates=bool(form.updates.data),
        remind=bool(form.remind.data) and reminders_enabled(),
        unprintable=unprintable,
        ready=True,
        **pinned.to_draft(),
    )
    save_draft(draft)
    consented = bool(draft["keep_copy"] or draft["updates"] or draft["remind"])
    try:
        if consented:
            # A reminder needs the kept details (name, email) and the private link it points to.
            keep_submission(draft, campaign.slug, letter, pinned)
        else:
            drop_submission(draft["letter_key"])
        if draft["remind"]:
            schedule_reminder(draft["letter_key"])
        else:
            cancel_reminder(draft["letter_key"])
    except SQLAlchemyError as exc:
        return _not_stored(form, exc, consented=consented, kept_before=kept_before)
    return True


def _not_stored(
    form: LetterForm, error: SQLAlchemyError, *, consented: bool, kept_before: bool
) -> bool:
    """The database refused the kept copy (or its removal): say so, or carry on without it.

    A supporter who asked us to keep nothing loses nothing when the database is down; one who
    asked us to keep (or to stop keeping) their letter is told, and keeps the form as typed.
    """
    database.health().note(error)
    try:
        db.session.rollback()
    except SQLAlchemyError:
        db.session.remove()
    if not consented and not kept_before:
        return True
    form.keep_copy.errors = [
        *form.keep_copy.errors,
        _(
            "We cannot save your choice about keeping a copy just now. Please try again in a "
            "minute, or untick both boxes to make your letter without saving anything."
            if consented
            else "We cannot remove the copy we kept just now, so your letter was not changed. "
            "Please try again in a minute."
        ),
    ]
    return False


# Which of the supporter's answers each part of the printed letter comes from, in their words.
_FIELD_WORDS = {
    "sender_name": "your name",
    "signature_name": "your name",
    "sender_address": "your address",
    "sender_email": "your email address",
    "body": "your own words",
}


def unprintable_message(exc: UnrenderableText) -> str:
    """What could not be printed, said as the supporter would say it, and what they can do."""
    where = _FIELD_WORDS.get(exc.field, "your details")
    shown = " ".join(dict.fromkeys(exc.characters))
    if where == "your name":
        advice = _(
            "To print it, write your name in Latin letters (A to Z) as well as, or instead of, "
            "these characters; or send your letter by email, which keeps your name exactly as "
            "you typed it."
        )
    else:
        advice = _(
            "To print it, change these characters in %(where)s; or send your letter by email, "
            "which keeps them exactly as you typed them.",
            where=where,
        )
    return (
        _(
            "We cannot print some of the characters in %(where)s: %(shown)s. ",
            where=where,
            shown=shown,
        )
        + advice
    )


def _require(form: LetterForm) -> None:
    """Rules of the page: the first address line and the town are both needed."""
    if not (form.address_line1.data or "").strip():
        form.address_line1.errors = [
            *form.address_line1.errors,
            _("Enter the first line of your address. MPs reply only to their constituents."),
        ]
    if not (form.town.data or "").strip():
        form.town.errors = [*form.town.errors, _("Enter your town or city.")]


def _attach_core_errors(form: LetterForm, errors: dict[str, str]) -> None:
    for key, message in errors.items():
        if key == "address_lines":
            field = form[_address_field(message)]
        elif key in {"name", "postcode", "email", "reason", "concern"}:
            field = form[key]
        else:
            field = form.name
        if not field.errors:
            field.errors = [*field.errors, message]


def _address_field(message: str) -> str:
    """Which address box a core message is about ("Address line 3: …" is the town box)."""
    match = _ADDRESS_LINE_NUMBER.search(message)
    index = int(match.group(1)) - 1 if match else 0
    return _ADDRESS_FIELDS[index] if 0 <= index < len(_ADDRESS_FIELDS) else "address_line1"


def _constituency_for(postcode: str, chosen: str) -> str:
    """Keep the chosen constituency unless the postcode given here is clearly in another one."""
    try:
        match = current_directory().lookup_postcode(postcode)
    except PostcodeError:
        return chosen
    if match.kind is MatchKind.EXACT and match.constituency is not None:
        return match.constituency.code
    return chosen
