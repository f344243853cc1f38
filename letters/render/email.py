"""The letter as an email draft the supporter sends from their own mailbox.

Three ways in: a mailto: link (opens the default mail program), Gmail and Outlook.com compose
links, and an .eml file (opens as an unsent draft in Outlook, Apple Mail and Thunderbird).

Every field is percent-encoded or set through the email package's header objects, so "&", "?",
"#", "%" or a line break in a name, subject or body can never add or change a parameter or header.
When the MP publishes no email address, the links and the draft have an empty "To": the supporter
still gets the text ready to send and can fill in the address themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from urllib.parse import quote, urlencode

from letters.i18n import for_language
from letters.i18n import gettext as _
from letters.model import Language, Letter
from letters.render.text import body_lines

__all__ = [
    "MAILTO_MAX_CHARS",
    "MailtoLink",
    "email_body",
    "gmail_url",
    "mailbox_header",
    "mailto_link",
    "outlook_url",
    "render_eml",
    "sources_line",
]

# Some mail programs and operating systems truncate or refuse longer mailto: URIs (Outlook on
# Windows stops at about 2,048 characters, and browsers hand the URI to the OS as a command
# line). Past this, offer the .eml draft or copy-and-paste instead.
MAILTO_MAX_CHARS = 2000

_HEADER_UNSAFE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")
# A display name that can stand in a header as it is: RFC 5322 atext and spaces, short enough
# never to be folded. Anything else is written as RFC 2047 encoded words, inside which commas,
# quotes and angle brackets are inert.
_PLAIN_NAME = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]{1,60}")


@dataclass(frozen=True, slots=True)
class MailtoLink:
    url: str
    too_long: bool  # longer than MAILTO_MAX_CHARS: some mail programs would cut it short


def email_body(letter: Letter) -> str:
    """The plain-text email: salutation, body, sign-off, the sender, and one line of sources.

    Compact, so a typical letter's mailto: link fits every mail program: no address block for the
    MP (the email goes to them), no footnote markers, and the sources on one line. MPs act only
    for constituents, so the supporter's full address follows their name, on one line; their
    email address is not repeated, as the email comes from it.
    Paragraphs are single lines: mail programs wrap them.
    """
    parts = [
        letter.salutation,
        *body_lines(letter.blocks, None, refs=False),
        f"{letter.sign_off}\n{letter.signature_name}\n{', '.join(letter.sender_address)}",
    ]
    sources = sources_line(letter)
    if sources:
        parts.append(sources)
    return "\n\n".join(parts) + "\n"


def sources_line(letter: Letter) -> str:
    """ "Sources: A; B." — every source the footnotes name, once each, in order of first citation.

    A footnote lists its finding's sources joined by "; " (letters.findings.Finding.citation);
    the same report cited for several findings appears here once.
    """
    seen: dict[str, None] = {}
    for note in letter.footnotes:
        for source in note.text.rstrip(".").split("; "):
            if source.strip():
                seen.setdefault(source.strip(), None)
    if not seen:
        return ""
    with for_language(letter.language):
        return _("Sources: %(sources)s.", sources="; ".join(seen))


def mailto_link(letter: Letter) -> MailtoLink:
    """An RFC 6068 mailto: URI with the subject and body; line breaks are sent as CRLF.

    Curly quotes become straight ones and the punctuation RFC 6068 allows unescaped is left as
    it is: a curly apostrophe costs nine characters percent-encoded, a straight one costs one.
    """
    to = quote(letter.recipient_email or "", safe="@")
    body = _plain_quotes(email_body(letter)).replace("\n", "\r\n")
    subject = quote(_plain_quotes(_one_line(letter.subject)), safe=_MAILTO_SAFE)
    url = f"mailto:{to}?subject={subject}&body={quote(body, safe=_MAILTO_SAFE)}"
    return MailtoLink(url=url, too_long=len(url) > MAILTO_MAX_CHARS)


# RFC 6068 "some-delims" that may stand unescaped in a header value, less "+" (some programs
# still read it as a space).
_MAILTO_SAFE = "!$'()*,;:@"
_PLAIN_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def _plain_quotes(text: str) -> str:
    return text.translate(_PLAIN_QUOTES)


def gmail_url(letter: Letter) -> str:
    """A Gmail compose link with the letter filled in."""
    query = {
        "view": "cm",
        "fs": "1",
        "to": letter.recipient_email or "",
        "su": _one_line(letter.subject),
        "body": email_body(letter),
    }
    return "https://mail.google.com/mail/?" + urlencode(query, quote_via=quote)


def outlook_url(letter: Letter) -> str:
    """An Outlook.com compose link with the letter filled in."""
    query = {
        "to": letter.recipient_email or "",
        "subject": _one_line(letter.subject),
        "body": email_body(letter),
    }
    return "https://outlook.live.com/mail/0/deeplink/compose?" + urlencode(query, quote_via=quote)


def render_eml(letter: Letter) -> bytes:
    """An unsent draft (.eml) from supporter to MP; X-Unsent: 1 makes Outlook open it to edit.

    From and To are written by `mailbox_header`, not by the email package: Python 3.11's header
    folder drops the quotes round a long display name, so "<victim@example.com>, Alice …" would
    become a second address.
    """
    message = EmailMessage(policy=SMTP)
    message["Subject"] = _one_line(letter.subject)
    message["X-Unsent"] = "1"
    message.set_content(email_body(letter), charset="utf-8")
    if letter.language != Language.ENGLISH:  # RFC 3282, after set_content, which clears it
        message["Content-Language"] = str(letter.language)
    addresses = [
        ("From", _address(letter.sender_name, letter.sender_email)),
        ("To", _address(letter.mp.name or letter.recipient[0], letter.recipient_email)),
    ]
    head = "".join(
        f"{name}: {mailbox_header(address)}\r\n"
        for name, address in addresses
        if address is not None
    )
    return head.encode("ascii") + message.as_bytes()


def mailbox_header(address: Address) -> str:
    """One mailbox as an ASCII header value that parses back to exactly this one address.

    Display names beyond plain letters and punctuation become RFC 2047 encoded words, folded at
    70 characters with CRLF, so no name can add an address or a header whatever its length.
    """
    addr_spec = address.addr_spec
    addr_spec.encode("ascii")  # SMTP headers carry only ASCII mailboxes; UnicodeError otherwise
    name = address.display_name
    if not name:
        return f"<{addr_spec}>"
    if not _PLAIN_NAME.fullmatch(name):
        name = Header(name, "utf-8", maxlinelen=70).encode(linesep="\r\n")
    return f"{name}\r\n <{addr_spec}>"


def _one_line(text: str) -> str:
    """Header-safe text: control characters and line breaks become a space."""
    return " ".join(_HEADER_UNSAFE.sub(" ", text).split())


def _address(name: str, email: str | None) -> Address | None:
    """A mailbox with a safely quoted display name, or None when the address cannot be used."""
    if not email:
        return None
    try:
        username, domain = _one_line(email).rsplit("@", 1)
        address = Address(display_name=_one_line(name), username=username, domain=domain)
        address.addr_spec.encode("ascii")  # SMTP headers carry only ASCII addresses
    except (ValueError, UnicodeError):
        return None
    return address
