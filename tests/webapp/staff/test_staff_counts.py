"""The counts dashboard and its CSV: anonymous numbers by day, nation and constituency."""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets

import pytest
from webapp_helpers import page

from webapp.extensions import db
from webapp.submissions.models import LetterCount

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


def test_the_summary_figures_are_tiles_with_the_number_and_its_label(viewer, counted):
    """Each summary figure is a tile holding its label and its number."""
    soup = page(viewer.get("/staff/counts"))
    tiles = {
        tile.dt.get_text(strip=True): tile.dd.get_text(strip=True)
        for tile in soup.select(".figure-tiles .figure-tile")
    }
    assert tiles == {
        "Letters": "6",
        "As PDF": "4",
        "As email draft": "3",
        "Constituencies with no letters yet": "646",
    }


def test_the_day_chart_has_readable_labels_and_a_bar_for_every_day(viewer, app):
    """Quiet days get a zero bar; the y maximum and dates are labelled at 12 px or more."""
    with app.app_context():
        for day in (DAY1, DAY1, DAY1 + dt.timedelta(days=2)):
            db.session.add(
                LetterCount(
                    letter_key=secrets.token_urlsafe(8),
                    campaign="baghdad-returns",
                    constituency_code=WESTMINSTER,
                    nation="England",
                    created_on=day,
                )
            )
        db.session.commit()
    soup = page(viewer.get("/staff/counts"))
    chart = soup.select_one("#chart-by-day-title").parent
    assert "viewBox" not in chart.attrs  # text is drawn at its real size, never scaled down
    assert [r.title.get_text() for r in chart.select("rect")] == [
        "20 Nov: 2",
        "21 Nov: 0",
        "22 Nov: 1",
    ]
    labels = [t.get_text() for t in chart.select("text")]
    assert labels[0] == "2 letters"
    assert {"20 Nov", "21 Nov", "22 Nov"} <= set(labels)
    assert all(int(t["font-size"]) >= 12 for t in chart.select("text"))
    assert len(table(soup, "Letters by day")) == 2  # the table lists only days with letters


def test_every_constituency_with_letters_is_folded_away(viewer, counted):
    """The full per-seat table sits in a closed <details>; the top table stays visible."""
    soup = page(viewer.get("/staff/counts"))
    details = soup.select_one("#by-constituency").find_parent("details")
    assert details is not None
    assert not details.has_attr("open")
    assert details.summary.get_text(strip=True) == "Show all 4 constituencies with letters"
    assert len(table(soup, "Letters by constituency")) == 4
    top = next(t for t in soup.select("table") if "most letters" in t.caption.get_text())
    assert top.find_parent("details") is None


def test_with_no_letters_the_page_says_so_instead_of_empty_tables(viewer):
    """No letters: a 'No letters yet' line, no charts or empty tallies, all 650 seats unwritten."""
    soup = page(viewer.get("/staff/counts"))
    assert soup.select_one("#no-letters-yet").get_text(strip=True) == "No letters yet."
    assert soup.select("svg") == []
    assert soup.select("table") == []
    assert "The 0 constituencies" not in soup.get_text()
    assert soup.select_one("#total-no-letters").get_text() == "650"
