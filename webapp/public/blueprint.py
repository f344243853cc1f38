"""The supporter-facing blueprint; pages and downloads attach their routes to it."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from letters.errors import LettersError
from webapp.content.published import (
    NoSuchCampaign,
    campaign_named,
    campaign_slug,
    current_campaign,
)
from webapp.public.languages import page_languages
from webapp.reach.sources import remember_arrival

bp = Blueprint("public", __name__)


@bp.before_request
def _remember_source() -> None:
    """A page opened from a link with ?source= or utm_* remembers where the supporter came from
    (webapp.reach.sources), for the letter they start next."""
    if request.method == "GET" and request.args:
        remember_arrival(request.args, campaign_slug())


@bp.after_request
def _no_store(response: Response) -> Response:
    """Pages and downloads may show what a supporter typed: never keep them in any cache."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.app_context_processor
def _site_controller() -> dict:
    """Who runs the site (campaign.toml [controller]), for the footer of every page."""
    try:
        try:
            return {"site_controller": current_campaign().controller}
        except NoSuchCampaign:  # the not-found page of an address naming no campaign
            return {"site_controller": campaign_named(current_app.config["CAMPAIGN"]).controller}
    except LettersError:  # an error page must render even when the campaign cannot be read
        return {"site_controller": None}


@bp.context_processor
def _page_languages() -> dict:
    """The supporter pages' languages: the head's alternates, the header's switch, the notice."""
    return {"page_languages": page_languages()}


def form_limit() -> str:
    """RATELIMIT_FORM, for pages limited by address only (the private-link pages)."""
    return current_app.config["RATELIMIT_FORM"]


def download_limit() -> str:
    """RATELIMIT_DOWNLOAD, for downloads limited by address only (the private-link PDF)."""
    return current_app.config["RATELIMIT_DOWNLOAD"]
