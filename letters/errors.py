"""Typed errors raised by the core. Every message is written for the person who will read it."""

from __future__ import annotations


class LettersError(Exception):
    """Base class: anything the core refuses, with a message a person can act on."""


class PostcodeError(LettersError):
    """A postcode that cannot be used."""

    @property
    def message(self) -> str:
        """What to tell the supporter, translated where it was raised (letters.i18n)."""
        return str(self)


class InvalidPostcode(PostcodeError):
    """Not in the shape of a UK postcode."""


class UnknownPostcode(PostcodeError):
    """In the right shape, but its outcode is not one we know."""


class UnknownConstituency(LettersError):
    """No constituency has that code or name."""


class FindingsFileError(LettersError):
    """The findings file is malformed; the message names the file, line and field."""

    def __init__(
        self, message: str, *, source: str, line: int | None = None, field: str | None = None
    ):
        where = source if line is None else f"{source}, line {line}"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")
        self.message = message  # without the file, line and field, for a page that shows them
        self.source, self.line, self.field = source, line, field


class SupporterInvalid(LettersError):
    """One or more supporter fields are not acceptable; `errors` maps field name to message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class TemplateProblem(LettersError):
    """A letter template that cannot be compiled or rendered; carries the line where known."""

    def __init__(self, message: str, *, line: int | None = None, template: str = "letter"):
        where = template if line is None else f"{template}, line {line}"
        super().__init__(f"{where}: {message}")
        self.message, self.line, self.template = message, line, template


class UnrenderableText(LettersError):
    """Text with characters no embedded font can draw; refused rather than silently dropped."""

    def __init__(self, field: str, characters: str):
        shown = " ".join(f"{c} (U+{ord(c):04X})" for c in characters)
        super().__init__(f"We cannot print these characters in {field}: {shown}")
        self.field, self.characters = field, characters


class NoWording(LettersError):
    """A letter is not written in the language asked for (a campaign with no Welsh wording
    yet): `letter` is its name, `language` the one asked for and `available` the languages it
    is written in, English first, so a page can say so and offer the English letter instead."""

    def __init__(self, letter: str, language: str, available: tuple[str, ...]):
        names = {"en": "English", "cy": "Welsh"}
        written = " or ".join(names.get(code, code) for code in available) or "no language"
        super().__init__(
            f"The letter “{letter}” has no {names.get(language, language)} wording yet; "
            f"it is written in {written}."
        )
        self.letter, self.language, self.available = letter, language, available
