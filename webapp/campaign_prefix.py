"""Each campaign's site lives under its slug (/<slug>/, /<slug>/find-your-mp, …), and each
language but the first under its code (/cy/, /cy/<slug>/your-letter, …).

CampaignPrefix moves a leading slug from PATH_INFO to SCRIPT_NAME, as a WSGI server does for an
app mounted under a prefix. Every route then matches unchanged and every `url_for`, redirect and
form action keeps the prefix by itself, so a supporter who starts on one campaign stays on it.
The slug is left in the environ under CAMPAIGN_KEY for `webapp.content.published` to resolve.

A path whose first segment is one of the app's own (staff, static, find-your-mp, …) or names no
campaign is left alone: the app's URLs without a prefix are the install's main campaign
(setting CAMPAIGN), and an unknown first segment is an ordinary "Page not found".

LanguagePrefix does the same for a language's code, outside CampaignPrefix, so the language
comes first (/cy/<slug>/…) and every link on a Welsh page stays Welsh. It records the address's
language under LANGUAGE_KEY for `webapp.i18n.select_locale`: an unprefixed address is the first
of LANGUAGES. Pages whose first segment is language-neutral (the staff area) record none and
keep following the browser; a language's code in front of them is left in the path, so
/cy/staff/… is an ordinary "Page not found".

A partner's page frames a campaign at its embed address: the `/embed/` marker after the
campaign's prefix (/embed/… for the main campaign, /<slug>/embed/…, /cy/<slug>/embed/…).
CampaignPrefix moves the marker into SCRIPT_NAME too, so every link and form inside the frame
stays inside it, and records EMBED_KEY for the compact layout, the framing rules
(webapp.security) and the embed session cookie (webapp.embed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import quote

CAMPAIGN_KEY = "letters.campaign_slug"
# The site's own root (SCRIPT_NAME before a campaign's slug was added), for links between campaigns.
SITE_ROOT_KEY = "letters.site_root"
# The language of this address ("cy" under /cy/, else the first of LANGUAGES); absent on pages
# whose language the browser chooses (the staff area).
LANGUAGE_KEY = "letters.language"
# SCRIPT_NAME before a language's prefix, and the path after it (the campaign's slug included):
# together they give this page's address in another language.
LANGUAGE_ROOT_KEY = "letters.language_root"
LANGUAGE_PATH_KEY = "letters.language_path"
# The path marker of a campaign's embed pages, and the environ keys it leaves: whether this is an
# embed page, and SCRIPT_NAME before the marker (the same page outside the frame).
EMBED_SEGMENT = "embed"
EMBED_KEY = "letters.embed"
EMBED_ROOT_KEY = "letters.embed_root"
# Characters a path keeps as they are when it is written back as a URL (RFC 3986 pchar and "/").
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
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
            first, _sep, rest = rest.partition("/")
        if first == EMBED_SEGMENT:
            environ[EMBED_ROOT_KEY] = environ.get("SCRIPT_NAME", "")
            environ["SCRIPT_NAME"] = environ[EMBED_ROOT_KEY] + "/" + EMBED_SEGMENT
            environ["PATH_INFO"] = "/" + rest
            environ[EMBED_KEY] = True
        return self.app(environ, start_response)


def first_segments(rules: Iterable[str]) -> set[str]:
    """The first path segment of each URL rule ("/staff/login" → "staff")."""
    return {rule.lstrip("/").split("/", 1)[0] for rule in rules} - {""}


def reserved_slugs(rules: Iterable[str], languages: Iterable[str]) -> set[str]:
    """Web addresses no campaign may take: the site's own first segments ("staff"), the
    language prefixes ("cy") and the embed marker, which would otherwise hide the campaign."""
    return first_segments(rules) | set(languages) | {EMBED_SEGMENT}


def is_embed(environ: dict[str, Any]) -> bool:
    """Whether this request came in at an embed address (/…/embed/…)."""
    return bool(environ.get(EMBED_KEY))


def outside_embed(environ: dict[str, Any], url: str) -> str:
    """`url` (a path made by url_for on an embed page) as the same page outside the frame."""
    inside = environ.get("SCRIPT_NAME", "")
    if is_embed(environ) and url.startswith(inside + "/"):
        return environ.get(EMBED_ROOT_KEY, "") + url[len(inside) :]
    return url


def campaign_address(environ: dict[str, Any], slug: str, main: str) -> str:
    """The path of a campaign's page from any page of the site ("/" for the main campaign)."""
    root = environ.get(SITE_ROOT_KEY, environ.get("SCRIPT_NAME", ""))
    return f"{root}/" if slug == main else f"{root}/{slug}/"


class LanguagePrefix:
    """Mount each language but the first under its code (see the module docstring)."""

    def __init__(self, app: Callable, languages: Sequence[str], neutral: Iterable[str]):
        self.app = app
        self.default = languages[0]
        self.prefixed = frozenset(languages[1:])
        # First segments of pages that have no language of their own (they follow the browser).
        self.neutral = frozenset(neutral)

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        root, path = environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", "")
        first, _sep, rest = path.lstrip("/").partition("/")
        inner = first if first not in self.prefixed else rest.partition("/")[0]
        if inner not in self.neutral:
            language = self.default
            if first in self.prefixed:
                language, path = first, "/" + rest
                environ["SCRIPT_NAME"], environ["PATH_INFO"] = f"{root}/{first}", path
            environ[LANGUAGE_KEY] = language
            environ[LANGUAGE_ROOT_KEY] = root
            environ[LANGUAGE_PATH_KEY] = path
        return self.app(environ, start_response)


def language_address(environ: dict[str, Any], language: str, default: str) -> str:
    """This page's path and query in `language` (`default` has no prefix): the same campaign,
    page and query, so a reader who switches lands where they were."""
    root = environ.get(LANGUAGE_ROOT_KEY, environ.get("SCRIPT_NAME", ""))
    path = environ.get(LANGUAGE_PATH_KEY, environ.get("PATH_INFO", "")) or "/"
    prefix = "" if language == default else f"/{language}"
    # WSGI paths are decoded text in Latin-1: quoted again, as the browser sent them.
    address = quote(f"{root}{prefix}{path}".encode("latin-1"), safe=_PATH_SAFE)
    query = environ.get("QUERY_STRING", "")
    return f"{address}?{query}" if query else address
