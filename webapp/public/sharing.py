"""Asking others to write too: the thank-you page's share links.

Every link is the campaign's public address, in the language the supporter read it in, with
`?source=share&utm_medium=<how>` (SHARE_SOURCE, ShareMedium), so staff can count the letters a
supporter's share brought in. Nothing from elsewhere is loaded: email is a `mailto:` link,
WhatsApp a plain link to wa.me, and copying the link and the browser's own share sheet are done
by the site's scripts (js/site.js, js/share.js), which the page works without.

The share text names the campaign's title, which staff type: it is made one plain line (no line
breaks or control characters, so it cannot add a header to a `mailto:` link), cut to
TITLE_MAX_CHARS, and every value is percent-encoded (`%20`, never `+`, which mail programs
would show as it is).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from flask import current_app, request

from webapp.campaign_prefix import campaign_address
from webapp.i18n import _
from webapp.reach.sources import SUPPORTER_SHARE

# The source every supporter's share carries (staff's own share links carry their own codes).
SHARE_SOURCE = SUPPORTER_SHARE
# The longest campaign title a share text quotes; a longer one is cut, with an ellipsis.
TITLE_MAX_CHARS = 120


class ShareMedium(StrEnum):
    """How the link was shared: its `utm_medium`."""

    EMAIL = "email"
    WHATSAPP = "whatsapp"
    COPY = "copy"
    NATIVE = "native"


@dataclass(frozen=True, slots=True)
class ShareLinks:
    """What the thank-you page offers: one link for each way of sharing, and the words."""

    address: str  # the campaign's plain address, with no source (to read out or write down)
    title: str  # the campaign's title as the words quote it: one line, at most TITLE_MAX_CHARS
    text: str  # the short message that goes with the link
    email: str  # a mailto: link with a subject and a body (the text and the link)
    whatsapp: str  # https://wa.me/?text=…, the text and the link
    copy: str  # the address in the copy box
    native: str  # the address the browser's share sheet sends


def tracked_url(campaign_url: str, medium: ShareMedium) -> str:
    """`campaign_url` with `source=share` and `utm_medium=<medium>` (replacing any already
    there; any other query is kept, any fragment dropped)."""
    parts = urlsplit(campaign_url)
    ours = {"source", "utm_medium"}
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ours]
    query += [("source", SHARE_SOURCE), ("utm_medium", medium.value)]
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote), fragment=""))


def one_line(title: str) -> str:
    """The title as one plain line: every run of spaces, line breaks and control characters
    made one space, and cut to TITLE_MAX_CHARS with an ellipsis."""
    plain = "".join(" " if (ch.isspace() or not ch.isprintable()) else ch for ch in title)
    plain = " ".join(plain.split())
    if len(plain) > TITLE_MAX_CHARS:
        plain = plain[: TITLE_MAX_CHARS - 1].rstrip() + "…"
    return plain


def _encoded(text: str) -> str:
    return quote(text, safe="")


def share_links(campaign_url: str, title: str) -> ShareLinks:
    """The links for sharing the campaign at `campaign_url` (its absolute public address),
    whose title is `title`, in the current reader's language."""
    name = one_line(title)
    if name:
        subject = _("Write to your MP: %(title)s", title=name)
        text = _(
            "I have written to my MP about “%(title)s”. Will you write to yours too? "
            "It takes a few minutes.",
            title=name,
        )
    else:
        subject = _("Write to your MP")
        text = _("I have written to my MP. Will you write to yours too? It takes a few minutes.")
    # RFC 6068: a line break in a mailto: body is an encoded CRLF.
    body = f"{text}\r\n\r\n{tracked_url(campaign_url, ShareMedium.EMAIL)}"
    whatsapp = f"{text} {tracked_url(campaign_url, ShareMedium.WHATSAPP)}"
    return ShareLinks(
        address=campaign_url,
        title=name,
        text=text,
        email=f"mailto:?subject={_encoded(subject)}&body={_encoded(body)}",
        whatsapp=f"https://wa.me/?text={_encoded(whatsapp)}",
        copy=tracked_url(campaign_url, ShareMedium.COPY),
        native=tracked_url(campaign_url, ShareMedium.NATIVE),
    )


def campaign_url(slug: str) -> str:
    """The absolute public address of campaign `slug`'s page in this page's language
    ("https://site/cy/<slug>/"): on SITE_URL where it is set, else on this host."""
    path = campaign_address(request.environ, slug, current_app.config["CAMPAIGN"])
    site = current_app.config["SITE_URL"] or request.host_url
    return site.rstrip("/") + path
