"""Letter documents: the model and its JSON, compiling to the sandbox (the same letters as the
hand-written templates), the editor's text form, the checks and the list of changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letters.bodyformat import parse_body
from letters.campaign import CAMPAIGNS_DIR, DEFAULT_CAMPAIGN, load_campaign
from letters.directory import default_directory
from letters.document import (
    FORMAT,
    MAX_PARTS,
    MAX_WORDING_CHARS,
    MAX_WORDINGS,
    Chip,
    ChipChoice,
    Condition,
    DocumentError,
    LetterDocument,
    Part,
    Text,
    TextProblem,
    Wording,
    WordingTextError,
    chip_menu,
    describe_changes,
    document_issues,
    from_json,
    is_document,
    part_names,
    text_problems,
    text_to_wording,
    to_json,
    to_template,
    wording_to_text,
)
from letters.errors import LettersError, TemplateProblem
from letters.findings import parse_findings
from letters.model import Supporter
from letters.render.text import render_text
from letters.service import letter_for_mp
from letters.templating import LetterTemplate, check_template
from letters.variation import pick, supporter_seed

LETTERS_DIR = CAMPAIGNS_DIR / DEFAULT_CAMPAIGN / "letters"
TODAY = dt.date(2026, 11, 28)
# One seat per nation, and two more (an apostrophe, commas, a circumflex, an accented name …).
SEATS = ("E14001435", "S14000067", "W07000102", "N05000018", "E14001352", "W07000091")
CAMPAIGN = load_campaign()
FINDINGS = CAMPAIGN.findings
MENU = chip_menu(FINDINGS)
EXAMPLES = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def shipped(name: str) -> str:
    return (LETTERS_DIR / f"{name}.json").read_text(encoding="utf-8")


# Every shipped letter document, in English and in Welsh ("default.cy" is default.cy.json).
SHIPPED = ["default", "short", "default.cy", "short.cy"]


def language_of(name: str) -> str:
    """The language of a shipped letter by its file name: "cy" for "default.cy", else "en"."""
    return name.partition(".")[2] or "en"


# The letters as hand-written templates, as they were shipped before they became documents.
HAND_WRITTEN = Path(__file__).parent / "data" / "hand_written"


def hand_written(name: str) -> str:
    return (HAND_WRITTEN / f"{name}.txt").read_text(encoding="utf-8")


def compose(template: LetterTemplate, supporter: Supporter, code: str = SEATS[0]):
    directory = default_directory()
    return letter_for_mp(
        supporter,
        directory.mp_for(code),
        directory.constituency(code),
        template=template,
        findings=FINDINGS,
        today=TODAY,
    )


def compiled(doc: LetterDocument) -> LetterTemplate:
    return LetterTemplate.compile(to_template(doc), name="document")


def texts(letter) -> list[str]:
    """Each paragraph's text, footnote marks left out."""
    return [
        "".join(piece.text for piece in item if hasattr(piece, "text"))
        for block in letter.blocks
        for item in block.items
    ]


def W(*pieces: str | Chip) -> Wording:
    return Wording(tuple(Text(p) if isinstance(p, str) else p for p in pieces))


def simple_doc(*middle: Part) -> LetterDocument:
    """A subject, `middle`, the supporter's own words and a closing."""
    return LetterDocument(
        (
            Part("subject", "subject", (W("Hello"),)),
            *middle,
            Part("own_words", "own_words", only_for=Condition(own_words="given")),
            Part("closing", "closing", (W("Thank you."),)),
        )
    )


SUPPORTER = Supporter(
    name="Amira Haddad",
    address_lines=("12 Elgin Avenue", "London"),
    postcode="W9 3QP",
    reason="My cousin was sent back to Baghdad.",
    concern="minorities",
)

# --- the shipped letters ---------------------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_the_shipped_documents_are_canonical_json(name):
    """Reading and writing a shipped document gives back its file exactly."""
    text = shipped(name)
    assert is_document(text)
    assert to_json(from_json(text)) == text


@pytest.mark.parametrize("name", SHIPPED)
def test_the_shipped_documents_have_no_issues(name):
    assert document_issues(from_json(shipped(name)), FINDINGS, language_of(name)) == []


_GIVEN = ["Amira", "John", "Seán", "Zoë", "Łukasz", "Юлия", "محمد", "Nguyễn Thị", "O’Neill"]
_FAMILY = ["Haddad", "Smith", "Ní Bhriain", "Müller", "Okafor", "حسن", "Trần", "de la Cruz"]
_REASONS = [
    None,
    None,
    "",
    "My cousin was sent back to Baghdad.",
    "- not a bullet\nSubject: not a subject",
    "Two paragraphs.\n\nThe second one, with {{ mp.name }} and {% if %} typed in.",
    "Iraq is not safe. " * 30,
]
_POSTCODES = ["W9 3QP", "sw1a 1aa", "CF10 1EP", "BT78 1AA", "M1 1AE", "EH1 1YZ", "LS1 4AP"]


def generated_supporters(count: int, seed: int) -> list[Supporter]:
    rng = random.Random(seed)
    concerns = [None, *FINDINGS.group_ids]
    supporters = []
    for i in range(count):
        name = f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"
        if i % 7 == 0:
            name += f" {rng.randrange(1000)}"
        supporters.append(
            Supporter(
                name=name,
                address_lines=(f"{i + 1} High Street", "Leeds"),
                postcode=rng.choice(_POSTCODES) if i % 3 else f"LS{rng.randrange(1, 30)} 4AP",
                email=None if i % 2 else f"s{i}@example.org",
                reason=rng.choice(_REASONS),
                concern=rng.choice(concerns),
            )
        )
    return supporters


@pytest.mark.parametrize("name", SHIPPED)
def test_the_shipped_documents_write_the_same_letters_as_the_templates(name):
    """For 1,000 supporters in six seats, the letter from the compiled document is the letter
    from the hand-written template, byte for byte: the same picks, paragraphs and footnotes
    (the Welsh letters too, against their hand-written Welsh templates)."""
    language = language_of(name)
    by_hand = LetterTemplate.compile(hand_written(name), name=name, language=language)
    source = to_template(from_json(shipped(name)))
    from_doc = LetterTemplate.compile(source, name=name, language=language)
    subjects, openings = set(), set()
    for i, supporter in enumerate(generated_supporters(1000, seed=20261128)):
        code = SEATS[i % len(SEATS)]
        expected, got = compose(by_hand, supporter, code), compose(from_doc, supporter, code)
        assert got == expected, (supporter, code)
        assert render_text(got).encode() == render_text(expected).encode()
        subjects.add(got.subject)
        openings.add(texts(got)[0])
    assert len(subjects) == (3 if name.startswith("default") else 2)  # every wording was picked
    assert len(openings) > 6  # the opening varies, and so does the constituency


@pytest.mark.parametrize("name", SHIPPED)
def test_the_compiled_shipped_documents_pass_the_template_check(name):
    """Every wording of every shipped letter, English and Welsh, composed for every sample
    supporter, at-risk group and nation, leaks no template code and keeps their own words."""
    source = to_template(from_json(shipped(name)))
    problems = check_template(
        source, FINDINGS, spelling=False, today=TODAY, language=language_of(name)
    )
    assert [p for p in problems if p.severity == "error"] == []


# --- compiling -------------------------------------------------------------------------------

_RISKY = [
    "{{", "}}", "{%", "%}", "{#", "#}", "{{-", "-}}", "{", "}", "%", "#", "\\", '"', "'", "\n",
    "\n\n", "- ", "Subject: ", "{% raw %}", "{{ mp.name }}", "\\n", "\\u0041", "\t", "  ", "[", "]",
]  # fmt: skip
_LETTER_CHARACTERS = st.characters(blacklist_categories=("Cc", "Co", "Cs")) | st.sampled_from(
    "\n\t"
)
staff_text = st.lists(
    st.sampled_from(_RISKY) | st.text(_LETTER_CHARACTERS, max_size=8), max_size=12
).map("".join)


def _expected_paragraphs(text: str):
    """What the body format itself makes of `text` between two paragraphs."""
    return parse_body(f"Subject: Hello\n\nStart.\n\n{text}\n\nEnd.\n", lambda i: i + 1).blocks


@EXAMPLES
@given(text=staff_text, form=st.sampled_from(["one", "several", "condition"]))
def test_staff_text_is_printed_never_run(text, form):
    """Whatever staff type, the letter prints it as written (up to the body format's own
    spacing and paragraph rules): no character of it is read as template code."""
    wordings = (W(text),) if form != "several" else (W(text), W(text), W(text))
    only_for = Condition(own_words="not_given") if form == "condition" else Condition()
    doc = LetterDocument(
        (
            Part("subject", "subject", (W("Hello"),)),
            Part("paragraph", "start", (W("Start."),)),
            Part("paragraph", "staff", wordings, only_for),
            Part("closing", "closing", (W("End."),)),
        )
    )
    letter = compose(compiled(doc), dataclasses.replace(SUPPORTER, reason=None))
    assert letter.blocks == _expected_paragraphs(text)


@EXAMPLES
@given(text=staff_text, several=st.booleans())
def test_a_subject_is_printed_as_written(text, several):
    """A subject of one wording is copied; of several, each is a literal in choose(); either
    way the subject is the text, on one line."""
    wordings = (W(text), W(text)) if several else (W(text),)
    doc = LetterDocument(
        (Part("subject", "subject", wordings), Part("paragraph", "body", (W("Body."),)))
    )
    try:
        if several:  # as data, like any value printed with {{ }}
            by_hand = LetterTemplate.compile("Subject: {{ supporter.reason }}\n\nBody.\n")
            expected = compose(by_hand, dataclasses.replace(SUPPORTER, reason=text)).subject
        else:  # as the text of a template, on one line
            one_line = text.replace("\n", " ")
            expected = parse_body(f"Subject: {one_line}\n\nBody.\n", lambda i: i + 1).subject
    except TemplateProblem:  # an empty subject
        with pytest.raises(TemplateProblem):
            compose(compiled(doc), SUPPORTER)
        return
    assert compose(compiled(doc), SUPPORTER).subject == expected


@pytest.mark.parametrize("count", range(1, 7))
@pytest.mark.parametrize("kind", ["paragraph", "closing"])
def test_the_wording_picked_is_the_one_choose_picks(count, kind):
    """A part of N wordings picks as choose(key, …N options) does today, for every supporter."""
    wordings = tuple(W(f"Wording {n}.") for n in range(1, count + 1))
    doc = LetterDocument(
        (Part("subject", "subject", (W("Hello"),)), Part(kind, "danger", wordings))
    )
    template = compiled(doc)
    seen = set()
    for supporter in generated_supporters(60, seed=count):
        expected = pick(supporter_seed(supporter.name, supporter.postcode), "danger", count)
        assert texts(compose(template, supporter)) == [f"Wording {expected + 1}."]
        seen.add(expected)
    assert len(seen) == count


def test_a_wording_with_chips_fills_them_in():
    uk = "uk_returns_baghdad"
    doc = simple_doc(
        Part(
            "paragraph",
            "facts",
            (
                W(
                    "To ",
                    Chip("mp"),
                    " of ",
                    Chip("constituency"),
                    ": ",
                    Chip("figure", uk, "removed"),
                    " in ",
                    Chip("date", uk),
                    "; ",
                    Chip("figure_words", "christians_killed_mosul", "killed_at_least"),
                    ".",
                    Chip("cite", uk),
                    " ",
                    Chip("own_words"),
                ),
            ),
        )
    )
    letter = compose(compiled(doc), SUPPORTER)
    mp, seat = letter.mp.name, letter.constituency.name
    assert texts(letter)[0] == (
        f"To {mp} of {seat}: 44 in October 2009; eight.[1] My cousin was sent back to Baghdad."
    ).replace("[1]", "")
    assert [f.finding_id for f in letter.footnotes] == [uk]


def test_conditions_choose_who_gets_a_part():
    doc = simple_doc(
        Part("paragraph", "all", (W("For everyone."),)),
        Part("paragraph", "one", (W("For minorities."),), Condition(("minorities",))),
        Part(
            "paragraph",
            "two",
            (W("For women or defenders."),),
            Condition(("women_and_girls", "women_defenders")),
        ),
        Part(
            "paragraph", "quiet", (W("No words of their own."),), Condition(own_words="not_given")
        ),
    )
    template = compiled(doc)

    def paragraphs(concern, reason):
        supporter = dataclasses.replace(SUPPORTER, concern=concern, reason=reason)
        return texts(compose(template, supporter))

    assert paragraphs("minorities", "Mine.") == [
        "For everyone.",
        "For minorities.",
        "Mine.",
        "Thank you.",
    ]
    assert paragraphs("women_defenders", None) == [
        "For everyone.",
        "For women or defenders.",
        "No words of their own.",
        "Thank you.",
    ]
    assert paragraphs(None, "") == ["For everyone.", "No words of their own.", "Thank you."]


def test_template_code_in_staff_text_is_printed():
    code = '{{ mp.name }} {% if true %}yes{% endif %} {# hidden #} {{ "\\u0041" }} ]} %}'
    letter = compose(compiled(simple_doc(Part("paragraph", "code", (W(code),)))), SUPPORTER)
    assert texts(letter)[0] == code


# --- documents, generated --------------------------------------------------------------------

_ids = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True)
chips = st.one_of(
    st.builds(Chip, st.sampled_from(["figure", "figure_words"]), _ids, _ids),
    st.builds(Chip, st.sampled_from(["date", "cite"]), _ids),
    st.builds(Chip, st.sampled_from(["constituency", "mp", "own_words"])),
)
wordings = st.lists(st.builds(Text, staff_text) | chips, max_size=6).map(
    lambda pieces: Wording(tuple(pieces))
)
conditions = st.builds(
    Condition, st.lists(_ids, max_size=3).map(tuple), st.sampled_from(["any", "given", "not_given"])
)


@st.composite
def documents(draw):
    keys = draw(st.lists(_ids, unique=True, max_size=8))
    parts = []
    for key in keys:
        kind = draw(
            st.sampled_from(["subject", "opening", "paragraph", "own_words", "ask", "closing"])
        )
        found = () if kind == "own_words" else tuple(draw(st.lists(wordings, max_size=4)))
        parts.append(Part(kind, key, found, draw(conditions)))
    return LetterDocument(tuple(parts))


@EXAMPLES
@given(doc=documents())
def test_json_gives_back_the_document(doc):
    text = to_json(doc)
    assert is_document(text)
    assert from_json(text) == doc
    assert to_json(from_json(text)) == text


@EXAMPLES
@given(doc=documents())
def test_every_document_compiles(doc):
    """Whatever the document holds, its template compiles in the sandbox."""
    LetterTemplate.compile(to_template(doc))


# --- reading JSON ----------------------------------------------------------------------------


def _doc_json(*parts: str) -> str:
    return '{"format": "letter-document/1", "parts": [' + ", ".join(parts) + "]}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Subject: hello", "not valid JSON"),
        ("[]", "must be a JSON object"),
        ('{"parts": []}', f'it needs "format": "{FORMAT}"'),
        ('{"format": "letter-document/2", "parts": []}', "in format letter-document/2"),
        ('{"format": "letter-document/1"}', 'needs "parts"'),
        ('{"format": "letter-document/1", "parts": [], "colour": 1}', "unknown field “colour”"),
        ('{"format": "letter-document/1", "format": "letter-document/1"}', "“format” twice"),
        (_doc_json('{"kind": "heading", "key": "a", "wordings": []}'), "Part 1 (“a”): “heading”"),
        (_doc_json('{"kind": "ask", "key": "Ask me", "wordings": []}'), "“Ask me” is not a key"),
        (_doc_json('{"kind": "ask", "key": "ask"}'), 'Part 1 (“ask”) needs "wordings"'),
        (_doc_json('{"kind": "ask", "key": "ask", "wordings": ["x"]}'), "wording 1 must be a list"),
        (
            _doc_json('{"kind": "ask", "key": "ask", "wordings": [[1]]}'),
            "wording 1, piece 1 must be text in quotes, or a chip",
        ),
        (
            _doc_json('{"kind": "ask", "key": "ask", "wordings": [[{"chip": "poem"}]]}'),
            "“poem” is not a kind of chip",
        ),
        (
            _doc_json(
                '{"kind": "ask", "key": "ask", "wordings": [[{"chip": "cite", "finding": "a }}"}]]}'
            ),
            "“a }}” is not a finding id",
        ),
        (
            _doc_json('{"kind": "ask", "key": "ask", "wordings": [[{"chip": "mp", "name": "x"}]]}'),
            "A “mp” chip does not take a figure's name",
        ),
        (
            _doc_json('{"kind": "own_words", "key": "own", "wordings": [["x"]]}'),
            "have no wordings of their own",
        ),
        (
            _doc_json('{"kind": "ask", "key": "ask", "wordings": [], "only_for": {"groups": "x"}}'),
            "groups must be a list",
        ),
        (
            _doc_json('{"kind": "ask", "key": "a", "wordings": [], "only_for": {"own_words": 1}}'),
            "own_words must be one of any, given, not_given",
        ),
        ('{"format": "letter-document/1", "parts": [NaN]}', "NaN"),
    ],
)
def test_a_malformed_document_is_refused_in_plain_words(text, message):
    with pytest.raises(DocumentError) as raised:
        from_json(text)
    assert message in str(raised.value)
    assert isinstance(raised.value, LettersError)


def test_template_code_cannot_hide_in_ids():
    """Ids go into the template, so no way of building a chip, part or condition lets one
    carry anything but an id."""
    with pytest.raises(DocumentError):
        Chip("figure", "uk_returns_baghdad", "removed }}{{ 7*7")
    with pytest.raises(DocumentError):
        Part("ask", 'ask") }}', ())
    with pytest.raises(DocumentError):
        Condition(('x" or true or "',))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (' {\n  "format": "letter-document/1", "parts": []}', True),
        ('{"parts": [], "format": "letter-document/9"}', True),
        ("{# a comment #}\nSubject: x", False),
        ('{{ choose("subject", "a") }}', False),
        ('Subject: "format": "letter-document/1"', False),
        ("", False),
    ],
)
def test_is_document_tells_a_document_from_a_template(text, expected):
    assert is_document(text) is expected
    assert not is_document(hand_written("default"))


# --- the text form ---------------------------------------------------------------------------


def test_chips_have_plain_labels():
    labels = {choice.chip: choice.label for choice in MENU}
    uk = "uk_returns_baghdad"
    assert labels[Chip("figure", uk, "removed")] == "[44 – removed, October 2009]"
    assert labels[Chip("figure_words", uk, "removed")] == "[44 in words – removed, October 2009]"
    mosul = "christians_killed_mosul"
    assert labels[Chip("figure_words", mosul, "killed_at_least")] == (
        "[eight – killed at least, February 2010]"
    )
    assert labels[Chip("date", uk)] == (
        "[October 2009 – date of In October 2009 the UK forcibly removed…]"
    )
    assert labels[Chip("cite", uk)] == "[source: In October 2009 the UK forcibly removed…]"
    assert labels[Chip("constituency")] == "[constituency]"
    assert labels[Chip("mp")] == "[MP's name]"
    assert labels[Chip("own_words")] == "[supporter's own words]"
    assert len({choice.label for choice in MENU}) == len(MENU)
    assert all("[" not in c.label[1:-1] and "]" not in c.label[1:-1] for c in MENU)


_TWINS = """
[sources.report]
publisher = "P"
title = "T [draft]"
kind = "report"
date_text = "May 2010"

[[findings]]
id = "first_twin"
statement = "The same words open both [statements] {here}, and then they part."
figures = { killed = 3 }
date = 2010-05-01
date_text = "May 2010"
sources = ["report"]

[[findings]]
id = "second_twin"
statement = "The same words open both [statements] {here}, and later they part."
figures = { killed = 3 }
date = 2010-05-01
date_text = "May 2010"
sources = ["report"]
"""


def test_labels_that_would_be_alike_are_told_apart_by_the_finding():
    menu = chip_menu(parse_findings(_TWINS, source_name="twins.toml"))
    labels = [choice.label for choice in menu]
    assert len(set(labels)) == len(labels)
    assert "[3 – killed, May 2010 (first twin)]" in labels
    assert "[source: The same words open both (statements) (here)… (second twin)]" in labels


def canonical(wording: Wording) -> Wording:
    """Adjacent texts joined and empty ones dropped: the form text_to_wording gives."""
    pieces: list = []
    for piece in wording.pieces:
        if isinstance(piece, Text) and pieces and isinstance(pieces[-1], Text):
            pieces[-1] = Text(pieces[-1].text + piece.text)
        elif not (isinstance(piece, Text) and not piece.text):
            pieces.append(piece)
    return Wording(tuple(pieces))


_box_text = st.text(
    st.characters(blacklist_categories=("Cc", "Co", "Cs"), blacklist_characters="{}")
    | st.sampled_from("[]\n\t–-"),
    max_size=30,
)
box_wordings = st.lists(
    st.builds(Text, _box_text) | st.sampled_from([choice.chip for choice in MENU]), max_size=8
).map(lambda pieces: Wording(tuple(pieces)))


@EXAMPLES
@given(wording=box_wordings)
def test_the_text_form_gives_back_the_wording(wording):
    text = wording_to_text(wording, MENU)
    assert text_problems(text, MENU) == []
    back = text_to_wording(text, MENU)
    assert back == canonical(wording)
    assert wording_to_text(back, MENU) == text


def test_square_brackets_typed_twice_are_printed():
    wording = text_to_wording("See [[sic]] in [constituency]]].", MENU)
    assert wording == W("See [sic] in ", Chip("constituency"), "].")
    assert wording_to_text(wording, MENU) == "See [[sic]] in [constituency]]]."


def test_labels_are_read_loosely():
    """Case, spacing, dashes and curly apostrophes do not matter when they are still unique."""
    wording = text_to_wording("[ mp’s NAME ] and [44 - removed, october 2009]", MENU)
    assert wording == W(Chip("mp"), " and ", Chip("figure", "uk_returns_baghdad", "removed"))


def test_line_breaks_from_a_browser_count_as_one_character():
    text = "One\r\nTwo [nothing]"
    (problem,) = text_problems(text, MENU)
    assert (problem.start, problem.end) == (8, 17)
    assert text_to_wording("One\r\nTwo", MENU) == W("One\nTwo")


@pytest.mark.parametrize(
    ("text", "spans", "words"),
    [
        ("Dear [MP], hello", [(5, 9)], "is not something the letter can fill in"),
        ("Hi {{ mp.name }} and }", [(3, 16), (21, 22)], "Curly brackets"),
        ("Open [ bracket", [(5, 6)], "has no ] after it"),
        ("Two [\nlines]", [(4, 5), (11, 12)], "has no ] after it"),
        ("Close ] bracket", [(6, 7)], "has no [ before it"),
        ("Bell \x07 here", [(5, 6)], "invisible character"),
    ],
)
def test_problems_in_the_text_say_where(text, spans, words):
    problems = text_problems(text, MENU)
    assert [(p.start, p.end) for p in problems] == spans
    assert words in problems[0].message
    for problem in problems:
        for jargon in ("{{", "{%", "template", "Jinja", "syntax"):
            assert jargon not in problem.message
    with pytest.raises(WordingTextError) as raised:
        text_to_wording(text, MENU)
    assert raised.value.problems == tuple(problems)
    assert isinstance(raised.value.problems[0], TextProblem)


def test_a_chip_whose_finding_has_gone_shows_and_is_then_a_problem():
    gone = W("In ", Chip("date", "no_such_finding"), ".")
    text = wording_to_text(gone, MENU)
    assert text == "In [no longer in the findings: date of no such finding]."
    assert len(text_problems(text, MENU)) == 1


def test_the_menu_is_a_list_of_choices():
    assert all(isinstance(choice, ChipChoice) for choice in MENU)
    assert [c.chip for c in MENU[:3]] == [Chip("constituency"), Chip("mp"), Chip("own_words")]


# --- checks ----------------------------------------------------------------------------------


def _messages(doc: LetterDocument) -> list[str]:
    return [issue.message for issue in document_issues(doc, FINDINGS) if issue.severity == "error"]


def _ask(*wordings: Wording, **fields) -> Part:
    return Part("ask", "ask", wordings or (W("Please act."),), **fields)


def test_part_names_are_plain():
    doc = from_json(shipped("default"))
    names = part_names(doc, FINDINGS)
    assert names[0] == "The subject"
    assert names[3] == "the paragraph “danger”"
    assert "the paragraph for Women and girls" in names
    assert names[-2:] == ["The ask", "Closing"]


@pytest.mark.parametrize(
    ("part", "message"),
    [
        (_ask(W("Please act."), W("  \n")), "The ask, wording 2: it is empty."),
        (_ask(W("")), "The ask, wording 1: it is empty."),
        (
            _ask(W("x", Chip("cite", "no_such_finding"))),
            "The ask, wording 1: it uses a finding that is not in the findings file "
            "(“no_such_finding”).",
        ),
        (
            _ask(W(Chip("figure", "uk_returns_baghdad", "returned"))),
            "The ask, wording 1: the finding “In October 2009 the UK forcibly removed…” has no "
            "figure called “returned”.",
        ),
        (
            Part("paragraph", "p", (W("x"),), Condition(("no_such_group",))),
            "The paragraph for No such group is for a group the findings do not have "
            "(“no_such_group”).",
        ),
        (
            _ask(*(W(f"Please act {n}.") for n in range(MAX_WORDINGS + 1))),
            "The ask has 7 wordings; a part can have at most 6.",
        ),
        (
            _ask(W("x" * (MAX_WORDING_CHARS + 1))),
            "The ask, wording 1: it is 2,001 characters long; a wording can have at most 2,000.",
        ),
        (_ask(W("Please\x07 act.")), "The ask, wording 1: it has an invisible character (U+0007)"),
        (Part("ask", "ask", ()), "The ask has no wording."),
    ],
)
def test_document_issues_name_the_part_and_wording(part, message):
    messages = _messages(simple_doc(part))
    assert any(m.startswith(message) for m in messages), messages


def test_dropping_the_supporters_own_words_is_an_error():
    no_place = LetterDocument(
        (Part("subject", "subject", (W("Hello"),)), Part("paragraph", "p", (W("Text."),)))
    )
    (message,) = _messages(no_place)
    assert message.startswith("The supporter's own words would be dropped")
    only_some = simple_doc()
    only_some = dataclasses.replace(
        only_some,
        parts=tuple(
            dataclasses.replace(p, only_for=Condition(("minorities",), "given"))
            if p.kind == "own_words"
            else p
            for p in only_some.parts
        ),
    )
    assert _messages(only_some)[0].startswith("The supporter's own words would be dropped")
    as_a_chip = LetterDocument(
        (
            Part("subject", "subject", (W("Hello"),)),
            Part("paragraph", "p", (W("Why: ", Chip("own_words")),)),
        )
    )
    assert _messages(as_a_chip) == []


def test_two_parts_with_one_key_is_an_error():
    doc = simple_doc(_ask(), Part("paragraph", "ask", (W("More."),)))
    (issue,) = document_issues(doc, FINDINGS)
    assert issue.message.startswith("The paragraph “ask” has the same key, “ask”, as The ask.")
    assert issue.part == 2


def test_too_many_parts_is_an_error():
    many = [Part("paragraph", f"p{n}", (W("Text."),)) for n in range(MAX_PARTS)]
    assert "The letter has 43 parts; a letter can have at most 40." in _messages(simple_doc(*many))


def test_the_subject_must_come_first_once_for_everyone():
    doc = simple_doc()
    subject, *rest = doc.parts
    assert _messages(LetterDocument(tuple(rest))) == [
        "The letter has no subject. Add a subject as its first part."
    ]
    assert "The subject must be the first part of the letter." in _messages(
        LetterDocument((rest[0], subject, *rest[1:]))
    )
    conditional = dataclasses.replace(subject, only_for=Condition(("minorities",)))
    assert "The subject must be for every supporter." in _messages(
        LetterDocument((conditional, *rest))
    )
    two_lines = Part("subject", "subject", (W("One\ntwo"),))
    assert "The subject, wording 1: the subject must be on one line." in _messages(
        LetterDocument((two_lines, *rest))
    )


def test_an_issue_says_where_for_the_editor():
    doc = simple_doc(_ask(W("Please act."), W("")))
    (issue,) = document_issues(doc, FINDINGS)
    assert (issue.severity, issue.part, issue.wording) == ("error", 1, 1)


# --- changes ---------------------------------------------------------------------------------


def _with_part(doc: LetterDocument, key: str, **changes) -> LetterDocument:
    return LetterDocument(
        tuple(dataclasses.replace(p, **changes) if p.key == key else p for p in doc.parts)
    )


DEFAULT = from_json(shipped("default"))


def _part(doc: LetterDocument, key: str) -> Part:
    return next(p for p in doc.parts if p.key == key)


def test_no_change_is_no_changes():
    assert describe_changes(DEFAULT, from_json(shipped("default"))) == []


def test_a_word_changed_is_named_with_its_part_and_wording():
    ask = _part(DEFAULT, "ask")
    second = ask.wordings[1].pieces[0].text.replace("press", "urge")
    new = _with_part(DEFAULT, "ask", wordings=(ask.wordings[0], W(second)))
    assert describe_changes(DEFAULT, new) == ["changed “press” to “urge” in The ask, wording 2"]


def test_words_added_and_removed():
    closing = _part(DEFAULT, "closing")
    new = _with_part(
        DEFAULT,
        "closing",
        wordings=(W("Thank you. I look forward to your reply very much."), *closing.wordings[1:]),
    )
    assert describe_changes(DEFAULT, new) == [
        "changed “reply.” to “reply very much.” in Closing, wording 1"
    ]
    assert describe_changes(new, DEFAULT) == [
        "changed “reply very much.” to “reply.” in Closing, wording 1"
    ]
    longer = _with_part(
        DEFAULT,
        "closing",
        wordings=(W("Many thanks. I look forward to your reply."), *closing.wordings[1:]),
    )
    assert describe_changes(DEFAULT, longer) == [
        "changed “Thank you.” to “Many thanks.” in Closing, wording 1"
    ]
    added = _with_part(
        DEFAULT,
        "closing",
        wordings=(W("Thank you. I do look forward to your reply."), *closing.wordings[1:]),
    )
    assert describe_changes(DEFAULT, added) == ["added “do” to Closing, wording 1"]
    assert describe_changes(added, DEFAULT) == ["removed “do” from Closing, wording 1"]


def test_wordings_added_and_removed():
    closing = _part(DEFAULT, "closing")
    more = _with_part(DEFAULT, "closing", wordings=(*closing.wordings, W("Many thanks.")))
    assert describe_changes(DEFAULT, more) == ["added wording 4 to Closing"]
    fewer = _with_part(DEFAULT, "closing", wordings=(closing.wordings[0], closing.wordings[2]))
    assert describe_changes(DEFAULT, fewer) == ["removed wording 2 from Closing"]


def test_parts_added_removed_and_moved():
    without = LetterDocument(tuple(p for p in DEFAULT.parts if p.key != "women_and_girls"))
    assert describe_changes(DEFAULT, without, FINDINGS) == [
        "removed the paragraph for Women and girls"
    ]
    assert describe_changes(DEFAULT, without) == ["removed the paragraph for Women and girls"]
    assert describe_changes(without, DEFAULT, FINDINGS) == [
        "added the paragraph for Women and girls"
    ]
    *body, ask, closing = DEFAULT.parts
    assert describe_changes(DEFAULT, LetterDocument((*body, closing, ask))) == ["moved Closing"]


def test_who_gets_a_part_and_a_rewrite():
    new = _with_part(DEFAULT, "danger", only_for=Condition(own_words="not_given"))
    assert describe_changes(DEFAULT, new) == [
        "changed who gets the paragraph “danger”: now supporters who did not write their own words"
    ]
    rewritten = _with_part(
        DEFAULT, "ask", wordings=(W("Act now, please!"), _part(DEFAULT, "ask").wordings[1])
    )
    assert describe_changes(DEFAULT, rewritten) == ["rewrote The ask, wording 1"]


def test_a_chip_changed_is_named_by_its_label():
    minorities = _part(DEFAULT, "minorities")
    pieces = tuple(
        Chip("figure", p.finding, p.name) if isinstance(p, Chip) and p.kind == "figure_words" else p
        for p in minorities.wordings[0].pieces
    )
    new = _with_part(DEFAULT, "minorities", wordings=(Wording(pieces),))
    assert describe_changes(DEFAULT, new, FINDINGS) == [
        "changed “[eight – killed at least, February 2010]” to “[8 – killed at least, "
        "February 2010]” in the paragraph for Religious and ethnic minorities, such as "
        "Christians, Sabean-Mandaeans and Yazidis, wording 1"
    ]


def test_a_letter_too_long_for_the_sandbox_is_an_error():
    wordings = tuple(W(f"{n} " + "word " * 380) for n in range(MAX_WORDINGS))
    many = [Part("paragraph", f"p{n}", wordings) for n in range(30)]
    (message,) = _messages(simple_doc(*many))
    assert message.startswith("The letter is too long to use: with all its wordings it comes to")


def test_own_words_twice_is_a_warning():
    doc = simple_doc(Part("paragraph", "again", (W("Again: ", Chip("own_words")),)))
    (issue,) = document_issues(doc, FINDINGS)
    assert (issue.severity, issue.part) == ("warning", 2)
    assert issue.message == "The supporter's own words are in the letter more than once."


def test_the_campaign_ships_its_letters_as_documents():
    """The letters a campaign officer edits are documents; the templates are compiled from them."""
    assert set(CAMPAIGN.documents) == {"default", "short"}
    for name, text in CAMPAIGN.documents.items():
        assert CAMPAIGN.templates[name] == to_template(from_json(text))
        assert CAMPAIGN.letter_source(name) == text
