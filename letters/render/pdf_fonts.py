"""Fonts for the PDF letter: which font draws each character, and how wide it is.

Two font schemes, chosen per letter:

- ``WINANSI``: Helvetica and Helvetica-Bold, two of the PDF standard fonts. Nothing is embedded,
  so these letters are small and fast; they cover Windows-1252 (Latin-1 plus curly quotes,
  dashes, the euro sign and a few more), which is most letters.
- ``UNICODE``: static Noto Sans Regular/Bold (Latin, Greek, Cyrillic, Vietnamese), with
  Noto Sans Arabic and a Hebrew cut of DejaVu Sans as fallbacks, embedded as subsets. See
  ``letters/fonts/build_fonts.py`` for how the static files are made.

ReportLab (and a PDF viewer) silently draws nothing for a character the font lacks, so every
character is checked against the fonts' character maps first; `unprintable` names the ones no
font has (emoji, CJK, ...) and the caller refuses the letter rather than lose them. Devanagari is
refused even though Noto Sans has its glyphs: drawn without a shaping engine it would be
misspelt (vowel signs in the wrong place, no conjuncts).

Everything here is built once per process; the Unicode scheme only when a letter first needs it.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import TTFontFace

from letters.render.bidi import BIDI_CONTROLS, has_rtl, shape

FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"
WHITESPACE = "\t\n\r\v\f"
# Scripts whose letters are reordered or combined by a shaping engine we do not have.
_NEEDS_SHAPING = re.compile("[\u0900-\u097f\ua8e0-\ua8ff\u1cd0-\u1cff]")
_WORD_CACHE_MAX = 50_000


@dataclass(eq=False)
class Face:
    """One PDF font: a standard Type 1 font (``ttf`` None) or an embedded TrueType font."""

    base_font: str  # the PostScript name, e.g. "Helvetica-Bold" or "NotoSans-Bold"
    bold: bool
    widths: dict[str, float]  # character -> advance width in 1/1000 em
    ttf: TTFontFace | None = None
    base_chars: str = ""  # embedded faces: the characters of the shared first subset


@dataclass(eq=False)
class Weight:
    """One weight of a scheme: the face for each character, and cached word widths."""

    faces: tuple[Face, ...]  # primary face first
    pick: dict[str, Face]  # character -> the face that draws it
    widths: dict[str, float]  # character -> width in 1/1000 em, from that face
    others: re.Pattern[str] | None  # matches a character the primary face does not draw
    _words: dict[str, float] = field(default_factory=dict)

    def width(self, text: str) -> float:
        """Advance width of `text` in 1/1000 em (multiply by the font size / 1000)."""
        words = self._words
        found = words.get(text)
        if found is None:
            if len(words) > _WORD_CACHE_MAX:
                words.clear()  # names and addresses are endless; keep the cache bounded
            found = words[text] = sum(map(self.widths.__getitem__, text))
        return found

    def runs(self, text: str) -> list[tuple[Face, str]]:
        """Split `text` into runs that one face each can draw."""
        primary = self.faces[0]
        if self.others is None or self.others.search(text) is None:
            return [(primary, text)]
        pick = self.pick
        runs: list[tuple[Face, str]] = []
        start, current = 0, pick.get(text[0], primary)
        for i, char in enumerate(text):
            face = pick.get(char, primary) if char != " " else current
            if face is not current:
                runs.append((current, text[start:i]))
                start, current = i, face
        runs.append((current, text[start:]))
        return runs


@dataclass(eq=False)
class Scheme:
    """The regular and bold weights a letter is drawn with."""

    name: str
    regular: Weight
    bold: Weight

    def weight(self, bold: bool) -> Weight:
        return self.bold if bold else self.regular


def _winansi_chars() -> str:
    chars = []
    for code in range(32, 256):
        try:
            chars.append(bytes([code]).decode("cp1252"))
        except UnicodeDecodeError:
            continue  # the five bytes Windows-1252 leaves undefined
    return "".join(chars)


WINANSI_CHARS = _winansi_chars()
_NOT_WINANSI = re.compile("[^" + re.escape(WINANSI_CHARS + WHITESPACE) + "]")


def _standard_face(name: str, bold: bool) -> Face:
    table = getFont(name).widths  # 256 widths indexed by WinAnsi code
    widths = {char: float(table[ord(char.encode("cp1252"))]) for char in WINANSI_CHARS}
    return Face(base_font=name, bold=bold, widths=widths)


def _weight(faces: tuple[Face, ...]) -> Weight:
    primary = faces[0]
    pick: dict[str, Face] = {}
    for face in reversed(faces):  # earlier faces win
        pick.update(dict.fromkeys(face.widths, face))
    # A right-to-left letter is drawn by the face made for its script, even where the Latin
    # face also has a glyph, so a word never mixes the designs of two fonts.
    for face in faces[1:]:
        for char in face.widths:
            if "\u0590" <= char <= "\u08ff" or "\ufb1d" <= char <= "\ufeff":
                pick[char] = face
    widths = {char: face.widths[char] for char, face in pick.items()}
    outside = [char for char, face in pick.items() if face is not primary]
    others = re.compile("[" + re.escape("".join(outside)) + "]") if outside else None
    return Weight(faces=faces, pick=pick, widths=widths, others=others)


@cache
def winansi_scheme() -> Scheme:
    """Helvetica and Helvetica-Bold: no embedding, Windows-1252 characters only."""
    regular = (_standard_face("Helvetica", False),)
    bold = (_standard_face("Helvetica-Bold", True),)
    return Scheme("winansi", _weight(regular), _weight(bold))


def _ttf_face(filename: str, bold: bool, *, latin: bool = False) -> Face:
    ttf = TTFontFace(str(FONTS_DIR / filename))
    widths = {
        chr(code): float(ttf.charWidths.get(code, ttf.defaultWidth))
        for code in ttf.charToGlyph
        if code >= 32 and not 0xD800 <= code <= 0xDFFF
    }
    widths.setdefault("\u00a0", widths[" "])
    base = "".join(c for c in WINANSI_CHARS if c in widths) if latin else ""
    name = ttf.name.decode("latin-1")
    return Face(base_font=name, bold=bold, widths=widths, ttf=ttf, base_chars=base)


_unicode_lock = threading.Lock()


@cache
def _unicode_scheme_locked() -> Scheme:
    weights = []
    for style, bold in (("Regular", False), ("Bold", True)):
        faces = (
            _ttf_face(f"NotoSans-{style}.ttf", bold, latin=True),
            _ttf_face(f"NotoSansArabic-{style}.ttf", bold),
            _ttf_face(f"DejaVuSansHebrew-{style}.ttf", bold),
        )
        weights.append(_weight(faces))
    return Scheme("unicode", weights[0], weights[1])


def unicode_scheme() -> Scheme:
    """Embedded Noto Sans (+ Arabic, Hebrew), loaded on first use (about 50 ms, once)."""
    with _unicode_lock:  # two first requests at once must not parse the fonts twice
        return _unicode_scheme_locked()


def is_winansi(text: str) -> bool:
    """True when Helvetica can draw every character of `text`."""
    return _NOT_WINANSI.search(text) is None


def normalise(text: str) -> str:
    """Composed (NFC) form: "e" + combining acute becomes "é", which the fonts do have."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def unprintable(text: str) -> str:
    """The distinct characters of `text` that no font can draw correctly, in order of appearance."""
    text = normalise(text)
    if is_winansi(text):
        return ""
    drawable = unicode_scheme().regular.pick
    if has_rtl(text):
        text += shape(text)  # the joined forms must exist too
    missing = {
        char: None
        for char in text
        if (char not in drawable and char not in WHITESPACE and char not in BIDI_CONTROLS)
        or _NEEDS_SHAPING.match(char)
    }
    return "".join(missing)
