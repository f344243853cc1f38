"""Generated edits through the letter editor's form, posted as a browser posts them: nothing
typed is lost, and whatever is published, no supporter's letter carries template code.

Staff text is data. The editor refuses a curly bracket typed in a wording (letters.document reads
the box), and the last check on every sample letter (letters.templating.letter_problems) refuses
a brace anywhere outside the supporter's own words. So the invariant is exact: outside the
supporter's own words a letter has no brace at all; the supporter's own words, when they gave
some, are in it as they typed them, braces and all.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bs4 import BeautifulSoup
from flask import Flask
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from staff_helpers import form_token
from test_letter_editor import (
    EDIT_URL,
    TEMPLATE,
    box,
    form_fields,
    replaced,
    supporter_letter,
    try_to_publish,
)
from webapp_helpers import GOOD_LETTER, page
from werkzeug.datastructures import MultiDict

from letters.document import MAX_PARTS, MAX_WORDING_CHARS, MAX_WORDINGS, from_json, to_json
from webapp.content import published, versions

BOX = re.compile(r"part-\d+-wording-\d+")
FIELD = re.compile(r"part-(\d+)-(kind|key|groups|own|wording-(\d+))")
OP = re.compile(r"(add-wording|remove-wording|insert|up|down|remove|add-after)-(\d+)(?:-(\d+))?")
NEW_KEY = "(a new part's key)"

# What staff type: words, and everything that could be read as code or lost on the way.
WORDS = ["Please ", "act ", "now", ". ", ", ", "the Home Office ", "people ", "in danger"]
HARMLESS = ['"', "'", "[[", "]]", "\n", "\n\n", "\t", "<b>", "&amp;", "é", "’", "—", "ß", "😀"]
MARKS = ["{{", "}}", "{%", "%}", "{#", "#}", "{", "}", "[", "]", "\\", "\u200b", "\u00a0"]
ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=5)
TYPED = st.one_of(
    st.lists(st.sampled_from(WORDS + HARMLESS), max_size=8),
    st.lists(st.one_of(st.sampled_from(WORDS + HARMLESS + MARKS), ANY_TEXT), max_size=8),
).map("".join)
# What a supporter writes in their own words: plain, nothing, or template code (theirs to print).
REASONS = [GOOD_LETTER["reason"], "", "I {love} my {{ town }} {% if %} {# here #} and {x}."]


class Shown(NamedTuple):
    """One part as the editor page shows it."""

    kind: str
    key: str
    texts: tuple[str, ...]
    groups: frozenset[str]
    own: str


def post(editor, fields, **extra):
    """Post the form as a browser does: every line break in a text box sent as CR LF."""
    sent = [(k, v.replace("\n", "\r\n") if BOX.fullmatch(k) else v) for k, v in fields]
    pairs = [(k, v) for k, v in sent if k not in extra] + list(extra.items())
    return editor.post(EDIT_URL, data=MultiDict(pairs))


def parts_of(fields) -> list[Shown]:
    """The parts the fields describe, in order."""
    found: dict[int, dict] = {}
    for name, value in fields:
        match = FIELD.fullmatch(name)
        if match is None:
            continue
        part = found.setdefault(int(match[1]), {"texts": {}, "groups": set(), "own": "any"})
        if match[3] is not None:
            part["texts"][int(match[3])] = value
        elif match[2] == "groups":
            part["groups"].add(value)
        else:
            part[match[2]] = value
    return [
        Shown(
            p["kind"],
            p["key"],
            tuple(p["texts"][n] for n in sorted(p["texts"])),
            frozenset(p["groups"]),
            p["own"],
        )
        for _, p in sorted(found.items())
    ]


def after_button(parts: list[Shown], op: str, fields) -> list[Shown]:
    """What a button should do to the parts, as staff read its label ("Insert" adds the fact
    chosen in its box's menu to the end of the box)."""
    parts = list(parts)
    match = OP.fullmatch(op)
    if match is None:  # "Show the preview"
        return parts
    what, index = match[1], int(match[2])
    part = parts[index]
    if what == "add-wording" and len(part.texts) < MAX_WORDINGS:
        parts[index] = part._replace(texts=(*part.texts, ""))
    elif what == "insert":
        number = int(match[3])
        label = dict(fields)[f"part-{index}-wording-{number}-chip"]
        old = part.texts[number]
        new = old + (" " if old and not old[-1].isspace() else "") + label
        parts[index] = part._replace(texts=(*part.texts[:number], new, *part.texts[number + 1 :]))
    elif what == "remove-wording" and len(part.texts) > 1:
        number = int(match[3])
        parts[index] = part._replace(texts=part.texts[:number] + part.texts[number + 1 :])
    elif what == "up":
        parts[index - 1 : index + 1] = [parts[index], parts[index - 1]]
    elif what == "down":
        parts[index : index + 2] = [parts[index + 1], parts[index]]
    elif what == "remove":
        del parts[index]
    elif what == "add-after" and len(parts) < MAX_PARTS:
        parts.insert(index + 1, Shown("paragraph", NEW_KEY, ("",), frozenset(), "any"))
    return parts


def assert_same_parts(shown: list[Shown], expected: list[Shown]) -> None:
    """The parts match, a new part having a key of its own that no other part has."""
    assert len(shown) == len(expected), (shown, expected)
    keys = [part.key for part in shown]
    assert len(set(keys)) == len(keys), keys
    for got, wanted in zip(shown, expected, strict=True):
        assert got == (wanted._replace(key=got.key) if wanted.key == NEW_KEY else wanted)


def start_from_version_one(editor) -> None:
    """Each example edits the letter as shipped: "Start again from version 1" when it is not
    the latest (examples share the test's database)."""
    url = f"/staff/content/{TEMPLATE}/versions/1"
    button = page(editor.get(url)).find(
        "button", string=lambda s: s and "Start again from version 1" in s
    )
    if button is not None:
        reverted = editor.post(button.find_parent("form")["action"], data=form_token(editor, url))
        assert reverted.status_code == 302


def edit(editor, soup: BeautifulSoup, fields, data) -> tuple[BeautifulSoup, list]:
    """One thing staff do on the page; a button press must keep everything else as it was."""
    what = data.draw(st.sampled_from(["type", "type", "chip", "button", "button", "tick", "own"]))
    boxes = [t["name"] for t in soup.find_all("textarea") if BOX.fullmatch(t["name"])]
    if what in ("type", "chip"):
        name = data.draw(st.sampled_from(boxes))
        old = dict(fields)[name]
        if what == "type":
            typed = data.draw(TYPED, label="typed")
            new = data.draw(st.sampled_from([typed, old + typed, typed + old]))
        else:
            label = data.draw(st.sampled_from([c.get_text() for c in soup.select("code.chip")]))
            at = data.draw(st.integers(0, len(old)))
            new = old[:at] + label + old[at:]
        return soup, [(k, new if k == name else v) for k, v in fields]
    if what == "tick":
        box = data.draw(st.sampled_from(soup.find_all("input", type="checkbox")))
        field = (box["name"], box["value"])
        return soup, [f for f in fields if f != field] if field in fields else [*fields, field]
    if what == "own":
        select = data.draw(st.sampled_from(soup.find_all("select", id=re.compile(r"part-\d+-own"))))
        value = data.draw(st.sampled_from([o["value"] for o in select.find_all("option")]))
        return soup, [(k, value if k == select["name"] else v) for k, v in fields]
    buttons = soup.find_all("button", attrs={"name": "op"})
    op = data.draw(st.sampled_from([button["value"] for button in buttons]))
    response = post(editor, fields, op=op)
    assert response.status_code == 200, op
    shown = page(response)
    assert_same_parts(parts_of(form_fields(shown)), after_button(parts_of(fields), op, fields))
    return shown, form_fields(shown)


def versions_now(app: Flask) -> tuple[int, int, str]:
    """The latest version's number, the published one's, and the published one's stored text."""
    with app.app_context():
        campaign = published.current_campaign()
        live = versions.published_version(campaign.slug, TEMPLATE)
        return versions.latest(campaign.slug, TEMPLATE).number, live.number, live.body


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_generated_edits_never_publish_template_code_or_lose_words(editor, app, data):
    """Typing, chips, buttons and "Only for" in any order: every button keeps what was typed;
    publishing is refused with a message or done; the stored letter is a document; no letter
    carries a brace but the supporter's own, and every letter carries their own words."""
    start_from_version_one(editor)
    soup = page(editor.get(EDIT_URL))
    fields = form_fields(soup)
    for _ in range(data.draw(st.integers(1, 6), label="steps")):
        soup, fields = edit(editor, soup, fields, data)
    latest, live, _body = versions_now(app)

    shown = try_to_publish(editor, [(k, v.replace("\n", "\r\n")) for k, v in fields])

    now_latest, now_live, body = versions_now(app)
    if "Supporters now get it" in shown:
        event("published")
        assert now_live == now_latest == latest + 1
    else:
        event("refused at saving" if "need attention" in shown else "refused at publishing")
        assert "need attention" in shown or "was not published" in shown, shown
        assert now_live == live
    if now_latest > latest:  # saved: the editor shows exactly what was typed
        assert parts_of(form_fields(page(editor.get(EDIT_URL)))) == parts_of(fields)
    else:
        assert "need attention" in shown
    assert to_json(from_json(body)) == body
    groups = sorted({box["value"] for box in soup.find_all("input", type="checkbox")})
    reason = data.draw(st.sampled_from(REASONS), label="reason")
    letter = supporter_letter(app, concern=data.draw(st.sampled_from(["", *groups])), reason=reason)
    own = " ".join(reason.split())
    assert own in letter
    outside = letter.replace(own, " ") if own else letter
    assert "{" not in outside
    assert "}" not in outside


def test_a_wording_that_starts_with_a_line_break_keeps_it(editor):
    """A button press keeps a wording's leading line break (a browser drops the one that
    follows <textarea>, so the page must give it one of its own to drop)."""
    soup = page(editor.get(EDIT_URL))
    name = box(soup, "Closing, wording 1")
    again = post(editor, replaced(form_fields(soup), name, "\nThank you."), op="show")
    assert dict(form_fields(page(again)))[name] == "\nThank you."


def test_a_full_box_of_several_lines_is_saved_whole(editor):
    """A box filled to its limit keeps its last words: the browser counts a line break as one
    character but sends it as two (CR LF)."""
    soup = page(editor.get(EDIT_URL))
    name = box(soup, "Closing, wording 1")
    last = "With thanks, and I look forward to your reply."
    text = ("Thank you for reading my letter.\n" * 70)[: MAX_WORDING_CHARS - len(last)] + last
    saved = post(editor, replaced(form_fields(soup), name, text), note="Long", action="save")
    assert saved.status_code == 302
    assert dict(form_fields(page(editor.get(EDIT_URL))))[name] == text
