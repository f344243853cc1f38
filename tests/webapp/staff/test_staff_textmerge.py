"""The line and word diffs and the three-way merge behind the history and conflict pages."""

from __future__ import annotations

from webapp.content.textmerge import WordChange, changed_words, diff_rows, merge3, word_diff

BASE = "one\ntwo\nthree\nfour\nfive\n"


def test_changes_to_different_lines_merge_cleanly():
    """Two edits to different lines both survive, with no markers."""
    result = merge3(BASE, "ONE\ntwo\nthree\nfour\nfive\n", "one\ntwo\nthree\nfour\nFIVE\n")
    assert (result.text, result.conflicts) == ("ONE\ntwo\nthree\nfour\nFIVE\n", 0)


def test_the_same_change_on_both_sides_is_taken_once():
    """Identical edits are not a conflict."""
    same = "one\nTWO\nthree\nfour\nfive\n"
    assert merge3(BASE, same, same).text == same


def test_insertions_and_deletions_combine():
    """A line added by one side and a line removed by the other both apply."""
    result = merge3(BASE, "one\ntwo\nnew\nthree\nfour\nfive\n", "one\ntwo\nthree\nfour\n")
    assert result.clean
    assert result.text == "one\ntwo\nnew\nthree\nfour\n"


def test_clashing_changes_are_marked():
    """Different edits of one line are kept between conflict markers, theirs first."""
    result = merge3(BASE, "one\nTHEIRS\nthree\nfour\nfive\n", "one\nYOURS\nthree\nfour\nfive\n")
    assert result.conflicts == 1
    assert result.text.split("\n")[1:6] == [
        "<<<<<<< latest version",
        "THEIRS",
        "=======",
        "YOURS",
        ">>>>>>> your edit",
    ]


def test_a_last_line_without_newline_does_not_swallow_markers():
    """Markers always start on their own line, even after a last line with no newline."""
    result = merge3("a", "b", "c")
    assert result.text == "<<<<<<< latest version\nb\n=======\nc\n>>>>>>> your edit\n"


def test_diff_rows_pair_old_and_new_lines():
    """The side-by-side diff numbers both sides and tags each row."""
    rows = diff_rows("a\nb\nc\n", "a\nB\nc\nd\n")
    assert [(r.tag, r.old_number, r.new_number) for r in rows] == [
        ("equal", 1, 1),
        ("replace", 2, 2),
        ("equal", 3, 3),
        ("insert", None, 4),
    ]


def test_diff_rows_cut_long_unchanged_runs():
    """With context, long unchanged stretches become one "skip" row."""
    old = "\n".join(str(n) for n in range(20))
    rows = diff_rows(old, old.replace("10", "ten"), context=2)
    assert [r.tag for r in rows].count("skip") == 2
    assert len(rows) < 10


def test_a_deleted_line_edited_on_the_other_side_is_a_conflict():
    """One side deletes a line the other side edited: both intentions are kept for a person."""
    result = merge3(BASE, "one\nthree\nfour\nfive\n", "one\nTWO, edited\nthree\nfour\nfive\n")
    assert result.conflicts == 1
    assert result.text.split("\n")[1:5] == [
        "<<<<<<< latest version",
        "=======",
        "TWO, edited",
        ">>>>>>> your edit",
    ]


def test_crlf_line_endings_are_not_a_change():
    """A browser's CRLF against stored LF merges as the same text, with LF endings."""
    yours = BASE.replace("\n", "\r\n").replace("five", "FIVE")
    result = merge3(BASE, "ONE\ntwo\nthree\nfour\nfive\n", yours)
    assert (result.text, result.conflicts) == ("ONE\ntwo\nthree\nfour\nFIVE\n", 0)


def test_without_a_base_nothing_is_dropped():
    """With the base missing, differing texts are kept whole between markers; equal ones merge."""
    result = merge3("", "their text\n", "your text\n")
    assert result.conflicts == 1
    assert "their text" in result.text
    assert "your text" in result.text
    assert merge3("", "same\n", "same\n") == type(result)("same\n", 0)


def test_word_diff_marks_only_the_changed_words():
    """A word added to a long paragraph is marked alone, not the whole paragraph."""
    old = "The UK removed 44 Iraqis to Baghdad in October 2009, after a stand-off.\n"
    new = "The UK forcibly removed 44 Iraqis to Baghdad in October 2009, after a stand-off.\n"
    changes = word_diff(old, new)
    marked = [(c.tag, c.text.strip()) for c in changes if c.tag != "equal"]
    assert marked == [("insert", "forcibly")]
    assert "".join(c.text for c in changes if c.tag != "insert") == old
    assert "".join(c.text for c in changes if c.tag != "delete") == new


def test_word_diff_shows_a_replaced_word_and_punctuation():
    """A replaced word is a deletion then an insertion; a changed comma is just the comma."""
    changes = [(c.tag, c.text) for c in word_diff("Dear MP, thanks.", "Dear MP; thank you.")]
    assert ("delete", ",") in changes
    assert ("insert", ";") in changes
    assert ("delete", "thanks") in changes
    assert ("insert", "thank you") in changes


def test_a_changed_line_marks_only_the_changed_word():
    """One word changed in a line: that word alone is removed and added, the rest is plain."""
    old = 'statement = "In October 2009 the UK forcibly removed 44 Iraqis."'
    new = 'statement = "In October 2009 the UK forcefully removed 44 Iraqis."'
    (row,) = diff_rows(old, new)
    assert row.old_parts == (
        WordChange("equal", 'statement = "In October 2009 the UK '),
        WordChange("delete", "forcibly"),
        WordChange("equal", ' removed 44 Iraqis."'),
    )
    assert row.new_parts == (
        WordChange("equal", 'statement = "In October 2009 the UK '),
        WordChange("insert", "forcefully"),
        WordChange("equal", ' removed 44 Iraqis."'),
    )


def test_changed_words_keep_each_side_whole():
    """Each side's runs, read in order, are exactly that side's line: nothing lost or doubled."""
    pairs = [
        ("Dear MP, thanks.", "Dear MP; thank you."),
        ("a b c", "c b a"),
        ("The UK removed 44", "The UK forcibly removed 45 people"),
        ("  indented <b>bold</b>", "indented <b>bolder</b>  "),
    ]
    for old, new in pairs:
        old_parts, new_parts = changed_words(old, new)
        assert "".join(p.text for p in old_parts) == old
        assert "".join(p.text for p in new_parts) == new
        assert {p.tag for p in old_parts} <= {"equal", "delete"}
        assert {p.tag for p in new_parts} <= {"equal", "insert"}


def test_lines_added_removed_or_with_no_word_in_common_are_marked_whole():
    """A line only on one side, or two lines sharing no word, is one removed or added run."""
    rows = diff_rows("same\nold words here\n", "same\nnew text, all of it\nmore\n")
    assert [(r.old_parts, r.new_parts) for r in rows[1:]] == [
        ((WordChange("delete", "old words here"),), (WordChange("insert", "new text, all of it"),)),
        ((), (WordChange("insert", "more"),)),
    ]
    assert diff_rows("a\n", "")[0].old_parts == (WordChange("delete", "a"),)


def test_unchanged_lines_are_one_plain_run():
    """An unchanged line has nothing marked on either side."""
    row = diff_rows("same line\nx\n", "same line\ny\n")[0]
    assert row.old_parts == row.new_parts == (WordChange("equal", "same line"),)
