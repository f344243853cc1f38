"""Right-to-left text for the PDF: Arabic shaping and visual (drawing) order.

A PDF draws glyphs left to right exactly as given, with no shaping and no bidirectional
reordering. So Arabic is first turned into its contextual presentation forms (initial, medial,
final, isolated, lam-alef ligatures) by arabic_reshaper, and each *laid-out line* is then put
into visual order by python-bidi. Reordering happens per line, after line breaking, because the
Unicode bidi algorithm is defined on lines: reordering a whole paragraph first would move words
to the wrong line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from arabic_reshaper import ArabicReshaper
from bidi import get_display

# Hebrew, Arabic (with Syriac/Thaana neighbours), and their presentation-form blocks.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
# Explicit direction marks and isolates steer the bidi algorithm; they have no glyph to draw.
BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_STRIP_CONTROLS = str.maketrans(dict.fromkeys(map(ord, BIDI_CONTROLS)))

# Harakat (vowel marks) are kept, never deleted: a name is printed as the supporter wrote it.
# Shifting them makes each mark follow its letter once the line is reversed for drawing.
_RESHAPER = ArabicReshaper(configuration={"delete_harakat": False, "shift_harakat_position": True})


def has_rtl(text: str) -> bool:
    """True when the text holds any right-to-left letter."""
    return _RTL.search(text) is not None


@lru_cache(maxsize=4096)
def shape(text: str) -> str:
    """Arabic letters in their joined presentation forms; other text unchanged."""
    if _ARABIC.search(text) is None:
        return text
    return _RESHAPER.reshape(text)


def visual_line(text: str) -> str:
    """One laid-out line in drawing order (left to right), without direction controls."""
    if _RTL.search(text) is None:
        return text.translate(_STRIP_CONTROLS) if BIDI_CONTROLS.intersection(text) else text
    return get_display(text).translate(_STRIP_CONTROLS)


def is_rtl_paragraph(text: str) -> bool:
    """True when the first strong letter is right-to-left (the paragraph's base direction)."""
    for char in text:
        if _RTL.match(char):
            return True
        if char.isalpha():
            return False
    return False
