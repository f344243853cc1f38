"""Every input is checked before the database sees it: one rule for form text, one for URL ids.

`CheckedForm` is the base of every form in the app: each text field refuses control characters
(NUL above all, which PostgreSQL cannot store) with a message on the field itself, before any of
the field's own checks run. `BoundedInt` replaces Flask's `<int:…>` converter so an id too large
for the database's INTEGER columns is a 404, not a database error. `refuse_unstorable` is the
last line behind both: a database parameter that no column could hold stops the statement with
`UnstorableInput`, which the error pages turn into a 400 that names no value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from flask_wtf import FlaskForm
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.routing import IntegerConverter
from wtforms import Field, TextAreaField
from wtforms.validators import StopValidation

# The largest value of a 32-bit signed INTEGER column, which every id in the schema is.
MAX_ID = 2**31 - 1
# The range of a 64-bit BIGINT: no database parameter may be larger (SQLite's limit too).
_INT64 = range(-(2**63), 2**63)

# Control characters: C0 (except tab), DEL and C1. A text area keeps its line breaks.
_ONE_LINE_CONTROLS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_MULTILINE_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class UnstorableInput(ValueError):
    """A value no database column could hold reached a query; the request is refused (400)."""


def control_character(text: str, *, multiline: bool = False) -> str | None:
    """The first control character in `text` that a field may not hold, or None."""
    pattern = _MULTILINE_CONTROLS if multiline else _ONE_LINE_CONTROLS
    found = pattern.search(text)
    return found.group() if found else None


def refuse_control_characters(form: FlaskForm, field: Field) -> None:
    """Stop a text field holding a control character, with a message naming the field."""
    if not isinstance(field.data, str):
        return
    char = control_character(field.data, multiline=isinstance(field, TextAreaField))
    if char is None:
        return
    label = field.label.text if field.label else field.name
    if char in "\r\n\u2028\u2029":
        raise StopValidation(f"{label}: please write this on one line.")
    raise StopValidation(
        f"{label}: please remove the invisible control character (U+{ord(char):04X}); "
        "it cannot be stored."
    )


class CheckedForm(FlaskForm):
    """The base of every form: text fields refuse control characters before their own checks."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            field.validators = (refuse_control_characters, *field.validators)
            return field


class BoundedInt(IntegerConverter):
    """`<int:…>` in every route: 0 … MAX_ID, so a larger id is "not found" before any query."""

    def __init__(self, map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def bounded_id(raw: object) -> int | None:
    """`raw` (a query argument or form value) as an id in 0 … MAX_ID, or None."""
    text = str(raw if raw is not None else "").strip()
    if not text.isascii() or not text.isdigit() or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if value <= MAX_ID else None


def _values(parameters: object) -> Iterable[object]:
    if isinstance(parameters, Mapping):
        return parameters.values()
    if isinstance(parameters, list | tuple):
        return parameters
    return ()


def _check_value(value: object) -> None:
    # JSON columns arrive here already serialised, with any NUL escaped as \u0000.
    if isinstance(value, str):
        if "\x00" in value:
            raise UnstorableInput("text with a NUL character")
    elif isinstance(value, int) and not isinstance(value, bool) and value not in _INT64:
        raise UnstorableInput("a number too large to store")


def refuse_unstorable(engine: Engine) -> None:
    """Check every statement's parameters on `engine` before they are sent."""

    @event.listens_for(engine, "before_cursor_execute")
    def _check(conn, cursor, statement, parameters, context, executemany) -> None:
        rows = parameters if executemany else [parameters]
        for row in rows:
            for value in _values(row):
                _check_value(value)
