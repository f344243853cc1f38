"""The letter form: labels, hints, limits, error messages, and keeping what was typed."""

from __future__ import annotations

import pytest
from webapp_helpers import GOOD_LETTER, field_error, find_mp, page, visible_text, write_letter

from letters.supporter import NAME_MAX_CHARS, REASON_MAX_CHARS

AUTOCOMPLETE = {
    "name": "name",
    "address_line1": "address-line1",
    "address_line2": "address-line2",
    "town": "address-level2",
    "postcode": "postal-code",
    "email": "email",
}


@pytest.fixture
def form_page(client):
    """The letter form, after finding the MP for SW1A 1AA."""
    find_mp(client)
    return page(client.get("/your-letter"))


def test_every_field_has_a_label(form_page):
    """Every visible input, textarea and radio has a <label for> that names it."""
    fields = form_page.select("form input:not([type=hidden]), form textarea")
    for field in fields:
        if field.find_parent(class_="hp"):
            continue
        label = form_page.find("label", attrs={"for": field["id"]})
        assert label is not None, field["id"]
        assert label.get_text(strip=True), field["id"]


@pytest.mark.parametrize(("field", "token"), AUTOCOMPLETE.items())
def test_fields_carry_autocomplete_tokens(form_page, field, token):
    """Address fields say what they are, so browsers can fill them in."""
    assert form_page.find(id=field)["autocomplete"] == token


def test_address_hint_says_why_it_is_needed(form_page):
    """The form explains that MPs reply only to constituents."""
    assert "reply only to people who live in their constituency" in form_page.get_text()


def test_consent_boxes_start_unticked(form_page):
    """Both consent checkboxes are unticked until the supporter ticks them."""
    for name in ("keep_copy", "updates"):
        box = form_page.find("input", attrs={"name": name})
        assert box["type"] == "checkbox"
        assert not box.has_attr("checked")
    assert "Keep my letter so the campaign can deliver it to my MP" in (form_page.get_text())


def test_reason_has_a_limit_and_a_live_counter(form_page):
    """The reason box has a maxlength and a polite live region for the JS counter."""
    reason = form_page.find("textarea", id="reason")
    assert reason["maxlength"] == str(REASON_MAX_CHARS)
    counter = form_page.find(id=reason["data-counter"])
    assert counter["aria-live"] == "polite"
    assert counter.has_attr("hidden")


def test_at_risk_groups_are_offered_with_no_preference(form_page):
    """The groups from the findings are radios, with "no preference" chosen by default."""
    radios = form_page.find_all("input", attrs={"name": "concern"})
    assert "women_and_girls" in [r["value"] for r in radios]
    checked = [r for r in radios if r.has_attr("checked")]
    assert [r["value"] for r in checked] == [""]


def test_empty_form_lists_every_problem_with_links(client):
    """Sending an empty form shows a summary linking to each field that needs fixing."""
    response = write_letter(client, name="", address_line1="", town="", postcode="")
    assert response.status_code == 400
    summary = page(response).find(class_="error-summary")
    links = [a["href"] for a in summary.find_all("a")]
    assert links == ["#name", "#address_line1", "#town", "#postcode"]
    assert field_error(response, "town") == "Error: Enter your town or city."


def test_errors_are_announced_by_each_field(client):
    """Each bad field points at its message with aria-describedby and is marked invalid."""
    response = write_letter(client, email="not-an-email")
    field = page(response).find("input", id="email")
    assert "email-error" in field["aria-describedby"].split()
    assert field["aria-invalid"] == "true"
    assert "name@example.com" in field_error(response, "email")


def test_typed_values_are_kept_after_an_error(client):
    """After an error, every typed value is still in the form."""
    response = write_letter(client, email="bad", reason="Line one\nLine two", concern="minorities")
    soup = page(response)
    assert soup.find(id="name")["value"] == GOOD_LETTER["name"]
    assert soup.find(id="address_line1")["value"] == GOOD_LETTER["address_line1"]
    assert soup.find(id="email")["value"] == "bad"
    assert soup.find("textarea", id="reason").get_text() == "Line one\nLine two"
    assert soup.find("input", attrs={"name": "concern", "value": "minorities"}).has_attr("checked")


def test_reason_over_the_limit_is_refused_on_the_server(client):
    """The reason's limit is enforced by the server too, with the count in the message."""
    response = write_letter(client, reason="x" * (REASON_MAX_CHARS + 1))
    assert response.status_code == 400
    assert "1,200" in field_error(response, "reason")


def test_name_over_the_limit_is_refused(client):
    """A name longer than the limit is refused with a message by the name field."""
    response = write_letter(client, name="N" * (NAME_MAX_CHARS + 1))
    assert response.status_code == 400
    assert field_error(response, "name")


def test_unknown_concern_is_refused(client):
    """A concern that is not one of the groups is refused."""
    response = write_letter(client, concern="made_up")
    assert field_error(response, "concern")


def test_control_characters_in_the_town_are_refused_by_that_field(client):
    """A bad third address line is reported by the town box."""
    response = write_letter(client, town="Lon\x00don")
    assert response.status_code == 400
    assert field_error(response, "town")


def test_updates_need_an_email_address(client):
    """Ticking "send me updates" without an email address asks for one."""
    response = write_letter(client, updates="y")
    assert "email address" in field_error(response, "updates")


def test_valid_form_goes_to_the_preview(client):
    """A good form redirects to the preview, which shows the supporter's name."""
    response = write_letter(client)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/your-letter/preview")
    assert GOOD_LETTER["name"] in visible_text(client.get("/your-letter/preview"))


def test_change_my_details_returns_to_the_form_filled_in(client):
    """ "Change my details" shows the form with what was typed."""
    write_letter(client, address_line2="Flat 3", email="amira@example.org", keep_copy="y")
    preview = page(client.get("/your-letter/preview"))
    change = preview.find("a", string=lambda s: s and "Change my details" in s)
    soup = page(client.get(change["href"]))
    assert soup.find(id="name")["value"] == GOOD_LETTER["name"]
    assert soup.find(id="address_line2")["value"] == "Flat 3"
    assert soup.find(id="town")["value"] == "London"
    assert soup.find(id="email")["value"] == "amira@example.org"
    assert soup.find(id="keep_copy").has_attr("checked")


def test_a_postcode_in_another_seat_is_asked_about_not_switched(client):
    """A postcode in another constituency on the form is shown, with the choice; no silent move."""
    response = write_letter(client, postcode="M1 1AE")
    assert response.status_code == 400
    assert "Manchester Central" in visible_text(response)
    assert client.get("/your-letter/preview").status_code == 302


def test_honeypot_is_hidden_from_people(form_page):
    """The honeypot field is off screen, hidden from screen readers and out of the tab order."""
    trap = form_page.find("input", attrs={"name": "website"})
    assert trap["tabindex"] == "-1"
    assert trap.find_parent(class_="hp")["aria-hidden"] == "true"
