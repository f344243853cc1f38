"""The replies-and-effect dashboard: funnel, stances, breakdowns, the 650-seat map and CSVs."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from flask import Flask
from webapp_helpers import page

from letters.model import OutputFormat
from webapp.content import published
from webapp.public.keeping import record_output
from webapp.replies import service as records
from webapp.replies.models import FunnelStep, SentBy, Stance

SEAT = "E14001172"  # Cities of London and Westminster
SECRET_SUMMARY = "Private words from Amira, 12 Acacia Avenue"


@pytest.fixture
def campaign_data(app: Flask) -> dict:
    """Two letters to one seat (one sent, one not), a supportive reply, and funnel counts."""
    with app.test_request_context():
        slug = published.current_campaign().slug
        directory = published.current_directory()
        seat = directory.constituency(SEAT)
        mp = directory.mp_for(SEAT)
        for step, times in ((FunnelStep.CAMPAIGN_PAGE, 10), (FunnelStep.MP_FOUND, 4)):
            for _ in range(times):
                records.count_step(slug, step)
        record_output("key-1", slug, seat, OutputFormat.PDF, "minorities")
        record_output("key-2", slug, seat, OutputFormat.EML, None)
        records.record_sent("key-1", slug, seat, SentBy.POST)
        records.record_reply(
            letter_key="key-1",
            campaign=slug,
            constituency=seat,
            mp=mp,
            concern="minorities",
            stance=Stance.SUPPORTS,
            replied_on=dt.date(2026, 11, 20),
            summary=SECRET_SUMMARY,
        )
        return {"seat": seat, "mp": mp}


def rows(soup, table_id: str) -> list[list[str]]:
    table = soup.find("table", id=table_id)
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in table.select("tbody tr")
    ]


def test_funnel_counts_each_step(viewer, campaign_data):
    """Page views → MP found → letters made → sent → replies, with the share of each step."""
    funnel = rows(page(viewer.get("/staff/effect")), "funnel")
    assert [r[:2] for r in funnel] == [
        ["Campaign page views", "10"],
        ["MP found", "4"],
        ["Letters made", "2"],
        ["Letters sent", "1"],
        ["Replies reported", "1"],
    ]
    assert funnel[1][2] == "40 %"


def test_stance_table_names_the_mp_with_counts_and_dates(viewer, campaign_data):
    """Each MP's stance comes from the replies, with how many said what and when."""
    [row] = rows(page(viewer.get("/staff/effect")), "stances")
    mp = campaign_data["mp"]
    assert row[:4] == [campaign_data["seat"].name, mp.name, mp.party, "Supports the ask"]
    assert row[4:8] == ["1", "0", "0", "0"]
    assert row[8] == "20 Nov 2026"


def test_map_has_all_650_seats_and_shows_the_stance(viewer, campaign_data):
    """An accessible SVG map: 650 hexagons, titled; the seat with a reply is coloured by it."""
    soup = page(viewer.get("/staff/effect?map=stance"))
    svg = soup.find("svg", id="seat-map")
    assert svg["role"] == "img"
    assert (
        soup.find(id=svg["aria-labelledby"].split()[0]).get_text() == "MPs' stances by constituency"
    )
    hexes = svg.find_all("polygon")
    assert len(hexes) == 650
    assert len({h["data-code"] for h in hexes}) == 650
    seat = svg.find("polygon", attrs={"data-code": SEAT})
    assert seat["data-value"] == "supports"
    assert seat.find("title").get_text() == f"{campaign_data['seat'].name}: Supports the ask"
    table = rows(soup, "seat-table")
    assert table == [[campaign_data["seat"].name, "2", "Supports the ask"]]


def test_map_by_letters_colours_by_count(viewer, campaign_data):
    """Coloured by letters: the seat with two letters is in the "2 to 4" band; others "0"."""
    svg = page(viewer.get("/staff/effect")).find("svg", id="seat-map")
    values = {h["data-code"]: h["data-value"] for h in svg.find_all("polygon")}
    assert values[SEAT] == "2"
    assert sorted(set(values.values())) == ["0", "2"]


def test_breakdowns_by_party_nation_and_group(viewer, campaign_data):
    """Letters, sent, replies and supportive replies by party, nation and at-risk group."""
    soup = page(viewer.get("/staff/effect"))
    party = campaign_data["mp"].party
    assert rows(soup, "by-party") == [[party, "2", "1", "1", "1"]]
    assert rows(soup, "by-nation") == [["England", "2", "1", "1", "1"]]
    groups = {r[0]: r[1:] for r in rows(soup, "by-group")}
    assert groups["No group chosen"] == ["1", "0", "0", "0"]
    minorities = next(v for k, v in groups.items() if k.startswith("Religious and ethnic"))
    assert minorities == ["1", "1", "1", "1"]


@pytest.mark.parametrize("url", ["/staff/effect/stances.csv", "/staff/effect/replies.csv"])
def test_csv_exports_carry_no_personal_data(viewer, campaign_data, url):
    """The stance and reply CSVs name seats, MPs and stances, never a supporter or their words."""
    response = viewer.get(url)
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    table = list(csv.DictReader(io.StringIO(text)))
    assert len(table) == 1
    assert table[0]["constituency_code"] == SEAT
    for personal in (SECRET_SUMMARY, "Amira", "key-1", "letter_key", "summary"):
        assert personal not in text


def test_empty_dashboard_says_so(viewer):
    """With nothing yet, every table says there is nothing, and the map still has 650 seats."""
    soup = page(viewer.get("/staff/effect"))
    assert "No replies reported yet." in soup.find("table", id="stances").get_text()
    assert len(soup.find("svg", id="seat-map").find_all("polygon")) == 650


def test_letters_sent_letters_and_replies_by_language(app, viewer, campaign_data):
    """A Welsh letter (sent, replied to) beside the two English ones: the effect page, the counts
    page and their CSVs count each language."""
    with app.test_request_context():
        slug = published.current_campaign().slug
        seat = campaign_data["seat"]
        record_output("key-cy", slug, seat, OutputFormat.PDF, None, language="cy")
        records.record_sent("key-cy", slug, seat, SentBy.EMAIL)
        records.record_reply(
            letter_key="key-cy",
            campaign=slug,
            constituency=seat,
            mp=campaign_data["mp"],
            concern=None,
            stance=Stance.NON_COMMITTAL,
            replied_on=dt.date(2026, 11, 25),
            summary=None,
        )
    effect_page = page(viewer.get("/staff/effect"))
    assert rows(effect_page, "by-language") == [
        ["English", "2", "1", "1", "1"],
        ["Cymraeg", "1", "1", "1", "0"],
    ]
    counts_page = page(viewer.get("/staff/counts"))
    caption = counts_page.find("caption", string="Letters by the language they were written in")
    table = caption.find_parent("table")
    assert [
        [c.get_text(strip=True) for c in r.find_all(["th", "td"])] for r in table.select("tbody tr")
    ] == [
        ["Cymraeg", "1", "1", "0"],
        ["English", "2", "1", "1"],
    ]
    by_language = csv.DictReader(
        io.StringIO(viewer.get("/staff/counts.csv?by=language").get_data(as_text=True))
    )
    assert {r["language"]: r["letters"] for r in by_language} == {"cy": "1", "en": "2"}
    breakdowns = csv.DictReader(
        io.StringIO(viewer.get("/staff/effect/breakdowns.csv").get_data(as_text=True))
    )
    languages = {
        r["label"]: (r["letters"], r["sent"], r["replies"])
        for r in breakdowns
        if r["breakdown"] == "language"
    }
    assert languages == {"English": ("2", "1", "1"), "Cymraeg": ("1", "1", "1")}
    replies = csv.DictReader(
        io.StringIO(viewer.get("/staff/effect/replies.csv").get_data(as_text=True))
    )
    assert sorted(r["language"] for r in replies) == ["cy", "en"]
