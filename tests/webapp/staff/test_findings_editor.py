"""The findings editor: each finding in labelled boxes instead of TOML, buttons that work
without JavaScript, problems beside the box they concern, and the same findings file saved."""

from __future__ import annotations

from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from staff_helpers import form_token
from webapp_helpers import page, visible_text, write_letter
from werkzeug.datastructures import MultiDict

from letters.campaign import load_campaign
from letters.document import Chip, LetterDocument, Wording, from_json, to_json
from letters.findings import parse_findings
from webapp.accounts.models import StaffUser
from webapp.content import published, publishing, versions
from webapp.extensions import db
from webapp.staff import findings_file, findings_form

OPEN_URL = "/staff/content/findings/edit"
FORM_URL = "/staff/content/findings/form"
UK = "finding-0-"  # uk_returns_baghdad: removed = 44, flown_back = 34
DEATHS = "finding-2-"  # civilian_deaths_april_2010: civilians_killed_more_than = 100
TOML_MARKS = ("[[findings]]", "[sources.", "figures = {", 'sources = ["', "finding_ids = [")


def form_fields(soup: BeautifulSoup) -> list[tuple[str, str]]:
    """What the browser would send for the findings form, without any button."""
    form = soup.find("form", attrs={"action": FORM_URL})
    fields = []
    for element in form.find_all(["input", "textarea", "select"]):
        name = element.get("name")
        if not name or element.get("type") == "submit":
            continue
        if element.name == "textarea":
            fields.append((name, element.get_text()))
        elif element.name == "select":
            chosen = element.find("option", selected=True) or element.find("option")
            fields.append((name, chosen.get("value")))
        elif element.get("type") == "checkbox":
            if element.has_attr("checked"):
                fields.append((name, element.get("value")))
        else:
            fields.append((name, element.get("value", "")))
    return fields


def send(client, fields, **extra):
    """Post the form as a browser would, with `extra` in place of the form's own fields."""
    pairs = [(k, v) for k, v in fields if k not in extra] + list(extra.items())
    return client.post(FORM_URL, data=MultiDict(pairs))


def publish(client, fields, note: str) -> str:
    """ "Save and publish…", then the version page's Publish button; what the page then says."""
    saved = send(client, fields, note=note, action="publish")
    assert saved.status_code == 302, visible_text(saved)
    version_page = saved.headers["Location"]
    button = page(client.get(version_page)).find(
        "button", string=lambda s: s and "Publish version" in s
    )
    done = client.post(button.find_parent("form")["action"], data=form_token(client, version_page))
    return visible_text(client.get(done.headers["Location"]))


def publish_letter_citing(app: Flask, finding_id: str, *, part: str, wording: int) -> None:
    """Publish the default letter with one wording of a part also citing a finding, as the
    letter editor would store it."""
    with app.test_request_context():
        campaign = published.current_campaign()
        kind = versions.template_kind(campaign.default_template)
        latest = versions.latest(campaign.slug, kind)
        parts = list(from_json(latest.body).parts)
        index = next(n for n, p in enumerate(parts) if p.kind == part)
        wordings = list(parts[index].wordings)
        wordings[wording] = Wording((*wordings[wording].pieces, Chip("cite", finding_id)))
        parts[index] = replace(parts[index], wordings=tuple(wordings))
        body = to_json(LetterDocument(tuple(parts)))
        by = db.session.scalars(select(StaffUser)).first()
        saved = versions.save(
            campaign.slug, kind, body, based_on=latest.number, author=by, note="Cite"
        )
        publishing.publish(campaign, saved, by=by)


def supporter_letter(app: Flask) -> str:
    """The letter a new supporter gets now."""
    client = app.test_client()
    return visible_text(client.get(write_letter(client).headers["Location"]))


def edited(fields, changes: dict[str, str]):
    """The fields with the boxes named in `changes` changed."""
    return [(k, changes.get(k, v)) for k, v in fields]


def latest_findings(app: Flask):
    with app.app_context():
        body = versions.latest("baghdad-returns", versions.FINDINGS).body
    return parse_findings(body, source_name="findings.toml")


def number_of_versions(app: Flask) -> int:
    with app.app_context():
        return versions.latest("baghdad-returns", versions.FINDINGS).number


def test_the_findings_open_as_labelled_boxes_without_toml(editor):
    """Opening the findings shows each statement in a labelled box and no TOML syntax."""
    soup = page(editor.get(OPEN_URL, follow_redirects=True))
    statement = soup.find("textarea", attrs={"name": UK + "statement"})
    assert statement.get_text().startswith("In October 2009 the UK forcibly removed 44 Iraqis")
    assert soup.find("label", attrs={"for": statement["id"]}).get_text(strip=True) == "Statement"
    figures = dict(form_fields(soup))
    assert (figures[UK + "figure-0-name"], figures[UK + "figure-0-value"]) == ("removed", "44")
    assert figures[UK + "date"] == "2009-10-01"
    for element in soup.select("form input:not([type=hidden]), form textarea, form select"):
        assert soup.find("label", attrs={"for": element["id"]}), element
    shown = soup.get_text(" ") + " ".join(value for _, value in form_fields(soup))
    for mark in TOML_MARKS:
        assert mark not in shown


def test_a_changed_statement_and_figure_are_saved_and_reach_supporters(editor, app):
    """Saving stores findings that carry the new statement; once published, letters carry it."""
    soup = page(editor.get(FORM_URL))
    old = dict(form_fields(soup))[UK + "statement"]
    fields = edited(
        form_fields(soup),
        {
            UK + "statement": old.replace("removed 44 Iraqis", "removed 45 Iraqis"),
            UK + "figure-0-value": "45",
        },
    )
    assert "44 Iraqis" in supporter_letter(app)
    assert "Supporters now get it" in publish(editor, fields, note="New figure")
    finding = latest_findings(app).findings["uk_returns_baghdad"]
    assert "removed 45 Iraqis" in finding.statement
    assert finding.figures["removed"] == 45
    letter = supporter_letter(app)
    assert "45 Iraqis" in letter
    assert "44 Iraqis" not in letter


def test_a_statement_that_disagrees_with_its_figure_is_refused_beside_it(editor, app):
    """ "More than 120" with a figure of 100 is not saved; the message is beside the statement."""
    soup = page(editor.get(FORM_URL))
    old = dict(form_fields(soup))[DEATHS + "statement"]
    assert old.startswith("More than 100 civilians")
    typed = old.replace("More than 100", "More than 120")
    refused = send(editor, edited(form_fields(soup), {DEATHS + "statement": typed}), note="Typo")
    assert refused.status_code == 400
    assert number_of_versions(app) == 1
    soup = page(refused)
    statement = soup.find("textarea", attrs={"name": DEATHS + "statement"})
    assert statement.get_text() == typed
    assert statement["aria-invalid"] == "true"
    error = soup.find(id=DEATHS + "statement-error")
    assert error["id"] in statement["aria-describedby"].split()
    message = " ".join(error.get_text(" ").split())
    assert message.startswith("Error: Finding 3, statement: its statement says 120")
    assert "civilians_killed_more_than is 100" in message
    assert "Nothing was saved" in visible_text(refused)


def test_adding_a_figure_and_a_finding_without_javascript_keeps_what_was_typed(editor, app):
    """ "Add a figure" and "Add a finding" post everything back; Save stores the new finding."""
    soup = page(editor.get(FORM_URL))
    typed = "In October 2009 the UK forcibly removed 44 Iraqis, 34 of whom were flown back."
    fields = edited(form_fields(soup), {UK + "statement": typed})
    soup = page(send(editor, fields, op="add-figure-2"))
    fields = dict(form_fields(soup))
    assert fields[UK + "statement"] == typed
    assert fields[DEATHS + "figure-1-name"] == fields[DEATHS + "figure-1-value"] == ""
    figure = {DEATHS + "figure-1-name": "days", DEATHS + "figure-1-value": "7"}
    soup = page(send(editor, edited(form_fields(soup), figure), op="add-finding"))
    fields = dict(form_fields(soup))
    assert fields[UK + "statement"] == typed
    assert fields[DEATHS + "figure-1-value"] == "7"
    number = len(latest_findings(app).findings) + 1
    new = f"finding-{number - 1}-"
    assert soup.find(id=new.rstrip("-")).find("legend").get_text(" ", strip=True) == (
        f"Finding {number}"
    )
    assert fields[new + "statement"] == ""
    assert soup.select(".field-error") == []  # boxes just added are not mistakes yet
    statement = "In March 2010 Amnesty International published its report on Iraq."
    changes = {
        new + "statement": statement,
        new + "date": "2010-03-01",
        new + "date_text": "March 2010",
        new + "id": "report_published",
        DEATHS + "statement": fields[DEATHS + "statement"].replace("first week", "first 7 days"),
    }
    fields = [*edited(form_fields(soup), changes), (new + "source", "0")]
    saved = send(editor, fields, note="A new finding")
    assert saved.status_code == 302, visible_text(saved)
    findings = latest_findings(app).findings
    assert findings["report_published"].statement == statement
    assert findings["report_published"].sources[0].id == "report"
    assert findings["civilian_deaths_april_2010"].figures["days"] == 7
    assert findings["uk_returns_baghdad"].statement == typed


def test_removing_a_finding_keeps_each_group_on_its_own_findings(editor, app):
    """Removing a finding leaves every at-risk group ticked on the same findings as before."""
    soup = page(editor.get(FORM_URL))
    before = latest_findings(app)
    soup = page(send(editor, form_fields(soup), op="remove-finding-1"))
    assert soup.find("textarea", string=lambda s: s and "defying the United Nations" in s) is None
    saved = send(editor, form_fields(soup), note="One fewer")
    assert saved.status_code == 302, visible_text(saved)
    after = latest_findings(app)
    assert "uk_defies_un_guidelines" not in after.findings
    assert after.groups == before.groups


def test_used_in_names_the_parts_that_cite_each_finding(editor, app):
    """Each finding says where the campaign page and the published letters use it, down to the
    wording."""
    soup = page(editor.get(OPEN_URL, follow_redirects=True))
    publish_letter_citing(app, "hakim_partner_kidnapped", part="ask", wording=1)

    soup = page(editor.get(FORM_URL))
    ids = list(latest_findings(app).findings)
    assert uses(soup, ids.index("civilian_deaths_april_2010")) == (
        "Used in: The campaign page, “Why returns to Iraq put people in danger”; "
        "The paragraph “danger”"
    )
    assert "The paragraph “uk returns” (letter “short”)" in uses(soup, 0)
    assert uses(soup, ids.index("hakim_partner_kidnapped")) == "Used in: The ask, wording 2"
    assert uses(soup, ids.index("smart_act_now")) == (
        "Not used on the campaign page or in the published letters."
    )


def uses(soup: BeautifulSoup, index: int) -> str:
    """What a finding's "Used in" line says."""
    return soup.find(id=f"finding-{index}").select_one(".finding-uses").get_text(" ")


class TestLettersKeptAsRawTemplates:
    @pytest.fixture
    def app_config(self, app_config, hand_written_campaigns):
        """The letters as hand-written templates (advanced mode)."""
        return {**app_config, "CAMPAIGNS_DIR": str(hand_written_campaigns)}

    def test_used_in_names_a_raw_template_whole(self, editor):
        """A letter kept as a template, not in parts, is named whole where it uses a finding."""
        soup = page(editor.get(FORM_URL))
        assert uses(soup, 0) == (
            "Used in: The campaign page, “What happened”; Letter template “default”; "
            "Letter template “short”"
        )


def test_raw_toml_is_for_admins_in_advanced_mode_only(editor, admin, app):
    """An admin edits the file itself with ?advanced=1; an editor gets the form, and a raw
    text an editor posts is refused whole."""
    raw = page(admin.get(OPEN_URL + "?advanced=1"))
    body = raw.find("textarea", attrs={"name": "body"}).get_text()
    assert "[[findings]]" in body
    data = {"body": body, "based_on": "1", "note": "As text", "action": "save"}
    data |= form_token(admin, OPEN_URL + "?advanced=1")
    assert admin.post(OPEN_URL, data=data).status_code == 302
    assert number_of_versions(app) == 2

    shown = page(editor.get(OPEN_URL + "?advanced=1", follow_redirects=True))
    assert shown.find("textarea", attrs={"name": "body"}) is None
    assert shown.find("textarea", attrs={"name": UK + "statement"}) is not None
    data["csrf_token"] = form_token(editor, FORM_URL)["csrf_token"]
    assert editor.post(OPEN_URL, data=data).status_code == 400
    assert number_of_versions(app) == 2


def test_saving_unchanged_findings_stores_the_same_file(editor, app):
    """Saving the form as it opened stores the file line for line, its comments included."""
    saved = send(editor, form_fields(page(editor.get(FORM_URL))), note="No change")
    assert saved.status_code == 302, visible_text(saved)
    assert "Saved as version 2" in visible_text(editor.get(saved.headers["Location"]))
    with app.app_context():
        first = versions.get("baghdad-returns", versions.FINDINGS, 1).body
        second = versions.get("baghdad-returns", versions.FINDINGS, 2).body
    assert second == first
    assert "# --- Women and girls ---" in second


def test_a_post_without_its_token_saves_nothing(editor, app):
    """The form is refused without its CSRF token."""
    fields = [(k, v) for k, v in form_fields(page(editor.get(FORM_URL))) if k != "csrf_token"]
    assert send(editor, fields, note="No token").status_code == 400
    assert number_of_versions(app) == 1


def test_a_version_the_form_cannot_read_opens_as_the_published_findings(editor, admin, app):
    """After an admin saves a broken file, editors get the published findings and the reason;
    saving puts a good version on top."""
    raw = OPEN_URL + "?advanced=1"
    body = page(admin.get(raw)).find("textarea", attrs={"name": "body"}).get_text()
    data = {"body": body.replace("removed = 44,", "removed = ,"), "based_on": "1"}
    data |= {"note": "Broken", "action": "save", **form_token(admin, raw)}
    assert admin.post(raw, data=data).status_code == 302
    opened = editor.get(FORM_URL)
    assert "Version 2 cannot be shown as a form" in visible_text(opened)
    fields = dict(form_fields(page(opened)))
    assert (fields[UK + "figure-0-value"], fields["based_on"]) == ("44", "2")
    saved = send(editor, form_fields(page(opened)), note="Mended")
    assert saved.status_code == 302, visible_text(saved)
    assert latest_findings(app).findings["uk_returns_baghdad"].figures["removed"] == 44


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(typed=st.text(st.characters(exclude_categories=["Cs"]), max_size=80))
def test_whatever_is_typed_as_a_statement_is_the_statement_saved(app, typed):
    """Quotes, backslashes, line breaks and control characters in a statement make a file
    that gives the statement as typed; only an empty statement is refused, beside its box."""
    with app.test_request_context():
        state = findings_form.from_text(load_campaign().findings_source)
        state.findings[1].statement = typed
        text = findings_file.to_text(state)
        errors = state.findings[1].errors.get("statement", [])
    if not typed.strip():
        assert text is None
        assert errors == ["Finding 2, statement: Write the statement."]
    else:
        saved = parse_findings(text, source_name="findings.toml")
        assert saved.findings["uk_defies_un_guidelines"].statement == typed.strip()


def test_a_save_on_top_of_someone_elses_is_a_conflict_that_keeps_the_boxes(editor, admin, app):
    """If someone saved meanwhile, nothing is overwritten: the typed boxes come back with a
    message, and saving again puts them on top."""
    fields = form_fields(page(editor.get(FORM_URL)))
    raw = OPEN_URL + "?advanced=1"
    body = page(admin.get(raw)).find("textarea", attrs={"name": "body"}).get_text()
    data = {"body": body, "based_on": "1", "note": "Theirs", "action": "save"}
    assert admin.post(raw, data={**data, **form_token(admin, raw)}).status_code == 302
    typed = "Amnesty International found that the UK defied the UN guidelines of the time."
    fields = edited(fields, {"finding-1-statement": typed})
    conflict = send(editor, fields, note="Mine")
    assert conflict.status_code == 409
    assert "Someone saved version 2 while you were editing" in visible_text(conflict)
    again = form_fields(page(conflict))
    assert dict(again)["finding-1-statement"] == typed
    assert send(editor, again, note="Mine").status_code == 302
    assert latest_findings(app).findings["uk_defies_un_guidelines"].statement == typed
    assert number_of_versions(app) == 3
