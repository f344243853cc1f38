"""The site in Welsh: its own addresses under /cy/, the switch between languages (which keeps
what was typed), the browser's language as a hint only, Welsh dates, and the staff area as it was.

Nothing here reads the Welsh catalogue's words (it is written elsewhere): pages are told apart by
their `lang`, their addresses and their switch.
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlsplit

import pytest
from babel.dates import format_date as babel_format_date
from webapp_helpers import EXACT_POSTCODE, find_mp, page, post_form

from webapp.campaign_prefix import LANGUAGE_KEY
from webapp.campaigns import service as campaigns
from webapp.clock import utcnow
from webapp.config import settings_from_env
from webapp.content.campaign_copy import copy_campaign
from webapp.content.published import current_campaign
from webapp.i18n import format_date

SITE = "https://write.example.org"  # SITE_URL in the tests' settings
NOTICE = "Mae'r dudalen hon ar gael yn Gymraeg."
SECOND = "winter-flights"


def html_lang(response) -> str:
    return page(response).find("html")["lang"]


def alternates(response) -> dict[str, str]:
    """hreflang → href of the head's `<link rel="alternate">`s."""
    links = page(response).find("head").find_all("link", rel="alternate")
    return {link["hreflang"]: link["href"] for link in links}


def switch(response):
    """The header's language switch: its one link or button."""
    controls = page(response).select(".site-header .language-switch li > *")
    assert len(controls) == 1, controls
    return controls[0]


def notice(response):
    return page(response).select_one(".language-notice")


def typed_values(response) -> dict[str, object]:
    """What the letter form shows in each box, tick and choice."""
    form = page(response).find("form", id="letter-form")
    values: dict[str, object] = {
        field["name"]: field.get("value", "")
        for field in form.find_all("input", attrs={"type": ["text", "email"]})
    }
    values["reason"] = form.find("textarea", attrs={"name": "reason"}).get_text()
    for name in ("keep_copy", "updates"):
        values[name] = form.find("input", attrs={"name": name}).has_attr("checked")
    chosen = form.find("input", attrs={"name": "concern", "checked": True})
    values["concern"] = chosen["value"] if chosen else None
    return values


def second_campaign(app, slug: str = SECOND) -> None:
    """A second campaign, open for letters, at /<slug>/ (a copy of the main one)."""
    with app.test_request_context():
        source = current_campaign()
        copy_campaign(source, slug, "Stop the winter flights", folder=source.slug, by=None)
        campaigns.open_now(slug, by=None)


# Addresses and the page's language


def test_the_welsh_campaign_page_has_its_own_address(client):
    """/cy/ is the campaign page in Welsh; / is the same page in English; each names the other."""
    welsh, english = client.get("/cy/"), client.get("/")
    assert welsh.status_code == english.status_code == 200
    assert html_lang(welsh) == "cy"
    assert html_lang(english).split("-")[0] == "en"
    expected = {"en": f"{SITE}/", "cy": f"{SITE}/cy/", "x-default": f"{SITE}/"}
    assert alternates(welsh) == alternates(english) == expected


def test_the_switch_names_each_language_in_itself(client):
    """English pages offer "Cymraeg", Welsh pages "English", each marked with its language."""
    to_welsh = switch(client.get("/privacy"))
    assert (to_welsh.name, to_welsh.get_text(strip=True)) == ("a", "Cymraeg")
    assert (to_welsh["href"], to_welsh["lang"], to_welsh["hreflang"]) == ("/cy/privacy", "cy", "cy")
    to_english = switch(client.get("/cy/privacy"))
    assert (to_english.name, to_english.get_text(strip=True)) == ("a", "English")
    assert (to_english["href"], to_english["lang"], to_english["hreflang"]) == (
        "/privacy",
        "en",
        "en",
    )
    # The campaign page's switch is its postcode box's button (test_welsh_switch_keeps.py).
    on_the_campaign_page = switch(client.get("/"))
    assert (on_the_campaign_page.name, on_the_campaign_page.get_text(strip=True)) == (
        "button",
        "Cymraeg",
    )


@pytest.mark.parametrize(
    "path", ["/constituencies", "/constituencies?q=Cardiff", "/privacy", "/thank-you"]
)
def test_every_page_links_to_itself_in_the_other_language(client, path):
    """The same page and query in the other language, from the header and the head."""
    parts = urlsplit(path)
    query = f"?{parts.query}" if parts.query else ""
    english, welsh = client.get(path), client.get(f"/cy{path}")
    assert english.status_code == welsh.status_code == 200
    assert html_lang(welsh) == "cy"
    assert switch(english)["href"] == f"/cy{parts.path}{query}"
    assert switch(welsh)["href"] == f"{parts.path}{query}"
    expected = {
        "en": f"{SITE}{parts.path}{query}",
        "cy": f"{SITE}/cy{parts.path}{query}",
        "x-default": f"{SITE}{parts.path}{query}",
    }
    assert alternates(english) == alternates(welsh) == expected


def test_links_forms_and_redirects_on_welsh_pages_stay_welsh(client):
    """Every link and form of a Welsh page, and each step's redirect, stays under /cy/."""
    start = client.get("/cy/")
    soup = page(start)
    own = [a["href"] for a in soup.find_all("a", href=True) if a["href"].startswith("/")]
    own += [form["action"] for form in soup.find_all("form", action=True)]
    assert own
    # The one way out of Welsh is the switch to English (the postcode box's button).
    assert [href for href in own if not href.startswith("/cy/")] == []
    assert (switch(start)["formaction"], switch(start)["value"]) == ("/cy/", "en")
    assert soup.find("form", action="/cy/find-your-mp") is not None
    stylesheet = soup.find("link", rel="stylesheet")["href"]
    with client.get(stylesheet) as served:  # static files work under /cy/ too
        assert served.status_code == 200

    found = post_form(client, "/cy/find-your-mp", {"postcode": EXACT_POSTCODE})
    assert (found.status_code, found.headers["Location"]) == (303, "/cy/your-letter")
    form_page = client.get("/cy/your-letter")
    assert html_lang(form_page) == "cy"
    assert page(form_page).find("form", id="letter-form")["action"] == "/cy/your-letter"


def test_an_unknown_welsh_address_is_not_found(client):
    """/cy/ in front of a page that does not exist is an ordinary 404."""
    assert client.get("/cy/no-such-page").status_code == 404


def test_a_campaign_lives_under_the_welsh_prefix_too(app, client):
    """/cy/<slug>/ is that campaign in Welsh; its links stay in both; the switch keeps it."""
    second_campaign(app)
    welsh = client.get(f"/cy/{SECOND}/")
    assert welsh.status_code == 200
    assert html_lang(welsh) == "cy"
    assert page(welsh).find("form", action=f"/cy/{SECOND}/find-your-mp") is not None
    to_english = post_form(client, f"/cy/{SECOND}/", {"switch_language": "en"})
    assert (switch(welsh)["formaction"], to_english.headers["Location"]) == (
        f"/cy/{SECOND}/",
        f"/{SECOND}/",
    )
    to_welsh = post_form(client, f"/{SECOND}/", {"switch_language": "cy"})
    assert to_welsh.headers["Location"] == f"/cy/{SECOND}/"
    assert alternates(welsh)["cy"] == f"{SITE}/cy/{SECOND}/"
    assert alternates(welsh)["en"] == f"{SITE}/{SECOND}/"

    found = post_form(client, f"/cy/{SECOND}/find-your-mp", {"postcode": EXACT_POSTCODE})
    assert found.headers["Location"] == f"/cy/{SECOND}/your-letter"
    # The main campaign's Welsh page links to the other campaign in Welsh.
    assert page(client.get("/cy/")).find("a", href=f"/cy/{SECOND}/") is not None


def test_only_the_languages_offered_have_addresses(make_app):
    """With LANGUAGES=en there are no Welsh addresses and no switch."""
    client = make_app(LANGUAGES=("en",)).test_client()
    assert client.get("/cy/").status_code == 404
    english = client.get("/")
    assert page(english).select_one(".language-switch") is None
    assert alternates(english) == {}


def test_welsh_is_offered_by_default(tmp_path):
    """LANGUAGES defaults to English then Welsh; spaces around the codes do not count."""
    assert settings_from_env(tmp_path, {})["LANGUAGES"] == ("en", "cy")
    assert settings_from_env(tmp_path, {"LANGUAGES": " en, cy "})["LANGUAGES"] == ("en", "cy")


# The switch on a form keeps what was typed

TYPED = {
    "name": "Amira O'Brien-Núñez",
    "address_line1": "12 Acacia Avenue",
    "address_line2": "Flat 2",
    "town": "Cardiff",
    "postcode": "CF10 1AA",
    "email": "not an email yet",  # kept as typed: nothing is checked on a switch
    "reason": "My neighbour fled Baghdad.\r\nHe still has family there.",
}


def group_id(app) -> str:
    with app.test_request_context():
        return current_campaign().findings.groups[0].id


def test_the_letter_form_switch_keeps_every_typed_field(app, client):
    """Typed, unchecked, on the English form; switched to Welsh; every value is there."""
    find_mp(client)
    sent = {**TYPED, "concern": group_id(app), "keep_copy": "y", "switch_language": "cy"}
    switched = post_form(client, "/your-letter", sent)
    assert (switched.status_code, switched.headers["Location"]) == (303, "/cy/your-letter")
    welsh = client.get("/cy/your-letter")
    assert welsh.status_code == 200
    assert html_lang(welsh) == "cy"
    assert page(welsh).select_one(".error-summary") is None  # nothing was checked
    shown = typed_values(welsh)
    for name, value in TYPED.items():
        assert shown[name] == value, name
    assert (shown["concern"], shown["keep_copy"], shown["updates"]) == (group_id(app), True, False)


def test_the_switch_back_to_english_keeps_the_changes_made_in_welsh(app, client):
    """From the Welsh form to the English one: what was changed in Welsh is what is shown."""
    post_form(client, "/cy/find-your-mp", {"postcode": EXACT_POSTCODE})
    changed = {**TYPED, "name": "Siân Llywelyn", "address_line2": "", "updates": "y"}
    switched = post_form(client, "/cy/your-letter", {**changed, "switch_language": "en"})
    assert (switched.status_code, switched.headers["Location"]) == (303, "/your-letter")
    english = client.get("/your-letter")
    assert html_lang(english).split("-")[0] == "en"
    shown = typed_values(english)
    for name, value in changed.items():
        if name != "updates":
            assert shown[name] == value, name
    assert (shown["keep_copy"], shown["updates"], shown["concern"]) == (False, True, "")


def test_a_switch_makes_no_letter_and_loses_none(client):
    """A switch checks nothing and makes no letter: the preview still asks for the form, and
    sending the form afterwards makes the letter from the same answers."""
    find_mp(client)
    good = {**TYPED, "email": "", "postcode": EXACT_POSTCODE, "town": "London"}
    post_form(client, "/your-letter", {**good, "switch_language": "cy"})
    preview = client.get("/cy/your-letter/preview")
    assert preview.headers["Location"] == "/cy/your-letter"
    made = post_form(client, "/cy/your-letter", good)
    assert (made.status_code, made.headers["Location"]) == (303, "/cy/your-letter/preview")
    assert client.get("/cy/your-letter/preview").status_code == 200


def test_the_postcode_step_switch_keeps_the_postcode(client):
    """Step 1's switch keeps the postcode as typed, looks nothing up, and opens step 1."""
    switched = post_form(client, "/find-your-mp", {"postcode": "sw1a 1aa", "switch_language": "cy"})
    assert (switched.status_code, switched.headers["Location"]) == (303, "/cy/find-your-mp")
    welsh = page(client.get("/cy/find-your-mp"))
    assert welsh.find("input", attrs={"name": "postcode"})["value"] == "sw1a 1aa"
    # No MP was found: the letter form still asks for the postcode first.
    assert client.get("/cy/your-letter").headers["Location"] == "/cy/find-your-mp"
    back = post_form(client, "/cy/find-your-mp", {"postcode": "SW1A 2AA", "switch_language": "en"})
    assert back.headers["Location"] == "/find-your-mp"
    english = page(client.get("/find-your-mp"))
    assert english.find("input", attrs={"name": "postcode"})["value"] == "SW1A 2AA"


@pytest.mark.parametrize(
    ("url", "form_id"), [("/find-your-mp", "find-mp-form"), ("/your-letter", "letter-form")]
)
def test_on_a_form_the_switch_is_one_of_its_buttons(client, url, form_id):
    """The switch sends the form; the form's own (hidden) button comes first, so Enter in a box
    sends the form as usual rather than switching the language."""
    find_mp(client)
    soup = page(client.get(url))
    form = soup.find("form", id=form_id)
    assert form is not None
    the_switch = switch(client.get(url))
    assert the_switch.name == "button"
    assert (the_switch["form"], the_switch["name"], the_switch["value"]) == (
        form_id,
        "switch_language",
        "cy",
    )
    assert the_switch["lang"] == "cy"
    buttons = [
        button
        for button in soup.find_all("button")
        if button.get("form") == form_id or form in button.parents
    ]
    assert buttons[0].get("name") is None  # the default: the form's own action
    assert (buttons[0]["tabindex"], buttons[0]["aria-hidden"]) == ("-1", "true")


def test_the_welsh_forms_switch_to_english(client):
    """On the Welsh forms the switch is their button too, to English."""
    post_form(client, "/cy/find-your-mp", {"postcode": EXACT_POSTCODE})
    for url, form_id in (("/cy/find-your-mp", "find-mp-form"), ("/cy/your-letter", "letter-form")):
        the_switch = switch(client.get(url))
        assert (the_switch.name, the_switch["form"], the_switch["value"]) == (
            "button",
            form_id,
            "en",
        )
        assert the_switch.get_text(strip=True) == "English"


def test_the_switch_needs_the_forms_token(client):
    """The switch is a form post like any other: without its CSRF token it is refused."""
    find_mp(client)
    refused = client.post("/your-letter", data={**TYPED, "switch_language": "cy"})
    assert refused.status_code == 400


def test_an_unknown_language_is_an_ordinary_send(client):
    """A switch to a language the site does not offer is the form sent as usual."""
    sent = post_form(client, "/find-your-mp", {"postcode": "", "switch_language": "fr"})
    assert sent.status_code == 400  # the usual "Enter your postcode" page


# The browser's language: a hint, never a redirect


@pytest.mark.parametrize("accept", ["cy", "cy-GB,en;q=0.8", "cy-GB, en-GB;q=0.9, en;q=0.8"])
def test_a_browser_preferring_welsh_is_told_in_welsh_and_not_moved(client, accept):
    """An English page stays English, with a notice in Welsh linking to the Welsh page."""
    response = client.get("/privacy", headers={"Accept-Language": accept})
    assert response.status_code == 200
    assert html_lang(response).split("-")[0] == "en"
    said = notice(response)
    assert said is not None
    assert said["lang"] == "cy"
    link = said.find("a")
    assert link.get_text(strip=True) == NOTICE
    assert (link["href"], link["lang"], link["hreflang"]) == ("/cy/privacy", "cy", "cy")


@pytest.mark.parametrize("accept", [None, "en", "en-GB,cy;q=0.9", "fr", "cy;q=0"])
def test_no_notice_unless_the_browser_prefers_welsh(client, accept):
    headers = {"Accept-Language": accept} if accept else {}
    assert notice(client.get("/", headers=headers)) is None


def test_no_notice_on_a_welsh_page(client):
    assert notice(client.get("/cy/", headers={"Accept-Language": "cy"})) is None


def test_the_notice_on_a_form_keeps_what_was_typed(client):
    """On the postcode step the notice is the form's switch button too."""
    response = client.get("/find-your-mp", headers={"Accept-Language": "cy"})
    button = notice(response).find("button")
    assert (button["form"], button["name"], button["value"]) == (
        "find-mp-form",
        "switch_language",
        "cy",
    )


# Dates


def test_dates_on_welsh_pages_are_welsh(app, client):
    """A date on a public page is written in the page's language (CLDR's month names)."""
    with app.test_request_context():
        campaigns.close_now("baghdad-returns", "", by=None)
    today = utcnow().date()
    welsh = " ".join(page(client.get("/cy/")).get_text(" ").split())
    english = " ".join(page(client.get("/")).get_text(" ").split())
    assert babel_format_date(today, "d MMMM y", locale="cy") in welsh
    assert babel_format_date(today, "d MMMM y", locale="en") in english


def test_format_date_follows_the_address(app):
    """webapp.i18n.format_date on a Welsh address: "4 Rhagfyr 2026"."""
    day = dt.date(2026, 12, 4)
    with app.test_request_context("/", environ_base={LANGUAGE_KEY: "cy"}):
        assert format_date(day) == "4 Rhagfyr 2026"
    with app.test_request_context("/", environ_base={LANGUAGE_KEY: "en"}):
        assert format_date(day) == "4 December 2026"


# The staff area is as it was


def test_staff_pages_follow_the_browser_and_have_no_switch(client):
    """Staff pages have no language in their address: the browser's choice, as before."""
    plain = client.get("/staff/login")
    assert plain.status_code == 200
    assert html_lang(plain).split("-")[0] == "en"
    assert page(plain).select_one(".language-switch") is None
    assert alternates(plain) == {}
    welsh_browser = client.get("/staff/login", headers={"Accept-Language": "cy"})
    assert html_lang(welsh_browser) == "cy"
    assert notice(welsh_browser) is None
    assert page(welsh_browser).find("form", action="/staff/login") is not None


def test_there_is_no_welsh_staff_address(client):
    assert client.get("/cy/staff/login").status_code == 404


def test_the_link_to_share_from_a_welsh_page_is_welsh(client):
    """The thank-you page's link to share is the campaign page in the language it was seen in."""
    welsh = page(client.get("/cy/thank-you")).select_one("input.share-url")["value"]
    english = page(client.get("/thank-you")).select_one("input.share-url")["value"]
    shared = "?source=share&utm_medium=copy"  # a supporter's share (tests/webapp/test_sharing.py)
    assert (welsh, english) == (f"{SITE}/cy/{shared}", f"{SITE}/{shared}")


def test_the_character_counter_counts_in_the_pages_language(client):
    """The browser's counter reads its words from the page: Welsh's six plural categories on a
    Welsh page, English's two on an English one (its script picks one with Intl.PluralRules)."""
    find_mp(client)
    welsh = page(client.get("/cy/your-letter")).find(class_="char-count")
    english = page(client.get("/your-letter")).find(class_="char-count")
    assert welsh is not None
    assert english is not None
    left_cy = json.loads(welsh["data-left"])
    assert set(left_cy) == {"zero", "one", "two", "few", "many", "other"}
    assert left_cy["other"] == "%(num)d nod ar ôl"
    assert json.loads(english["data-left"]) == {
        "one": "%(num)d character left",
        "other": "%(num)d characters left",
    }
