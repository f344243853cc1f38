"""A campaign written back as its folder (the layout letters.campaign reads), from the texts staff
publish: campaign.toml with the campaign page's summary and requests, findings.toml, the letters
(documents as .json, raw templates as .txt; a Welsh wording as "<name>.cy", Campaign.letter_files)
and words.txt; and the Welsh: findings.cy.toml and words.cy.txt.

Only `title`, `summary` and `asks` are rewritten in campaign.toml, and the page in Welsh (its
`[cy]` table); every other line, comment and setting stays as it was, so a folder kept under
version control shows only what staff changed.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from letters.campaign import WORDS_FILE, CampaignFileError, findings_file, words_file
from letters.document import is_document
from letters.page_text import PageText

_SUMMARY_LINE = re.compile(r"^summary\s*=.*$", re.MULTILINE)
_TITLE_LINE = re.compile(r"^title\s*=.*$", re.MULTILINE)
# `asks = [` up to the `]` that ends the array: the first line that is only a closing bracket,
# or the same line for a one-line array.
_ASKS_BLOCK = re.compile(
    r"^asks\s*=\s*\[(?:[^\n]*\][ \t]*(?:#[^\n]*)?$|.*?^\][ \t]*(?:#[^\n]*)?$)",
    re.MULTILINE | re.DOTALL,
)


def _toml_string(text: str) -> str:
    # A TOML basic string: JSON's escapes (\" \\ \n \t \uXXXX) are all valid TOML escapes.
    return json.dumps(text, ensure_ascii=False)


def campaign_toml(
    original: str,
    page: PageText,
    title: str | None = None,
    other_pages: Mapping[str, PageText] = MappingProxyType({}),
) -> str:
    """`original` (a campaign.toml) with its summary and asks replaced by `page`'s, its title by
    `title` when one is given (a copied campaign's), and its page in each other language
    (`[cy]`) by `other_pages`' (a language left out keeps what `original` has)."""
    for language, other in sorted(other_pages.items()):
        original = _other_page_table(original, language, other)
    if title is not None:
        original = _TITLE_LINE.sub(lambda _m: f"title = {_toml_string(title)}", original, count=1)
    summary = f"summary = {_toml_string(page.summary)}"
    asks = "asks = [\n" + "".join(f"  {_toml_string(ask)},\n" for ask in page.asks) + "]"
    text, found = _SUMMARY_LINE.subn(lambda _m: summary, original, count=1)
    if not found:
        raise CampaignFileError(
            "there is no `summary = …` line to write the page into", source="campaign.toml"
        )
    text, found = _ASKS_BLOCK.subn(lambda _m: asks, text, count=1)
    if not found:
        text = _SUMMARY_LINE.sub(lambda _m: f"{summary}\n{asks}", text, count=1)
    meta = tomllib.loads(text)  # what is written must read back as written
    wrong_title = title is not None and meta.get("title") != title
    wrong_other = any(
        meta.get(language) != _page_table(other) for language, other in other_pages.items()
    )
    if (
        wrong_title
        or wrong_other
        or meta.get("summary") != page.summary
        or list(meta.get("asks", ())) != list(page.asks)
    ):
        raise CampaignFileError(
            "the page's text could not be written into it", source="campaign.toml"
        )
    return text


def _page_table(page: PageText) -> dict:
    return {"title": page.title, "summary": page.summary, "asks": list(page.asks)}


def _other_page_table(original: str, language: str, page: PageText) -> str:
    """`original` with its `[cy]` table (the page in `language`) replaced by `page`, or the table
    added at its end; the comments above it stay."""
    lines = [
        f"[{language}]",
        f"title = {_toml_string(page.title)}",
        f"summary = {_toml_string(page.summary)}",
        "asks = [",
        *(f"  {_toml_string(ask)}," for ask in page.asks),
        "]",
    ]
    table = "\n".join(lines) + "\n"
    # The table runs from its header to the next table's header (or the end of the file); the
    # comment lines just before that next header are the next table's, and stay.
    found = re.compile(
        rf"^\[{re.escape(language)}\][ \t]*(?:#[^\n]*)?\n.*?(?=(?:^#[^\n]*\n)*^\[|\Z)",
        re.MULTILINE | re.DOTALL,
    )
    text, count = found.subn(lambda _m: table, original, count=1)
    if count:
        return text
    return original.rstrip("\n") + "\n\n" + table


def write_folder(
    folder: Path,
    *,
    campaign_toml_text: str,
    findings: str,
    letters: Mapping[str, str],
    words: str,
    other_words: Mapping[str, str] = MappingProxyType({}),
    other_findings: Mapping[str, str] = MappingProxyType({}),
) -> list[Path]:
    """Write a campaign folder (made if missing); returns the files written, in order.

    `letters` is by file name: "default", and "default.cy" for its Welsh wording;
    `other_words` and `other_findings` the word lists and the findings' words of other
    languages, by language ("cy": words.cy.txt, findings.cy.toml)."""
    (folder / "letters").mkdir(parents=True, exist_ok=True)
    files = {
        folder / "campaign.toml": campaign_toml_text,
        folder / "findings.toml": findings,
        **{folder / findings_file(lang): text for lang, text in sorted(other_findings.items())},
        **{
            folder / "letters" / f"{name}.{'json' if is_document(body) else 'txt'}": body
            for name, body in sorted(letters.items())
        },
        folder / WORDS_FILE: words,
        **{folder / words_file(lang): text for lang, text in sorted(other_words.items())},
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8", newline="\n")
    return list(files)
