"""The campaign page's summary and requests to MPs: edited by staff as a form, checked like the
letter, published through the one rule, and shown to supporters."""

from __future__ import annotations

from staff_helpers import form_token
from webapp_helpers import page, visible_text

from letters.page_text import PageText, page_issues, page_source, parse_page
from webapp.content.published import current_campaign, published_findings

EDIT_URL = "/staff/content/page/edit"
NEW_ASK = "Ask the Home Secretary to publish the returns guidance in full."


def test_the_stored_text_reads_back_as_written():
    """A page survives storing: summary, requests in order, line breaks from a browser."""
    shown = PageText("A summary\r\nover two lines.", ("First request.", "Second\nrequest."))
    assert parse_page(page_source(shown)) == PageText(
        "A summary over two lines.", ("First request.", "Second request.")
    )


def test_a_number_on_the_page_must_be_a_finding(app):
    """'More than 120' on the campaign page is an error when no finding has that figure."""
    with app.app_context():
        findings = published_findings(current_campaign())
    figure = next(iter(next(iter(findings.findings.values())).figures.values()))
    bad = PageText("More than 120 people were returned.", ("Stop it.",))
    good = PageText(f"{figure} people were returned.", ("Stop it.",))
    assert [p for p, i in page_issues(bad, findings, spelling=False) if i.severity == "error"]
    assert not page_issues(good, findings, spelling=False)


def _save(editor, **fields):
    soup = page(editor.get(EDIT_URL))
    data = {
        "summary": soup.find("textarea", attrs={"name": "summary"}).get_text(),
        "asks": soup.find("textarea", attrs={"name": "asks"}).get_text(),
        "based_on": soup.find("input", attrs={"name": "based_on"})["value"],
        "note": "A change",
        **form_token(editor, EDIT_URL),
        **fields,
    }
    return editor.post(EDIT_URL, data=data)


def test_the_editor_shows_plain_boxes_and_no_code(editor):
    """The officer sees the summary and one request a line, in labelled boxes."""
    soup = page(editor.get(EDIT_URL))
    assert soup.find("label", string="Summary") is not None
    assert soup.find("label", string="What we ask MPs to do") is not None
    asks = soup.find("textarea", attrs={"name": "asks"}).get_text()
    assert asks.startswith("Press the Home Office")
    assert "- " not in asks
    assert "{" not in visible_text(editor.get(EDIT_URL))


def test_a_new_request_reaches_the_campaign_page_once_published(editor, client):
    """Saving stores a version; supporters see the new request only after it is published."""
    current = page(editor.get(EDIT_URL)).find("textarea", attrs={"name": "asks"}).get_text()
    saved = _save(editor, asks=f"{current}\n{NEW_ASK}", action="review")
    assert saved.status_code == 302
    version_url = saved.headers["Location"]
    assert NEW_ASK not in visible_text(client.get("/"))
    button = page(editor.get(version_url)).find(
        "button", string=lambda s: s and "Publish version" in s
    )
    editor.post(button.find_parent("form")["action"], data=form_token(editor, version_url))
    asks = [li.get_text(" ", strip=True) for li in page(client.get("/")).select("main ul li")]
    assert asks.index(NEW_ASK) < asks.index(
        "Reply to you, their constituent, saying what they will do."
    )


def test_a_typed_number_is_named_at_its_request_and_cannot_be_published(editor, client):
    """A request with a number no finding gives is refused, and the page keeps its request."""
    saved = _save(editor, asks="Stop the 120 returns planned.", action="review")
    version_url = saved.headers["Location"]
    shown = visible_text(editor.get(version_url))
    assert "Request 1: The number 120 is not one of the findings' figures" in shown
    button = page(editor.get(version_url)).find(
        "button", string=lambda s: s and "Publish version" in s
    )
    if button is not None:
        editor.post(button.find_parent("form")["action"], data=form_token(editor, version_url))
    assert "120 returns" not in visible_text(client.get("/"))


def test_an_empty_summary_keeps_the_requests_typed(editor):
    """A missing summary is refused with a message, and the requests stay in their box."""
    response = _save(editor, summary="", asks="Keep this request.")
    assert response.status_code == 400
    soup = page(response)
    assert "Write a summary" in visible_text(response)
    assert soup.find("textarea", attrs={"name": "asks"}).get_text() == "Keep this request."
