"""Each campaign's site lives under its slug: /<slug>/, /<slug>/find-your-mp, …

This middleware moves a leading slug from PATH_INFO to SCRIPT_NAME, as a WSGI server does for an
app mounted under a prefix. Every route then matches unchanged and every `url_for`, redirect and
form action keeps the prefix by itself, so a supporter who starts on one campaign stays on it.
The slug is left in the environ under CAMPAIGN_KEY for `webapp.content.published` to resolve.

A path whose first segment is one of the app's own (staff, static, find-your-mp, …) or names no
campaign is left alone: the app's URLs without a prefix are the install's main campaign
(setting CAMPAIGN), and an unknown first segment is an ordinary "Page not found".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

CAMPAIGN_KEY = "letters.campaign_slug"
# The site's own root (SCRIPT_NAME before a campaign's slug was added), for links between campaigns.
SITE_ROOT_KEY = "letters.site_root"
SLUG_MAX_CHARS = 64
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def is_slug(text: str) -> bool:
    """Lower-case letters, digits and single hyphens, at most SLUG_MAX_CHARS."""
    return len(text) <= SLUG_MAX_CHARS and SLUG_PATTERN.fullmatch(text) is not None


class CampaignPrefix:
    """Mount every campaign's site under its slug (see the module docstring)."""

    def __init__(self, app: Callable, reserved: Iterable[str], is_campaign: Callable[[str], bool]):
        self.app = app
        self.reserved = frozenset(reserved)
        # Asked only for a first segment that could be a slug: an unknown one stays in the path,
        # so its "Page not found" links to the site's own root.
        self.is_campaign = is_campaign

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        first, _sep, rest = path.lstrip("/").partition("/")
        environ[SITE_ROOT_KEY] = environ.get("SCRIPT_NAME", "")
        if first and first not in self.reserved and is_slug(first) and self.is_campaign(first):
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + "/" + first
            environ["PATH_INFO"] = "/" + rest
            environ[CAMPAIGN_KEY] = first
        return self.app(environ, start_response)


def first_segments(rules: Iterable[str]) -> set[str]:
    """The first path segment of each URL rule ("/staff/login" → "staff")."""
    return {rule.lstrip("/").split("/", 1)[0] for rule in rules} - {""}


def campaign_address(environ: dict[str, Any], slug: str, main: str) -> str:
    """The path of a campaign's page from any page of the site ("/" for the main campaign)."""
    root = environ.get(SITE_ROOT_KEY, environ.get("SCRIPT_NAME", ""))
    return f"{root}/" if slug == main else f"{root}/{slug}/"
