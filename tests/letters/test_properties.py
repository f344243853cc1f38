"""Property tests: whatever a supporter types, they get every format or a clear error."""

from __future__ import annotations

import datetime as dt
import email.parser
import email.policy
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from letters.errors import SupporterInvalid, UnrenderableText
from letters.render.email import email_body, mailto_link, render_eml
from letters.render.html import render_html
from letters.render.pdf import render_pdf
from letters.render.text import render_text
from letters.service import letter_for_mp
from letters.supporter import validate_supporter
from letters.templating import LetterTemplate

TODAY = dt.date(2026, 11, 28)
EXAMPLES = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

any_text = st.text(max_size=120)
optional_text = st.none() | st.text(max_size=300)
address = st.lists(st.text(max_size=60), min_size=0, max_size=6) | st.text(max_size=200)
postcodes = st.sampled_from(["SW1A 1AA", "m11ae", " cf10 1ep ", "BT78 1AA"]) | st.text(max_size=12)
fields = st.fixed_dictionaries(
    {
        "name": any_text,
        "address_lines": address,
        "postcode": postcodes,
        "email": st.none() | st.emails() | st.text(max_size=40),
        "reason": optional_text,
        "concern": st.none() | st.sampled_from(["minorities", "women_defenders", "other"]),
    }
)
# Mostly well-formed supporters with one field of arbitrary text, so renders really happen.
one_wild_field = st.sampled_from(["name", "address_lines", "reason", "email"]).flatmap(
    lambda field: st.fixed_dictionaries(
        {
            "name": st.just("Amira Haddad"),
            "address_lines": st.just(["12 Elgin Avenue", "London"]),
            "postcode": st.just("W9 3QP"),
            "email": st.just("amira@example.org"),
            "reason": st.just("Because it matters."),
            "concern": st.just("women_and_girls"),
            field: st.lists(any_text, min_size=1, max_size=3)
            if field == "address_lines"
            else any_text,
        }
    )
)


@pytest.fixture(scope="module", params=["en", "cy"])
def letter_template(request, campaign):
    """The campaign's letter in English, then in Welsh: every property holds for both."""
    source = campaign.template_source("default", request.param)
    return LetterTemplate.compile(source, name="default", language=request.param)


def letter_or_error(values, template, findings, mp, constituency):
    """Validate and compose, or None when the supporter's input is refused clearly."""
    try:
        supporter = validate_supporter(**values, concerns=findings.group_ids)
    except SupporterInvalid as refused:
        messages = list(refused.errors.values())
    else:
        return letter_for_mp(
            supporter, mp, constituency, template=template, findings=findings, today=TODAY
        )
    assert messages
    assert all(isinstance(m, str) and m for m in messages)
    return None


def check_every_format(letter) -> None:
    """Text, email, HTML and PDF are produced; the PDF may refuse characters, clearly."""
    text = render_text(letter)
    assert letter.sender_name in text
    page = BeautifulSoup(render_html(letter), "html.parser")
    assert page.find("h2").get_text() == letter.subject
    assert page.find(class_="letter-signature").get_text() == letter.signature_name
    link = mailto_link(letter)
    assert set(parse_qs(urlsplit(link.url).query, keep_blank_values=True)) == {"subject", "body"}
    message = email.parser.BytesParser(policy=email.policy.default).parsebytes(render_eml(letter))
    assert message["Subject"] == letter.subject
    assert message.get_content().replace("\r\n", "\n") == email_body(letter)
    try:
        pdf = render_pdf(letter)
    except UnrenderableText as refused:
        pdf, unprintable = b"", refused.characters
    else:
        unprintable = ""
    assert pdf.startswith(b"%PDF") or unprintable


@EXAMPLES
@given(values=fields)
def test_any_input_gives_a_letter_or_a_clear_error(values, letter_template, findings, england):
    """Any Unicode in every field: all formats render, or SupporterInvalid/UnrenderableText."""
    letter = letter_or_error(values, letter_template, findings, *england)
    if letter is not None:
        check_every_format(letter)


@EXAMPLES
@given(values=one_wild_field)
def test_one_wild_field_in_a_valid_supporter(values, letter_template, findings, england):
    """A valid supporter with one arbitrary field renders in every format or is refused clearly."""
    letter = letter_or_error(values, letter_template, findings, *england)
    if letter is not None:
        check_every_format(letter)
        assert letter.subject.strip()
