"""Staff corrections to the MP directory (by-elections, resignations, imports), kept as history.

Each correction is a new MPOverride row; the newest row per constituency wins, and a row marked
`cleared` sends the seat back to the bundled data. Supporters get the result through
webapp.content.published.current_directory().
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from flask import g
from sqlalchemy import func, select

from letters.directory import Directory, vacant_mp
from letters.members_import import Change, ImportPlan, load_members_json, plan_import
from letters.model import MP
from webapp.accounts.models import StaffUser
from webapp.clock import utcnow
from webapp.directory.models import MPImport, MPOverride
from webapp.extensions import db

# The g key where webapp.content.published keeps this request's (publication, correction) ids;
# a correction drops it so the rest of the request sees the corrected directory.
DIRECTORY_CACHE_KEY = "staff_directory"


def _newest_ids():
    return select(func.max(MPOverride.id)).group_by(MPOverride.constituency_code).scalar_subquery()


def current_rows() -> list[MPOverride]:
    """The newest override row of every constituency that has one (cleared rows included)."""
    return list(db.session.scalars(select(MPOverride).where(MPOverride.id.in_(_newest_ids()))))


def mp_from_row(row: MPOverride) -> MP:
    """The MP an override row stands for (a vacant-seat record when marked vacant)."""
    as_of = _as_date(row.created_at)
    if row.vacant:
        return vacant_mp(row.constituency_code, as_of)
    return MP(
        member_id=row.member_id,
        name=row.name,
        full_title=row.full_title,
        salutation=row.salutation or row.name,
        party=row.party,
        constituency_code=row.constituency_code,
        email=row.email or None,
        as_of=as_of,
    )


def override_mps() -> dict[str, MP]:
    """Constituency code → MP for every seat whose newest override is not cleared."""
    return {row.constituency_code: mp_from_row(row) for row in current_rows() if not row.cleared}


def history(code: str | None = None, limit: int = 50) -> list[MPOverride]:
    """Override rows, newest first; for one constituency, or all."""
    query = select(MPOverride).order_by(MPOverride.id.desc()).limit(limit)
    if code is not None:
        query = query.where(MPOverride.constituency_code == code)
    return list(db.session.scalars(query))


def add(code: str, mp: MP, *, note: str, author: StaffUser | None, import_id: int | None = None):
    """Record `mp` as the seat's MP from now on (not committed: callers commit once)."""
    row = MPOverride(
        constituency_code=code,
        member_id=mp.member_id,
        name=mp.name,
        full_title=mp.full_title,
        salutation=mp.salutation,
        party=mp.party,
        email=mp.email,
        vacant=mp.vacant,
        note=note.strip()[:300],
        author_id=author.id if author is not None else None,
        import_id=import_id,
    )
    db.session.add(row)
    g.pop(DIRECTORY_CACHE_KEY, None)
    return row


def clear(code: str, *, note: str, author: StaffUser) -> MPOverride:
    """Send a seat back to the bundled data (a new row marked `cleared`)."""
    row = MPOverride(
        constituency_code=code, cleared=True, note=note.strip()[:300], author_id=author.id
    )
    db.session.add(row)
    db.session.commit()
    g.pop(DIRECTORY_CACHE_KEY, None)
    return row


def store_upload(filename: str, payload_text: str, *, by: StaffUser) -> MPImport:
    """Keep an uploaded Members API file so its plan can be shown, then applied from any worker."""
    upload = MPImport(filename=filename[:255], payload=payload_text, uploaded_by_id=by.id)
    db.session.add(upload)
    db.session.commit()
    return upload


def plan_for(upload: MPImport, directory: Directory) -> ImportPlan:
    """What applying an uploaded file would change, against the directory supporters get now."""
    return plan_import(directory, load_members_json(upload.payload))


def apply(upload: MPImport, plan: ImportPlan, *, by: StaffUser) -> int:
    """Store each planned change as an override row; returns how many seats changed."""
    seats = _changed_seats(plan.changes)
    for code, summary in seats.items():
        add(
            code,
            plan.mps[code],
            note=f"Import #{upload.id}: {summary}",
            author=by,
            import_id=upload.id,
        )
    upload.applied_at = utcnow()
    upload.applied_changes = len(seats)
    db.session.commit()
    return len(seats)


def _changed_seats(changes: Iterable[Change]) -> dict[str, str]:
    """One note per seat, joining the summaries of several changes to the same seat."""
    seats: dict[str, list[str]] = {}
    for change in changes:
        seats.setdefault(change.constituency.code, []).append(change.summary)
    return {code: " ".join(parts) for code, parts in seats.items()}


def _as_date(value: dt.datetime | None) -> dt.date:
    return (value or utcnow()).date()


def set_by_hand(code: str, mp: MP, *, note: str, author: StaffUser) -> MPOverride:
    """A seat's MP set by a member of staff (or marked vacant); commits."""
    row = add(code, mp, note=note, author=author)
    db.session.commit()
    return row


def recent_imports(limit: int = 10) -> list[MPImport]:
    """The newest uploaded Members API files, newest first."""
    return list(db.session.scalars(select(MPImport).order_by(MPImport.id.desc()).limit(limit)))


def get_import(import_id: int) -> MPImport | None:
    """An uploaded Members API file by id, or None."""
    return db.session.get(MPImport, import_id) if 0 < import_id < 2**31 else None
