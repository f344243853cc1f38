"""The diff pages as staff read them: changed words marked within their line, typed text escaped."""

from __future__ import annotations

from bs4 import Tag
from staff_helpers import form_token
from webapp_helpers import page

WORDS_EDIT = "/staff/content/words/edit"
WORDS_DIFF = "/staff/content/words/diff?a=1&b=2"
OLD_LINE = "# Religious and ethnic minorities named in the report"


def save_word_list(client, new_line: str) -> None:
    """Save the campaign word list with OLD_LINE changed to `new_line`, as a browser would."""
    text = page(client.get(WORDS_EDIT)).find("textarea").get_text().lstrip("\n")
    assert OLD_LINE in text.split("\n")
    data = {"body": text.replace(OLD_LINE, new_line), "note": "One word", "based_on": "1"}
    data |= {"action": "save", **form_token(client, WORDS_EDIT)}
    assert client.post(WORDS_EDIT, data=data).status_code == 302


def seen(cell: Tag) -> str:
    """A cell's text as it shows on screen (without the words only screen readers hear)."""
    for hidden in cell.select(".visually-hidden"):
        hidden.extract()
    return cell.get_text()


def test_the_diff_marks_the_one_changed_word_not_its_line(editor):
    """Changing one word of a line: only that word is struck out and only its new word added."""
    save_word_list(editor, OLD_LINE.replace("named", "listed"))
    diff = page(editor.get(WORDS_DIFF))
    (row,) = diff.select("table.diff tbody tr.diff-replace")
    _, old_cell, _, new_cell = row.find_all("td")
    assert [d.get_text() for d in diff.select("del")] == ["named"]
    assert [i.get_text() for i in diff.select("ins")] == ["listed"]
    assert old_cell.find("del").find_previous_sibling().get_text(strip=True) == "removed:"
    assert new_cell.find("ins").find_previous_sibling().get_text(strip=True) == "added:"
    assert seen(old_cell) == OLD_LINE
    assert seen(new_cell) == OLD_LINE.replace("named", "listed")


def test_markup_typed_into_a_version_shows_as_text(editor):
    """A `<b>` staff typed is shown as the characters they typed, never as bold."""
    save_word_list(editor, OLD_LINE.replace("named", "<b>named</b>"))
    diff = page(editor.get(WORDS_DIFF))
    (row,) = diff.select("table.diff tbody tr.diff-replace")
    new_cell = row.find_all("td")[3]
    assert diff.find("b") is None
    assert seen(new_cell) == "# Religious and ethnic minorities <b>named</b> in the report"
    assert "".join(i.get_text() for i in new_cell.select("ins")) == "<b></b>"
    review = page(editor.get("/staff/content/words/versions/2/review"))
    assert review.select_one(".word-diff b") is None
    assert "".join(i.get_text() for i in review.select(".word-diff ins")) == "<b></b>"
