"""The campaign page's title, summary and requests in Welsh: its own kind ("page.cy"), edited
beside the English, checked as Welsh, published through the one rule, shown on /cy/ (the English,
marked lang="en", until a Welsh text is published), and carried by copies, exports and imports."""

from __future__ import annotations

import tomllib

from sqlalchemy import select
from staff_helpers import campaigns_cli, form_token, publish_on_version_page
from webapp_helpers import page, visible_text

from letters.campaign import load_campaign
from webapp.content import versions
from webapp.content.models import ContentPublication, ContentVersion
from webapp.extensions import db

SLUG = "baghdad-returns"
KIND = "page.cy"
EDIT_URL = f"/staff/content/{KIND}/edit"
ENGLISH_URL = "/staff/content/page/edit"
WELSH_TITLE = "Rhowch derfyn ar ddychwelyd pobl yn orfodol i Baghdad"
ENGLISH_TITLE = "Stop forced returns to Baghdad"
NEW_SUMMARY = "Gofynnwch i’ch Aelod Seneddol helpu pobl sydd mewn perygl yn Irac."


def _save(client, **fields):
    """Open the Welsh page's editor, change some boxes and press a button."""
    soup = page(client.get(EDIT_URL))
    data = {
        "title": soup.find("input", attrs={"name": "title"})["value"],
        "summary": soup.find("textarea", attrs={"name": "summary"}).get_text(),
        "asks": soup.find("textarea", attrs={"name": "asks"}).get_text(),
        "based_on": soup.find("input", attrs={"name": "based_on"})["value"],
        "note": "Newid",
        **form_token(client, EDIT_URL),
        **fields,
    }
    return client.post(EDIT_URL, data=data)


def _rows(app, kind: str = KIND) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(ContentVersion.body)
                .where(ContentVersion.campaign == SLUG, ContentVersion.kind == kind)
                .order_by(ContentVersion.number)
            )
        )


def test_the_welsh_page_shows_the_shipped_welsh_words(client):
    """/cy/ has the Welsh title, summary and request (no lang override); / keeps the English."""
    welsh = page(client.get("/cy/"))
    assert welsh.find("h1").get_text(strip=True) == WELSH_TITLE
    assert not welsh.find("h1").has_attr("lang")
    assert welsh.select_one("p.lead").get_text(strip=True).startswith("Gofynnwch i’ch Aelod")
    asks = [li.get_text(strip=True) for li in welsh.select("main ul li")]
    assert any(a.startswith("Pwyso ar y Swyddfa Gartref") for a in asks)
    assert welsh.find("title").get_text().startswith(WELSH_TITLE)
    english = page(client.get("/"))
    assert english.find("h1").get_text(strip=True) == ENGLISH_TITLE
    assert english.select_one("p.lead").get_text(strip=True).startswith("Ask your MP")


def test_the_editor_shows_the_english_beside_each_welsh_box(editor):
    """Title, summary and requests in Welsh boxes, each with the English read-only beside it."""
    soup = page(editor.get(EDIT_URL))
    assert soup.find("input", attrs={"name": "title"})["value"] == WELSH_TITLE
    assert soup.find("input", attrs={"name": "title"})["lang"] == "cy"
    assert soup.find("textarea", attrs={"name": "summary"})["lang"] == "cy"
    beside = soup.select(".other-language")
    headings = [b.find("h2").get_text(" ", strip=True) for b in beside]
    assert headings == [
        "Title in English (read only)",
        "Summary in English (read only)",
        "What we ask MPs to do, in English (read only)",
    ]
    assert beside[0].find("p", attrs={"lang": "en"}).get_text(strip=True) == ENGLISH_TITLE
    assert beside[1].find(attrs={"lang": "en"}).get_text(strip=True).startswith("Ask your MP")
    assert beside[2].find("ul", attrs={"lang": "en"}).find("li").get_text().startswith("Press")
    link = soup.find("a", string="Edit the page in English")
    assert link["href"] == ENGLISH_URL
    english = page(editor.get(ENGLISH_URL))
    welsh_beside = english.select(".other-language")
    assert welsh_beside[0].find(attrs={"lang": "cy"}).get_text(strip=True).startswith("Gofynnwch")
    assert english.find("a", string="Edit the page in Welsh (Cymraeg)")["href"] == EDIT_URL


def test_a_welsh_edit_is_a_version_and_reaches_cy_once_published(app, editor, client):
    """Saving stores a page.cy version (unpublished); publishing puts it on /cy/ only."""
    saved = _save(editor, summary=NEW_SUMMARY, action="review")
    assert saved.status_code == 302
    assert _rows(app)[-1].split("\n")[:3] == [f"# {WELSH_TITLE}", "", NEW_SUMMARY]
    assert NEW_SUMMARY not in visible_text(client.get("/cy/"))
    published = publish_on_version_page(editor, saved.headers["Location"])
    assert published is not None
    assert published.status_code == 302
    assert page(client.get("/cy/")).select_one("p.lead").get_text(strip=True) == NEW_SUMMARY
    assert NEW_SUMMARY not in visible_text(client.get("/"))


def test_a_welsh_number_not_in_the_findings_is_refused(editor, client):
    """ "120" in the Welsh summary is named at the summary, and the version cannot be published."""
    saved = _save(editor, summary="Mae 120 o bobl mewn perygl yn Irac.", action="review")
    shown = visible_text(editor.get(saved.headers["Location"]))
    assert "Summary: The number 120 is not one of the findings' figures" in shown
    publish_on_version_page(editor, saved.headers["Location"])
    assert "120" not in visible_text(client.get("/cy/"))


def test_the_welsh_spelling_is_checked_with_the_welsh_dictionary(editor):
    """A misspelt Welsh word is named; good Welsh (and English names on the word list) is not."""
    response = _save(editor, summary="Gofynnwch i’ch Aelod Seneddol weithredu ar Irac yn ddiolchh.")
    assert response.status_code == 302
    problems = [
        row.get_text(" ", strip=True) for row in page(editor.get(EDIT_URL)).select("tr.problem")
    ]
    assert len(problems) == 1
    assert "ddiolchh" in problems[0]
    assert "Welsh word list" in problems[0]


def test_a_missing_welsh_title_keeps_what_was_typed(editor):
    """No title is refused with a message; the summary and requests stay in their boxes."""
    response = _save(editor, title="", summary=NEW_SUMMARY)
    assert response.status_code == 400
    assert "Write the campaign's title in Welsh" in visible_text(response)
    soup = page(response)
    assert soup.find("textarea", attrs={"name": "summary"}).get_text() == NEW_SUMMARY


def test_with_no_welsh_published_cy_shows_the_english_marked_as_english(app, client):
    """An empty Welsh page published: /cy/ falls back to the English, each part lang="en"."""
    with app.app_context():
        versions.ensure_seeded(load_campaign(SLUG))
        number = versions.latest(SLUG, KIND).number + 1
        db.session.add(ContentVersion(campaign=SLUG, kind=KIND, number=number, body="", note=""))
        db.session.add(ContentPublication(campaign=SLUG, kind=KIND, number=number))
        db.session.commit()
    soup = page(client.get("/cy/"))
    assert soup.find("html")["lang"] == "cy"
    heading = soup.find("h1")
    assert heading.get_text(strip=True) == ENGLISH_TITLE
    assert heading["lang"] == "en"
    assert soup.select_one("p.lead")["lang"] == "en"
    ask = soup.find("li", string=lambda s: s and s.startswith("Press the Home Office"))
    assert ask["lang"] == "en"


def test_export_and_import_carry_the_welsh_page(app, editor, tmp_path):
    """Export writes the published Welsh page as campaign.toml's [cy]; a changed [cy] imports as
    an unpublished page.cy version."""
    saved = _save(editor, summary=NEW_SUMMARY, action="review")
    publish_on_version_page(editor, saved.headers["Location"])
    folder = tmp_path / SLUG
    assert campaigns_cli(app, "export", SLUG, folder).exit_code == 0
    meta = tomllib.loads((folder / "campaign.toml").read_text(encoding="utf-8"))
    assert meta["cy"]["title"] == WELSH_TITLE
    assert meta["cy"]["summary"] == NEW_SUMMARY
    assert meta["summary"].startswith("Ask your MP")  # the English stays the English
    toml = (folder / "campaign.toml").read_text(encoding="utf-8")
    changed = toml.replace(NEW_SUMMARY, "Gofynnwch i’ch Aelod Seneddol weithredu.")
    (folder / "campaign.toml").write_text(changed, encoding="utf-8")
    before = len(_rows(app))
    imported = campaigns_cli(app, "import", folder, "--by", "editor@example.org")
    assert imported.exit_code == 0, imported.output
    assert len(_rows(app)) == before + 1
    assert "Gofynnwch i’ch Aelod Seneddol weithredu." in _rows(app)[-1]
    with app.app_context():
        live = versions.published_version(SLUG, KIND)
        assert NEW_SUMMARY in live.body  # imported, not published


def test_a_copied_campaign_starts_with_the_welsh_page(app):
    """A campaign copied from this one has the Welsh page as its published version 1."""
    with app.test_request_context():
        from webapp.content.campaign_copy import copy_campaign
        from webapp.content.published import campaign_named

        copy_campaign(campaign_named(SLUG), "copy-cy", "A copy", folder=SLUG, by=None)
    with app.app_context():
        copied = versions.published_version("copy-cy", KIND)
        assert copied is not None
        assert copied.number == 1
        assert copied.body.startswith(f"# {WELSH_TITLE}")
