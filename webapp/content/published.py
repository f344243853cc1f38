"""What the public pages show and compose with: the campaign, its letter template and findings,
and the MP directory.

Every letter download uses all of these, so they are built once per process and cached. The
staff area's published versions (webapp.content.versions) and MP corrections
(webapp.directory.overrides) take effect here without a restart: each request asks the database one
cheap question, "what are the newest publication and correction ids?", and the cached objects are
rebuilt only when an answer changes. So a publish is seen by every worker on its next request.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path

from flask import current_app, g, has_request_context, request
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import NotFound

from letters.campaign import Campaign, Controller, load_campaign
from letters.directory import Directory, default_directory
from letters.document import template_text
from letters.errors import FindingsFileError, NoWording
from letters.findings import FindingSet, parse_findings, with_welsh
from letters.page_text import PageText, parse_page
from letters.templating import LetterTemplate
from webapp import database
from webapp.campaign_prefix import CAMPAIGN_KEY
from webapp.campaigns import service as campaigns
from webapp.campaigns.service import CampaignState
from webapp.content import versions
from webapp.content.models import ContentVersion
from webapp.directory import overrides
from webapp.extensions import db
from webapp.i18n import current_language

# The last revision this process read, used while the database cannot answer (see _ask_revision).
_last_revision: list[tuple[int, int, int]] = []
# Asked on every request, so written out once: the newest publication and MP correction ids, and
# the campaigns' revision (webapp.campaigns.service).
_REVISION = text(
    "SELECT (SELECT max(id) FROM content_publication), (SELECT max(id) FROM mp_override), "
    "(SELECT sum(revision) FROM campaign)"
)


# The one language besides English a letter may be written in (letters.i18n.LANGUAGES).
WELSH = "cy"


@dataclass(frozen=True, slots=True)
class _Published:
    template: LetterTemplate
    template_version_id: int | None
    findings: FindingSet
    findings_version_id: int | None
    page: PageText
    # The page in Welsh (None: none is published or shipped, so /cy/ shows the English).
    welsh_page: PageText | None
    # The default letter's Welsh wording (None: the campaign has none yet) and its version.
    welsh_template: LetterTemplate | None = None
    welsh_template_version_id: int | None = None
    # The published findings' words in Welsh (None: the file's, findings.cy.toml).
    welsh_findings_version_id: int | None = None


@functools.cache
def _load_campaign(slug: str, root: str) -> Campaign:
    return load_campaign(slug, Path(root))


def _campaign(slug: str) -> Campaign:
    """A campaign from the content folder (setting CAMPAIGNS_DIR)."""
    return _load_campaign(slug, str(current_app.config["CAMPAIGNS_DIR"]))


@functools.cache
def _compiled_template(slug: str, name: str, language: str = "en") -> LetterTemplate:
    campaign = campaign_named(slug)
    source = campaign.template_source(name, language)
    return LetterTemplate.compile(source, name=name, language=language)


@functools.lru_cache(maxsize=16)
def _compiled_version(body: str, name: str, language: str = "en") -> LetterTemplate:
    return LetterTemplate.compile(template_text(body), name=name, language=language)


def welsh_kind(name: str) -> str:
    """The content kind of letter `name`'s Welsh wording ("template:default.cy")."""
    return versions.template_kind(f"{name}.{WELSH}")


@functools.lru_cache(maxsize=8)
def _parsed_findings(source: str) -> FindingSet:
    return parse_findings(source, source_name="findings.toml")


# One entry per campaign (and per publication since): room for every live campaign of an install.
@functools.lru_cache(maxsize=64)
def _published(slug: str, publication_revision: int) -> _Published:
    """What supporters get for a campaign, as of a publication id (the cache key)."""
    campaign = campaign_named(slug)
    name = campaign.default_template
    template_version = versions.published_version(slug, versions.template_kind(name))
    findings_version = versions.published_version(slug, versions.FINDINGS)
    page_version = versions.published_version(slug, versions.PAGE)
    welsh_page_version = versions.published_version(
        slug, versions.in_language(versions.PAGE, WELSH)
    )
    welsh_version = versions.published_version(slug, welsh_kind(name))
    welsh_template = None
    if welsh_version is not None:
        welsh_template = _compiled_version(welsh_version.body, name, WELSH)
    elif WELSH in campaign.languages(name):
        welsh_template = _compiled_template(slug, name, WELSH)
    return _Published(
        template=(
            _compiled_template(slug, name)
            if template_version is None
            else _compiled_version(template_version.body, name)
        ),
        template_version_id=template_version.id if template_version is not None else None,
        findings=(
            campaign.findings
            if findings_version is None
            else _parsed_findings(findings_version.body)
        ),
        findings_version_id=findings_version.id if findings_version is not None else None,
        page=parse_page(page_version.body if page_version is not None else campaign.page_source),
        welsh_page=_page_in(
            welsh_page_version.body
            if welsh_page_version is not None
            else campaign.page_text(WELSH),
            WELSH,
        ),
        welsh_template=welsh_template,
        welsh_template_version_id=welsh_version.id if welsh_version is not None else None,
        welsh_findings_version_id=_version_id(
            versions.published_version(slug, versions.in_language(versions.FINDINGS, WELSH))
        ),
    )


def _version_id(version: ContentVersion | None) -> int | None:
    return version.id if version is not None else None


@functools.lru_cache(maxsize=4)
def _states(campaign_revision: int) -> dict[str, CampaignState]:
    """Every campaign's status and dates, as of the campaigns' revision (the cache key)."""
    return campaigns.all_states() if campaign_revision else {}


@functools.lru_cache(maxsize=4)
def _directory(override_revision: int) -> Directory:
    """The directory with staff corrections, as of a correction id (the cache key)."""
    mps = overrides.override_mps() if override_revision else {}
    return default_directory().with_mps(mps) if mps else default_directory()


def clear_caches() -> None:
    """Forget every cached object (a new app, e.g. in tests, may use a different database)."""
    for cached in (
        _published,
        _states,
        _renamed,
        _in_welsh,
        _directory,
        _compiled_version,
        _parsed_findings,
        _version_body,
        _compiled_template,
        _load_campaign,
    ):
        cached.cache_clear()
    _last_revision.clear()


def _revision() -> tuple[int, int, int]:
    """(newest publication id, newest correction id, campaigns' revision), asked once per request.

    Kept under the staff area's directory key, so a correction made during a request (which
    drops that key) is seen by the rest of the request.
    """
    revision = g.get(overrides.DIRECTORY_CACHE_KEY)
    if not isinstance(revision, tuple):
        revision = _ask_revision()
        setattr(g, overrides.DIRECTORY_CACHE_KEY, revision)
    return revision


def forget_revision() -> None:
    """Ask the database again on this request's next read (after a change made in it)."""
    g.pop(overrides.DIRECTORY_CACHE_KEY, None)


def _ask_revision() -> tuple[int, int, int]:
    """The database's answer or, while it cannot answer, the last answer this process had.

    So supporters keep getting letters (with what was published when the database was last
    seen) through an outage; a process that never saw the database has nothing safe to offer.
    """
    if database.health().backing_off() and _last_revision:
        return _last_revision[0]
    try:
        newest_publication, newest_override, campaign_revision = db.session.execute(_REVISION).one()
    except SQLAlchemyError as exc:
        if not _last_revision:
            raise
        database.health().note(exc)
        try:
            db.session.rollback()
        except SQLAlchemyError:
            db.session.remove()
        return _last_revision[0]
    revision = (newest_publication or 0, newest_override or 0, campaign_revision or 0)
    _last_revision[:] = [revision]
    return revision


# Where a staff page keeps the campaign its user is working on (see use_campaign).
_CHOSEN = "chosen_campaign"


class NoSuchCampaign(NotFound):
    """An address names a campaign there is none of (a 404, never a 500)."""

    description = "There is no campaign at this address."


def campaign_slug() -> str:
    """The campaign of this request: the one a staff page chose for its user (use_campaign, which
    staff pages always call first), else its address's prefix, else the install's main campaign
    (setting CAMPAIGN)."""
    if has_request_context():
        slug = g.get(_CHOSEN) or request.environ.get(CAMPAIGN_KEY)
        if slug:
            return slug
    return current_app.config["CAMPAIGN"]


def current_campaign() -> Campaign:
    """The campaign this request is about (see campaign_slug); NoSuchCampaign if none."""
    return campaign_named(campaign_slug())


def campaign_exists(slug: str) -> bool:
    """Whether `slug` is the main campaign or has a campaign row."""
    return slug == current_app.config["CAMPAIGN"] or slug in _states(_revision()[2])


def use_campaign(slug: str) -> bool:
    """Make `slug` this request's campaign (staff pages); False when there is no such campaign."""
    if not campaign_exists(slug):
        return False
    setattr(g, _CHOSEN, slug)
    return True


def campaign_named(slug: str) -> Campaign:
    """A campaign by its slug: the main one from its files, any other from its row (a copy's
    settings and first texts come from the folder it was started from)."""
    home = current_app.config["CAMPAIGN"]
    state = _states(_revision()[2]).get(slug)
    if state is None:
        if slug == home:  # no row yet (a database emptied in a test): its files, as they are
            return _campaign(home)
        raise NoSuchCampaign()
    return _renamed(state.based_on or slug, slug, state.title, state.controller)


def organisation_controller() -> Controller | None:
    """Who runs the site, and so is responsible for supporters' data unless a campaign names
    its own: the main campaign's files' [controller]."""
    return _campaign(current_app.config["CAMPAIGN"]).controller


def campaign_folder(slug: str) -> str:
    """The folder under CAMPAIGNS_DIR a campaign's settings come from (a copy's: its source's)."""
    state = _states(_revision()[2]).get(slug)
    return (state.based_on if state is not None else "") or slug


def all_campaigns() -> list[tuple[Campaign, CampaignState]]:
    """Every campaign with its state, the main one first, then by title."""
    home = current_app.config["CAMPAIGN"]
    states = dict(_states(_revision()[2]))
    states.setdefault(home, CampaignState.live(home))
    found = [(campaign_named(slug), state) for slug, state in states.items()]
    return sorted(found, key=lambda pair: (pair[0].slug != home, pair[0].title.casefold()))


@functools.lru_cache(maxsize=64)
def _renamed(folder: str, slug: str, title: str, controller: Controller | None) -> Campaign:
    base = _campaign(folder)
    return dataclasses.replace(
        base, slug=slug, title=title or base.title, controller=controller or base.controller
    )


def campaign_state(campaign: Campaign) -> CampaignState:
    """Whether the campaign takes letters now, and what its page says when it does not."""
    return _states(_revision()[2]).get(campaign.slug) or CampaignState.live(campaign.slug)


def letter_languages(campaign: Campaign) -> tuple[str, ...]:
    """The languages supporters can write the campaign's letter in: "en", and "cy" once it has
    a Welsh wording (shipped, or published by staff)."""
    welsh = _published(campaign.slug, _revision()[0]).welsh_template is not None
    return ("en", WELSH) if welsh else ("en",)


def published_template(campaign: Campaign, language: str = "en") -> LetterTemplate:
    """The compiled letter template supporters' letters are composed with: the published
    version from the staff area, else the file; in `language` (NoWording when it has none)."""
    published = _published(campaign.slug, _revision()[0])
    if language == "en":
        return published.template
    if published.welsh_template is None:
        raise NoWording(campaign.default_template, language, ("en",))
    return published.welsh_template


def published_template_version_id(campaign: Campaign, language: str = "en") -> int | None:
    """The staff area's published template version id (of the wording in `language`), or None
    when the file version is used."""
    published = _published(campaign.slug, _revision()[0])
    return (
        published.template_version_id if language == "en" else published.welsh_template_version_id
    )


def published_findings(campaign: Campaign, language: str = "en") -> FindingSet:
    """The findings (facts with sources) letters cite: the published version, else the file;
    for a Welsh letter with their Welsh words (findings.cy.toml)."""
    published = _published(campaign.slug, _revision()[0])
    if language == "en":
        return published.findings
    return _in_welsh(
        campaign.slug, published.findings_version_id, published.welsh_findings_version_id
    )


def published_findings_version_id(campaign: Campaign) -> int | None:
    """The staff area's published findings version id, or None when the file version is used."""
    return _published(campaign.slug, _revision()[0]).findings_version_id


def published_page(campaign: Campaign, language: str | None = None) -> PageText:
    """The campaign page's summary and requests to MPs (and, in Welsh, its title): the published
    version, else the file; in `language` (None: the page's own, in a request), or the English
    when none is published in it (its `language` says which the text is in)."""
    if language is None:
        language = current_language() if has_request_context() else "en"
    published = _published(campaign.slug, _revision()[0])
    if language == WELSH and published.welsh_page is not None:
        return published.welsh_page
    return published.page


def _page_in(body: str, language: str) -> PageText | None:
    """A page in `language` read from its text; None when it has no words yet (an empty first
    version), so supporters get the English."""
    page = parse_page(body, language)
    return page if page.summary else None


@functools.lru_cache(maxsize=64)
def _version_body(version_id: int) -> str | None:
    # Versions are append-only (never edited), so a body read once stays right for good.
    version = db.session.get(ContentVersion, version_id)
    return version.body if version is not None else None


def template_at(campaign: Campaign, version_id: int | None, language: str = "en") -> LetterTemplate:
    """The default letter template in `language` as it was in version `version_id` (None: the
    file's).

    Letters already written keep the wording they were written with; a version that cannot be
    found (never expected: versions are never deleted) falls back to the published one.
    """
    name = campaign.default_template
    body = _version_body(version_id) if version_id is not None else None
    if body is None:
        if version_id is None and language in campaign.languages(name):
            return _compiled_template(campaign.slug, name, language)
        return published_template(campaign, language)
    return _compiled_version(body, name, language)


def findings_at(campaign: Campaign, version_id: int | None, language: str = "en") -> FindingSet:
    """The findings as they were in version `version_id` (None: the file's), for a letter in
    `language`."""
    if language != "en":
        welsh = _published(campaign.slug, _revision()[0]).welsh_findings_version_id
        return _in_welsh(campaign.slug, version_id, welsh)
    body = _version_body(version_id) if version_id is not None else None
    if body is None:
        return campaign.findings if version_id is None else published_findings(campaign)
    return _parsed_findings(body)


@functools.lru_cache(maxsize=16)
def _in_welsh(
    slug: str, findings_version_id: int | None, welsh_version_id: int | None = None
) -> FindingSet:
    """The findings of `findings_version_id` (None: the file's) with their Welsh words (version
    `welsh_version_id` of "findings.cy"; None: the file's), matched by id; a finding with no
    Welsh words keeps its English, and so do all when the Welsh no longer matches."""
    campaign = campaign_named(slug)
    english = findings_at(campaign, findings_version_id)
    text = _version_body(welsh_version_id) if welsh_version_id is not None else None
    if text is None:
        text = campaign.findings_text(WELSH)
    if not text.strip():
        return english
    try:
        return with_welsh(text, english, source_name=f"{slug}/findings.{WELSH}.toml")
    except FindingsFileError:  # never published so (the checks refuse it): the English stands
        return english


def current_directory() -> Directory:
    """The MP directory: constituencies, postcodes and MPs, with staff corrections applied."""
    return _directory(_revision()[1])
