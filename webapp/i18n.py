"""The single translation point. Every user-facing string goes through `_()`.

Today it returns the English text; a Welsh catalogue can be plugged in here without touching views
or templates. Placeholders are filled after translation: `_("Hello %(name)s", name=name)`.
"""

from __future__ import annotations


def gettext(message: str, **values: object) -> str:
    """Return `message` translated for the current reader, with `values` filled in."""
    return message % values if values else message


_ = gettext
