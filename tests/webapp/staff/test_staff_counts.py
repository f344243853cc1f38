"""The counts dashboard and its CSV: anonymous numbers by day, nation and constituency."""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets

import pytest
from webapp_helpers import page

from webapp.extensions import db
from webapp.models import LetterCount

DAY1, DAY2 = dt.date(2026, 11, 20), dt.date(2026, 11, 21)
WESTMINSTER, CARDIFF, OMAGH = "E14001172", "W07000091", "N05000018"


@pytest.fixture
def counted(app):
    """Six letters: four in England over two days, one in Wales, one in Northern Ireland."""
    rows = [
        (WESTMINSTER, "England", DAY1, True, False),
        (WESTMINSTER, "England", DAY1, False, True),
        (WESTMINSTER, "England", DAY2, True, True),
        ("E14001435", "England", DAY2, True, False),
        (CARDIFF, "Wales", DAY2, False, True),
        (OMAGH, "Northern Ireland", DAY2, True, False),
    ]
    with app.app_context():
        for code, nation, day, pdf, email in rows:
            db.session.add(
                LetterCount(
                    letter_key=secrets.token_urlsafe(8),
                    campaign="baghdad-returns",
                    constituency_code=code,
                    nation=nation,
                    created_on=day,
                    pdf=pdf,
                    email_draft=email,
                )
            )
        db.session.add(
            LetterCount(
                letter_key="other",
                campaign="another-campaign",
                constituency_code=CARDIFF,
                nation="Wales",
                created_on=DAY1,
            )
        )
        db.session.commit()


def table(soup, caption: str) -> dict[str, list[str]]:
    """A tally table as {first cell: [letters, pdf, email]}."""
    found = next(t for t in soup.select("table") if t.caption and caption in t.caption.get_text())
    return {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in found.select("tbody tr")
        if row.th
    }


def test_the_dashboard_counts_by_day_nation_and_constituency(viewer, counted):
    """Totals, per-day, per-nation and per-seat figures match the stored counts."""
    soup = page(viewer.get("/staff/counts"))
    assert soup.select_one("#total-letters").get_text() == "6"
    assert soup.select_one("#total-pdf").get_text() == "4"
    assert soup.select_one("#total-email").get_text() == "3"
    assert table(soup, "Letters by day") == {
        "2026-11-20": ["2", "1", "1"],
        "2026-11-21": ["4", "3", "2"],
    }
    nations = table(soup, "Letters by nation")
    assert nations["England"] == ["4", "3", "2"]
    assert nations["Wales"] == ["1", "0", "1"]
    top = list(table(soup, "constituencies with the most letters").items())
    assert top[0] == ("Cities of London and Westminster", ["3", "2", "2"])
    assert soup.select_one("#total-no-letters").get_text() == str(650 - 4)
    no_letters = [li.get_text() for li in soup.select("#no-letters li")]
    assert "Cities of London and Westminster" not in no_letters
    assert len(no_letters) == 646


def test_the_chart_is_accessible(viewer, counted):
    """Each chart is an SVG with role="img", a title and description, beside a data table."""
    soup = page(viewer.get("/staff/counts"))
    chart = soup.select_one("svg[role=img]")
    title_id, desc_id = chart["aria-labelledby"].split()
    assert chart.find("title", id=title_id).get_text() == "Letters by day"
    assert "6 letters" in chart.find("desc", id=desc_id).get_text()
    assert len(chart.select("rect")) == 2
    assert chart.find_parent("div").find("table") is not None


def test_a_date_range_narrows_the_figures(viewer, counted):
    """Counts for one day only include that day's letters."""
    soup = page(
        viewer.get(
            "/staff/counts", query_string={"date_from": "2026-11-21", "date_to": "2026-11-21"}
        )
    )
    assert soup.select_one("#total-letters").get_text() == "4"


def test_the_csv_has_every_seat_and_no_personal_data(viewer, counted):
    """The CSV lists all 650 seats with their counts, and only anonymous columns."""
    response = viewer.get("/staff/counts.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 650
    assert list(rows[0]) == [
        "constituency_code",
        "constituency",
        "nation",
        "letters",
        "pdf",
        "email_draft",
    ]
    by_code = {r["constituency_code"]: r for r in rows}
    assert (by_code[WESTMINSTER]["letters"], by_code[WESTMINSTER]["pdf"]) == ("3", "2")
    assert by_code[CARDIFF]["letters"] == "1"  # the other campaign's letter is not counted
    daily = viewer.get("/staff/counts.csv?by=day").get_data(as_text=True).splitlines()
    assert daily == ["date,letters,pdf,email_draft", "2026-11-20,2,1,1", "2026-11-21,4,3,2"]
