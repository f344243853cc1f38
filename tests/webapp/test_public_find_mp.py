"""Finding your MP: exact postcodes, shared postcodes, Northern Ireland, unknown postcodes."""

from __future__ import annotations

import pytest
from webapp_helpers import csrf_token, field_error, find_mp, page, post_form, visible_text

from letters.directory import MatchKind, default_directory

CHOOSE_POSTCODE = "AB10 0AA"  # its outcode spans two seats and the exact range is not one of them


@pytest.fixture
def directory():
    """The MP directory the app uses."""
    return default_directory()


def test_exact_postcode_names_the_mp_party_and_constituency(client, directory):
    """A postcode in one constituency leads to "Your MP is <name>, <party> MP for <seat>"."""
    response = find_mp(client, "sw1a1aa")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/your-letter")
    match = directory.lookup_postcode("SW1A 1AA")
    mp = directory.mp_for(match.constituency.code)
    text = visible_text(client.get("/your-letter"))
    assert f"Your MP is {mp.name}, {mp.party} MP for {match.constituency.name}." in text


def test_a_co_op_party_has_no_doubled_bracket(client, directory):
    """A Labour (Co-op) MP's party reads "Labour (Co-op) MP", never "(Labour (Co-op))"."""
    seat = next(c for c in directory.constituencies() if "(" in directory.mp_for(c.code).party)
    with client.session_transaction() as session:
        session["draft"] = {"postcode": "", "constituency": seat.code}
    text = visible_text(client.get("/your-letter"))
    assert "Labour (Co-op) MP for" in text
    assert "))" not in text


def test_invalid_postcode_shows_error_by_the_field_and_keeps_it(client):
    """A string that is not a postcode is refused with a message and the typed value kept."""
    response = find_mp(client, "hello")
    assert response.status_code == 400
    soup = page(response)
    assert field_error(response, "postcode")
    assert soup.find("input", id="postcode")["value"] == "hello"
    assert soup.find("input", id="postcode")["aria-invalid"] == "true"
    summary = soup.find(class_="error-summary")
    assert summary["role"] == "alert"
    assert summary.find("a")["href"] == "#postcode"


def test_empty_postcode_asks_for_one(client):
    """Sending no postcode asks for one."""
    response = find_mp(client, "   ")
    assert response.status_code == 400
    assert "Enter your postcode" in field_error(response, "postcode")


def test_shared_postcode_offers_radio_list_of_candidates(client, directory):
    """A postcode that could be in several seats asks the supporter to choose among them."""
    match = directory.lookup_postcode(CHOOSE_POSTCODE)
    assert match.kind is MatchKind.CHOOSE
    response = find_mp(client, CHOOSE_POSTCODE)
    assert response.headers["Location"].endswith("/choose-constituency")
    soup = page(client.get("/choose-constituency"))
    radios = soup.find_all("input", attrs={"type": "radio", "name": "constituency"})
    assert [r["value"] for r in radios] == [c.code for c in match.candidates]
    assert soup.find("legend") is not None


def test_choosing_a_candidate_leads_to_the_letter_form(client, directory):
    """Choosing one of the candidates stores it and goes on to the letter form."""
    match = directory.lookup_postcode(CHOOSE_POSTCODE)
    find_mp(client, CHOOSE_POSTCODE)
    chosen = match.candidates[-1]
    response = post_form(client, "/choose-constituency", {"constituency": chosen.code})
    assert response.status_code == 303
    assert chosen.name in visible_text(client.get("/your-letter"))


def test_choosing_nothing_or_a_stranger_seat_is_refused(client, directory):
    """A constituency that is not among the candidates is refused with a message."""
    find_mp(client, CHOOSE_POSTCODE)
    response = post_form(client, "/choose-constituency", {"constituency": "E14001172"})
    assert response.status_code == 400
    assert field_error(response, "constituency") == "Error: Choose your constituency from the list."


def test_northern_ireland_postcode_offers_the_18_seats(client):
    """A BT postcode offers every Northern Ireland constituency to choose from."""
    find_mp(client, "BT1 1AA")
    soup = page(client.get("/choose-constituency"))
    assert len(soup.find_all("input", attrs={"type": "radio"})) == 18
    assert "Northern Ireland" in soup.get_text()


def test_unknown_postcode_leads_to_the_full_list(client):
    """A well-formed but unknown postcode leads to every constituency, with a message."""
    response = find_mp(client, "ZZ1 1ZZ")
    assert response.headers["Location"].endswith("/constituencies")
    soup = page(client.get("/constituencies"))
    assert "ZZ1 1ZZ" in soup.get_text()
    assert len(soup.select("#constituency-list li")) == 650


def test_constituency_search_filters_without_javascript(client, directory):
    """The GET search box filters the list on the server; the JS filter starts hidden."""
    soup = page(client.get("/constituencies?q=ynys mon"))
    names = [li["data-name"] for li in soup.select("#constituency-list li")]
    assert names == ["Ynys Môn"]
    assert soup.find(id="constituency-filter-wrap").has_attr("hidden")


def test_search_with_no_match_says_so(client):
    """A search that matches nothing says so and offers the full list."""
    soup = page(client.get("/constituencies?q=qqqqqq"))
    assert "No constituency matches" in soup.get_text()
    assert soup.find("a", href="/constituencies") is not None


def test_choosing_from_the_full_list_leads_to_the_letter_form(client, directory):
    """Pressing a constituency's button in the list chooses it."""
    seat = directory.constituency("Ynys Môn")
    token = csrf_token(client, "/constituencies?q=ynys")
    response = client.post("/constituencies", data={"constituency": seat.code, "csrf_token": token})
    assert response.status_code == 303
    assert "Ynys Môn" in visible_text(client.get("/your-letter"))


def test_letter_form_without_a_constituency_goes_back_to_step_one(client):
    """Opening the letter form first sends the supporter to find their MP."""
    response = client.get("/your-letter")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/find-your-mp")


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_after_an_exact_postcode_there_is_nothing_to_choose(client, directory, method):
    """Choosing a constituency for a postcode in only one goes on to the letter for that seat."""
    find_mp(client, "SW1A 1AA")
    seat = directory.lookup_postcode("SW1A 1AA").constituency
    data = {"constituency": seat.code, "csrf_token": csrf_token(client, "/find-your-mp")}
    response = client.open("/choose-constituency", method=method, data=data)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/your-letter")
    assert f"MP for {seat.name}." in visible_text(client.get("/your-letter"))


def test_an_exact_postcode_without_a_seat_yet_gets_its_only_seat(client, directory):
    """A draft holding an exact postcode but no seat is given the postcode's one seat."""
    seat = directory.lookup_postcode("SW1A 1AA").constituency
    with client.session_transaction() as session:
        session["draft"] = {"postcode": "SW1A 1AA", "constituency": None}
    response = client.get("/choose-constituency")
    assert response.headers["Location"].endswith("/your-letter")
    assert f"MP for {seat.name}." in visible_text(client.get("/your-letter"))


def test_a_seat_chosen_from_the_list_is_not_switched_back(client, directory):
    """After an exact postcode, a seat chosen from the full list is kept."""
    find_mp(client, "SW1A 1AA")
    other = directory.constituency("E14001352")
    post_form(client, "/constituencies", {"constituency": other.code})
    client.get("/choose-constituency")
    assert f"MP for {other.name}." in visible_text(client.get("/your-letter"))
