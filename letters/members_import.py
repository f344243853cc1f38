"""Plan an update of mps.csv from UK Parliament Members API data, and say what changed.

Input is the JSON the Members API returns: `/api/Members/Search` results
(`{"items": [{"value": {...}}], "totalResults": N}`, or a list of such pages) and, optionally, a
mapping of member id → `/api/Members/{id}/Contact` result for emails. Nothing here touches the
network; the only file written is by `write_mps_csv`.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from letters.directory import Directory, mp_from_row, mp_full_title, vacant_mp
from letters.errors import LettersError, UnknownConstituency
from letters.model import MP, Constituency

__all__ = [
    "MPS_COLUMNS",
    "Change",
    "ChangeKind",
    "ImportPlan",
    "ImportedMember",
    "MembersPayloadError",
    "ParsedMembers",
    "load_members_json",
    "parse_members",
    "plan_import",
    "write_mps_csv",
]

MPS_COLUMNS = (
    "constituency_code",
    "constituency_name",
    "mp_name",
    "addressed_as",
    "party",
    "member_id",
    "email",
    "as_of",
    "ge2024_winner",
    "ge2024_party",
    "ge2024_result",
)
_COMMONS = 1  # latestHouseMembership.house: 1 = Commons, 2 = Lords
_PARLIAMENTARY_OFFICE = "parliamentary office"


class MembersPayloadError(LettersError):
    """The file is not Members API data we can read at all."""


# The Members API nests five levels deep; anything far deeper is not its data, and a hostile
# file nested thousands deep would exhaust the parser's recursion.
MEMBERS_JSON_MAX_DEPTH = 32
_JSON_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKETS = re.compile(r"[\[\]{}]")


def load_members_json(text: str) -> object:
    """Parse a Members API file's text, refusing nesting deeper than MEMBERS_JSON_MAX_DEPTH.

    The depth is measured before parsing (brackets outside strings), so no input can make the
    parser recurse past the limit.
    """
    depth = 0
    for bracket in _JSON_BRACKETS.finditer(_JSON_STRINGS.sub("", text)):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > MEMBERS_JSON_MAX_DEPTH:
            raise MembersPayloadError(
                f"This file is nested more than {MEMBERS_JSON_MAX_DEPTH} levels deep, "
                "so it is not Members API data."
            )
    try:
        return json.loads(text)
    except ValueError as exc:
        raise MembersPayloadError(
            "This file is not JSON. Choose the file the Members API gave."
        ) from exc


class ChangeKind(StrEnum):
    NEW_MP = "new_mp"
    PARTY_CHANGE = "party_change"
    VACANT = "vacant"
    EMAIL_CHANGE = "email_change"
    NAME_CHANGE = "name_change"


@dataclass(frozen=True, slots=True)
class ImportedMember:
    """One current Commons member as the payload describes them."""

    member_id: int
    name: str
    full_title: str
    salutation: str | None  # nameAddressAs, where given
    party: str
    constituency_name: str
    email: str | None
    has_contact: bool  # False: the payload said nothing about email, so keep what we had


@dataclass(frozen=True, slots=True)
class ParsedMembers:
    members: tuple[ImportedMember, ...]
    problems: tuple[str, ...]  # entries we could not use
    notes: tuple[str, ...]  # entries deliberately skipped (Lords, former members)
    declared_total: int | None  # the Search result's totalResults, summed over pages


@dataclass(frozen=True, slots=True)
class Change:
    kind: ChangeKind
    constituency: Constituency
    before: MP | None
    after: MP | None
    summary: str


@dataclass(slots=True)
class ImportPlan:
    mps: dict[str, MP]  # every seat after the import, by constituency code
    changes: list[Change]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    full_list: bool = False


def _pages(payload: object) -> list[Mapping[str, object]]:
    if isinstance(payload, Mapping) and "items" in payload:
        return [payload]
    if isinstance(payload, list) and all(isinstance(p, Mapping) and "items" in p for p in payload):
        return payload
    if isinstance(payload, list):  # a bare list of items
        return [{"items": payload}]
    raise MembersPayloadError(
        'This is not a Members API search result: expected an object with an "items" list.'
    )


def contact_email(contact: object) -> str | None:
    """The email from a `/api/Members/{id}/Contact` result: the parliamentary office's first."""
    entries = contact.get("value") if isinstance(contact, Mapping) else contact
    if not isinstance(entries, list):
        return None
    emails = [
        (str(e.get("type") or "").strip().casefold() != _PARLIAMENTARY_OFFICE, i, e["email"])
        for i, e in enumerate(entries)
        if isinstance(e, Mapping) and _looks_like_email(e.get("email"))
    ]
    return min(emails)[2].strip() if emails else None


def _looks_like_email(value: object) -> bool:
    return (
        isinstance(value, str)
        and value.count("@") == 1
        and "." in value.split("@")[1]
        and not any(c.isspace() for c in value.strip())
    )


def _contacts_by_id(contacts: Mapping[object, object] | None) -> dict[int, object]:
    by_id: dict[int, object] = {}
    for key, value in (contacts or {}).items():
        try:
            by_id[int(key)] = value  # JSON object keys are strings
        except (TypeError, ValueError):
            continue
    return by_id


def _member(value: Mapping[str, object], contacts: Mapping[int, object]) -> ImportedMember | str:
    """An ImportedMember, or a reason to skip the entry (starting "skip:" when deliberate)."""
    membership = value.get("latestHouseMembership") or {}
    name = str(value.get("nameDisplayAs") or "").strip()
    try:
        member_id = int(value["id"])
    except (KeyError, TypeError, ValueError):
        return f"an entry without a member id ({name or 'no name'}) was not imported"
    label = f"member {member_id} ({name or 'no name'})"
    if not isinstance(membership, Mapping):
        return f"{label} has no house membership; not imported"
    if membership.get("house") not in (None, _COMMONS):
        return f"skip: {label} is not a member of the House of Commons"
    if membership.get("membershipEndDate"):
        return f"skip: {label} left the Commons on {str(membership['membershipEndDate'])[:10]}"
    seat = str(membership.get("membershipFrom") or "").strip()
    if not name or not seat:
        return f"{label} has no name or constituency; not imported"
    party = value.get("latestParty") or {}
    return ImportedMember(
        member_id=member_id,
        name=name,
        full_title=mp_full_title(str(value.get("nameFullTitle") or ""), name),
        salutation=str(value.get("nameAddressAs") or "").strip() or None,
        party=str(party.get("name") or "").strip() if isinstance(party, Mapping) else "",
        constituency_name=seat,
        email=contact_email(contacts.get(member_id)),
        has_contact=member_id in contacts,
    )


def parse_members(
    payload: object, contacts: Mapping[object, object] | None = None
) -> ParsedMembers:
    """Read current Commons members from a Members API search result (one page or a list)."""
    by_id = _contacts_by_id(contacts)
    members: list[ImportedMember] = []
    problems: list[str] = []
    notes: list[str] = []
    declared: int | None = 0
    for page in _pages(payload):
        total = page.get("totalResults")
        declared = declared + total if isinstance(total, int) and declared is not None else None
        items = page.get("items")
        if not isinstance(items, list):
            raise MembersPayloadError('The "items" in this file is not a list.')
        for number, item in enumerate(items, start=1):
            value = item.get("value", item) if isinstance(item, Mapping) else None
            if not isinstance(value, Mapping):
                problems.append(f"item {number} is not a member record; not imported")
                continue
            result = _member(value, by_id)
            if isinstance(result, ImportedMember):
                members.append(result)
            elif result.startswith("skip: "):
                notes.append(result.removeprefix("skip: "))
            else:
                problems.append(result)
    return ParsedMembers(tuple(members), tuple(problems), tuple(notes), declared)


def _is_full_list(parsed: ParsedMembers, seats: int, full_list: bool | None) -> bool:
    if full_list is not None:
        return full_list
    if parsed.declared_total is not None and parsed.declared_total > len(parsed.members) + len(
        parsed.problems
    ) + len(parsed.notes):
        return False  # some pages of the search result are missing
    # A by-election or correction file names a few seats; only a full list covers most of them.
    return len(parsed.members) * 2 > seats


def plan_import(
    directory: Directory,
    payload: object,
    contacts: Mapping[object, object] | None = None,
    *,
    as_of: dt.date | None = None,
    full_list: bool | None = None,
) -> ImportPlan:
    """Work out the new MP for every seat and what changed; writes nothing.

    `full_list=None` decides from the payload: a list covering most seats is a full list, and
    then a seat nobody in it represents is reported vacant. Unknown constituency names are
    reported in `problems`, never raised.
    """
    as_of = as_of or dt.date.today()
    parsed = parse_members(payload, contacts)
    plan = ImportPlan(
        mps=dict(directory.mps()),
        changes=[],
        problems=list(parsed.problems),
        notes=list(parsed.notes),
    )
    seen: dict[str, ImportedMember] = {}
    for member in parsed.members:
        try:
            constituency = directory.constituency(member.constituency_name)
        except UnknownConstituency:
            plan.problems.append(
                f"member {member.member_id} ({member.name}): no constituency called "
                f"{member.constituency_name!r}; not imported"
            )
            continue
        if constituency.code in seen:
            plan.problems.append(
                f"{constituency.name} appears twice ({seen[constituency.code].name} and "
                f"{member.name}); kept {seen[constituency.code].name}"
            )
            continue
        seen[constituency.code] = member
        before = directory.mp_for(constituency.code)
        after = _mp_from_member(member, constituency, before, as_of)
        plan.mps[constituency.code] = after
        plan.changes.extend(_changes(constituency, before, after))
    plan.full_list = _is_full_list(parsed, len(directory.constituencies()), full_list)
    if plan.full_list:
        _mark_vacancies(directory, plan, set(seen), as_of)
    return plan


def _mark_vacancies(directory: Directory, plan: ImportPlan, held: set[str], as_of: dt.date) -> None:
    """In a full list, a seat nobody represents is vacant."""
    for constituency in directory.constituencies():
        if constituency.code in held:
            continue
        before = directory.mp_for(constituency.code)
        after = plan.mps[constituency.code] = vacant_mp(constituency.code, as_of)
        if not before.vacant:
            summary = (
                f"{constituency.name}: seat vacant "
                f"({before.name}, {before.party}, is not in the list)."
            )
            plan.changes.append(Change(ChangeKind.VACANT, constituency, before, after, summary))


def _mp_from_member(
    member: ImportedMember, constituency: Constituency, before: MP, as_of: dt.date
) -> MP:
    same_person = not before.vacant and before.member_id == member.member_id
    # Without contact data keep the email we had for the same person; never carry it to another.
    email = member.email if member.has_contact else before.email if same_person else None
    return MP(
        member_id=member.member_id,
        name=member.name,
        full_title=member.full_title,
        salutation=member.salutation or member.name,
        party=member.party,
        constituency_code=constituency.code,
        email=email,
        as_of=as_of,
    )


def _changes(constituency: Constituency, before: MP, after: MP) -> Iterable[Change]:
    seat = constituency.name
    if before.vacant or before.member_id != after.member_id:
        was = (
            "the seat was vacant" if before.vacant else f"replacing {before.name} ({before.party})"
        )
        yield Change(
            ChangeKind.NEW_MP,
            constituency,
            before,
            after,
            f"{seat}: new MP {after.name} ({after.party}), {was}.",
        )
        return
    if (before.name, before.full_title) != (after.name, after.full_title):
        yield Change(
            ChangeKind.NAME_CHANGE,
            constituency,
            before,
            after,
            f"{seat}: {before.full_title} is now {after.full_title}.",
        )
    if before.party != after.party:
        yield Change(
            ChangeKind.PARTY_CHANGE,
            constituency,
            before,
            after,
            f"{seat}: {after.name} changed party from {before.party} to {after.party}.",
        )
    if before.email != after.email:
        yield Change(
            ChangeKind.EMAIL_CHANGE,
            constituency,
            before,
            after,
            f"{seat}: {after.name}'s email changed from {before.email or 'none'} "
            f"to {after.email or 'none'}.",
        )


def _mp_cells(mp: MP) -> dict[str, str]:
    if mp.vacant:
        return dict.fromkeys(("mp_name", "addressed_as", "party", "member_id", "email"), "") | {
            "as_of": mp.as_of.isoformat()
        }
    return {
        "mp_name": mp.name,
        "addressed_as": mp.full_title,
        "party": mp.party,
        "member_id": str(mp.member_id),
        "email": mp.email or "",
        "as_of": mp.as_of.isoformat(),
    }


def _csv_row(
    code: str, mp: MP, old_row: Mapping[str, str] | None, names: Mapping[str, str]
) -> dict[str, str]:
    if old_row is not None and mp_from_row(old_row) == mp:
        return {k: old_row.get(k, "") for k in MPS_COLUMNS}  # unchanged: keep the source's text
    row = {k: (old_row or {}).get(k, "") for k in MPS_COLUMNS}
    row["constituency_code"] = code
    row["constituency_name"] = row["constituency_name"] or names.get(code, "")
    return row | _mp_cells(mp)


def write_mps_csv(
    path: Path, mps: Mapping[str, MP], *, names: Mapping[str, str] | None = None
) -> None:
    """Rewrite mps.csv at `path` with `mps`, keeping its columns, row order and 2024 results.

    Rows for codes not yet in the file take their name from `names` (code → constituency name).
    """
    path = Path(path)
    old_rows: dict[str, dict[str, str]] = {}
    if path.exists():
        with path.open(newline="", encoding="utf-8") as handle:
            old_rows = {row["constituency_code"]: row for row in csv.DictReader(handle)}
    order = [code for code in old_rows if code in mps]
    order += sorted(
        (code for code in mps if code not in old_rows), key=lambda c: (names or {}).get(c, c)
    )
    # Write beside the target and rename, so a crash never leaves a half-written directory.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".mps-", suffix=".csv")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=MPS_COLUMNS, lineterminator="\n")
            writer.writeheader()
            for code in order:
                writer.writerow(_csv_row(code, mps[code], old_rows.get(code), names or {}))
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
