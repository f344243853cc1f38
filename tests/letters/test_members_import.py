"""Planning an mps.csv update from Members API data (fictional members in a four-seat directory)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from letters.directory import Directory
from letters.members_import import (
    MPS_COLUMNS,
    ChangeKind,
    MembersPayloadError,
    contact_email,
    parse_members,
    plan_import,
    write_mps_csv,
)

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 11, 28)


def _json(name: str) -> object:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture
def directory() -> Directory:
    return Directory.load(FIXTURES / "directory")


def _kinds(plan) -> dict[str, set[ChangeKind]]:
    found: dict[str, set[ChangeKind]] = {}
    for change in plan.changes:
        found.setdefault(change.constituency.name, set()).add(change.kind)
    return found


def _code(directory: Directory, name: str) -> str:
    return directory.constituency(name).code


def test_parse_reads_current_commons_members_only():
    """Members who have left are skipped with a note; the rest are read with title and party."""
    parsed = parse_members(_json("members_full.json"))
    assert [m.member_id for m in parsed.members] == [90001, 90002, 90005, 90006]
    assert parsed.notes == ("member 90004 (Dana Placeholder) left the Commons on 2026-08-01",)
    newcomer = parsed.members[2]
    assert newcomer.full_title == "Eli Newcomer MP"
    assert newcomer.salutation == "Dr Newcomer"
    assert newcomer.party == "Plaid Cymru"
    assert parsed.declared_total == 5


def test_full_list_reports_by_election_defection_rename_and_vacancy(directory):
    """A full list yields a new MP, a party change, a name change and a vacant seat."""
    plan = plan_import(directory, _json("members_full.json"), as_of=TODAY)
    assert plan.full_list
    assert _kinds(plan) == {
        "Ynys Môn": {ChangeKind.NEW_MP},
        "Aberafan Maesteg": {ChangeKind.PARTY_CHANGE},
        "Aberdeen North": {ChangeKind.NAME_CHANGE},
        "Preston": {ChangeKind.VACANT},
    }
    summaries = {c.constituency.name: c.summary for c in plan.changes}
    assert summaries["Ynys Môn"] == (
        "Ynys Môn: new MP Eli Newcomer (Plaid Cymru), replacing Dana Placeholder (Plaid Cymru)."
    )
    assert summaries["Aberafan Maesteg"] == (
        "Aberafan Maesteg: Alex Example changed party from Labour to Independent."
    )
    assert "Casey Test" in summaries["Preston"]
    assert plan.mps[_code(directory, "Preston")].vacant


def test_unknown_constituency_is_reported_not_raised(directory):
    """A member for a seat we don't know is listed as a problem and the rest still import."""
    plan = plan_import(directory, _json("members_full.json"), as_of=TODAY)
    assert len(plan.problems) == 1
    assert "Atlantis North" in plan.problems[0]
    assert "Frankie Elsewhere" in plan.problems[0]


def test_new_mp_takes_title_salutation_and_no_guessed_email(directory):
    """A new MP's email is None without contact data (never the predecessor's)."""
    plan = plan_import(directory, _json("members_full.json"), as_of=TODAY)
    mp = plan.mps[_code(directory, "Ynys Môn")]
    assert (mp.member_id, mp.name, mp.full_title) == (90005, "Eli Newcomer", "Eli Newcomer MP")
    assert mp.salutation == "Dr Newcomer"
    assert mp.email is None
    assert mp.as_of == TODAY


def test_same_member_keeps_email_without_contact_data(directory):
    """Without contacts, a continuing MP keeps the email the directory already had."""
    plan = plan_import(directory, _json("members_full.json"), as_of=TODAY)
    mp = plan.mps[_code(directory, "Aberafan Maesteg")]
    assert mp.email == "alex.example.mp@parliament.uk"
    assert mp.salutation == "Alex Example"


def test_contacts_give_the_parliamentary_email(directory):
    """Contact data sets the email, preferring the parliamentary office, and reports changes."""
    plan = plan_import(
        directory, _json("members_full.json"), _json("members_contacts.json"), as_of=TODAY
    )
    kinds = _kinds(plan)
    assert kinds["Aberafan Maesteg"] == {ChangeKind.PARTY_CHANGE, ChangeKind.EMAIL_CHANGE}
    assert kinds["Aberdeen North"] == {ChangeKind.NAME_CHANGE, ChangeKind.EMAIL_CHANGE}
    assert plan.mps[_code(directory, "Aberafan Maesteg")].email == "alex.example.new@parliament.uk"
    assert plan.mps[_code(directory, "Aberdeen North")].email is None  # published none


def test_by_election_file_is_partial_and_vacates_nothing(directory):
    """A one-seat file changes that seat only; other seats keep their MP and date."""
    plan = plan_import(
        directory, _json("members_byelection.json"), _json("members_contacts.json"), as_of=TODAY
    )
    assert not plan.full_list
    assert [(c.kind, c.constituency.name) for c in plan.changes] == [(ChangeKind.NEW_MP, "Preston")]
    preston = plan.mps[_code(directory, "Preston")]
    assert preston.name == "Gwen Byelection"
    assert preston.salutation == "Ms Byelection"
    assert preston.email == "gwen.byelection.mp@parliament.uk"
    untouched = plan.mps[_code(directory, "Aberdeen North")]
    assert untouched == directory.mp_for(untouched.constituency_code)


def test_full_list_can_be_forced_either_way(directory):
    """full_list=False never reports vacancies; full_list=True treats absent seats as vacant."""
    partial = plan_import(directory, _json("members_full.json"), as_of=TODAY, full_list=False)
    assert ChangeKind.VACANT not in {c.kind for c in partial.changes}
    forced = plan_import(directory, _json("members_byelection.json"), as_of=TODAY, full_list=True)
    assert sum(c.kind is ChangeKind.VACANT for c in forced.changes) == 3


def test_paged_result_missing_pages_is_partial(directory):
    """A page of a longer search result (totalResults larger than the items) is not a full list."""
    payload = _json("members_full.json")
    payload["totalResults"] = 650
    assert not plan_import(directory, payload, as_of=TODAY).full_list


def test_list_of_pages_is_accepted(directory):
    """Several search-result pages in one list are read together."""
    payload = _json("members_full.json")
    pages = [
        {"items": payload["items"][:2], "totalResults": 5},
        {"items": payload["items"][2:], "totalResults": 0},
    ]
    assert [m.member_id for m in parse_members(pages).members] == [90001, 90002, 90005, 90006]


@pytest.mark.parametrize("payload", [_json("members_not_a_payload.json"), 42, "text", None])
def test_not_a_members_payload_is_a_typed_error(payload):
    """A file that is not a Members API search result raises MembersPayloadError."""
    with pytest.raises(MembersPayloadError, match="items"):
        parse_members(payload)


def test_broken_items_are_problems_not_crashes():
    """Items without an id or constituency are reported and skipped."""
    parsed = parse_members(
        {"items": [{"value": {"nameDisplayAs": "No Id"}}, 7, {"value": {"id": 1}}]}
    )
    assert parsed.members == ()
    assert len(parsed.problems) == 3


def test_contact_email_rules():
    """The parliamentary office email wins; malformed emails are ignored, never repaired."""
    assert contact_email({"value": [{"type": "Website", "email": "not an email"}]}) is None
    assert contact_email({"value": [{"type": "Constituency office", "email": "a@b.org"}]}) == (
        "a@b.org"
    )
    assert contact_email(None) is None


def test_write_mps_csv_keeps_columns_and_untouched_rows(directory, tmp_path):
    """Rewriting keeps the header, order and 2024 columns, and copies unchanged rows verbatim."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "directory", data)
    before = (data / "mps.csv").read_text(encoding="utf-8").splitlines()
    plan = plan_import(directory, _json("members_full.json"), as_of=TODAY)
    write_mps_csv(data / "mps.csv", plan.mps)
    after = (data / "mps.csv").read_text(encoding="utf-8").splitlines()
    assert after[0] == ",".join(MPS_COLUMNS) == before[0]
    with (data / "mps.csv").open(encoding="utf-8") as handle:
        rows = {row["constituency_name"]: row for row in csv.DictReader(handle)}
    assert list(rows) == ["Aberafan Maesteg", "Aberdeen North", "Preston", "Ynys Môn"]
    assert rows["Preston"]["mp_name"] == ""
    assert rows["Preston"]["member_id"] == ""
    assert rows["Preston"]["ge2024_winner"] == "Casey Test"
    assert rows["Ynys Môn"]["addressed_as"] == "Eli Newcomer MP"
    assert rows["Ynys Môn"]["as_of"] == "2026-11-28"


def test_written_file_loads_back_with_the_same_mps(directory, tmp_path):
    """The directory built from the rewritten file has the planned MPs, vacancy included."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "directory", data)
    plan = plan_import(directory, _json("members_full.json"), as_of=TODAY)
    write_mps_csv(data / "mps.csv", plan.mps)
    reloaded = Directory.load(data)
    for code, mp in plan.mps.items():
        # mps.csv has no salutation column, so a reloaded MP is addressed by name.
        expected = mp if mp.vacant else dataclasses.replace(mp, salutation=mp.name)
        assert reloaded.mp_for(code) == expected
    assert reloaded.mp_for(_code(directory, "Preston")).vacant


def test_untouched_rows_stay_byte_identical(directory, tmp_path):
    """Seats a partial import does not name keep their source text, e.g. a title without " MP"."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "directory", data)
    before = (data / "mps.csv").read_text(encoding="utf-8").splitlines()
    plan = plan_import(directory, _json("members_full.json"), as_of=TODAY, full_list=False)
    write_mps_csv(data / "mps.csv", plan.mps)
    after = (data / "mps.csv").read_text(encoding="utf-8").splitlines()
    preston = next(line for line in before if ",Preston," in line)
    assert ",Rt Hon Casey Test," in preston
    assert preston in after
    assert after != before
