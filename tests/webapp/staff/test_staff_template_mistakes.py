"""Every template mistake is a problem on the page, never a 500, and never locks a staff page."""

from __future__ import annotations

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from staff_helpers import form_token, hand_written
from webapp_helpers import page

from webapp.content.models import ContentVersion
from webapp.extensions import db

TEMPLATE = "template:default"
EDIT_URL = f"/staff/content/{TEMPLATE}/edit"
HEAD = "Subject: A letter\n\nA first paragraph.\n"

MISTAKES = {
    "list": HEAD + "{{ supporter.name|list }}\n",
    "attr": HEAD + "{{ supporter|attr('name') }}\n",
    "xmlattr": HEAD + "{{ supporter|xmlattr }}\n",
    "unknown-test": HEAD + "{% if supporter is nosuch %}x{% endif %}\n",
    "400-brackets": HEAD + "{{ " + "(" * 400 + "1" + ")" * 400 + " }}\n",
    "30-for": HEAD + "{% for a in 'ab' %}" * 30 + "x" + "{% endfor %}" * 30 + "\n",
    "120-if": HEAD + "{% if 1 %}" * 120 + "x" + "{% endif %}" * 120 + "\n",
    "endless-loop": (
        HEAD + "{% for a in 'x'*20000 %}{% for b in 'x'*20000 %}{% endfor %}{% endfor %}\n"
    ),
    "huge-replace": HEAD + "{{ ('a'*20000)|replace('a','b'*20000)|length }}\n",
}


@pytest.fixture
def app_config(app_config, hand_written_campaigns):
    """These tests edit the letter as a hand-written template (advanced mode)."""
    return {**app_config, "CAMPAIGNS_DIR": str(hand_written_campaigns)}


def latest_number(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.max(ContentVersion.number)).where(ContentVersion.kind == TEMPLATE)
        )


def save(client, app: Flask, body: str):
    data = {"body": body, "note": "Try this", "based_on": str(latest_number(app) or 1)}
    return client.post(EDIT_URL, data={**data, "action": "save", **form_token(client, EDIT_URL)})


def staff_pages(number: int) -> list[str]:
    """Every staff page that shows, checks or composes a template version."""
    base = f"/staff/content/{TEMPLATE}"
    return [
        EDIT_URL,
        f"{base}/versions/{number}",
        f"{base}/versions/{number}/preview",
        f"{base}/versions/{number}/preview?sample=2&place=Omagh",
        f"{base}/history",
        f"{base}/diff?a=1&b={number}",
        "/staff/content",
    ]


def assert_no_page_breaks(client, app: Flask) -> None:
    number = latest_number(app)
    for url in staff_pages(number):
        response = client.get(url)
        assert response.status_code in (200, 422), (url, response.status_code)
    publish_url = f"/staff/content/{TEMPLATE}/versions/{number}/publish"
    token = form_token(client, f"/staff/content/{TEMPLATE}/versions/{number}")
    assert client.post(publish_url, data=token).status_code == 302


@pytest.mark.parametrize("body", MISTAKES.values(), ids=MISTAKES.keys())
def test_a_broken_template_is_listed_as_an_error_and_no_page_breaks(editor, app, body):
    """Saving a template the compiler or sandbox refuses shows an error; every page still works."""
    assert save(editor, app, body).status_code == 302
    rows = page(editor.get(EDIT_URL)).select("table.problems-table tbody tr")
    assert rows
    assert rows[0].find_all("td")[1].get_text(" ", strip=True).startswith("Error:")
    assert_no_page_breaks(editor, app)
    with app.test_request_context():
        from webapp.content import published

        published = published.published_template(published.current_campaign()).source
    assert published == hand_written()


_FRAGMENTS = st.sampled_from(
    [
        "{{", "}}", "{%", "%}", "{#", "#}", "(", ")", "[", "]", "'", '"', "|", ".", "~", "*",
        " ", "\n", "x", "supporter", "findings", "cite(", "choose(", "for a in", "if", "endif",
        "endfor", "macro m()", "endmacro", "set y =", "list", "attr", "length", "replace",
        "join", "20000", "'x'*20000", "loop", "__class__", "mp.name", "Subject: ", "- ",
    ]
)  # fmt: skip
TEMPLATE_TEXT = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=5)), max_size=40).map("".join)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=TEMPLATE_TEXT)
def test_generated_template_text_never_gives_a_500(editor, app, body):
    """Whatever text is saved, the editor, version, preview and publish pages answer."""
    response = save(editor, app, body)
    assert response.status_code in (302, 400)
    assert_no_page_breaks(editor, app)


@pytest.mark.parametrize("bad", ["\x00", "\x1b[2J", "\x7f"])
def test_control_characters_are_refused_with_a_message(editor, app, bad):
    """A NUL or control character in the text or note is refused on the form, never stored."""
    response = save(editor, app, f"Subject: Hi\n\nText{bad}.\n")
    assert response.status_code == 400
    assert "invisible control character" in page(response).get_text()
    assert latest_number(app) == 1
