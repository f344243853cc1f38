"""Two editors save the same version: the second is told who saved first, keeps what they
typed, and is moved onto the newest version (content_pages.save_edit, shared by the editors)."""

from __future__ import annotations

import pytest
from test_welsh_wording import form_fields
from webapp_helpers import page, visible_text
from werkzeug.datastructures import MultiDict

# (the editor's address, the button that saves, a text box to change)
EDITORS = (
    ("/staff/content/template:default/edit", ("action", "save"), "part-0-wording-0"),
    ("/staff/content/page/edit", ("action", "save"), "summary"),
)


@pytest.mark.parametrize(("url", "button", "box"), EDITORS)
def test_the_second_save_of_the_same_version_is_refused_keeping_the_text(editor, url, button, box):
    opened = form_fields(page(editor.get(url)), url)  # both editors opened the same version
    based_on = dict(opened)["based_on"]

    def save(addition: str, note: str):
        fields = [(k, v + addition if k == box else v) for k, v in opened if k != "note"]
        return editor.post(url, data=MultiDict([*fields, ("note", note), button]))

    assert save(" First.", "First").status_code in (302, 303)
    second = save(" Second.", "Second")
    assert second.status_code == 409
    soup = page(second)
    assert "Someone saved version" in visible_text(second)
    assert soup.find("input", attrs={"name": "based_on"})["value"] == str(int(based_on) + 1)
    assert soup.find("textarea", attrs={"name": box}).get_text().rstrip().endswith("Second.")
