"""Embedding TrueType subsets: one-byte codes for the characters drawn, and the font programs.

Done the way ReportLab does it: subsets of at most 256 glyphs, each a simple TrueType font whose
codes are given out in order of first use, made by ReportLab's `TTFontFile.makeSubset`, with a
ToUnicode map so the text can be copied and searched.

Making and compressing a subset program costs about 1 ms per 50 glyphs, which would dominate a
letter. So the first subset of Noto Sans is always the same (every Windows-1252 character): it
is made once per process and reused by every letter, and only the few characters beyond it (the
"ż" and "ł" of a name) go into a small subset of their own.
"""

from __future__ import annotations

import threading
import zlib
from dataclasses import dataclass
from functools import lru_cache

from letters.render.pdf_fonts import Face

# makeSubset reads the font file through a shared cursor: one subset at a time per process.
_SUBSET_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class SubsetProgram:
    """What a PDF needs to embed one subset; the streams are already zlib-compressed."""

    font_file: bytes
    length1: int  # uncompressed length of the TrueType program
    to_unicode: bytes
    widths: bytes  # the /Widths array's contents, code 0 first


@lru_cache(maxsize=512)
def subset_program(face: Face, codepoints: tuple[int, ...]) -> SubsetProgram:
    """The font program, ToUnicode map and widths for one subset (cached: the base is shared)."""
    ttf = face.ttf
    assert ttf is not None
    with _SUBSET_LOCK:
        program = ttf.makeSubset(list(codepoints))
    widths = b" ".join(b"%d" % round(face.widths.get(chr(c), ttf.defaultWidth)) for c in codepoints)
    return SubsetProgram(
        font_file=zlib.compress(program, 6),
        length1=len(program),
        to_unicode=zlib.compress(_to_unicode_cmap(codepoints), 6),
        widths=widths,
    )


class Subsets:
    """One-byte codes for an embedded face in one document; up to 256 codes a subset."""

    def __init__(self, face: Face):
        first, codes, table = _base_codes(face)
        self.subsets: list[list[int]] = [list(first)]
        self.codes: dict[str, int] = codes.copy()
        self.table: dict[int, str] = table.copy()
        self.closed = len(first) > 1  # a shared base subset never takes new characters
        self.beyond: set[str] = set()  # characters coded in a later subset

    def encode(self, text: str) -> list[tuple[int, bytes]]:
        """(subset number, codes) runs that draw `text`."""
        new = set(text).difference(self.codes)
        for char in sorted(new):  # sorted: the same text always gets the same codes
            self._assign(char)
        if self.beyond.isdisjoint(text):
            return [(0, text.translate(self.table).encode("latin-1"))]
        runs: list[tuple[int, bytearray]] = []
        for char in text:
            subset, code = divmod(self.codes[char], 256)
            if not runs or runs[-1][0] != subset:
                runs.append((subset, bytearray()))
            runs[-1][1].append(code)
        return [(subset, bytes(codes)) for subset, codes in runs]

    def _assign(self, char: str) -> None:
        if len(self.subsets[-1]) == 256 or (self.closed and len(self.subsets) == 1):
            self.subsets.append([0])
        subset = self.subsets[-1]
        code = (len(self.subsets) - 1) * 256 + len(subset)
        subset.append(ord(char))
        self.codes[char] = code
        if code < 256:
            self.table[ord(char)] = chr(code)
        else:
            self.beyond.add(char)


@lru_cache(maxsize=16)
def _base_codes(face: Face) -> tuple[tuple[int, ...], dict[str, int], dict[int, str]]:
    """The first subset (code 0 is always .notdef), its codes and str.translate table."""
    base = face.base_chars
    codes = {char: code for code, char in enumerate(base, start=1)}
    return (0, *map(ord, base)), codes, {ord(c): chr(code) for c, code in codes.items()}


def _to_unicode_cmap(subset: tuple[int, ...]) -> bytes:
    """Code -> Unicode map for one subset, so copied text is the text that was drawn."""
    pairs = [
        b"<%02x> <%s>" % (code, chr(char).encode("utf-16-be").hex().encode())
        for code, char in enumerate(subset)
        if code
    ]
    chunks = (pairs[i : i + 100] for i in range(0, len(pairs), 100))  # at most 100 a block
    return b"\n".join(
        [
            b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
            b"1 begincodespacerange <00> <ff> endcodespacerange",
            *(b"%d beginbfchar\n%s\nendbfchar" % (len(c), b"\n".join(c)) for c in chunks),
            b"endcmap CMapName currentdict /CMap defineresource pop end end",
        ]
    )
