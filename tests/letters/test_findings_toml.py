"""Findings written back as the findings file: what is read back is what was written."""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

from hypothesis import given, settings
from hypothesis import strategies as st

from letters.campaign import CAMPAIGNS_DIR, DEFAULT_CAMPAIGN
from letters.findings import ID_PATTERN, AtRiskGroup, Finding, FindingSet, Source, parse_findings
from letters.findings_toml import HEAD, Place, comments_of, place_of_line, table_key, to_toml

SHIPPED = (CAMPAIGNS_DIR / DEFAULT_CAMPAIGN / "findings.toml").read_text(encoding="utf-8")
TODAY = dt.date(2026, 11, 28)


def parse(text: str) -> FindingSet:
    return parse_findings(text, source_name="findings.toml", today=TODAY)


def test_the_shipped_findings_come_back_equal_and_line_for_line():
    """Parse → write → parse gives the same findings; the file itself, comments and all, comes
    back unchanged, so a save from the form that changes nothing shows no difference."""
    shipped = SHIPPED.replace("\r\n", "\n")
    findings = parse(shipped)
    written = to_toml(findings, comments_of(shipped))
    assert parse(written) == findings
    assert written == shipped


def test_a_source_no_finding_cites_is_kept():
    """Every source the file defines is written back, cited or not."""
    spare = 'publisher = "P"\ntitle = "T"\nkind = "report"\ndate_text = "May 2010"\n'
    text = SHIPPED + "\n[sources.spare]\n" + spare
    findings = parse(text)
    assert list(parse(to_toml(findings)).sources) == ["report", "press_release", "spare"]


def test_comment_blocks_write_only_comments():
    """A comment block can never add a key or a table, whatever it holds."""
    findings = parse(SHIPPED)
    first = next(iter(findings.findings))
    sneaky = {HEAD: "# a note\n[[findings]]\nid = 'x'", table_key("findings", first): "x = 1"}
    assert parse(to_toml(findings, sneaky)) == findings


def test_a_line_is_placed_in_its_table_and_key():
    """A problem's line names the table (by position) and the key it is on."""
    text = to_toml(parse(SHIPPED))
    lines = text.split("\n")
    statement = next(n for n, row in enumerate(lines, 1) if "More than 100 civilians" in row)
    assert place_of_line(text, statement) == Place("findings", 2, "statement")
    pages = next(n for n, row in enumerate(lines, 1) if row.startswith("pages"))
    assert place_of_line(text, pages) == Place("sources", 0, "pages")
    group = next(n for n, row in enumerate(lines, 1) if row == "[[groups]]")
    assert place_of_line(text, group) == Place("groups", 0, None)
    assert place_of_line(text, None) is None


# --- generated findings -----------------------------------------------------------------------

ids = st.from_regex(ID_PATTERN, fullmatch=True)
# Any text a person could type, control characters, quotes and backslashes included; the file
# keeps text without its surrounding space, so generated text has none either.
words = (
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)
optional_words = st.none() | words
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)
whole_numbers = st.integers(min_value=-(2**63), max_value=2**63 - 1)


@st.composite
def finding_sets(draw) -> FindingSet:
    source_ids = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
    sources = {
        sid: Source(
            id=sid,
            publisher=draw(words),
            title=draw(words),
            kind=draw(words),
            date_text=draw(words),
            pages=draw(st.none() | st.integers(min_value=1, max_value=10_000)),
            url=draw(optional_words),
            cite_as=draw(optional_words),
        )
        for sid in source_ids
    }
    findings = {}
    for fid in draw(st.lists(ids, min_size=1, max_size=4, unique=True)):
        quote = draw(optional_words)
        cited = draw(st.lists(st.sampled_from(source_ids), min_size=1, max_size=3, unique=True))
        findings[fid] = Finding(
            id=fid,
            statement=draw(words),
            figures=MappingProxyType(draw(st.dictionaries(ids, whole_numbers, max_size=3))),
            date=draw(dates),
            date_text=draw(words),
            sources=tuple(sources[s] for s in cited),
            quote=quote,
            speaker=None if quote is None else draw(words),
            note=draw(optional_words),
        )
    finding_ids = st.lists(st.sampled_from(list(findings)), min_size=1, max_size=4)
    groups = tuple(
        AtRiskGroup(id=gid, label=draw(words), finding_ids=tuple(draw(finding_ids)))
        for gid in draw(st.lists(ids, max_size=3, unique=True))
    )
    return FindingSet(
        findings=MappingProxyType(findings), groups=groups, sources=MappingProxyType(sources)
    )


comment_blocks = st.lists(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=30).map(lambda s: "# " + s),
    max_size=3,
).map("\n".join)


@settings(max_examples=200, deadline=None)
@given(findings=finding_sets())
def test_generated_findings_come_back_equal(findings):
    """Whatever the findings hold (quotes, backslashes, control characters, any figures),
    writing them and reading them back gives the same findings."""
    assert parse(to_toml(findings)) == findings


@settings(max_examples=100, deadline=None)
@given(findings=finding_sets(), head=comment_blocks, above=comment_blocks)
def test_generated_comments_stay_where_they_were(findings, head, above):
    """Comments written above the file and above a finding are found there again, and writing
    the file again with them changes nothing."""
    first = table_key("findings", next(iter(findings.findings)))
    text = to_toml(findings, {HEAD: head, first: above})
    assert parse(text) == findings
    assert to_toml(findings, comments_of(text)) == text
