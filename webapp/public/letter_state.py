"""The supporter's draft: where it lives between requests, and the Letter composed from it.

The draft normally lives only in the signed session cookie, so nothing personal reaches the
database without consent. A draft too big for a cookie (long text in scripts that take several
bytes a character) is kept server-side in a `Draft` row for DRAFT_HOURS instead, with only its
random id in the cookie. The privacy page says so.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from flask import current_app, session
from sqlalchemy import delete

from letters.campaign import Campaign
from letters.model import MP, Constituency, Language, Letter, Supporter
from letters.service import VacantSeat, letter_for_supporter
from webapp.clock import utcnow
from webapp.content.published import (
    campaign_slug,
    current_campaign,
    current_directory,
    findings_at,
    published_findings_version_id,
    published_template_version_id,
    template_at,
)
from webapp.extensions import db
from webapp.public.draft import LetterDraft
from webapp.reach.sources import arrival_source
from webapp.submissions.models import Draft

DRAFT_KEY = "draft"
DRAFT_REF_KEY = "draft_ref"
# The key of the letter just finished, so the thank-you page can still show its private link.
FINISHED_KEY = "finished_letter"
# Browsers drop cookies over 4,096 bytes (name, value and attributes); keep a safe margin.
COOKIE_BUDGET_BYTES = 3_600


def _key(name: str) -> str:
    """A session key of this campaign's: each campaign's draft and finished letter are its own,
    so a letter begun on one campaign never carries into another (the main one's keys are plain)."""
    slug = campaign_slug()
    return name if slug == current_app.config["CAMPAIGN"] else f"{name}@{slug}"


def new_letter_key() -> str:
    """A random id for one letter; it is never derived from anything the supporter typed."""
    return secrets.token_urlsafe(16)


def load_draft() -> LetterDraft:
    """The current draft (possibly empty): from the cookie, or from its server-side row."""
    draft = session.get(_key(DRAFT_KEY))
    if draft is not None:
        return LetterDraft.from_dict(draft)
    ref = session.get(_key(DRAFT_REF_KEY))
    if ref is None:
        return LetterDraft()
    row = db.session.get(Draft, ref)
    if row is None or row.expires_at < utcnow():
        session.pop(_key(DRAFT_REF_KEY), None)
        return LetterDraft()
    return LetterDraft.from_dict(row.data)


def save_draft(letter_draft: LetterDraft) -> None:
    """Store the draft in the cookie when it fits, otherwise server-side for DRAFT_HOURS."""
    draft = letter_draft.to_dict()
    if _cookie_size(draft) <= COOKIE_BUDGET_BYTES:
        _delete_server_draft()
        session[_key(DRAFT_KEY)] = draft
        return
    session.pop(_key(DRAFT_KEY), None)
    # Oversized drafts are rare; tidying expired ones here keeps the promise on the privacy page
    # even where the scheduled purge does not run.
    _delete_expired(utcnow())
    ref = session.get(_key(DRAFT_REF_KEY)) or secrets.token_urlsafe(24)
    expires = utcnow() + dt.timedelta(hours=current_app.config["DRAFT_HOURS"])
    row = db.session.get(Draft, ref)
    if row is None:
        db.session.add(Draft(id=ref, data=draft, expires_at=expires))
    else:
        row.data, row.expires_at = draft, expires
    db.session.commit()
    session[_key(DRAFT_REF_KEY)] = ref


def forget_draft() -> None:
    """Remove every trace of the draft: the cookie's copy and any server-side row."""
    _delete_server_draft()
    session.pop(_key(DRAFT_KEY), None)
    session.pop(_key(DRAFT_REF_KEY), None)
    session.pop(_key(FINISHED_KEY), None)


def draft_for_step_one() -> LetterDraft:
    """The draft step 1 (finding the MP) should add to.

    One letter runs from step 1 until it is finished. A letter already downloaded or sent is
    finished when its writer (or the next person at this browser) starts at step 1 again: the
    next letter starts clean, with a new key and nothing carried over, above all no consent.
    Before that, going back to step 1 keeps what was typed (it is still the same letter).
    """
    draft = load_draft()
    if draft.output:
        finish_letter()
        draft = LetterDraft()
    if not draft.letter_key:
        draft.letter_key = new_letter_key()
        draft.start_from(arrival_source(campaign_slug()))  # where it came from, kept to the end
    return draft


def keep_typed_postcode(typed: str) -> None:
    """Step 1's language switch: keep the postcode as typed, unchecked and uncounted, for the
    same step in the other language to show. It is this letter's postcode too, so a changed one
    means making the letter again; an unchanged one changes nothing (no draft is started)."""
    draft = load_draft()
    if typed == ("" if draft.output else draft.postcode):  # what step 1 showed
        return
    draft = draft_for_step_one()
    draft.postcode, draft.ready = typed, False
    save_draft(draft)


def mark_output(draft: LetterDraft) -> None:
    """Note that this letter has been downloaded or sent (once: later outputs change nothing)."""
    if not draft.output:
        draft.output = True
        save_draft(draft)


def finish_letter() -> str | None:
    """End the current letter: forget it in this browser, and return (and remember) its key.

    Only what the anonymous count holds is remembered (the random key, the constituency and the
    at-risk group), so the thank-you page can show a kept letter's private link and record "I
    have sent it"; nothing the supporter typed stays in the browser.
    """
    draft = load_draft()
    finished = finished_letter() or {}
    if draft.letter_key:
        finished = {
            "letter_key": draft.letter_key,
            "constituency": draft.constituency,
            "concern": draft.concern,
        }
    forget_draft()
    if finished:
        session[_key(FINISHED_KEY)] = finished
    return finished.get("letter_key")


def finished_letter() -> dict[str, Any] | None:
    """The letter this browser last finished: letter_key, constituency, concern, sent_by."""
    finished = session.get(_key(FINISHED_KEY))
    if isinstance(finished, str):  # a cookie from before the constituency was remembered
        return {"letter_key": finished}
    return dict(finished) if isinstance(finished, dict) else None


def mark_finished_sent(sent_by: str) -> None:
    """Remember that the finished letter was reported sent (so the form is not offered again)."""
    finished = finished_letter()
    if finished:
        session[_key(FINISHED_KEY)] = {**finished, "sent_by": sent_by}


def delete_expired_drafts(now: dt.datetime | None = None) -> int:
    """Delete drafts past their expiry; returns how many (used by the purge)."""
    deleted = _delete_expired(now or utcnow())
    db.session.commit()
    return deleted


def _delete_expired(now: dt.datetime) -> int:
    """Delete drafts expired by `now`, leaving the commit to the caller."""
    result = db.session.execute(delete(Draft).where(Draft.expires_at < now))
    return result.rowcount or 0


def _delete_server_draft() -> None:
    ref = session.get(_key(DRAFT_REF_KEY))
    if ref is not None:
        db.session.execute(delete(Draft).where(Draft.id == ref))
        db.session.commit()
        session.pop(_key(DRAFT_REF_KEY), None)


def _cookie_size(draft: dict[str, Any]) -> int:
    """Bytes the session cookie's value would take with this draft in it."""
    serializer = current_app.session_interface.get_signing_serializer(current_app)
    return len(serializer.dumps({**session, _key(DRAFT_KEY): draft}))


@dataclass(frozen=True, slots=True)
class LetterContext:
    """Everything a page or download needs about the current letter."""

    campaign: Campaign
    constituency: Constituency
    mp: MP
    letter_key: str
    letter: Letter
    draft: LetterDraft


def supporter_from_draft(draft: LetterDraft) -> Supporter:
    """The Supporter saved in a draft. It was validated when the form was sent, and the cookie is
    signed (or the row is ours), so it is not validated again on every download."""
    return Supporter(
        name=draft.name,
        address_lines=draft.address_lines,
        postcode=draft.postcode,
        email=draft.email,
        reason=draft.reason,
        concern=draft.concern,
        language=Language(draft.letter_language or "en"),
    )


@dataclass(frozen=True, slots=True)
class Pinned:
    """What a letter was composed with: wording and findings versions (None: the files), date.

    Saved in the draft when the supporter sends the form, so the preview, every download and the
    kept copy are the same letter even if staff publish new wording in between.
    """

    template_version_id: int | None
    findings_version_id: int | None
    date: dt.date

    def save_in(self, draft: LetterDraft) -> None:
        """Record these versions in the draft."""
        draft.template_version = self.template_version_id
        draft.findings_version = self.findings_version_id
        draft.letter_date = self.date

    @classmethod
    def from_draft(cls, draft: LetterDraft, campaign: Campaign) -> Pinned:
        """The versions a draft was composed with (today's published ones for an old draft)."""
        if draft.letter_date is None:
            return current_versions(campaign, draft.letter_language or "en")
        return cls(draft.template_version, draft.findings_version, draft.letter_date)


def current_versions(campaign: Campaign, language: str = "en") -> Pinned:
    """The versions a letter written now is composed with: today's published ones (the
    template version is that of the wording in the letter's `language`)."""
    return Pinned(
        published_template_version_id(campaign, language),
        published_findings_version_id(campaign),
        dt.date.today(),
    )


def compose_for(
    supporter: Supporter,
    constituency: Constituency,
    campaign: Campaign | None = None,
    pinned: Pinned | None = None,
) -> tuple[Letter, MP]:
    """The letter for `supporter` to the MP for `constituency`, through the core service (the
    same rules as the command line and exports), with `pinned` versions (default: the ones
    published now, dated today). Raises VacantSeat when the seat has no MP."""
    campaign = campaign or current_campaign()
    pinned = pinned or current_versions(campaign)
    letter = letter_for_supporter(
        supporter,
        constituency,
        directory=current_directory(),
        template=template_at(campaign, pinned.template_version_id, supporter.language),
        findings=findings_at(campaign, pinned.findings_version_id, supporter.language),
        today=pinned.date,
        instead=campaign.vacant_seat_advice,
    )
    return letter, letter.mp


def current_letter() -> LetterContext | None:
    """The letter for the draft in this session, or None when there is no finished draft (or
    its seat has fallen vacant since)."""
    draft = load_draft()
    if not draft.ready or not draft.constituency:
        return None
    campaign = current_campaign()
    constituency = current_directory().constituency(draft.constituency)
    pinned = Pinned.from_draft(draft, campaign)
    try:
        letter, mp = compose_for(supporter_from_draft(draft), constituency, campaign, pinned)
    except VacantSeat:
        return None
    return LetterContext(campaign, constituency, mp, draft.letter_key, letter, draft)
