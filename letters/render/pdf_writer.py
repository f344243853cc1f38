"""A small streaming PDF writer for laid-out letters.

Each page is written to the output as soon as it is drawn: its content stream and page object go
out at once and only their byte offsets are kept, so memory stays flat however many letters a
merged file holds. What must wait for the end is written last: the embedded font subsets (only
then is it known which characters were used), one shared resource dictionary naming every font,
the page tree, the document information, and the cross-reference table built from the offsets.

Fonts: Helvetica and Helvetica-Bold are PDF standard fonts (WinAnsiEncoding, not embedded).
TrueType faces are embedded as subsets (see `pdf_embed`).
"""

from __future__ import annotations

import zlib
from typing import BinaryIO

from letters.render.pdf_embed import Subsets, subset_program
from letters.render.pdf_fonts import Face, Scheme
from letters.render.pdf_layout import PAGE_HEIGHT, PAGE_WIDTH, Page

_CATALOG, _PAGES, _RESOURCES, _INFO = 1, 2, 3, 4
_FIRST_FREE = 5
_LITERAL_ESCAPES = ((b"\\", b"\\\\"), (b"(", b"\\("), (b")", b"\\)"))
_SYMBOLIC, _NONSYMBOLIC = 4, 32
_MEDIA_BOX = f"[0 0 {PAGE_WIDTH:.2f} {PAGE_HEIGHT:.2f}]"
_SUBSET_TAG = str.maketrans("0123456789", "ABCDEFGHIJ")


def _utf16(text: str) -> bytes:
    """A PDF text string that holds any script (UTF-16BE with its byte order mark)."""
    return b"<feff" + text.encode("utf-16-be").hex().encode("ascii") + b">"


class PdfWriter:
    """Writes pages to `out` as they come; `close()` adds fonts, page tree and xref."""

    def __init__(self, out: BinaryIO):
        self._out = out
        self._pos = 0
        self._offsets: dict[int, int] = {}
        self._next = _FIRST_FREE
        self._pages: list[int] = []
        self._fonts: dict[tuple[int, int], tuple[str, int]] = {}  # (face id, subset) -> name, obj
        self._faces: list[Face] = []
        self._subsets: dict[int, Subsets] = {}
        self._write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self._pos += len(data)

    def _reserve(self) -> int:
        number = self._next
        self._next += 1
        return number

    def _object(self, number: int, body: bytes) -> None:
        self._offsets[number] = self._pos
        self._write(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    def _compressed(self, number: int, data: bytes, extra: bytes = b"") -> None:
        """A stream object whose data is already zlib-compressed."""
        self._object(
            number,
            b"<< /Length %d /Filter /FlateDecode%s >>\nstream\n%s\nendstream"
            % (len(data), extra, data),
        )

    def font(self, face: Face, subset: int = 0) -> str:
        """The resource name of a face (or of one subset of an embedded face)."""
        key = (id(face), subset)
        found = self._fonts.get(key)
        if found is None:
            if face not in self._faces:
                self._faces.append(face)
            found = self._fonts[key] = (f"F{len(self._fonts) + 1}", self._reserve())
        return found[0]

    def show(self, face: Face, text: str) -> list[tuple[str, bytes]]:
        """(font resource name, string operand) pairs that draw `text` in `face`."""
        if face.ttf is None:
            raw = text.encode("cp1252")
            for plain, escaped in _LITERAL_ESCAPES:
                raw = raw.replace(plain, escaped)
            return [(self.font(face), b"(" + raw + b")")]
        subsets = self._subsets.get(id(face))
        if subsets is None:
            subsets = self._subsets[id(face)] = Subsets(face)
        return [
            (self.font(face, n), b"<" + codes.hex().encode() + b">")
            for n, codes in subsets.encode(text)
        ]

    def add_page(self, page: Page, scheme: Scheme) -> None:
        """Draw one laid-out page and write it out."""
        content = self._draw(page, scheme)
        stream, number = self._reserve(), self._reserve()
        self._compressed(stream, zlib.compress(content, 6))
        self._object(
            number,
            b"<< /Type /Page /Parent %d 0 R /MediaBox %s /Resources %d 0 R /Contents %d 0 R >>"
            % (_PAGES, _MEDIA_BOX.encode(), _RESOURCES, stream),
        )
        self._pages.append(number)

    def _draw(self, page: Page, scheme: Scheme) -> bytes:
        parts = [b"BT\n"]
        rise, font = 0.0, ("", 0.0)  # text state carries over: set only what changes
        for line in page.lines:
            parts.append(b"1 0 0 1 %.2f %.2f Tm " % (line.x, line.y))
            for style, text in line.frags:
                if style.rise != rise:
                    rise = style.rise
                    parts.append(b"%.1f Ts " % rise)
                for face, run in scheme.weight(style.bold).runs(text):
                    for name, operand in self.show(face, run):
                        if font != (name, style.size):
                            font = (name, style.size)
                            parts.append(b"/%s %.1f Tf " % (name.encode(), style.size))
                        parts.append(operand + b" Tj ")
            parts.append(b"\n")
        parts.append(b"ET\n")
        if page.rules:
            parts.append(b"0.5 w\n")
            parts.extend(
                b"%.2f %.2f m %.2f %.2f l S\n" % (x1, y, x2, y) for x1, x2, y in page.rules
            )
        return b"".join(parts)

    def close(self, info: dict[str, str], language: str | None = None) -> int:
        """Write fonts, resources, page tree, catalogue, info and xref; return the page count.
        `language`: the document's, for screen readers (/Lang), when it is not English."""
        font_entries = self._write_fonts()
        self._object(_RESOURCES, b"<< /Font << %s >> >>" % font_entries)
        kids = b" ".join(b"%d 0 R" % n for n in self._pages)
        self._object(_PAGES, b"<< /Type /Pages /Count %d /Kids [%s] >>" % (len(self._pages), kids))
        lang = b"" if language in (None, "en") else b" /Lang %s" % _utf16(language)
        self._object(_CATALOG, b"<< /Type /Catalog /Pages %d 0 R%s >>" % (_PAGES, lang))
        entries = b" ".join(
            b"/%s %s" % (key.encode(), _utf16(value)) for key, value in info.items()
        )
        self._object(_INFO, b"<< %s >>" % entries)
        self._write_xref()
        return len(self._pages)

    def _write_xref(self) -> None:
        start = self._pos
        rows = [b"xref\n0 %d\n0000000000 65535 f \n" % self._next]
        rows.extend(b"%010d 00000 n \n" % self._offsets[n] for n in range(1, self._next))
        rows.append(
            b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
            % (self._next, _CATALOG, _INFO, start)
        )
        self._write(b"".join(rows))

    def _write_fonts(self) -> bytes:
        entries = []
        for face in self._faces:
            if face.ttf is None:
                name, number = self._fonts[(id(face), 0)]
                self._object(
                    number,
                    b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
                    % face.base_font.encode(),
                )
                entries.append(b"/%s %d 0 R" % (name.encode(), number))
                continue
            for n, subset in enumerate(self._subsets[id(face)].subsets):
                name, number = self._fonts[(id(face), n)]
                self._embed_subset(face, subset, number)
                entries.append(b"/%s %d 0 R" % (name.encode(), number))
        return b" ".join(entries)

    def _embed_subset(self, face: Face, subset: list[int], number: int) -> None:
        ttf = face.ttf
        assert ttf is not None
        tag = f"{number:06d}".translate(_SUBSET_TAG)
        base = f"{tag}+{face.base_font}".encode()
        font_file, descriptor, to_unicode = self._reserve(), self._reserve(), self._reserve()
        program = subset_program(face, tuple(subset))
        self._compressed(font_file, program.font_file, b" /Length1 %d" % program.length1)
        flags = (ttf.flags & ~_NONSYMBOLIC) | _SYMBOLIC
        bbox = " ".join(str(v) for v in ttf.bbox).encode()
        self._object(
            descriptor,
            b"<< /Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%s] /ItalicAngle %d"
            b" /Ascent %d /Descent %d /CapHeight %d /StemV %d /MissingWidth %d /FontFile2 %d 0 R >>"
            % (base, flags, bbox, ttf.italicAngle, ttf.ascent, ttf.descent, ttf.capHeight,
               ttf.stemV, ttf.defaultWidth, font_file),
        )  # fmt: skip
        self._compressed(to_unicode, program.to_unicode)
        self._object(
            number,
            b"<< /Type /Font /Subtype /TrueType /BaseFont /%s /FirstChar 0 /LastChar %d"
            b" /Widths [%s] /FontDescriptor %d 0 R /ToUnicode %d 0 R >>"
            % (base, len(subset) - 1, program.widths, descriptor, to_unicode),
        )
