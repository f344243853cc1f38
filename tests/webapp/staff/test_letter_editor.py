"""The letter editor: the letter as parts in plain words, edited with buttons that work without
JavaScript; supporters' letters checked afterwards."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from staff_helpers import form_token
from webapp_helpers import GOOD_LETTER, page, visible_text, write_letter
from werkzeug.datastructures import MultiDict

from webapp.content import published

TEMPLATE = "template:default"
EDIT_URL = f"/staff/content/{TEMPLATE}/edit"
OLD_ASK = "press the Home Office to stop these returns"
NEW_ASK = "urge the Home Office to end these returns"


def form_fields(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """What the browser would send for the editor form, without any button."""
    form = soup.find("form", attrs={"action": EDIT_URL})
    fields = []
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or element.get("type") == "submit":
            continue
        if element.name == "textarea":
            # As a browser reads a text box: CR LF is one line break, and the line break just
            # after <textarea> is not part of the text.
            fields.append((name, re.sub(r"\r\n?", "\n", element.get_text()).removeprefix("\n")))
        elif element.name == "select":
            chosen = element.find("option", selected=True) or element.find("option")
            fields.append((name, chosen.get("value")))
        elif element.get("type") == "checkbox":
            if element.has_attr("checked"):
                fields.append((name, element.get("value")))
        else:
            fields.append((name, element.get("value", "")))
    return fields


def box(soup: BeautifulSoup, label: str) -> str:
    """The name of the text box a visible label belongs to."""
    found = soup.find("label", string=lambda s: s and " ".join(s.split()) == label)
    assert found is not None, label
    return found["for"]


def send(client, fields, **extra):
    """Post the form as a browser would, with the button pressed (`op` or `action`) and any
    field given in `extra` in place of the form's own."""
    pairs = [(k, v) for k, v in fields if k not in extra] + list(extra.items())
    return client.post(EDIT_URL, data=MultiDict(pairs))


def replaced(fields, name: str, value: str):
    return [(k, value if k == name else v) for k, v in fields]


def supporter_letter(app: Flask, **fields) -> str:
    client = app.test_client()
    return visible_text(client.get(write_letter(client, **fields).headers["Location"]))


def publish(editor, fields, note: str):
    saved = send(editor, fields, note=note, action="publish")
    assert saved.status_code == 302, visible_text(saved)
    version_page = editor.get(saved.headers["Location"])
    button = page(version_page).find("button", string=lambda s: s and "Publish version" in s)
    assert button is not None, visible_text(version_page)
    action = button.find_parent("form")["action"]
    token = form_token(editor, saved.headers["Location"])
    done = editor.post(action, data=token)
    return version_page, visible_text(editor.get(done.headers["Location"]))


def test_the_editor_shows_the_letter_in_parts_without_template_code(editor):
    soup = page(editor.get(EDIT_URL))
    found = soup.select("fieldset.letter-part > legend")
    legends = [" ".join(legend.get_text(" ").split()) for legend in found]
    assert legends[:2] == ["The subject", "The opening"]
    assert "The ask" in legends
    assert "Closing" in legends
    text = " ".join(t.get_text() for t in soup.find_all("textarea"))
    for mark in ("{{", "}}", "{%", "%}"):
        assert mark not in text
    assert "[constituency]" in text


def test_changing_the_ask_in_every_wording_reaches_supporters(editor, app):
    """Task 1: change the ask; the confirmation names the change; supporters get the new ask."""
    soup = page(editor.get(EDIT_URL))
    fields = form_fields(soup)
    for label in ("The ask, wording 1", "The ask, wording 2"):
        name = box(soup, label)
        old = dict(fields)[name]
        assert OLD_ASK in old
        fields = replaced(fields, name, old.replace(OLD_ASK, NEW_ASK))
    version_page, shown = publish(editor, fields, "Stronger ask")
    changes = visible_text(version_page)
    assert "in The ask, wording 1" in changes
    assert "in The ask, wording 2" in changes
    assert "Supporters now get it" in shown or "published" in shown
    letter = supporter_letter(app)
    assert NEW_ASK in letter
    assert OLD_ASK not in letter


def test_adding_a_closing_wording_without_javascript_keeps_what_was_typed(editor, app):
    """Task 2: "Add another wording" adds a box and keeps an unsaved change elsewhere."""
    soup = page(editor.get(EDIT_URL))
    fields = form_fields(soup)
    subject = box(soup, "The subject, wording 1")
    fields = replaced(fields, subject, "Please stop forced returns to Iraq now")
    closing = soup.find("legend", string="Closing").find_parent("fieldset")
    op = closing.find("button", attrs={"value": lambda v: v and v.startswith("add-wording")})
    again = send(editor, fields, op=op["value"])
    assert again.status_code == 200
    soup = page(again)
    assert dict(form_fields(soup))[subject] == "Please stop forced returns to Iraq now"
    new_box = box(soup, "Closing, wording 4")
    fields = replaced(form_fields(soup), new_box, "With thanks for reading my letter.")
    publish(editor, fields, "A fourth closing")
    with app.test_request_context():
        source = published.published_template(published.current_campaign()).source
    assert "With thanks for reading my letter." in source


def test_a_paragraph_only_for_women_and_girls_with_a_citation(editor, app):
    """Task 3: a new paragraph, only for Women and girls, citing a finding from the list."""
    soup = page(editor.get(EDIT_URL))
    chips = [c.get_text() for c in soup.select("code.chip")]
    cite = next(c for c in chips if c.startswith("[source:") and "women" in c.lower())
    own = soup.find("legend", string="The supporter's own words").find_parent("fieldset")
    add = own.find_previous("fieldset", class_="letter-part").find(
        "button", attrs={"value": lambda v: v and v.startswith("add-after")}
    )
    soup = page(send(editor, form_fields(soup), op=add["value"]))
    index = add["value"].removeprefix("add-after-")
    new_name = f"part-{int(index) + 1}-wording-0"
    sentence = "Women in Basra have been killed for how they dress."
    fields = replaced(form_fields(soup), new_name, sentence + cite)
    fields.append((f"part-{int(index) + 1}-groups", "women_and_girls"))
    publish(editor, fields, "For women and girls")
    assert sentence in supporter_letter(app, concern="women_and_girls")
    assert sentence not in supporter_letter(app)


SLIPS = ["{ supporter.reason }}", "{{ supporter.reason }}", "[constituency", "{% if %}", "}"]


def try_to_publish(editor, fields) -> str:
    """Save and confirm publishing, as the officer would; returns what the last page said."""
    saved = send(editor, fields, note="A change", action="publish")
    if saved.status_code != 302:
        return visible_text(saved)
    version_url = saved.headers["Location"]
    button = page(editor.get(version_url)).find(
        "button", string=lambda s: s and "Publish version" in s
    )
    done = editor.post(button.find_parent("form")["action"], data=form_token(editor, version_url))
    return visible_text(editor.get(done.headers["Location"]))


@pytest.mark.parametrize("slip", SLIPS)
def test_a_slip_in_a_wording_never_reaches_supporters(editor, app, slip):
    """Task 4: a slip is refused, beside its box or at publishing; letters keep own words."""
    soup = page(editor.get(EDIT_URL))
    fields = form_fields(soup)
    name = box(soup, "The ask, wording 1")
    fields = replaced(fields, name, dict(fields)[name] + " " + slip)
    shown = try_to_publish(editor, fields)
    assert "was not published" in shown or "need attention" in shown
    assert "Supporters now get it" not in shown
    letter = supporter_letter(app)
    assert GOOD_LETTER["reason"] in letter
    assert "{" not in letter
    assert "}" not in letter


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=60))
def test_no_typed_wording_publishes_template_code(editor, app, text):
    """Generated text in a closing either publishes as plain words or is refused; no letter
    ever carries template code, and the supporter's own words are always in it."""
    soup = page(editor.get(EDIT_URL))
    fields = form_fields(soup)
    name = box(soup, "Closing, wording 1")
    try_to_publish(editor, replaced(fields, name, ("Thank you. " + text).strip()))
    letter = supporter_letter(app)
    for mark in ("{{", "}}", "{%", "%}"):
        assert mark not in letter
    assert GOOD_LETTER["reason"] in letter


def test_a_raw_text_posted_by_an_editor_never_replaces_the_letter(editor, app):
    """Only admins edit the raw template; a raw post to the letter editor is refused whole."""
    data = {"body": "Subject: x\n\nHello", "note": "Raw", "based_on": "1", "action": "save"}
    response = editor.post(EDIT_URL, data={**data, **form_token(editor, EDIT_URL)})
    assert response.status_code == 400
    soup = page(editor.get(EDIT_URL))
    assert "The ask" in [" ".join(x.get_text(" ").split()) for x in soup.select("legend")]


def test_an_admin_saves_the_raw_template_in_advanced_mode(admin, app):
    url = f"{EDIT_URL}?advanced=1"
    soup = page(admin.get(url))
    body = soup.find("textarea", attrs={"name": "body"}).get_text()
    assert "{{ supporter.reason }}" in body
    edited = body.replace("Thank you for your help.", "Thank you for all your help.")
    data = {"body": edited, "note": "Advanced", "based_on": "1", "action": "save"}
    saved = admin.post(EDIT_URL, data={**data, **form_token(admin, url)})
    assert saved.status_code == 302
    with app.app_context():
        from webapp.content import versions

        assert versions.latest("baghdad-returns", TEMPLATE).body.startswith("{#")


def test_insert_adds_the_chosen_fact_to_its_box_without_javascript(editor, app):
    """'Insert' under a box adds the fact chosen in its menu, keeping what was typed, and the
    published letter carries the fact's value, not its label."""
    soup = page(editor.get(EDIT_URL))
    closings = [
        box(soup, label.get_text(" ", strip=True))
        for label in soup.find_all("label", string=lambda s: s and s.startswith("Closing"))
    ]
    shown = soup
    for name in closings:  # every wording, so every supporter gets the new closing
        menu = shown.find("select", attrs={"name": f"{name}-chip"})
        assert (
            menu.find_previous("label")
            .get_text(" ", strip=True)
            .startswith("Fact or detail to insert")
        )
        fields = replaced(form_fields(shown), name, "Thank you for all you do for")
        fields = replaced(fields, f"{name}-chip", "[constituency]")
        op = name.replace("part-", "insert-").replace("-wording-", "-")
        shown = page(send(editor, fields, op=op))
        assert shown.find("textarea", attrs={"name": name}).get_text().strip() == (
            "Thank you for all you do for [constituency]"
        )
    publish(editor, form_fields(shown), "Closing names the seat")
    letter = " ".join(supporter_letter(app).split())
    assert "Thank you for all you do for Cities of London and Westminster" in letter
    assert "[constituency]" not in letter


def test_a_misspelt_word_is_underlined_in_its_box(editor):
    """A word the spelling check does not know is marked behind the box's own text, named in a
    hint the box is described by, and the rest of the text is shown as typed (escaped)."""
    soup = page(editor.get(EDIT_URL))
    name = box(soup, "The ask, wording 1")
    text = "Please ask the Goverment to <b>stop</b> these returns."
    saved = send(editor, replaced(form_fields(soup), name, text), note="Spelling", action="save")
    assert saved.status_code == 302
    soup = page(editor.get(EDIT_URL))
    layer = soup.find(attrs={"data-marks-for": name})
    assert [m.get_text() for m in layer.find_all("mark")] == ["Goverment"]
    assert layer.get_text().rstrip("\u200b") == text
    assert layer.find("b") is None
    assert layer["aria-hidden"] == "true"
    hint = soup.find(id=f"{name}-spelling")
    assert hint.get_text(" ", strip=True) == "Check the spelling of: Goverment"
    assert f"{name}-spelling" in soup.find("textarea", id=name)["aria-describedby"].split()
    other = box(soup, "The ask, wording 2")
    assert soup.find(attrs={"data-marks-for": other}) is None
