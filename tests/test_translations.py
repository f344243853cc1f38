"""The committed catalogue holds every message the code and templates ask to translate."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from webapp.i18n import TRANSLATIONS_DIR

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "_l": None,
    "lazy_gettext": None,
    "plural_forms": (1, 2),
}  # as `make translations`
_SKIP_DIRS = {".git", ".venv", "node_modules", "__pycache__", "tests", "bench", "templates"}


def extracted_messages() -> dict[str | tuple[str, ...], str]:
    """Each message in the source (babel.cfg's files), with where it was found first."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[str | tuple[str, ...], str] = {}

    def wanted(path: str) -> bool:
        relative = Path(path).relative_to(ROOT)
        return not (relative.parts and relative.parts[0] in _SKIP_DIRS and len(relative.parts) == 1)

    for filename, lineno, message, _comments, _context in extract_from_dir(
        ROOT, method_map, options_map, keywords=KEYWORDS, directory_filter=wanted
    ):
        found.setdefault(message, f"{filename}:{lineno}")
    return found


def catalogue_ids(path: Path) -> set[str | tuple[str, ...]]:
    with path.open("rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def _key(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def test_every_message_is_in_the_committed_catalogues():
    """A message in the code or a template but not in messages.pot and each .po is a failure:
    run `make translations` and commit the catalogues."""
    found = extracted_messages()
    assert len(found) > 300, "the extraction found too little: is babel.cfg right?"
    catalogues = [TRANSLATIONS_DIR / "messages.pot", *TRANSLATIONS_DIR.glob("*/LC_MESSAGES/*.po")]
    assert len(catalogues) >= 2, "messages.pot and en/LC_MESSAGES/messages.po are committed"
    for path in catalogues:
        known = {_key(message_id) for message_id in catalogue_ids(path)}
        missing = {_key(m): where for m, where in found.items() if _key(m) not in known}
        listed = "\n".join(f"  {where}: {message!r}" for message, where in sorted(missing.items()))
        assert not missing, (
            f"{len(missing)} message(s) missing from {path.relative_to(ROOT)}; "
            f"run `make translations`:\n{listed}"
        )


def test_the_english_catalogue_is_the_source_text():
    """The English catalogue translates nothing differently (its msgstr is empty or the msgid)."""
    path = TRANSLATIONS_DIR / "en" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        for message in read_po(handle):
            if not message.id:
                continue  # the header
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            assert all(s in ("", *ids) for s in strings), message.id
