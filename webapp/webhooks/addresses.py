"""Which receiver addresses we may send to: http(s) only, and never into our own network.

An endpoint URL is checked when an admin adds it and again before every send (a name can be
pointed somewhere else later). A name that resolves to a private, loopback, link-local or other
non-public address is refused, unless the setting WEBHOOK_ALLOW_PRIVATE_ADDRESSES is on (a CRM on
the organisation's own network; the tests' local receiver). https is required unless that
setting is on. The send connects to the address checked here, so a second lookup cannot swap it.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from webapp.i18n import _

URL_MAX_CHARS = 500


class RefusedAddress(ValueError):
    """The URL may not be sent to; the message says why, in words for staff."""


@dataclass(frozen=True, slots=True)
class Target:
    """Where one send goes: the URL's parts and the address (IP) checked for it."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


def parse(url: str, *, allow_private: bool) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of an endpoint URL, or RefusedAddress."""
    text = (url or "").strip()
    if not text:
        raise RefusedAddress(_("Enter the receiver's web address."))
    if len(text) > URL_MAX_CHARS:
        raise RefusedAddress(_("Keep the web address under 500 characters."))
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise RefusedAddress(_("A web address has no spaces in it."))
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise RefusedAddress(_("That is not a web address we can send to.")) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise RefusedAddress(_("The address must start with https://."))
    if scheme == "http" and not allow_private:
        raise RefusedAddress(_("Use an https:// address, so events travel encrypted."))
    if parts.username is not None or parts.password is not None:
        raise RefusedAddress(_("Put no user name or password in the address."))
    if not parts.hostname:
        raise RefusedAddress(_("The address needs a host name, like crm.example.org."))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80), path


def resolve(url: str, *, allow_private: bool) -> Target:
    """The checked target of an endpoint URL: every address its name has must be public."""
    scheme, host, port, path = parse(url, allow_private=allow_private)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise RefusedAddress(
            _("We could not find %(host)s. Check the address.", host=host)
        ) from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise RefusedAddress(_("We could not find %(host)s. Check the address.", host=host))
    if not allow_private and not all(is_public(address) for address in addresses):
        raise RefusedAddress(
            _(
                "%(host)s is a private or local network address. Events go only to addresses "
                "on the public internet.",
                host=host,
            )
        )
    return Target(scheme=scheme, host=host, port=port, path=path, address=addresses[0])


def is_public(address: str) -> bool:
    """True for a globally routable unicast address (not private, loopback, link-local…)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast
