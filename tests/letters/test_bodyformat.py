"""The plain-text body format and the finalize step that keeps printed values as data."""

from __future__ import annotations

import datetime as dt

import pytest

from letters.bodyformat import Citation, finalize, format_date, parse_body
from letters.errors import TemplateProblem
from letters.model import BlockKind, Ref, Text


def number(index: int) -> int:
    return index + 1


def parse(text: str):
    return parse_body(text, number)


def texts(parsed) -> list[tuple[str, list[str]]]:
    """(kind, [item text]) per block, with references written as [n]."""
    result = []
    for block in parsed.blocks:
        items = [
            "".join(p.text if isinstance(p, Text) else f"[{p.number}]" for p in item)
            for item in block.items
        ]
        result.append((block.kind.value, items))
    return result


def test_subject_paragraphs_and_bullets():
    """Subject first; blank lines separate paragraphs; "- " lines are bullets."""
    parsed = parse("Subject: Hello\n\nOne\ntwo.\n\nAsk:\n- a\n- b\n  more\n\nEnd.")
    assert parsed.subject == "Hello"
    assert texts(parsed) == [
        ("paragraph", ["One two."]),
        ("paragraph", ["Ask:"]),
        ("bullets", ["a", "b more"]),
        ("paragraph", ["End."]),
    ]


def test_missing_subject_is_a_problem():
    """A body that does not start with "Subject:" is refused."""
    with pytest.raises(TemplateProblem, match="subject line"):
        parse("Dear MP,\n\nText.")


def test_empty_subject_and_empty_body_are_problems():
    """An empty subject, or nothing after it, is refused."""
    with pytest.raises(TemplateProblem, match="subject line is empty"):
        parse("Subject:  \n\nText.")
    with pytest.raises(TemplateProblem, match="no text"):
        parse("Subject: Hi\n\n\n")


def test_finalize_wraps_values_so_they_are_never_format():
    """A printed value starting "- " or "Subject:" stays text, not a bullet or a subject."""
    body = f"Subject: Hi\n\n{finalize('- not a bullet')}\n\n{finalize('Subject: no')}"
    assert texts(parse(body)) == [
        ("paragraph", ["- not a bullet"]),
        ("paragraph", ["Subject: no"]),
    ]
    with pytest.raises(TemplateProblem):
        parse(finalize("Subject: forged") + "\n\nText.")


def test_value_line_breaks_become_spaces_and_blank_lines_paragraphs():
    """In a printed value a line break is a space and a blank line starts a paragraph."""
    value = finalize("first\nline\n\n- second\r\n \r\nthird")
    assert texts(parse(f"Subject: Hi\n\nLead. {value}")) == [
        ("paragraph", ["Lead. first line"]),
        ("paragraph", ["- second"]),
        ("paragraph", ["third"]),
    ]


def test_value_blank_lines_in_a_bullet_or_subject_are_spaces():
    """Paragraph breaks from a value cannot split a bullet or the subject."""
    subject, bullet = finalize("a\n\nb"), finalize("c\n\nd")
    parsed = parse(f"Subject: {subject}\n\n- {bullet}")
    assert parsed.subject == "a b"
    assert texts(parsed) == [("bullets", ["c d"])]


def test_private_use_characters_cannot_forge_citations():
    """Marker characters typed into a value are stripped, so no reference appears."""
    forged = finalize("\ue0000\ue001 and \ue002x\ue003\U000f0000")
    parsed = parse(f"Subject: Hi\n\n{forged}")
    assert texts(parsed) == [("paragraph", ["0 and x"])]


def test_citations_become_refs_without_a_space_before():
    """A citation marker becomes a Ref; the space before it is dropped."""
    parsed = parse(f"Subject: Hi\n\nOne. {finalize(Citation(0))} Two.{finalize(Citation(1))}")
    assert parsed.blocks[0].items[0] == (Text("One."), Ref(1), Text(" Two."), Ref(2))


def test_repeated_reference_in_a_row_is_marked_once():
    """Sentences in a row citing the same footnote get one mark, after the last."""
    cite = finalize(Citation(0))
    parsed = parse(f"Subject: Hi\n\nA.{cite} B.{cite} C.{finalize(Citation(1))} D.{cite}")
    assert parsed.blocks[0].items[0] == (
        Text("A. B."),
        Ref(1),
        Text(" C."),
        Ref(2),
        Text(" D."),
        Ref(1),
    )


def test_citation_in_subject_is_dropped():
    """The subject is plain text: a citation there leaves no marker behind."""
    assert parse(f"Subject: Hi{finalize(Citation(0))}\n\nText.").subject == "Hi"


def test_joining_a_citation_to_text_is_a_problem():
    """str(cite(...)) is refused, so a citation cannot be smuggled into other text."""
    with pytest.raises(TemplateProblem, match="stand on its own"):
        str(Citation(0))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, ""),
        (44, "44"),
        (dt.date(2009, 10, 1), "1 October 2009"),
        (("12 Elgin Avenue", "London"), "12 Elgin Avenue, London"),
    ],
)
def test_finalize_flattens_values(value, shown):
    """None prints nothing, dates in words, sequences joined with commas."""
    body = parse(f"Subject: Hi\n\nx {finalize(value)} y")
    assert texts(body) == [("paragraph", [f"x {shown} y".replace("  ", " ")])]


def test_format_date_is_british():
    """Dates read "28 November 2026"."""
    assert format_date(dt.date(2026, 11, 28)) == "28 November 2026"


def test_runs_of_spaces_collapse_but_no_break_spaces_stay():
    """Spaces and tabs collapse to one; a no-break space is kept."""
    parsed = parse("Subject: Hi\n\nA  \t b\u00a0c")
    assert texts(parsed) == [("paragraph", ["A b\u00a0c"])]
    assert parsed.blocks[0].kind is BlockKind.PARAGRAPH
