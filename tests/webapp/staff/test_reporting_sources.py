"""Reporting by source: letters from two share links and from a plain link are counted, sent
and replied to under their source on the counts and effect pages and in both CSVs."""

from __future__ import annotations

import csv
import io

import pytest
from staff_helpers import form_token
from webapp_helpers import csrf_token, page, write_letter

SITE = "https://write.example.org"
OXFAM = "Oxfam newsletter May (oxfam-may)"
# A label a spreadsheet would run as a formula, were the CSV cell not made safe.
HOSTILE_LABEL = '=HYPERLINK("http://evil.example","Leeds")'
LEEDS = f"{HOSTILE_LABEL} (leeds)"
DIRECT = "Direct or unknown"


def supporter_letter(app, source: str | None, *, sent: bool = False, reply: bool = False):
    """One supporter, in their own browser, arriving by `?source=` (or a plain link)."""
    client = app.test_client()
    client.get(f"/?source={source}" if source else "/")
    write_letter(client, keep_copy="y" if reply else None)
    assert client.get("/letter.pdf").status_code == 200
    thanks = page(client.get("/thank-you"))
    if sent:
        data = {"sent_by": "post", "csrf_token": csrf_token(client, "/thank-you")}
        assert client.post("/letter/sent", data=data).status_code == 303
    if reply:
        url = thanks.find("a", class_="private-url")["href"].removeprefix(SITE) + "/reply"
        data = {
            "stance": "supports",
            "replied_on": "2026-11-01",
            "csrf_token": csrf_token(client, url),
        }
        assert client.post(url, data=data).status_code == 303


@pytest.fixture
def three_sources(app, editor):
    """Two share links (Oxfam: two letters, one sent and replied to; Leeds: one sent) and one
    letter from a plain link."""
    for label, code in (("Oxfam newsletter May", "oxfam-may"), (HOSTILE_LABEL, "leeds")):
        data = {"label": label, "code": code, **form_token(editor, "/staff/share-links")}
        assert editor.post("/staff/share-links", data=data).status_code == 303
    supporter_letter(app, "oxfam-may", sent=True, reply=True)
    supporter_letter(app, "oxfam-may")
    supporter_letter(app, "leeds", sent=True)
    supporter_letter(app, None)


def table_rows(response, table_id: str) -> list[list[str]]:
    table = page(response).find("table", id=table_id)
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in table.select("tbody tr")
    ]


def csv_rows(response) -> list[dict[str, str]]:
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_the_counts_page_shows_letters_sent_and_replies_by_source(viewer, three_sources):
    """Each share link by its label and code, and "Direct or unknown", with their figures."""
    assert table_rows(viewer.get("/staff/counts"), "by-source") == [
        [OXFAM, "2", "1", "1"],
        [LEEDS, "1", "1", "0"],
        [DIRECT, "1", "0", "0"],
    ]


def test_the_counts_csv_by_source(viewer, three_sources):
    """counts.csv?by=source: code, label and figures; a label like a formula is made text."""
    got = csv_rows(viewer.get("/staff/counts.csv?by=source"))
    assert [(r["source"], r["label"], r["letters"], r["sent"], r["replies"]) for r in got] == [
        ("oxfam-may", OXFAM, "2", "1", "1"),
        ("leeds", "'" + LEEDS, "1", "1", "0"),
        ("", DIRECT, "1", "0", "0"),
    ]
    assert {r["pdf"] for r in got} == {"2", "1"}


def test_the_effect_page_and_its_csv_by_source(viewer, three_sources):
    """The effect page's "By source" table and breakdowns.csv's source rows."""
    assert table_rows(viewer.get("/staff/effect"), "by-source") == [
        [OXFAM, "2", "1", "1", "1"],
        [LEEDS, "1", "1", "0", "0"],  # most letters first, then by label
        [DIRECT, "1", "0", "0", "0"],
    ]
    got = csv_rows(viewer.get("/staff/effect/breakdowns.csv"))
    by_source = {
        r["label"]: (r["letters"], r["sent"], r["replies"])
        for r in got
        if r["breakdown"] == "source"
    }
    assert by_source == {
        OXFAM: ("2", "1", "1"),
        "'" + LEEDS: ("1", "1", "0"),
        DIRECT: ("1", "0", "0"),
    }


def test_a_date_range_with_no_letters_counts_none_by_source(viewer, three_sources):
    """The counts page's dates narrow the source figures too (share links stay listed)."""
    got = csv_rows(
        viewer.get("/staff/counts.csv?by=source&date_from=2001-01-01&date_to=2001-01-02")
    )
    assert {(r["source"], r["letters"], r["replies"]) for r in got} == {
        ("oxfam-may", "0", "0"),
        ("leeds", "0", "0"),
    }
