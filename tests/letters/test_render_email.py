"""Email drafts: mailto, Gmail and Outlook links, and .eml files, with no way to inject fields."""

from __future__ import annotations

import dataclasses
from email import policy
from email.header import decode_header, make_header
from email.parser import BytesParser
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from letters.model import Block, BlockKind, Footnote, Text
from letters.render.email import (
    MAILTO_MAX_CHARS,
    email_body,
    gmail_url,
    mailto_link,
    outlook_url,
    render_eml,
    sources_line,
)

HOSTILE = "A&cc=spy@example.com?bcc=x#frag %0D%0ABcc: y@example.com\r\nBcc: z@example.com"
EML_HEADERS = {
    "From",
    "To",
    "Subject",
    "X-Unsent",
    "Content-Type",
    "Content-Transfer-Encoding",
    "MIME-Version",
}


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)


def short(letter):
    """The letter cut to one short paragraph, so its mailto link is short."""
    return dataclasses.replace(
        letter, blocks=(Block(BlockKind.PARAGRAPH, ((Text("Please act."),),)),), footnotes=()
    )


def parse_eml(data: bytes):
    return BytesParser(policy=policy.default).parsebytes(data)


def test_email_body_has_salutation_body_sender_address_and_sources(letter):
    """The email text starts "Dear …", ends with the sender's address and the sources."""
    body = email_body(letter)
    assert body.startswith(f"{letter.salutation}\n\n")
    assert "Yours sincerely,\nAmira Haddad\n12 Elgin Avenue, London, W9 3QP\n\n" in body
    assert body.endswith(
        "\n\nSources: Amnesty International, Iraq: Civilians under fire, April 2010; "
        "Amnesty International UK press release, April 2010.\n"
    )
    assert "House of Commons" not in body  # no postal header in an email
    assert "amira@example.org" not in body  # the email comes from that address
    assert "[1]" not in body  # the sources are one line, so no markers


def test_mailto_round_trips_exactly(letter):
    """Parsing the mailto URL back gives the MP's address, the subject and the CRLF body."""
    link = mailto_link(letter)
    parts = urlsplit(link.url)
    assert parts.scheme == "mailto"
    assert unquote(parts.path) == letter.recipient_email
    assert query(link.url) == {
        "subject": [letter.subject],
        "body": [email_body(letter).replace("\n", "\r\n")],
    }
    assert "+" not in parts.query
    assert "%0D%0A" in parts.query


def test_mailto_fields_cannot_add_parameters(letter):
    """&, ?, #, % and line breaks in any field cannot add or change parameters."""
    hostile = dataclasses.replace(
        short(letter),
        subject=HOSTILE,
        sender_name=HOSTILE,
        signature_name=HOSTILE,
        recipient_email="mp@example.org?cc=spy@example.com&x=#",
    )
    link = mailto_link(hostile)
    parts = urlsplit(link.url)
    assert parts.fragment == ""
    fields = query(link.url)
    assert set(fields) == {"subject", "body"}
    assert fields["subject"] == [" ".join(HOSTILE.replace("\r\n", " ").split())]
    assert HOSTILE.replace("\n", "\r\n") in fields["body"][0]
    assert unquote(parts.path) == "mp@example.org?cc=spy@example.com&x=#"


def test_mailto_length_is_flagged(letter):
    """Links longer than MAILTO_MAX_CHARS say so; short ones do not."""
    assert mailto_link(short(letter)).too_long is False
    assert mailto_link(letter).too_long is False  # the default letter with a short reason
    words = Block(BlockKind.PARAGRAPH, ((Text("My own words. " * 60),),))
    long_link = mailto_link(dataclasses.replace(letter, blocks=(*letter.blocks, words)))
    assert len(long_link.url) > MAILTO_MAX_CHARS
    assert long_link.too_long is True


def test_mailto_leaves_allowed_punctuation_and_straightens_quotes(letter):
    """Commas and colons stay as typed and curly quotes become straight: the link stays short."""
    curly = Block(BlockKind.PARAGRAPH, ((Text("It’s “moral”, they said: go (now)."),),))
    url = mailto_link(dataclasses.replace(letter, blocks=(curly,))).url
    assert "It's%20%22moral%22,%20they%20said:%20go%20(now)." in url
    assert query(url)["body"][0].startswith(f'{letter.salutation}\r\n\r\nIt\'s "moral", they')


def test_sources_line_names_each_source_once(letter):
    """Footnotes citing the same report twice give one mention of it on the sources line."""
    notes = (Footnote(1, "a", "R, April 2010; P, April 2010."), Footnote(2, "b", "P, April 2010."))
    line = sources_line(dataclasses.replace(letter, footnotes=notes))
    assert line == "Sources: R, April 2010; P, April 2010."


def test_mailto_without_an_mp_email_has_an_empty_to(letter):
    """With no published address the link still opens a draft, with an empty "To"."""
    link = mailto_link(dataclasses.replace(letter, recipient_email=None))
    assert link.url.startswith("mailto:?subject=")


@pytest.mark.parametrize(
    ("build", "host", "expected_keys"),
    [
        (gmail_url, "mail.google.com", {"view", "fs", "to", "su", "body"}),
        (outlook_url, "outlook.live.com", {"to", "subject", "body"}),
    ],
)
def test_webmail_links_carry_exactly_their_fields(letter, build, host, expected_keys):
    """Gmail and Outlook links parse back to exactly their parameters, even with hostile text."""
    hostile = dataclasses.replace(letter, subject=HOSTILE, signature_name=HOSTILE)
    url = build(hostile)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.fragment) == ("https", host, "")
    fields = query(url)
    assert set(fields) == expected_keys
    assert fields["to"] == [letter.recipient_email]
    assert fields["body"] == [email_body(hostile)]
    subject = fields.get("su", fields.get("subject"))
    assert subject == [" ".join(HOSTILE.replace("\r\n", " ").split())]


def test_eml_is_a_draft_from_supporter_to_mp(letter):
    """The .eml has From, To, Subject, X-Unsent: 1 and the email text as its body."""
    message = parse_eml(render_eml(letter))
    assert set(message.keys()) == EML_HEADERS
    assert message["From"].addresses[0].addr_spec == "amira@example.org"
    assert message["From"].addresses[0].display_name == "Amira Haddad"
    assert message["To"].addresses[0].addr_spec == letter.recipient_email
    assert message["Subject"] == letter.subject
    assert message["X-Unsent"] == "1"
    assert message.get_content().replace("\r\n", "\n") == email_body(letter)


@pytest.mark.parametrize(
    "name",
    ['Haddad, Amira "Mimi"', "Zoë Ó Súilleabháin", "فاطمة الزهراء", "O'Hara <boss@example.com>"],
)
def test_eml_display_names_are_encoded_safely(letter, name):
    """Commas, quotes, angle brackets and non-ASCII names survive as the display name only."""
    message = parse_eml(render_eml(dataclasses.replace(letter, sender_name=name)))
    (sender,) = message["From"].addresses
    assert (sender.display_name, sender.addr_spec) == (name, "amira@example.org")
    assert render_eml(dataclasses.replace(letter, sender_name=name)).isascii()


def test_eml_fields_cannot_inject_headers(letter):
    """Line breaks in the name, subject or addresses cannot add headers."""
    hostile = dataclasses.replace(
        letter,
        sender_name=HOSTILE,
        subject=HOSTILE,
        recipient_email="mp@example.org\r\nBcc: spy@example.com",
    )
    message = parse_eml(render_eml(hostile))
    assert set(message.keys()) <= EML_HEADERS
    assert "Bcc" not in message
    assert "\n" not in message["Subject"]


def test_eml_without_emails_has_no_from_or_to(letter):
    """No supporter email: no From; no MP email: no To. The draft still opens."""
    bare = dataclasses.replace(letter, sender_email=None, recipient_email=None)
    message = parse_eml(render_eml(bare))
    assert set(message.keys()) == EML_HEADERS - {"From", "To"}
    assert message.get_content().replace("\r\n", "\n") == email_body(bare)


def test_eml_skips_an_address_headers_cannot_carry(letter):
    """A non-ASCII mailbox cannot go in an SMTP header; the draft is made without a From."""
    message = parse_eml(render_eml(dataclasses.replace(letter, sender_email="zoë@example.org")))
    assert "From" not in message


def rfc2047_display_name(data: bytes, header: str) -> str:
    """The display name of `header` decoded as RFC 2047 says: the space between adjacent encoded
    words is dropped (Python 3.11's newer parser keeps it, so the older decoder is used here)."""
    raw = BytesParser(policy=policy.compat32).parsebytes(data)[header]
    phrase = raw.rsplit("<", 1)[0]
    return str(make_header(decode_header(phrase))).strip()


@pytest.mark.parametrize(
    "name",
    [
        "<victim@example.com>, Alice " + "Smith " * 12,
        "<victim@example.com>, Alicé " + "Smith " * 12,
        '"Bob" <victim@example.com>, ' + "é" * 70,
        "x" * 100,
    ],
)
@pytest.mark.parametrize("header", ["From", "To"])
def test_eml_long_names_with_addresses_stay_one_display_name(letter, name, header):
    """A long name quoting an address folds without becoming a second From or To address."""
    if header == "From":
        changed, addr = dataclasses.replace(letter, sender_name=name), "amira@example.org"
    else:
        mp = dataclasses.replace(letter.mp, name=name)
        changed, addr = dataclasses.replace(letter, mp=mp), letter.recipient_email
    data = render_eml(changed)
    (mailbox,) = parse_eml(data)[header].addresses
    assert mailbox.addr_spec == addr
    assert rfc2047_display_name(data, header) == name.strip()
    assert max(len(line) for line in data.split(b"\r\n")) <= 78
