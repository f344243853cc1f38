"""A pseudo-locale: every message of the catalogue wrapped in ⟦…⟧, to find text that is not.

`write_catalogue()` builds it from the committed messages.pot; an app whose
BABEL_TRANSLATION_DIRECTORIES names that folder shows every translated string wrapped, so any
English left outside the markers on a page was never passed through `_()`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from webapp_helpers import GOOD_LETTER

from webapp.i18n import TRANSLATIONS_DIR

ROOT = Path(__file__).resolve().parents[2]
OPEN, CLOSE = "⟦", "⟧"
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|<[^>]*>|&[a-z#0-9]+;")
_ACCENTS = str.maketrans("aeiouAEIOUcnyCNY", "áéíóúÁÉÍÓÚçñýÇÑÝ")


def pseudo(text: str) -> str:
    """`text` accented and wrapped, its `%(name)s` placeholders, tags and entities untouched."""
    parts, last = [], 0
    for match in _PLACEHOLDER.finditer(text):
        parts += [text[last : match.start()].translate(_ACCENTS), match.group()]
        last = match.end()
    parts.append(text[last:].translate(_ACCENTS))
    return OPEN + "".join(parts) + CLOSE


def write_catalogue(folder: Path) -> Path:
    """The pseudo-locale as the "en" catalogue in `folder` (for BABEL_TRANSLATION_DIRECTORIES)."""
    with (TRANSLATIONS_DIR / "messages.pot").open("rb") as handle:
        catalogue = read_po(handle, locale="en")
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(pseudo(form) for form in message.id)
        else:
            message.string = pseudo(message.id)
    target = folder / "en" / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, catalogue)
    return folder


# Text on pages that is data, not the interface, so it is never in the catalogue:
ALLOWED = [
    # numbers, counts, times, percentages, ids, hashes, postcodes and codes like E14001172
    re.compile(r"[\W\d_]*"),
    re.compile(r"[\w.+-]+@[\w.-]+"),  # email addresses (staff and supporters typed them)
    re.compile(r"[0-9a-f]{8,}"),  # content hashes
    re.compile(r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"),  # postcodes
    re.compile(r"[EWSN]\d{8}"),  # ONS constituency codes
    # The language switch names each language in itself, from Babel's locale data (never
    # translated: a Welsh reader looks for "English", an English one for "Cymraeg").
    re.compile(r"Cymraeg|English"),
    re.compile(r"https?://\S+"),  # links shown as text (the private link)
    re.compile(r"[\w.-]+\.(org|uk|com)(/\S*)?"),  # a web address shown as text
    # dates and times: CLDR month names for the reader's locale (English under the pseudo-locale)
    re.compile(r"\d{1,2} \w{3} \d{4}(,? \d{2}:\d{2}(:\d{2})?)?( UTC)?"),  # staff tables' times
    re.compile(r"[A-Z2-7]{4}( [A-Z2-7]{4})+"),  # an authenticator app's secret key
    re.compile(
        r"(\d{1,2} )?(January|February|March|April|May|June|July|August|September|"
        r"October|November|December)( \d{4})?(,? \d{2}:\d{2})?( UTC)?"
    ),
]


def data_corpus() -> str:
    """Words that are data: campaign content, MP and constituency names, sample supporters.

    The campaign's own content (templates/<campaign>/) is written by staff, not by developers;
    the directory is public data; the supporter's letter is what they typed.
    """
    texts = [
        path.read_text(encoding="utf-8")
        for path in (ROOT / "templates").rglob("*")
        if path.is_file() and path.suffix in {".toml", ".txt", ".md", ".j2", ".html", ""}
    ]
    texts.extend(_documents_as_shown())
    for path in (ROOT / "letters" / "data").glob("*.csv"):
        texts.append(path.read_text(encoding="utf-8"))
    for path in (ROOT / "templates").rglob("*.toml"):
        texts.append(_toml_strings(tomllib.loads(path.read_text(encoding="utf-8"))))
    texts.extend(str(value) for value in GOOD_LETTER.values())
    return _squash("\n".join(texts))


def _documents_as_shown() -> list[str]:
    """The campaign's letter documents as the staff pages show them (their wordings, chips as
    labels): content, like the files they come from."""
    from letters.campaign import load_campaign
    from letters.document import from_json, readable

    shown = []
    for folder in (ROOT / "templates").iterdir():
        if (folder / "campaign.toml").is_file():
            campaign = load_campaign(folder.name, ROOT / "templates")
            documents = [campaign.documents, *campaign.other_documents.values()]
            # Welsh wordings are shown too (beside the English in the letter editor).
            for text in (text for language in documents for text in language.values()):
                shown.append(readable(from_json(text), campaign.findings))
    return shown


def _toml_strings(value: object) -> str:
    if isinstance(value, dict):
        return "\n".join(_toml_strings(v) for v in value.values())
    if isinstance(value, list):
        return "\n".join(_toml_strings(v) for v in value)
    return str(value)


def _squash(text: str) -> str:
    return " ".join(text.split())


def interface_text(html: str) -> str:
    """The page's visible text, less what is never interface text, one element's text a line.

    Its attributes a person sees or hears (title, aria-label, placeholder, alt, a button's value)
    are lines of their own after the text. Used by the pseudo-locale check below and by the check
    that the Welsh pages show no English (test_welsh_untranslated.py).
    """
    soup = BeautifulSoup(html, "html.parser")
    # Not interface text: scripts, what a person typed (textarea), the plain-text letter (pre)
    # and template source shown to editors as code.
    for tag in soup(["script", "style", "textarea", "template", "pre", "code"]):
        tag.decompose()
    # The letter editor's "Insert" menus list the same chip labels as its code.chip list.
    for tag in soup.select(".chip-insert option"):
        tag.decompose()
    # A letter's words are the campaign's template and the (sample) supporter's details; its
    # furniture (date, "Dear …", "Yours sincerely,", "Sources") stays in and is checked.
    for tag in soup.select(
        "article.letter > :not(.letter-date, .letter-salutation, "
        ".letter-sign-off, .letter-sources), .letter-sources ol"
    ):
        tag.decompose()
    chunks = [soup.get_text("\n")]
    for tag in soup.find_all(True):
        for name in ("title", "aria-label", "placeholder", "alt"):
            if tag.get(name):
                chunks.append(tag[name])
        if tag.name == "input" and tag.get("type") in {"submit", "button"} and tag.get("value"):
            chunks.append(tag["value"])
    return "\n".join(chunks)


def unwrapped(html: str, corpus: str, extra_data: tuple[str, ...] = ()) -> list[str]:
    """The visible text on the page outside the ⟦…⟧ markers that is not data."""
    text = interface_text(html)
    previous = None
    while previous != text:  # innermost first: a message's value may be a message
        previous, text = text, re.sub(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", "\n", text)
    found = []
    for piece in re.split(r"\n", text):
        piece = _squash(piece).strip(" .,:;()–—-·|/“”\"'?!")
        if not piece or any(rule.fullmatch(piece) for rule in ALLOWED):
            continue
        piece = piece.removesuffix("…")  # a summary cut short
        if all(
            part in corpus or part in extra_data
            for part in re.split(r"; |: | \(|, |\)", piece)
            if part
        ):
            continue  # data, or a list of data ("Source A; Source B")
        found.append(piece)
    return found
