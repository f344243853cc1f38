"""Switching language keeps what was typed on the campaign page's postcode box and on the form
that reports an MP's reply: the switch is the form's own button (no JavaScript), its CSRF token
checked, and nothing typed goes into an address."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select
from webapp_helpers import csrf_token, page, post_form, write_letter

from webapp.extensions import db
from webapp.replies.models import MpReply

TYPED_REPLY = {
    "stance": "supports",
    "replied_on": "not a date yet",  # kept as typed: nothing is checked on a switch
    "summary": "Atebodd Llŷr: bydd yn codi'r mater yn San Steffan.\nAil linell <b>ŵ</b>.",
    "keep_summary": "y",
}


def the_switch(soup):
    """The header's language switch: its one link or button."""
    [control] = soup.select(".site-header .language-switch li > *")
    return control


def postcode_box(soup) -> str:
    form = soup.find("form", id="campaign-postcode-form")
    return form.find("input", attrs={"name": "postcode"})["value"]


def shown_reply(soup) -> dict[str, object]:
    """What the reply form shows in each box, tick and choice."""
    form = soup.find("form", id="reply-form")
    chosen = form.find("input", attrs={"name": "stance", "checked": True})
    return {
        "stance": chosen["value"] if chosen else None,
        "replied_on": form.find("input", attrs={"name": "replied_on"})["value"],
        "summary": form.find("textarea", attrs={"name": "summary"}).get_text(),
        "keep_summary": form.find("input", attrs={"name": "keep_summary"}).has_attr("checked"),
    }


def reply_path(client) -> str:
    """A kept letter's private "did your MP reply?" page (English)."""
    assert write_letter(client, keep_copy="y").status_code == 303
    link = page(client.get("/thank-you")).find("a", class_="private-url")["href"]
    return urlsplit(link).path + "/reply"


# The campaign page's postcode box


def test_the_campaign_pages_switch_is_its_postcode_boxs_button(client):
    """The switch sends the postcode box (a hidden default button first, so Enter still finds
    the MP), to the campaign page's own address, in both languages."""
    for path, other in (("/", "cy"), ("/cy/", "en")):
        soup = page(client.get(path))
        button = the_switch(soup)
        assert button.name == "button"
        assert (button["form"], button["name"], button["value"]) == (
            "campaign-postcode-form",
            "switch_language",
            other,
        )
        assert button["formaction"] == path
        form = soup.find("form", id="campaign-postcode-form")
        assert form["action"] == path + "find-your-mp"
        default = soup.select_one(".language-switch button.default-button")
        assert default["form"] == "campaign-postcode-form"
        assert default.get("name") is None


def test_switching_on_the_campaign_page_keeps_the_postcode_and_back(client):
    """Typed on the English page, switched: the Welsh campaign page shows it; changed there and
    switched back: the English page shows the change. No postcode in any address."""
    switched = post_form(client, "/", {"postcode": "ll57 2dg", "switch_language": "cy"})
    assert (switched.status_code, switched.headers["Location"]) == (303, "/cy/")
    welsh = page(client.get("/cy/"))
    assert welsh.html["lang"] == "cy"
    assert postcode_box(welsh) == "ll57 2dg"
    back = post_form(client, "/cy/", {"postcode": "CF10 1AA", "switch_language": "en"})
    assert (back.status_code, back.headers["Location"]) == (303, "/")
    assert postcode_box(page(client.get("/"))) == "CF10 1AA"
    # Nothing was looked up: the postcode step shows it too, and no letter is started.
    assert page(client.get("/find-your-mp")).find("input", attrs={"name": "postcode"})["value"] == (
        "CF10 1AA"
    )
    assert client.get("/your-letter").headers["Location"] == "/find-your-mp"


def test_the_campaign_pages_switch_needs_the_forms_token(client):
    """A switch without the page's CSRF token is refused, and keeps nothing."""
    client.get("/")
    refused = client.post("/", data={"postcode": "LL57 2DG", "switch_language": "cy"})
    assert refused.status_code == 400
    assert postcode_box(page(client.get("/cy/"))) == ""


def test_a_post_to_the_campaign_page_without_a_switch_just_shows_it(client):
    """Anything else sent to the campaign page's address goes back to the page."""
    sent = post_form(client, "/", {"postcode": "LL57 2DG"})
    assert (sent.status_code, sent.headers["Location"]) == (303, "/")


# The reply form


def test_the_reply_forms_switch_posts_it_to_the_page_in_the_other_language(client):
    """The switch is the reply form's button, sending it to this page in the other language."""
    path = reply_path(client)
    soup = page(client.get(path))
    button = the_switch(soup)
    assert (button.name, button["form"], button["name"], button["value"]) == (
        "button",
        "reply-form",
        "switch_language",
        "cy",
    )
    assert button["formaction"] == "/cy" + path
    assert soup.find("form", id="reply-form")["action"] == path


def test_switching_the_reply_form_keeps_everything_typed_and_records_nothing(app, client):
    """Typed in English, switched: the Welsh page shows every value; switched back, the English
    page does; nothing is recorded until the form is sent."""
    path = reply_path(client)
    token = csrf_token(client, path)
    welsh = client.post(
        "/cy" + path, data={**TYPED_REPLY, "switch_language": "cy", "csrf_token": token}
    )
    assert welsh.status_code == 200
    soup = page(welsh)
    assert soup.html["lang"] == "cy"
    expected = {**TYPED_REPLY, "keep_summary": True}
    assert shown_reply(soup) == expected
    assert soup.select_one(".error-summary") is None  # nothing was checked
    assert the_switch(soup)["formaction"] == path
    assert soup.find("form", id="reply-form")["action"] == "/cy" + path
    english = client.post(path, data={**TYPED_REPLY, "switch_language": "en", "csrf_token": token})
    assert english.status_code == 200
    assert page(english).html["lang"].startswith("en")
    assert shown_reply(page(english)) == expected
    with app.app_context():
        assert db.session.scalars(select(MpReply)).all() == []
    # Sent from the Welsh page, it is checked as usual (the date as typed is not one).
    sent = client.post("/cy" + path, data={**TYPED_REPLY, "csrf_token": token})
    assert sent.status_code == 400
    assert page(sent).select_one(".error-summary") is not None
    good = {**TYPED_REPLY, "replied_on": "2024-03-01"}
    assert client.post("/cy" + path, data={**good, "csrf_token": token}).status_code == 303
    with app.app_context():
        [reply] = db.session.scalars(select(MpReply)).all()
        assert reply.summary == TYPED_REPLY["summary"].strip()


def test_the_reply_forms_switch_needs_the_forms_token(app, client):
    """Without its CSRF token the switch is refused like any other post."""
    path = reply_path(client)
    refused = client.post("/cy" + path, data={**TYPED_REPLY, "switch_language": "cy"})
    assert refused.status_code == 400
