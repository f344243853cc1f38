"""Lay a Letter out on A4 pages: positioned lines of styled text, no drawing.

Platypus is general and slow (about 7 ms a letter); a letter needs only ragged-right paragraphs,
bullets and a few fixed blocks, so lines are broken greedily here with cached word widths from
`pdf_fonts`. The result (`Page`s of `Line`s) is drawn by `pdf_writer`, and `count_pages` needs
nothing more than this layout.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from letters import i18n
from letters.bodyformat import format_date
from letters.model import Block, BlockKind, Inline, Letter, Ref
from letters.render.bidi import has_rtl, is_rtl_paragraph, shape, visual_line
from letters.render.pdf_fonts import Scheme, normalise

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 25 * mm
MARGIN_RIGHT = 22 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 22 * mm
FOOTER_BASELINE = 12 * mm
TEXT_LEFT = MARGIN_LEFT
TEXT_RIGHT = PAGE_WIDTH - MARGIN_RIGHT
TEXT_WIDTH = TEXT_RIGHT - TEXT_LEFT
SENDER_WIDTH = 0.45 * TEXT_WIDTH
BULLET_INDENT = 5 * mm
NOTE_INDENT = 5 * mm
SIGNATURE_SPACE = 14 * mm  # room to sign by hand
# Pages after the first start lower, under a line naming the sender: a page 2 that comes apart
# from page 1 in an MP's office must still say whose letter it is.
HEADER_BASELINE = PAGE_HEIGHT - MARGIN_TOP + 2 * mm
LATER_PAGE_TOP = PAGE_HEIGHT - MARGIN_TOP - 8 * mm


class Style(NamedTuple):
    """How a run of text is set: weight, size in points, and baseline rise (superscripts)."""

    bold: bool
    size: float
    rise: float = 0.0


BODY = Style(False, 11.0)
BOLD = Style(True, 11.0)
SUPERSCRIPT = Style(False, 7.0, 4.0)
NOTE = Style(False, 8.5)
FOOTER = Style(False, 8.0)
TITLE = Style(True, 18.0)
LEADING = 14.5
NOTE_LEADING = 10.5
PARAGRAPH_GAP = 7.0
_SPACES = re.compile(r"[ \t\n\r\f\v]+")  # not str.split(): a no-break space must stay one

Frag = tuple[Style, str]
Word = tuple[Frag, ...]


class LineKind(StrEnum):
    """What part of the letter a line belongs to (for checking layouts, not for drawing)."""

    ADDRESS = "address"  # addresses, date, salutation and subject
    BODY = "body"
    CLOSING = "closing"  # sign-off and name
    NOTE = "note"  # the sources
    HEADER = "header"  # the sender's name on later pages
    FOOTER = "footer"  # "Page n of N"


@dataclass(slots=True)
class Line:
    """One line of text: its frags are drawn one after another from (x, y), the baseline."""

    x: float
    y: float
    frags: tuple[Frag, ...]
    kind: LineKind = LineKind.BODY


@dataclass(slots=True)
class Page:
    lines: list[Line] = field(default_factory=list)
    rules: list[tuple[float, float, float]] = field(default_factory=list)  # (x1, x2, y)


class Flow:
    """Places lines top to bottom, starting a new page when the next one would not fit."""

    def __init__(self, scheme: Scheme):
        self.scheme = scheme
        self.unicode = scheme.name == "unicode"
        self.pages: list[Page] = []
        self.kind = LineKind.ADDRESS  # the kind of the lines placed next
        self.new_page()

    def new_page(self) -> None:
        self.page = Page()
        self.pages.append(self.page)
        self.y = PAGE_HEIGHT - MARGIN_TOP if len(self.pages) == 1 else LATER_PAGE_TOP

    @property
    def usable_height(self) -> float:
        """The height a later page offers, between its header and its footer margin."""
        return LATER_PAGE_TOP - MARGIN_BOTTOM

    def need(self, height: float) -> None:
        """Start a new page unless `height` points still fit on this one."""
        if self.y - height < MARGIN_BOTTOM and self.page.lines:
            self.new_page()

    def space(self, height: float) -> None:
        self.y -= height

    def rule(self, x1: float, x2: float, height: float) -> None:
        self.need(height)
        self.y -= height
        self.page.rules.append((x1, x2, self.y + height / 2))

    def width(self, style: Style, text: str) -> float:
        return self.scheme.weight(style.bold).width(text) * style.size / 1000.0

    def prepare(self, text: str) -> str:
        """Composed characters, and Arabic in joined forms, before anything is measured."""
        return shape(normalise(text)) if self.unicode else normalise(text)

    def text(self, text: str, style: Style, x: float, width: float, leading: float) -> None:
        """A plain paragraph (address lines, subject, ...)."""
        self.paragraph(((style, self.prepare(text)),), x, width, leading)

    def paragraph(
        self,
        runs: tuple[tuple[Style, str] | int, ...],
        x: float,
        width: float,
        leading: float,
        *,
        align_rtl: bool = False,
        label: tuple[float, Frag] | None = None,
    ) -> tuple[Page, float]:
        """Place styled runs (an int is a footnote number) as lines; return where the first went.

        `label` (x, frag) is drawn on the first line's baseline, e.g. a bullet.
        """
        lines, rtl = set_paragraph(self.scheme, runs, width)
        self.need(min(2, len(lines)) * leading)  # no single orphaned first line
        first: tuple[Page, float] | None = None
        last_pair = len(lines) - 2
        for i, (frags, line_width) in enumerate(lines):
            self.need(2 * leading if i == last_pair else leading)  # nor a last line alone
            self.y -= leading
            if label is not None and first is None:  # a bullet or note number, read first
                self.page.lines.append(Line(label[0], self.y, (label[1],), self.kind))
            left = x + width - line_width if rtl and align_rtl else x
            self.page.lines.append(Line(left, self.y, frags, self.kind))
            first = first or (self.page, self.y)
        return first or (self.page, self.y)


SetLines = tuple[tuple[tuple[Frag, ...], float], ...]


@lru_cache(maxsize=4096)
def set_paragraph(scheme: Scheme, runs: tuple, width: float) -> tuple[SetLines, bool]:
    """Lines (frags in drawing order, width) for a paragraph, and whether it reads right to left.

    Cached: most paragraphs of a campaign's letters are the same for every supporter, so a batch
    breaks each of them into lines once.
    """

    def measure(style: Style, text: str) -> float:
        return scheme.weight(style.bold).width(text) * style.size / 1000.0

    words = _words(runs)
    unicode = scheme.name == "unicode"
    # A right-to-left paragraph reads from the right; its words run right to left.
    rtl = unicode and is_rtl_paragraph("".join(t for w in words for _, t in w))
    lines = []
    for line_words, line_width in _break(words, width, measure):
        frags = _join(line_words)
        if unicode and any(has_rtl(t) for _, t in frags):
            frags = tuple((s, visual_line(t)) for s, t in frags)
            frags = frags[::-1] if rtl else frags
        lines.append((frags, line_width))
    return tuple(lines), rtl


Measure = Callable[[Style, str], float]


def _word_width(word: Word, measure: Measure) -> float:
    if len(word) == 1:
        return measure(*word[0])
    return sum(measure(style, text) for style, text in word)


def _break(words: list[Word], width: float, measure: Measure) -> list[tuple[list[Word], float]]:
    """Greedy line breaking; a word wider than the line is cut where it must be."""
    lines: list[tuple[list[Word], float]] = []
    current: list[Word] = []
    used = 0.0
    for word in words:
        word_width = _word_width(word, measure)
        if word_width > width:
            pieces = [(p, _word_width(p, measure)) for p in _cut(word, width, measure)]
        else:
            pieces = [(word, word_width)]
        for piece, piece_width in pieces:
            gap = measure(piece[0][0], " ") if current else 0.0
            if current and used + gap + piece_width > width:
                lines.append((current, used))
                current, used, gap = [], 0.0, 0.0
            current.append(piece)
            used += gap + piece_width
    if current:
        lines.append((current, used))
    return lines


def _cut(word: Word, width: float, measure: Measure) -> list[Word]:
    pieces: list[Word] = []
    for style, text in word:
        start = 0
        for end in range(1, len(text) + 1):
            if end - start > 1 and measure(style, text[start:end]) > width:
                pieces.append(((style, text[start : end - 1]),))
                start = end - 1
        pieces.append(((style, text[start:]),))
    return pieces


def _words(runs: Iterable[tuple[Style, str] | int]) -> list[Word]:
    """Split runs into words; a footnote number and punctuation stick to the word before."""
    words: list[list[Frag]] = []
    glue = False  # does the next run continue the last word?
    for run in runs:
        if isinstance(run, int):
            _append(words, (SUPERSCRIPT, str(run)), glue)
            glue = True
            continue
        style, text = run
        parts = _SPACES.split(text)
        for i, part in enumerate(parts):
            if part:
                _append(words, (style, part), glue and i == 0)
        glue = bool(parts[-1]) if parts else glue
    return [tuple(w) for w in words]


def _append(words: list[list[Frag]], frag: Frag, glue: bool) -> None:
    if glue and words:
        last = words[-1]
        if last[-1][0] is frag[0]:
            last[-1] = (frag[0], last[-1][1] + frag[1])
        else:
            last.append(frag)
    else:
        words.append([frag])


def _join(words: list[Word]) -> tuple[Frag, ...]:
    """One line's words as few frags as possible, spaces included."""
    out: list[list] = []
    for i, word in enumerate(words):
        for j, (style, text) in enumerate(word):
            if i and not j:
                text = " " + text
            if out and out[-1][0] is style:
                out[-1][1] += text
            else:
                out.append([style, text])
    return tuple((style, text) for style, text in out)


def inline_runs(flow: Flow, inlines: Iterable[Inline]) -> tuple[tuple[Style, str] | int, ...]:
    """A paragraph's Text and Ref inlines as runs for `Flow.paragraph`."""
    return tuple(
        inline.number if isinstance(inline, Ref) else (BODY, flow.prepare(inline.text))
        for inline in inlines
    )


def layout_blocks(flow: Flow, blocks: Iterable[Block]) -> None:
    """Body paragraphs and bulleted lists."""
    flow.kind = LineKind.BODY
    for block in blocks:
        bullets = block.kind is BlockKind.BULLETS
        indent = BULLET_INDENT if bullets else 0.0
        label = (TEXT_LEFT, (BODY, "\u2022")) if bullets else None
        for item in block.items:
            runs = inline_runs(flow, item)
            width = TEXT_WIDTH - indent
            flow.paragraph(runs, TEXT_LEFT + indent, width, LEADING, align_rtl=True, label=label)
            if bullets:
                flow.space(2.0)
        flow.space(PARAGRAPH_GAP)


def _sender_block(flow: Flow, letter: Letter) -> None:
    """Sender's name, address, postcode and email top right, then the date."""
    lines = [letter.sender_name, *letter.sender_address]
    if letter.sender_email:
        lines.append(letter.sender_email)
    lines = [flow.prepare(line) for line in lines]
    widest = max(flow.width(BODY, line) for line in lines)
    width = min(max(widest, flow.width(BODY, format_date(letter.date))), SENDER_WIDTH)
    x = TEXT_RIGHT - width
    for line in lines:
        flow.paragraph(((BODY, line),), x, width, LEADING)
    flow.space(LEADING / 2)
    flow.text(format_date(letter.date), BODY, x, width, LEADING)


def _blocks_height(flow: Flow, blocks: Iterable[Block]) -> float:
    """How tall `layout_blocks` would make these blocks (lines are cached, so this is cheap)."""
    height = 0.0
    for block in blocks:
        bullets = block.kind is BlockKind.BULLETS
        width = TEXT_WIDTH - (BULLET_INDENT if bullets else 0.0)
        for item in block.items:
            lines, _rtl = set_paragraph(flow.scheme, inline_runs(flow, item), width)
            height += len(lines) * LEADING + (2.0 if bullets else 0.0)
        height += PARAGRAPH_GAP
    return height


def _footnotes_height(flow: Flow, letter: Letter) -> float:
    """How tall `_footnotes` would make the sources, with the room it asks for before them."""
    if not letter.footnotes:
        return 0.0
    notes = NOTE_LEADING  # the rule
    for note in letter.footnotes:
        runs = ((NOTE, flow.prepare(note.text)),)
        lines, _rtl = set_paragraph(flow.scheme, runs, TEXT_WIDTH - NOTE_INDENT)
        notes += len(lines) * NOTE_LEADING + 1.5
    return LEADING + max(notes, LEADING + 2 * NOTE_LEADING)


CLOSING_HEIGHT = 2 * LEADING + SIGNATURE_SPACE


def _closing(flow: Flow, letter: Letter) -> None:
    """Sign-off, room to sign, and the name, kept together on one page."""
    flow.kind = LineKind.CLOSING
    flow.need(CLOSING_HEIGHT)
    flow.text(letter.sign_off, BODY, TEXT_LEFT, TEXT_WIDTH, LEADING)
    flow.space(SIGNATURE_SPACE)
    flow.text(letter.signature_name, BODY, TEXT_LEFT, TEXT_WIDTH, LEADING)


def _footnotes(flow: Flow, letter: Letter) -> None:
    """Numbered sources in small type after a short rule."""
    if not letter.footnotes:
        return
    flow.kind = LineKind.NOTE
    flow.space(LEADING)
    flow.need(LEADING + 2 * NOTE_LEADING)
    flow.rule(TEXT_LEFT, TEXT_LEFT + 40 * mm, NOTE_LEADING)
    for note in letter.footnotes:
        runs = ((NOTE, flow.prepare(note.text)),)
        label = (TEXT_LEFT, (NOTE, f"{note.number}."))
        x, width = TEXT_LEFT + NOTE_INDENT, TEXT_WIDTH - NOTE_INDENT
        flow.paragraph(runs, x, width, NOTE_LEADING, align_rtl=True, label=label)
        flow.space(1.5)


def layout_letter(letter: Letter, scheme: Scheme) -> list[Page]:
    """Every page of the letter, with "Page n of N" footers when there is more than one."""
    flow = Flow(scheme)
    _sender_block(flow, letter)
    flow.space(LEADING)
    for line in letter.recipient:
        flow.text(line, BODY, TEXT_LEFT, SENDER_WIDTH * 1.4, LEADING)
    flow.space(LEADING * 1.5)
    flow.text(letter.salutation, BODY, TEXT_LEFT, TEXT_WIDTH, LEADING)
    flow.space(PARAGRAPH_GAP)
    flow.need(3 * LEADING)  # the subject stays with the first lines of the letter
    flow.text(letter.subject, BOLD, TEXT_LEFT, TEXT_WIDTH, LEADING)
    flow.space(PARAGRAPH_GAP)
    layout_blocks(flow, letter.blocks[:-1])
    # The last paragraph, the sign-off, the room to sign and the sources stay together, so a
    # page never carries only a footnote or only "Yours sincerely" (unless they cannot fit one).
    tail = _blocks_height(flow, letter.blocks[-1:]) + CLOSING_HEIGHT
    tail += _footnotes_height(flow, letter)
    if tail <= flow.usable_height:
        flow.need(tail)
    layout_blocks(flow, letter.blocks[-1:])
    _closing(flow, letter)
    _footnotes(flow, letter)
    _number_pages(flow, letter)
    return flow.pages


def _number_pages(flow: Flow, letter: Letter | None = None) -> None:
    """ "Page n of N" at the foot of every page, and the sender's name atop every later one."""
    total = len(flow.pages)
    if total < 2:
        return
    for number, page in enumerate(flow.pages, start=1):
        label = i18n.gettext("Page %(number)s of %(total)s", number=number, total=total)
        x = (PAGE_WIDTH - flow.width(FOOTER, label)) / 2
        page.lines.append(Line(x, FOOTER_BASELINE, ((FOOTER, label),), LineKind.FOOTER))
        if number > 1 and letter is not None:
            page.lines.insert(0, _header(flow, letter.sender_name, label))  # read first


def _header(flow: Flow, name: str, label: str) -> Line:
    """The sender's name and the page number, on one line (a long name is cut to fit)."""
    runs = ((FOOTER, flow.prepare(f"{name} – {label}")),)
    lines, _rtl = set_paragraph(flow.scheme, runs, TEXT_WIDTH)
    if len(lines) > 1:  # a very long name: its first line, then the page number
        runs = ((FOOTER, flow.prepare(name)),)
        first = set_paragraph(flow.scheme, runs, TEXT_WIDTH - flow.width(FOOTER, label) - 12)
        frags = (*first[0][0][0], (FOOTER, f" – {label}"))
        return Line(TEXT_LEFT, HEADER_BASELINE, frags, LineKind.HEADER)
    return Line(TEXT_LEFT, HEADER_BASELINE, lines[0][0], LineKind.HEADER)


def layout_cover(title: str, lines: Iterable[str], scheme: Scheme) -> list[Page]:
    """The cover of a merged print file: a bold title and plain lines (more pages if long)."""
    flow = Flow(scheme)
    flow.space(30 * mm)
    flow.text(title, TITLE, TEXT_LEFT, TEXT_WIDTH, 24.0)
    flow.space(LEADING)
    for line in lines:
        flow.text(line, BODY, TEXT_LEFT, TEXT_WIDTH, LEADING)
    return flow.pages
