"""Naming a seat as staff know it: a nation, an MP's name, a constituency or a postcode, in the
previews and the lobby-day download; and sample supporters who live in the previewed seat."""

from __future__ import annotations

import io
import zipfile

import pytest
from staff_helpers import form_token
from webapp_helpers import page, pdf_text, visible_text

from letters.directory import default_directory
from letters.model import Nation
from webapp.exports import tasks as exports_job

PREVIEW_URL = "/staff/content/template:default/versions/1/preview"
EDIT_URL = "/staff/content/template:default/edit"
EXPORTS_URL = "/staff/exports"
WESTMINSTER, CARDIFF = "E14001172", "W07000091"
SHARED_POSTCODE = "AB10 0AA"  # its outcode spans two seats and the exact range is not one of them


def shown_seat(soup) -> str:
    """The constituency the version preview says its letter is for."""
    return soup.find(string=lambda s: s and "Letter to the MP for" in s).find_next("strong").text


def test_a_nation_previews_its_first_seat_and_offers_the_others(viewer):
    """“Wales” shows a Welsh seat's letter, says so, and offers every Welsh seat to choose."""
    soup = page(viewer.get(PREVIEW_URL, query_string={"place": "Wales"}))
    directory = default_directory()
    welsh = [c.name for c in directory.constituencies() if c.nation is Nation.WALES]
    assert shown_seat(soup) == welsh[0]
    assert welsh[0] in soup.select_one("article.letter").get_text(" ")
    note = soup.select_one(".notice-info").get_text(" ", strip=True)
    assert f"Wales has {len(welsh)} constituencies" in note
    offered = [option.get_text() for option in soup.select("select[name=place] option")]
    assert offered == welsh
    chosen = page(viewer.get(PREVIEW_URL, query_string={"place": welsh[3]}))
    assert shown_seat(chosen) == welsh[3]


def test_the_editor_preview_takes_a_nation_too(editor):
    """The letter editor's preview for “Northern Ireland” is a Northern Ireland seat's letter."""
    soup = page(editor.get(EDIT_URL, query_string={"place": "Northern Ireland"}))
    preview = soup.select_one(".editor-preview")
    northern_ireland = [
        c.name for c in default_directory().constituencies() if c.nation is Nation.NORTHERN_IRELAND
    ]
    assert northern_ireland[0] in preview.select_one("article.letter").get_text(" ")
    assert [o["value"] for o in preview.select("datalist#place-choices option")] == (
        northern_ireland
    )


def test_an_mps_name_previews_their_seat(viewer):
    """Typing the MP's name shows the letter to that MP, for their seat."""
    mp = default_directory().mp_for(CARDIFF)
    soup = page(viewer.get(PREVIEW_URL, query_string={"place": mp.name}))
    assert shown_seat(soup) == "Cardiff South and Penarth"
    letter = soup.select_one("article.letter").get_text(" ")
    assert mp.full_title in " ".join(letter.split())
    assert "Cardiff South and Penarth" in letter


@pytest.mark.parametrize("url", [PREVIEW_URL, EDIT_URL])
def test_a_name_matching_nothing_says_so_plainly(editor, url):
    """Nonsense gets “nothing matches”, not a complaint that the version cannot write letters."""
    response = editor.get(url, query_string={"place": "xyzzy"})
    error = page(response).select_one(".notice-error").get_text(" ", strip=True)
    assert error == "No constituency, MP or postcode matches “xyzzy”."
    assert "cannot write a letter" not in visible_text(response)


@pytest.fixture
def letters(add_submission):
    """Two kept letters to Cities of London and Westminster, one to Cardiff South and Penarth."""
    for name in ("Ann Example", "Bob Example"):
        add_submission(name, WESTMINSTER)
    add_submission(
        "Dewi Example", CARDIFF, postcode="CF10 1EP", address_lines=["2 Heol", "Cardiff"]
    )


def ask_for_download(client, place: str, kind: str = "zip"):
    """Send the download form for `place` as a browser would."""
    data = {"constituency": place, "date_from": "", "date_to": "", "kind": kind}
    return client.post(EXPORTS_URL, data={**data, **form_token(client, EXPORTS_URL)})


def downloaded(client, response) -> bytes:
    """Wait for the download the form started, then fetch its file."""
    assert response.status_code == 302, visible_text(response)
    export_id = int(response.headers["Location"].rsplit("/", 1)[1])
    with client.application.app_context():
        exports_job.wait(export_id)
    file = client.get(f"/staff/exports/{export_id}/download")
    data = file.get_data()
    file.close()
    return data


def test_the_lobby_download_takes_an_mps_name(editor, letters):
    """The MP's name downloads the letters to that MP's seat, and no others."""
    mp = default_directory().mp_for(WESTMINSTER)
    archive = zipfile.ZipFile(io.BytesIO(downloaded(editor, ask_for_download(editor, mp.name))))
    assert archive.namelist() == [
        "00001-Cities-of-London-and-Westminster-Ann-Example.pdf",
        "00002-Cities-of-London-and-Westminster-Bob-Example.pdf",
    ]
    assert mp.full_title in pdf_text(archive.read(archive.namelist()[0]))


def test_the_lobby_download_takes_a_postcode(editor, letters):
    """A postcode in one seat downloads that seat's letters (here as one PDF to print)."""
    text = pdf_text(downloaded(editor, ask_for_download(editor, "CF10 1EP", kind="pdf")))
    assert "Dewi Example" in text
    assert "Ann Example" not in text


def test_a_postcode_in_two_seats_names_them_and_asks(editor, letters):
    """A postcode that could be in more than one seat names them and asks which is meant."""
    seats = default_directory().lookup_postcode(SHARED_POSTCODE).candidates
    response = ask_for_download(editor, SHARED_POSTCODE)
    assert response.status_code == 400
    error = page(response).select_one("#constituency-error").get_text(" ", strip=True)
    assert f"{SHARED_POSTCODE} could be in more than one constituency" in error
    for seat in seats:
        assert seat.name in error
    assert "Enter the constituency you mean." in error


def test_a_northern_ireland_sample_has_no_address_from_another_seat(viewer):
    """Belfast East's sample supporters carry no Omagh (West Tyrone) postcode or town."""
    query = {"place": "Belfast East"}
    first = page(viewer.get(PREVIEW_URL, query_string=query))
    samples = [radio["value"] for radio in first.select("input[name=sample]")]
    assert samples
    for sample in samples:
        shown = page(viewer.get(PREVIEW_URL, query_string={**query, "sample": sample}))
        address = shown.select_one("article.letter address.letter-sender").get_text("\n")
        lines = [line.strip() for line in address.splitlines() if line.strip()]
        assert lines[1:] == ["12 Station Road", "Belfast East"]
        assert not any("BT78" in line or "Omagh" in line for line in lines)
