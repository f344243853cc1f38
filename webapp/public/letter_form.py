"""The letter form's rules: turn what was typed into a checked draft, or say what to fix.

The core (letters.supporter.validate_supporter) owns the rules and messages; this module maps its
field names onto the form's fields and adds the few rules that belong to the page.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from letters.campaign import Campaign
from letters.errors import LettersError, SupporterInvalid, UnrenderableText
from letters.findings import FindingSet
from letters.model import Constituency
from letters.render.pdf import check_printable
from letters.service import VacantSeat, WrongConstituency, seat_for_postcode
from letters.supporter import validate_supporter
from webapp import database
from webapp.content.published import current_directory
from webapp.extensions import db
from webapp.i18n import _, _l
from webapp.public.draft import LetterDraft
from webapp.public.forms import LetterForm
from webapp.public.keeping import drop_submission, keep_submission
from webapp.public.letter_state import compose_for, current_versions, new_letter_key, save_draft
from webapp.replies.mail import reminders_enabled
from webapp.replies.service import cancel_reminder, schedule_reminder

_ADDRESS_FIELDS = ("address_line1", "address_line2", "town")
_ADDRESS_LINE_NUMBER = re.compile(r"address line (\d)", re.IGNORECASE)


def initial(draft: LetterDraft) -> dict[str, Any]:
    """Form values from this letter's own draft, so "Change my details" shows what was typed
    (the consent boxes included: they are this letter's answers, never another letter's)."""
    lines = list(draft.address_lines)
    town = lines.pop() if len(lines) >= 2 else ""
    line1 = lines[0] if lines else ""
    line2 = ", ".join(lines[1:])
    return {
        "name": draft.name,
        "address_line1": line1,
        "address_line2": line2,
        "town": town,
        "postcode": draft.postcode,
        "email": draft.email or "",
        "reason": draft.reason or "",
        "concern": draft.concern or "",
        "keep_copy": draft.keep_copy,
        "updates": draft.updates,
        "remind": draft.remind,
        "letter_language": draft.letter_language or None,  # None: the page's language
    }


def typed(form: LetterForm) -> dict[str, Any]:
    """The form as sent, in `initial`'s shape: nothing checked or tidied, since the language
    switch keeps what was typed whatever it is (an at-risk group must be one the form offers)."""
    texts = ("name", "address_line1", "address_line2", "town", "postcode", "email", "reason")
    values: dict[str, Any] = {name: form[name].data or "" for name in texts}
    offered = {value for value, _label in form.concern.choices}
    values["concern"] = form.concern.data if form.concern.data in offered else ""
    for name in ("keep_copy", "updates", "remind"):
        values[name] = bool(form[name].data)
    offered_languages = {value for value, _label in form.letter_language.choices}
    if form.letter_language.data in offered_languages:
        values["letter_language"] = form.letter_language.data
    return values


def keep_typed(form: LetterForm, draft: LetterDraft) -> None:
    """The language switch: save what the form holds into the draft as typed, unchecked and
    uncounted, so the same step in the other language shows it all. A changed answer means
    making the letter again, so the draft is no longer ready (its preview asks for the form)."""
    values = typed(form)
    if _same_answers(values, initial(draft)):
        return
    lines = (values["address_line1"], values["address_line2"], values["town"])
    draft.name = values["name"]
    draft.address_lines = lines if any(lines) else ()  # `initial` splits three lines back
    draft.postcode = values["postcode"]
    draft.email = values["email"] or None
    draft.reason = values["reason"] or None
    draft.concern = values["concern"] or None
    draft.keep_copy, draft.updates = values["keep_copy"], values["updates"]
    draft.remind = values["remind"]
    draft.letter_language = values.get("letter_language", draft.letter_language)
    draft.ready = False
    save_draft(draft)


def _same_answers(sent: dict[str, Any], shown: dict[str, Any]) -> bool:
    """Whether the form came back as it was shown (a text area sends its line breaks as CRLF)."""

    def plain(values: dict[str, Any]) -> dict[str, Any]:
        return {k: v.replace("\r\n", "\n") if isinstance(v, str) else v for k, v in values.items()}

    return plain(sent) == plain(shown)


def accept(form: LetterForm, draft: LetterDraft, campaign: Campaign, findings: FindingSet):
    """Check the posted form; on success save the draft (and a kept copy) and return True.

    On failure the form carries a message on each field that needs fixing, and `form.seat_choices`
    the constituencies to offer when the address postcode is in another one than chosen.
    """
    # What this browser's draft last asked us to keep, before the new answers replace it.
    kept_before = bool(draft.keep_copy or draft.updates or draft.remind)
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
            language=form.letter_language.data or "en",
        )
    except SupporterInvalid as invalid:
        _attach_core_errors(form, invalid.errors)
    if form.errors or supporter is None:
        return False
    constituency = _seat(form, supporter.postcode, draft.constituency)
    if constituency is None:
        return False
    pinned = current_versions(campaign, supporter.language)
    try:
        letter, _mp = compose_for(supporter, constituency, campaign, pinned)
    except VacantSeat as vacant:
        form.postcode.errors = [str(vacant)]
        return False
    unprintable = None
    try:
        check_printable(letter)
    except UnrenderableText as exc:
        unprintable = unprintable_message(exc)
    draft.letter_key = draft.letter_key or new_letter_key()
    draft.constituency = constituency.code
    draft.name = supporter.name
    draft.address_lines = tuple(supporter.address_lines)
    draft.postcode = supporter.postcode
    draft.email = supporter.email
    draft.reason = supporter.reason
    draft.concern = supporter.concern
    draft.letter_language = str(supporter.language)
    draft.keep_copy = bool(form.keep_copy.data)
    draft.updates = bool(form.updates.data)
    draft.remind = bool(form.remind.data) and reminders_enabled()
    draft.unprintable = unprintable
    draft.ready = True
    pinned.save_in(draft)
    save_draft(draft)
    consented = bool(draft.keep_copy or draft.updates or draft.remind)
    try:
        if consented:
            # A reminder needs the kept details (name, email) and the private link it points to.
            keep_submission(draft, campaign.slug, letter, pinned)
        else:
            drop_submission(draft.letter_key)
        if draft.remind:
            schedule_reminder(draft.letter_key)
        else:
            cancel_reminder(draft.letter_key)
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
    "sender_name": _l("your name"),
    "signature_name": _l("your name"),
    "sender_address": _l("your address"),
    "sender_email": _l("your email address"),
    "body": _l("your own words"),
}


def unprintable_message(exc: UnrenderableText) -> str:
    """What could not be printed, said as the supporter would say it, and what they can do."""
    where = str(_FIELD_WORDS.get(exc.field, _l("your details")))
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


def _seat(form: LetterForm, postcode: str, chosen: str) -> Constituency | None:
    """The constituency the letter goes to, by the core's rule (letters.service): the one chosen
    at step 1, unless the address postcode is in another one. Then the supporter is asked (the
    form's `switch_to` carries their answer); None means the form shows the question."""
    directory = current_directory()
    try:
        return seat_for_postcode(directory, postcode, chosen)
    except WrongConstituency as wrong:
        candidates = {seat.code: seat for seat in wrong.candidates}
        answer = (form.switch_to.data or "").strip()
        if answer in candidates:
            return candidates[answer]
        form.seat_choices = wrong.candidates
        form.postcode.errors = [
            str(wrong) + " " + _("Correct your postcode, or choose below who to write to.")
        ]
        return None
    except LettersError:
        # A postcode we cannot place (new, or Northern Ireland): the constituency chosen stands.
        return directory.constituency(chosen)


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
