"""Every output of a letter, by OutputFormat, in one shape: `render(letter) -> Rendered`.

A Rendered is a file name, a MIME type and the bytes, whatever the format, so the command line
and the web download views look a format up here instead of each keeping an if/elif chain, and a
new output is one function and one entry in RENDERERS. Each renderer's module is imported only
when it runs: asking for plain text never loads the PDF machinery.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from letters.model import Letter, OutputFormat

__all__ = ["RENDERERS", "Rendered", "Renderer", "letter_filename", "render"]

_NOT_FILENAME = re.compile(r"[^A-Za-z0-9_.-]")


@dataclass(frozen=True, slots=True)
class Rendered:
    """One letter in one format, ready to save or send."""

    filename: str  # a safe ASCII name naming the MP: letter-to-Jane_Smith-MP.pdf
    mimetype: str
    body: bytes
    # Something the person should know about this output, and the format to use instead.
    warning: str | None = None
    instead: OutputFormat | None = None


@dataclass(frozen=True, slots=True)
class Renderer:
    """How one OutputFormat is made: its MIME type, file extension and bytes."""

    format: OutputFormat
    mimetype: str
    extension: str
    write: Callable[[Letter], bytes]
    # A warning for this letter in this format (None when there is none), and the better format.
    check: Callable[[Letter], str | None] | None = None
    instead: OutputFormat | None = None

    def render(self, letter: Letter) -> Rendered:
        """The letter in this format; raises UnrenderableText where a PDF cannot show it."""
        body = self.write(letter)
        warning = self.check(letter) if self.check is not None else None
        return Rendered(
            letter_filename(letter, self.extension),
            self.mimetype,
            body,
            warning,
            self.instead if warning else None,
        )


def letter_filename(letter: Letter, extension: str) -> str:
    """A safe ASCII file name naming the MP (or the seat, when it is vacant):
    letter-to-Jane_Smith-MP.pdf. The same rule as werkzeug's secure_filename, without the web."""
    text = f"letter-to-{letter.mp.name or letter.constituency.name}-MP"
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    stem = _NOT_FILENAME.sub("", "_".join(text.replace("/", " ").split())).strip("._")
    return f"{stem or 'letter-to-your-MP'}.{extension}"


def _pdf(letter: Letter) -> bytes:
    from letters.render.pdf import render_pdf

    return render_pdf(letter)


def _text(letter: Letter) -> bytes:
    from letters.render.text import render_text

    return render_text(letter).encode("utf-8")


def _html(letter: Letter) -> bytes:
    from letters.render.html import render_html

    return render_html(letter).encode("utf-8")


def _eml(letter: Letter) -> bytes:
    from letters.render.email import render_eml

    return render_eml(letter)


def _mailto(letter: Letter) -> bytes:
    from letters.render.email import mailto_link

    return (mailto_link(letter).url + "\n").encode("utf-8")


def _mailto_too_long(letter: Letter) -> str | None:
    from letters.render.email import mailto_link

    if mailto_link(letter).too_long:
        return "this letter is too long for a mailto link in some mail programs"
    return None


RENDERERS: Mapping[OutputFormat, Renderer] = MappingProxyType(
    {
        renderer.format: renderer
        for renderer in (
            Renderer(OutputFormat.PDF, "application/pdf", "pdf", _pdf),
            Renderer(OutputFormat.TEXT, "text/plain; charset=utf-8", "txt", _text),
            Renderer(OutputFormat.HTML, "text/html; charset=utf-8", "html", _html),
            Renderer(OutputFormat.EML, "message/rfc822", "eml", _eml),
            Renderer(
                OutputFormat.MAILTO,
                "text/uri-list; charset=utf-8",
                "uri",
                _mailto,
                check=_mailto_too_long,
                instead=OutputFormat.EML,
            ),
        )
    }
)


def render(letter: Letter, output: OutputFormat) -> Rendered:
    """`letter` as `output`: file name, MIME type and bytes (every OutputFormat has a renderer;
    a test checks)."""
    return RENDERERS[output].render(letter)
