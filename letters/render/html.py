"""The letter as an HTML fragment for previews: `<article class="letter">…</article>`.

Every piece of text goes through markupsafe.escape; there are no inline styles or scripts, so the
page's own stylesheet and Content-Security-Policy apply. Supporter text gets dir="auto", so a
name or reason in Arabic script is laid out right to left. The article carries the letter's
language (lang="cy" for a Welsh letter), and its furniture is in it, whatever the page's.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape

from letters.bodyformat import format_date
from letters.i18n import for_language
from letters.i18n import gettext as _
from letters.model import Block, BlockKind, Footnote, Inline, Letter, Text

__all__ = ["render_blocks_html", "render_html"]


def render_html(letter: Letter, *, id_prefix: str = "") -> str:
    """An escaped HTML fragment; `id_prefix` keeps footnote ids unique when a page shows several."""
    with for_language(letter.language):
        return _render_html(letter, escape(id_prefix))


def _render_html(letter: Letter, prefix: Markup) -> str:
    parts = [
        Markup('<article class="letter" lang="{}">').format(letter.language),
        _address_block(letter),
        Markup('<p class="letter-date"><time datetime="{}">{}</time></p>').format(
            letter.date.isoformat(), format_date(letter.date)
        ),
        Markup('<p class="letter-recipient">{}</p>').format(_lines(letter.recipient)),
        Markup('<p class="letter-salutation">{}</p>').format(letter.salutation),
        Markup('<h2 class="letter-subject">{}</h2>').format(letter.subject),
        *_body(letter.blocks, prefix),
        Markup('<p class="letter-sign-off">{}</p>').format(letter.sign_off),
        Markup('<p class="letter-signature" dir="auto">{}</p>').format(letter.signature_name),
        _sources(letter.footnotes, prefix),
        Markup("</article>"),
    ]
    return str(Markup("\n").join(part for part in parts if part))


def render_blocks_html(
    blocks: Iterable[Block],
    footnotes: Iterable[Footnote] = (),
    *,
    id_prefix: str = "",
    language: str | None = None,
) -> str:
    """Paragraphs and bullets with their sources, without the rest of the letter: for a page
    that shows a letter a part at a time. Escaped like render_html. `language`: the letter's
    ("en", "cy"), for the "Sources" heading; by default the page's."""
    prefix = escape(id_prefix)
    if language is None:
        return _blocks_html(blocks, footnotes, prefix)
    with for_language(language):
        return _blocks_html(blocks, footnotes, prefix)


def _blocks_html(blocks: Iterable[Block], footnotes: Iterable[Footnote], prefix: Markup) -> str:
    parts = [*_body(blocks, prefix), _sources(tuple(footnotes), prefix)]
    return str(Markup("\n").join(part for part in parts if part))


def _lines(lines: Iterable[str]) -> Markup:
    return Markup("<br>\n").join(Markup('<span dir="auto">{}</span>').format(x) for x in lines)


def _address_block(letter: Letter) -> Markup:
    lines = [letter.sender_name, *letter.sender_address]
    if letter.sender_email:
        lines.append(letter.sender_email)
    return Markup('<address class="letter-sender">{}</address>').format(_lines(lines))


def _body(blocks: Iterable[Block], prefix: Markup) -> list[Markup]:
    seen: set[int] = set()  # only a footnote's first reference carries the id links return to
    result = []
    for block in blocks:
        if block.kind is BlockKind.PARAGRAPH:
            result.append(
                Markup('<p dir="auto">{}</p>').format(_inlines(block.items[0], prefix, seen))
            )
        else:
            items = Markup("").join(
                Markup('<li dir="auto">{}</li>').format(_inlines(item, prefix, seen))
                for item in block.items
            )
            result.append(Markup("<ul>{}</ul>").format(items))
    return result


def _inlines(items: Iterable[Inline], prefix: Markup, seen: set[int]) -> Markup:
    out = []
    for item in items:
        if isinstance(item, Text):
            out.append(escape(item.text))
            continue
        anchor = (
            Markup(' id="{}fnref-{}"').format(prefix, item.number)
            if item.number not in seen
            else ""
        )
        seen.add(item.number)
        out.append(
            Markup('<sup><a href="#{}fn-{}"{} aria-label="{}">{}</a></sup>').format(
                prefix, item.number, anchor, _("Source %(number)s", number=item.number), item.number
            )
        )
    return Markup("").join(out)


def _sources(footnotes: tuple[Footnote, ...], prefix: Markup) -> Markup:
    if not footnotes:
        return Markup("")
    notes = Markup("").join(
        Markup('<li id="{}fn-{}">{}</li>').format(prefix, note.number, note.text)
        for note in footnotes
    )
    return Markup('<section class="letter-sources"><h3>{}</h3><ol>{}</ol></section>').format(
        _("Sources"), notes
    )
