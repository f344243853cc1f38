"""Partner sites: the origins allowed to frame a campaign's embed pages, each with the source its
letters count under.

An origin is kept in one normal form ("https://partner.example", "http://localhost:8080"), the
form a browser compares against `Content-Security-Policy: frame-ancestors`. The framing rules
(webapp.security) read a campaign's origins on every embed request, so they are cached per
process and rebuilt when the table changes: each request asks one cheap question (how many rows,
and the newest id and time), as webapp.content.published does for what is published.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from flask import current_app, g
from sqlalchemy import delete, func, select

from webapp.accounts import audit
from webapp.extensions import db
from webapp.i18n import _
from webapp.reach.models import SOURCE_MAX_CHARS, PartnerSite
from webapp.reach.sources import clean

ORIGIN_MAX_CHARS = 255
LABEL_MAX_CHARS = 120
# A campaign's partner list is short: this many keeps its CSP header a sensible size.
PARTNERS_MAX = 50
# Hosts a browser treats as secure over plain http (so its cookies may be `Secure` there).
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_LABEL = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
_REVISION_KEY = "partner_sites_revision"
# Asked once per embed request: the table's row count, newest id and newest time.
_REVISION = select(
    func.count(PartnerSite.id), func.max(PartnerSite.id), func.max(PartnerSite.created_at)
)


class PartnerProblem(ValueError):
    """What is wrong with an origin, label or source, worded for the staff member who typed it;
    `field` names the box it is about ("origin", "label" or "source")."""

    def __init__(self, message: str, field: str = "origin") -> None:
        super().__init__(message)
        self.field = field


def normalise_origin(text: str, *, allow_http: bool | None = None) -> str:
    """`text` as an origin ("scheme://host[:port]", lower case, no default port).

    Raises PartnerProblem, saying what to change: only http and https, a host, no user name,
    path, query or fragment, and https unless the host is this machine's or the setting
    EMBED_ALLOW_HTTP is on.
    """
    if allow_http is None:
        allow_http = bool(current_app.config.get("EMBED_ALLOW_HTTP"))
    text = text.strip()
    if not text:
        raise PartnerProblem(_("Enter the partner site's address, like https://partner.example."))
    if len(text) > ORIGIN_MAX_CHARS:
        raise PartnerProblem(
            _("An address can be at most %(max)s characters.", max=ORIGIN_MAX_CHARS)
        )
    if any(ch.isspace() or ord(ch) < 32 for ch in text) or "\\" in text:
        raise PartnerProblem(_("An address cannot contain spaces or backslashes."))
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise PartnerProblem(_("That is not a web address: check the port number.")) from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not text.lower().startswith(f"{scheme}://"):
        raise PartnerProblem(_("Start the address with https://, like https://partner.example."))
    if "@" in parts.netloc:
        raise PartnerProblem(_("Leave out any user name or password (the part before “@”)."))
    if parts.path not in ("", "/") or parts.query or parts.fragment or text.endswith(("?", "#")):
        raise PartnerProblem(
            _("Give only the site, without a page: https://partner.example, not …/page?x=1.")
        )
    host = _host(parts.hostname or "")
    if scheme == "http" and host not in LOCAL_HOSTS and not allow_http:
        raise PartnerProblem(
            _("Partner sites must use https (a page on http cannot keep a letter safe).")
        )
    shown_port = f":{port}" if port is not None and port != _DEFAULT_PORTS[scheme] else ""
    return f"{scheme}://{host}{shown_port}"


def _host(hostname: str) -> str:
    """A host name or IP address in the form a browser writes in an origin."""
    if not hostname:
        raise PartnerProblem(
            _("The address has no site name: write it like https://partner.example.")
        )
    try:
        address = ipaddress.ip_address(hostname)
    except ValueError:
        pass
    else:
        return f"[{address.compressed}]" if address.version == 6 else address.compressed
    try:
        ascii_host = hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise PartnerProblem(_("The site name has characters a web address cannot have.")) from None
    labels = ascii_host.rstrip(".").split(".")
    if not all(_LABEL.fullmatch(label) and not label.endswith("-") for label in labels):
        raise PartnerProblem(_("The site name has characters a web address cannot have."))
    return ".".join(labels)


def suggest_source(label: str) -> str:
    """A source code from a partner's label ("Oxfam newsletter" → "oxfam-newsletter")."""
    return clean(label, SOURCE_MAX_CHARS) or ""


def check_source(code: str) -> str:
    """`code` if letters can carry it unchanged as `?source=` (webapp.reach.sources), else
    PartnerProblem saying what a code may contain."""
    code = code.strip()
    if not code:
        raise PartnerProblem(
            _("Enter a source code, or leave it for one made from the name."), "source"
        )
    if clean(code, SOURCE_MAX_CHARS) != code:
        raise PartnerProblem(
            _(
                "A source code has at most %(max)s lower-case letters, digits, “-”, “_” or “.”, "
                "and starts and ends with a letter or digit.",
                max=SOURCE_MAX_CHARS,
            ),
            "source",
        )
    return code


@dataclass(frozen=True, slots=True)
class NewPartner:
    """A partner as staff typed it, checked and normalised."""

    origin: str
    label: str
    source: str


def checked_partner(origin: str, label: str, source: str) -> NewPartner:
    """The partner staff typed, or PartnerProblem for the first thing wrong with it."""
    label = " ".join(label.split())
    if not label:
        raise PartnerProblem(_("Give the partner a name staff will recognise."), "label")
    if len(label) > LABEL_MAX_CHARS:
        raise PartnerProblem(
            _("A name can be at most %(max)s characters.", max=LABEL_MAX_CHARS), "label"
        )
    code = check_source(source) if source.strip() else suggest_source(label)
    if not code:
        raise PartnerProblem(
            _("Enter a source code: the name has no letters or digits to make one.")
        )
    return NewPartner(normalise_origin(origin), label, code)


def partners(campaign: str) -> list[PartnerSite]:
    """A campaign's partner sites, by name."""
    query = select(PartnerSite).where(PartnerSite.campaign == campaign)
    return list(db.session.scalars(query.order_by(PartnerSite.label, PartnerSite.id)))


def add(campaign: str, partner: NewPartner, *, by: object = None) -> PartnerSite:
    """List a partner site for `campaign` (audited); PartnerProblem if its origin is listed
    already or the campaign has PARTNERS_MAX."""
    listed = partners(campaign)
    if any(site.origin == partner.origin for site in listed):
        raise PartnerProblem(
            _("%(origin)s is already a partner site of this campaign.", origin=partner.origin)
        )
    if len(listed) >= PARTNERS_MAX:
        raise PartnerProblem(
            _("A campaign can have at most %(max)s partner sites.", max=PARTNERS_MAX)
        )
    site = PartnerSite(
        campaign=campaign,
        origin=partner.origin,
        label=partner.label,
        source=partner.source,
        created_by=getattr(by, "id", None),
    )
    db.session.add(site)
    db.session.commit()
    _forget_revision()
    audit.record(
        "partner_site_added",
        target=f"{campaign}: {partner.origin}",
        detail=f"{partner.label} (source {partner.source})",
    )
    return site


def remove(campaign: str, partner_id: int) -> PartnerSite | None:
    """Stop a partner site framing `campaign` (audited); None if it has no such partner."""
    site = db.session.get(PartnerSite, partner_id)
    if site is None or site.campaign != campaign:
        return None
    db.session.execute(delete(PartnerSite).where(PartnerSite.id == partner_id))
    db.session.commit()
    _forget_revision()
    audit.record(
        "partner_site_removed",
        target=f"{campaign}: {site.origin}",
        detail=f"{site.label} (source {site.source})",
    )
    return site


def frame_origins(campaign: str) -> tuple[str, ...]:
    """The origins allowed to frame `campaign`'s embed pages (cached; see the module docstring)."""
    return _origins(campaign, _revision())


def _revision() -> tuple:
    """The partner table's revision, asked once per request (a removed row lowers the count; an
    added one raises the newest id or time, even where SQLite reuses a deleted row's id)."""
    revision = g.get(_REVISION_KEY)
    if revision is None:
        count, newest, newest_at = db.session.execute(_REVISION).one()
        revision = (count, newest, str(newest_at))
        setattr(g, _REVISION_KEY, revision)
    return revision


def _forget_revision() -> None:
    g.pop(_REVISION_KEY, None)


# One entry per campaign and revision: room for every live campaign of an install.
@functools.lru_cache(maxsize=64)
def _origins(campaign: str, revision: tuple) -> tuple[str, ...]:
    query = select(PartnerSite.origin).where(PartnerSite.campaign == campaign)
    return tuple(sorted(db.session.scalars(query)))


def clear_cache() -> None:
    """Forget the cached origins (a new app, e.g. in tests, may use another database)."""
    _origins.cache_clear()


def embed_address(site: str, campaign_path: str, source: str) -> str:
    """The address a partner's frame opens: the campaign's embed pages (`campaign_path` is its
    address on the site, "/" or "/<slug>/") with the partner's source."""
    return f"{site.rstrip('/')}{campaign_path}embed/?{urlencode({'source': source})}"
