"""Checking and tidying what a supporter typed, with a plain message for each field."""

from __future__ import annotations

import pytest

from letters.errors import SupporterInvalid
from letters.model import Language
from letters.supporter import REASON_MAX_CHARS, validate_supporter

CONCERNS = ("minorities", "women_and_girls")


def valid(**changes):
    fields = {
        "name": "Amira Haddad",
        "address_lines": ["12 Elgin Avenue", "London"],
        "postcode": "w93qp",
        "concerns": CONCERNS,
    }
    fields.update(changes)
    return validate_supporter(**fields)


def errors(**changes) -> dict[str, str]:
    with pytest.raises(SupporterInvalid) as caught:
        valid(**changes)
    return caught.value.errors


def test_valid_supporter_is_tidied():
    """Surrounding space is stripped, the postcode normalised, empty optionals become None."""
    supporter = valid(name="  Amira  Haddad ", email="  ", reason="\n", concern="")
    assert supporter.name == "Amira Haddad"
    assert supporter.address_lines == ("12 Elgin Avenue", "London")
    assert supporter.postcode == "W9 3QP"
    assert (supporter.email, supporter.reason, supporter.concern) == (None, None, None)


def test_text_is_nfc_normalised():
    """ "e" + combining accent and "é" are stored the same way (NFC)."""
    assert valid(name="Zoe\u0308 Ho").name == "Zoë Ho"


def test_name_is_required_and_limited():
    """A missing or over-long name gets a plain message with the numbers."""
    assert errors(name="   ")["name"] == "Please enter your name."
    assert errors(name="\u200b.")["name"] == "Please enter your name."
    assert errors(name="x" * 101)["name"] == "Please keep this to 100 characters — you have 101."


def test_name_must_be_one_line():
    """A line break in a name is refused rather than letting it shape the letter."""
    assert errors(name="Amira\nSubject: hi")["name"] == "Please write your name on one line."


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Amira\x00", "control character (U+0000)"),
        ("Amira\ue000", "private-use character (U+E000)"),
        ("Amira\U000e0080", "unassigned character"),
        ("Amira\u202eahdaH", "text-direction control"),
    ],
)
def test_unprintable_characters_are_refused(text, words):
    """Control, private-use, unassigned and direction-override characters are named."""
    assert words in errors(name=text)["name"]


def test_address_lines_are_counted_and_limited():
    """1 to 5 lines, each at most 100 characters; blank lines are dropped."""
    assert valid(address_lines=["1 High St", "", "Town"]).address_lines == ("1 High St", "Town")
    assert "including your town" in errors(address_lines=["", " "])["address_lines"]
    assert "5 lines" in errors(address_lines=[f"line {i}" for i in range(6)])["address_lines"]
    message = errors(address_lines=["1 High St", "y" * 101])["address_lines"]
    assert message == "Address line 2: Please keep this to 100 characters — you have 101."


def test_address_may_be_one_multiline_string():
    """An address typed in a textarea is split into lines."""
    assert valid(address_lines="1 High St\r\nTown\n").address_lines == ("1 High St", "Town")


def test_postcode_messages_come_from_postcode_checks():
    """A malformed postcode gets the postcode module's message."""
    assert "postcode" in errors(postcode="not a postcode")["postcode"].lower()
    assert errors(postcode="")["postcode"].startswith("Please enter your postcode")


def test_email_is_optional_but_checked():
    """A sane email is kept; a malformed one or one with a line break is refused."""
    assert valid(email=" amira@example.org ").email == "amira@example.org"
    assert "name@example.com" in errors(email="amira at example")["email"]
    assert "one line" in errors(email="a@example.org\nBcc: x@y.z")["email"]
    long_email = "a" * 60 + "@" + "b" * 200 + ".org"
    assert "254 characters" in errors(email=long_email)["email"]


def test_reason_keeps_paragraphs_and_is_limited():
    """Line breaks are unified to \\n, runs of blank lines shortened; the limit is 1,200."""
    assert valid(reason="One.\r\n\r\n\r\n\r\nTwo.\rThree.").reason == "One.\n\nTwo.\nThree."
    assert valid(reason="x" * REASON_MAX_CHARS).reason == "x" * 1200
    assert errors(reason="x" * 1310)["reason"] == (
        "Please keep this to 1,200 characters — you have 1,310."
    )


def test_reason_refuses_control_characters_but_not_tabs():
    """A tab in a pasted reason becomes a space; other control characters are refused."""
    assert valid(reason="a\tb").reason == "a b"
    assert "control character" in errors(reason="a\x07b")["reason"]


def test_concern_must_be_a_listed_group():
    """The concern is one of the at-risk group ids offered, or none."""
    assert valid(concern="minorities").concern == "minorities"
    assert (
        errors(concern="dragons")["concern"] == "Please choose one of the groups listed, or none."
    )


def test_every_bad_field_is_reported_at_once():
    """All problems come back together, keyed by field, so the form can show each one."""
    assert set(errors(name="", address_lines=[], postcode="?", email="x", reason="y" * 2000)) == {
        "name",
        "address_lines",
        "postcode",
        "email",
        "reason",
    }


def test_non_text_values_are_refused_politely():
    """A value that is not text (a form glitch) gets a message, not a crash."""
    assert errors(name=42)["name"] == "Please enter your name as text."


def test_the_letters_language_is_english_unless_welsh_is_chosen():
    """ "cy" is Welsh; none or "" is English; anything else is refused with a plain message."""
    assert valid().language == Language.ENGLISH
    assert valid(language="").language == Language.ENGLISH
    assert valid(language="cy").language == Language.WELSH
    assert errors(language="fr") == {"language": "Please choose English or Welsh."}
