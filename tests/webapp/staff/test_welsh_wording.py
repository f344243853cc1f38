"""A letter's Welsh wording, edited by staff as the English is: its own kind
("template:default.cy"), with versions, the same editor, the checks (in Welsh: the Welsh word
list and the findings' Welsh words) and the same publishing rule; copied and exported with the
campaign."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from sqlalchemy import select
from staff_helpers import EDITOR_EMAIL, form_token, sign_in
from webapp_helpers import page, visible_text
from werkzeug.datastructures import MultiDict

from letters.campaign import load_campaign
from webapp.accounts.models import StaffUser
from webapp.content import checks, published, versions
from webapp.content.models import ContentVersion
from webapp.extensions import db

SLUG = "baghdad-returns"
WELSH = "template:default.cy"
ENGLISH = "template:default"
EDIT_URL = f"/staff/content/{WELSH}/edit"
SECOND_EMAIL = "second@example.org"
WELSH_SUBJECT = "Rhowch derfyn ar ddychwelyd pobl yn orfodol i rannau peryglus o Irac"
NEW_SUBJECT = "Rhowch derfyn ar ddychwelyd pobl yn orfodol i Irac"
UK_RETURNS = "The paragraph “uk returns”: text"


@pytest.fixture
def app_config(app_config):
    """The production default: a second editor must approve what is published."""
    return {**app_config, "PUBLISH_NEEDS_APPROVAL": True}


@pytest.fixture
def second(app: Flask, make_user):
    """A second editor, signed in."""
    make_user(SECOND_EMAIL, "editor")
    client = app.test_client()
    assert sign_in(client, SECOND_EMAIL).status_code == 302
    return client


def form_fields(soup: BeautifulSoup, url: str) -> list[tuple[str, str]]:
    """What the browser would send for the letter editor's form, without any button."""
    form = soup.find("form", attrs={"action": url})
    fields = []
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or element.get("type") == "submit":
            continue
        if element.name == "textarea":
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


def save_edit(client, kind: str, label: str, change, *, action: str = "save", note: str = "Edit"):
    """Open `kind` in the letter editor, change the box labelled `label` with `change` (old text
    -> new text) and press `action`; returns the response."""
    url = f"/staff/content/{kind}/edit"
    soup = page(client.get(url))
    fields = form_fields(soup, url)
    name = box(soup, label)
    fields = [(k, change(v) if k == name else v) for k, v in fields if k != "note"]
    return client.post(url, data=MultiDict([*fields, ("note", note), ("action", action)]))


def problem_messages(client, kind: str, number: int) -> list[str]:
    """The errors a version's page lists."""
    rows = page(client.get(f"/staff/content/{kind}/versions/{number}")).select(
        "table.problems-table tbody tr"
    )
    return [
        row.find_all("td")[1].get_text(" ", strip=True).removeprefix("Error: ")
        for row in rows
        if "problem-error" in row["class"]
    ]


def post_review(client, kind: str, number: int, action: str):
    url = f"/staff/content/{kind}/versions/{number}/{action}"
    token = form_token(client, f"/staff/content/{kind}/versions/{number}/review")
    return client.post(url, data=token)


def published_number(app: Flask, kind: str) -> int | None:
    with app.app_context():
        version = versions.published_version(SLUG, kind)
        return version.number if version is not None else None


def latest_number(app: Flask, kind: str) -> int:
    with app.app_context():
        return versions.latest(SLUG, kind).number


def test_the_helpers_name_a_welsh_wording():
    assert versions.letter_kind("default", "cy") == WELSH
    assert versions.letter_kind("default") == ENGLISH
    assert versions.letter_language(WELSH) == "cy"
    assert versions.letter_language(ENGLISH) == "en"
    assert versions.letter_language(versions.FINDINGS) == "en"
    assert versions.english_name(WELSH) == versions.english_name(ENGLISH) == "default"
    assert versions.english_name(versions.PAGE) is None
    campaign = load_campaign(SLUG)
    assert versions.kinds(campaign) == [
        ENGLISH,
        WELSH,
        "template:short",
        "template:short.cy",
        versions.FINDINGS,
        "findings.cy",
        versions.PAGE,
        "page.cy",
        versions.WORDS,
        "words.cy",
    ]
    assert versions.file_body(campaign, WELSH) == campaign.letter_source("default", "cy")
    assert versions.file_body(campaign, ENGLISH) == campaign.letter_source("default")


def test_the_content_list_shows_the_welsh_letter_after_the_english(editor):
    soup = page(editor.get("/staff/content"))
    labels = [th.get_text(" ", strip=True) for th in soup.select("tbody th")]
    assert labels[:2] == [
        "Letter template “default”",
        "Letter template “default” in Welsh (Cymraeg)",
    ]
    assert "Letter template “short” in Welsh (Cymraeg)" in labels
    assert soup.find("a", href=EDIT_URL) is not None


def test_the_letter_editor_opens_the_welsh_wording_in_parts(editor):
    response = editor.get(EDIT_URL)
    assert response.status_code == 200
    soup = page(response)
    assert "Letter template “default” in Welsh (Cymraeg)" in soup.find("h1").get_text()
    legends = [
        " ".join(x.get_text(" ").split()) for x in soup.select("fieldset.letter-part > legend")
    ]
    assert legends[:2] == ["The subject", "The opening"]
    texts = " ".join(t.get_text() for t in soup.find_all("textarea"))
    assert WELSH_SUBJECT in texts
    for mark in ("{{", "}}", "{%", "%}"):
        assert mark not in texts
    assert "write in Welsh (Cymraeg)" in soup.find(id="who-gets").get_text()
    assert "The checks found no problems" in visible_text(response)
    # Every wording of it, too.
    wordings = editor.get(f"/staff/content/{WELSH}/versions/1/wordings")
    assert wordings.status_code == 200
    assert WELSH_SUBJECT in visible_text(wordings)


def test_saving_a_welsh_wording_adds_a_version_of_its_own_kind(editor, app):
    saved = save_edit(
        editor, WELSH, "The subject, wording 1", lambda old: old.replace(WELSH_SUBJECT, NEW_SUBJECT)
    )
    assert saved.status_code == 302, visible_text(saved)
    assert latest_number(app, WELSH) == 2
    assert latest_number(app, ENGLISH) == 1
    with app.app_context():
        latest = versions.latest(SLUG, WELSH)
        body, author = latest.body, latest.author.email
    assert NEW_SUBJECT in body
    assert author == EDITOR_EMAIL
    assert published_number(app, WELSH) == 1  # saving never publishes
    assert problem_messages(editor, WELSH, 2) == []
    history = visible_text(editor.get(f"/staff/content/{WELSH}/history"))
    assert "Edit" in history


def test_a_typed_figure_is_the_same_error_in_welsh_as_in_english(editor, app):
    """A number that is no finding's figure, typed into the Welsh wording, is refused just as
    the same slip in the English wording is."""
    for kind in (ENGLISH, WELSH):
        saved = save_edit(editor, kind, UK_RETURNS, lambda old: old + " 54.")
        assert saved.status_code == 302, visible_text(saved)
    english, welsh = problem_messages(editor, ENGLISH, 2), problem_messages(editor, WELSH, 2)
    assert welsh == english
    assert len(welsh) == 1
    assert "54" in welsh[0]
    assert "typed into the wording" in welsh[0]


def test_a_welsh_wording_is_checked_in_welsh(app):
    """The Welsh checks: Welsh spelling with the Welsh word list, the findings' Welsh words
    (dates, footnotes); the same text checked as English is full of problems."""
    with app.test_request_context():
        campaign = published.campaign_named(SLUG)
        versions.ensure_seeded(campaign)
        welsh = campaign.letter_source("default", "cy")
        assert checks.check_now(campaign, WELSH, welsh) == []
        as_english = checks.check_now(campaign, ENGLISH, welsh)
        assert as_english  # Welsh words are misspelt English ones
        # A Welsh word the Welsh word list does not have is a Welsh spelling warning.
        document = json.loads(welsh)
        document["parts"][0]["wordings"][0][0] += " Cymrugwlad"
        warned = checks.check_now(campaign, WELSH, json.dumps(document, ensure_ascii=False))
    assert [p.word for p in warned] == ["Cymrugwlad"]
    assert all(p.severity == "warning" for p in warned)


def test_publishing_a_welsh_wording_needs_a_second_editor(editor, second, app):
    saved = save_edit(
        editor,
        WELSH,
        "The subject, wording 1",
        lambda old: old.replace(WELSH_SUBJECT, NEW_SUBJECT),
        action="publish",
        note="A shorter subject",
    )
    assert saved.status_code == 302, visible_text(saved)
    assert "sent for review" in visible_text(editor.get(saved.headers["Location"]))
    assert published_number(app, WELSH) == 1
    own = post_review(editor, WELSH, 2, "approve")
    assert "cannot approve your own change" in visible_text(editor.get(own.headers["Location"]))
    assert published_number(app, WELSH) == 1
    approved = post_review(second, WELSH, 2, "approve")
    assert "Supporters now get it" in visible_text(second.get(approved.headers["Location"]))
    assert published_number(app, WELSH) == 2
    with app.app_context():
        assert NEW_SUBJECT in versions.published_version(SLUG, WELSH).body
        english = versions.published_version(SLUG, ENGLISH)
        assert (english.number, english.body) == (
            1,
            versions.normalise_body(load_campaign(SLUG).letter_source("default")),
        )
    assert published_number(app, "template:short.cy") == 1


def test_an_approved_welsh_wording_with_an_error_is_not_published(editor, second, app):
    saved = save_edit(editor, WELSH, UK_RETURNS, lambda old: old + " 54.", action="publish")
    assert saved.status_code == 302, visible_text(saved)
    refused = post_review(second, WELSH, 2, "approve")
    assert "was not published" in visible_text(second.get(refused.headers["Location"]))
    assert published_number(app, WELSH) == 1


def test_findings_checks_say_what_they_do_to_the_welsh(app):
    """A findings change is checked against the Welsh too: a figure changed in English only
    leaves findings.cy.toml's statement behind (a warning: staff cannot edit that file here);
    a finding removed that the Welsh words name would break every Welsh letter (an error)."""
    with app.test_request_context():
        campaign = published.campaign_named(SLUG)
        versions.ensure_seeded(campaign)
        shipped = campaign.findings_source
        assert checks.check_now(campaign, versions.FINDINGS, shipped) == []
        statement = next(
            line for line in shipped.splitlines() if line.startswith("statement") and "44" in line
        )
        new_figure = shipped.replace("removed = 44", "removed = 45").replace(
            statement, statement.replace("44", "45")
        )
        figure_problems = checks.check_now(campaign, versions.FINDINGS, new_figure)
        table = shipped[shipped.index('[[findings]]\nid = "armed_groups_most_killings"') :]
        table = table[: table.index("[[findings]]", 1)]
        removed = checks.check_now(campaign, versions.FINDINGS, shipped.replace(table, ""))
    assert [(p.severity, p.message[:50]) for p in figure_problems] == [
        ("warning", "In findings.cy.toml, line 16: Finding “uk_returns_")
    ]
    assert "Welsh statement says 44" in figure_problems[0].message
    errors = checks.errors_in(removed)
    assert len(errors) == 1, removed
    assert "The findings' words in Welsh (Cymraeg) do not match these findings" in errors[0].message
    assert "armed_groups_most_killings" in errors[0].message


def test_a_campaign_started_as_a_copy_has_the_welsh_wordings(editor, app):
    data = {"title": "Stop the March flights", "slug": "march-flights"}
    started = editor.post(
        "/staff/campaigns/new", data={**data, **form_token(editor, "/staff/campaigns")}
    )
    assert started.status_code == 302
    with app.app_context():
        copied = {
            row.kind: row.body
            for row in db.session.scalars(
                select(ContentVersion).where(ContentVersion.campaign == "march-flights")
            )
        }
        source = published.campaign_named(SLUG)
        assert copied[WELSH] == versions.published_body(source, WELSH)
        assert copied["template:short.cy"] == versions.published_body(source, "template:short.cy")
    assert "Letter template “default” in Welsh (Cymraeg)" in visible_text(
        editor.get("/staff/content")
    )


def test_an_imported_welsh_wording_is_a_new_unpublished_version(editor, app, tmp_path):
    runner = app.test_cli_runner()
    folder = tmp_path / SLUG
    assert runner.invoke(args=["campaigns", "export", SLUG, str(folder)]).exit_code == 0
    path = folder / "letters" / "default.cy.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace(WELSH_SUBJECT, NEW_SUBJECT), encoding="utf-8"
    )
    result = runner.invoke(args=["campaigns", "import", str(folder), "--by", EDITOR_EMAIL])
    assert result.exit_code == 0, result.output
    assert f"{WELSH}: saved as version 2, not published" in result.output
    assert f"{ENGLISH}: unchanged" in result.output
    assert "template:short.cy: unchanged" in result.output
    assert published_number(app, WELSH) == 1
    with app.app_context():
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == EDITOR_EMAIL))
        assert versions.latest(SLUG, WELSH).author_id == user.id
        assert NEW_SUBJECT in versions.latest(SLUG, WELSH).body


def test_the_preview_of_a_welsh_wording_is_welsh(editor):
    """Staff see a Welsh wording as Welsh supporters get it: Welsh furniture and findings."""
    shown = visible_text(editor.get("/staff/content/template:default.cy/edit"))
    assert "Yn gywir," in shown
    assert "Yours sincerely" not in shown
