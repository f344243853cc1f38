"""The small plain-text format a letter template produces, and how values enter it safely.

A rendered template reads:

    Subject: Please stop forced returns to Baghdad
    <blank line>
    A paragraph, which may run over several lines.
    <blank line>
    - a bullet
    - another bullet, whose text may continue
      on the next line

Paragraphs are separated by blank lines; a line that the template itself starts with "- " is a
bullet. Citations are made by `cite(id)`, which the template environment turns into markers made of
private-use characters.

Anything a template prints with {{ … }} passes through `finalize`, which strips every private-use
character (so nobody can forge a citation or a marker), turns a blank line inside the value into a
paragraph break and any other line break into a space, and wraps the value in "data" markers. The
parser never reads data as format: a name or a reason that starts with "- " or "Subject:" stays
text, and a reason's blank lines can only ever start a new plain paragraph.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from letters import i18n, welsh
from letters.errors import TemplateProblem
from letters.model import Block, BlockKind, Inline, Ref, Text

CITE_OPEN, CITE_CLOSE = "\ue000", "\ue001"
DATA_OPEN, DATA_CLOSE = "\ue002", "\ue003"
PARAGRAPH_BREAK = "\ue004"

# The Basic Multilingual Plane's private-use area and the two supplementary private-use planes.
PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]")
# One search tells whether a value needs any work at all (most do not).
_NEEDS_WORK = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff\r\n\x0b\x0c\x85\u2028\u2029]")
# Runs of spaces and tabs become one space. Other spaces (no-break, ideographic) were typed on
# purpose and are kept.
_SPACES = re.compile(r"[ \t]{2,}|\t")
_CITATION = re.compile(f"{CITE_OPEN}([0-9]+){CITE_CLOSE}")
_MARKERS = f" \t{DATA_OPEN}{DATA_CLOSE}{PARAGRAPH_BREAK}"


# Not calendar.month_name (that follows the process locale): CLDR's names for the letter's locale.
def format_date(value: dt.date) -> str:
    """A date as a British letter writes it: "28 November 2026"."""
    if not isinstance(value, dt.date):
        raise TemplateProblem(f"date() needs a date, not {value!r}")
    return i18n.format_date(value)


_SMALL_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def in_words(value: object, language: str | None = None) -> str:
    """Numbers under ten in words, as letters write them ("eight"; in a Welsh letter "wyth",
    letters.welsh); others as digits ("44"). `language`: the letter's language, by default the
    one letters are written in now (letters.i18n)."""
    if (language or i18n.language()) == "cy":
        return welsh.in_words(value)
    if type(value) is int and 0 <= value < len(_SMALL_NUMBERS):
        return _SMALL_NUMBERS[value]
    return str(value)


@dataclass(frozen=True, slots=True)
class Citation:
    """What `cite(id)` returns; only `finalize` can turn it into text (a citation marker)."""

    index: int

    def __str__(self) -> str:
        raise TemplateProblem(
            "cite(…) must stand on its own inside {{ }}, not be joined to other text"
        )


def strip_private_use(text: str) -> str:
    """`text` without private-use characters (the markers are made of them)."""
    return PRIVATE_USE.sub("", text) if PRIVATE_USE.search(text) else text


def finalize(value: object) -> str:
    """The environment's `finalize`: every {{ … }} value becomes marked, flattened data."""
    if isinstance(value, Citation):
        return f"{CITE_OPEN}{value.index}{CITE_CLOSE}"
    if isinstance(value, str):
        text = value
    elif value is None:
        text = ""
    elif isinstance(value, dt.date):
        text = format_date(value)
    elif isinstance(value, list | tuple):
        text = ", ".join(finalize(item) for item in value)
    else:
        # Findings print as their statement, groups as their label (see templates/README.md).
        text = str(getattr(value, "statement", None) or getattr(value, "label", None) or value)
    if _NEEDS_WORK.search(text):
        text = strip_private_use(text)
        text = _BLANK_LINES.sub(PARAGRAPH_BREAK, text.replace("\r\n", "\n"))
        text = _LINE_BREAKS.sub(" ", text)
    return f"{DATA_OPEN}{text}{DATA_CLOSE}"


@dataclass(frozen=True, slots=True)
class ParsedBody:
    subject: str
    blocks: tuple[Block, ...]


def parse_body(text: str, resolve: Callable[[int], int]) -> ParsedBody:
    """Parse rendered template output; `resolve` maps a citation index to its footnote number."""
    lines = text.replace("\r\n", "\n").split("\n")
    start = next((i for i, line in enumerate(lines) if not _is_blank(line)), len(lines))
    if start == len(lines) or not lines[start].startswith("Subject:"):
        raise TemplateProblem(
            "The letter must start with a subject line, like 'Subject: Stop forced returns'.",
            line=None if start == len(lines) else start + 1,
        )
    subject = _flat_text(lines[start][len("Subject:") :])
    if not subject:
        raise TemplateProblem("The subject line is empty.", line=start + 1)
    blocks = _Blocks(resolve)
    for line in lines[start + 1 :]:
        blocks.add_line(line)
    result = blocks.finish()
    if not result:
        raise TemplateProblem("The letter has no text after the subject line.")
    return ParsedBody(subject=subject, blocks=result)


def _is_blank(line: str) -> bool:
    return not line.strip(_MARKERS)


def _flat_text(text: str) -> str:
    """Text with every marker removed (citations included) and spaces collapsed."""
    text = _CITATION.sub("", text).replace(PARAGRAPH_BREAK, " ")
    return _tidy(text)


def _tidy(text: str) -> str:
    """Data markers removed, runs of spaces collapsed, ends stripped."""
    text = text.replace(DATA_OPEN, "").replace(DATA_CLOSE, "")
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


class _Blocks:
    """Groups lines into paragraphs and bullet lists."""

    def __init__(self, resolve: Callable[[int], int]):
        self.resolve = resolve
        self.blocks: list[Block] = []
        self.paragraph: list[str] = []
        self.bullets: list[list[str]] = []

    def add_line(self, line: str) -> None:
        if _is_blank(line):
            self.flush()
        elif line.lstrip(" ").startswith("- "):
            self.flush_paragraph()
            self.bullets.append([line.lstrip(" ")[2:]])
        elif self.bullets and not self.paragraph:
            self.bullets[-1].append(line)  # a bullet's text continued on the next line
        else:
            self.paragraph.append(line)

    def flush_paragraph(self) -> None:
        if self.paragraph:
            for part in " ".join(self.paragraph).split(PARAGRAPH_BREAK):
                inlines = self.inlines(part)
                if inlines:
                    self.blocks.append(Block(BlockKind.PARAGRAPH, (inlines,)))
            self.paragraph = []

    def flush(self) -> None:
        self.flush_paragraph()
        if self.bullets:
            items = [
                self.inlines(" ".join(item).replace(PARAGRAPH_BREAK, " ")) for item in self.bullets
            ]
            items = [item for item in items if item]
            if items:
                self.blocks.append(Block(BlockKind.BULLETS, tuple(items)))
            self.bullets = []

    def finish(self) -> tuple[Block, ...]:
        self.flush()
        return tuple(self.blocks)

    def inlines(self, text: str) -> tuple[Inline, ...]:
        text = _tidy(text)
        if CITE_OPEN not in text:
            return (Text(text),) if text else ()
        parts = _CITATION.split(text)
        result: list[Inline] = []
        for position, part in enumerate(parts):
            if position % 2:
                result.append(Ref(self.resolve(int(part))))
                continue
            if position + 1 < len(parts):
                part = part.rstrip()  # "Baghdad. [1]" reads worse than "Baghdad.[1]"
            if part:
                result.append(Text(part))
        return _without_repeated_refs(result)


def _without_repeated_refs(items: list[Inline]) -> tuple[Inline, ...]:
    """Mark a footnote once when sentences in a row cite it: "…UK. Amnesty … Iraq.[1]"."""
    result: list[Inline] = []
    last_ref: int | None = None  # position in `result` of the latest Ref
    for item in items:
        if isinstance(item, Ref):
            if last_ref is not None and result[last_ref] == item:
                del result[last_ref]
                if 0 < last_ref < len(result) and isinstance(result[last_ref - 1], Text):
                    joined = result[last_ref - 1].text + result.pop(last_ref).text
                    result[last_ref - 1] = Text(joined)
            result.append(item)
            last_ref = len(result) - 1
        elif result and isinstance(result[-1], Text):
            result[-1] = Text(result[-1].text + item.text)
        else:
            result.append(item)
    return tuple(result)
