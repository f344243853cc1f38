"""Every campaign at a glance, working on another, and starting a new one from the current one."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from webapp.accounts.access import viewer_allowed
from webapp.campaign_prefix import reserved_slugs
from webapp.campaigns import access
from webapp.campaigns.service import SlugTaken, Status
from webapp.clock import utcnow
from webapp.content import published, review
from webapp.content.campaign_copy import copy_campaign
from webapp.i18n import _
from webapp.reporting import counts
from webapp.staff.blueprint import bp
from webapp.staff.campaign_choice import choose
from webapp.staff.forms import ChooseCampaignForm, NewCampaignForm


def _page(form: NewCampaignForm | None = None, status: int = 200):
    now = utcnow()
    letters = counts.letters_by_campaign(now.date() - dt.timedelta(days=6))
    current = published.current_campaign().slug
    waiting = Counter(step.campaign for step in review.awaiting_review())
    listed = [
        (campaign, state, state.taking_letters(now), letters.get(campaign.slug, (0, 0)))
        for campaign, state in published.all_campaigns()
        if access.may_work_on(current_user, campaign.slug)
    ]
    page = render_template(
        "staff/campaigns.html",
        campaigns=listed,
        waiting=waiting,
        current=current,
        home=current_app.config["CAMPAIGN"],
        statuses=Status,
        form=form or NewCampaignForm(),
        choose_form=ChooseCampaignForm(),
    )
    return page, status


@bp.get("/campaigns")
@viewer_allowed
def campaigns_home():
    """Each campaign, its state and letters this week; which one you are working on."""
    return _page()


@bp.post("/campaigns/choose")
@viewer_allowed
def campaign_choose():
    """Work on another campaign: every staff page is then about it."""
    form = ChooseCampaignForm()
    if form.validate_on_submit() and choose(form.slug.data):
        flash(_("You are now working on “%(title)s”.", title=published.current_campaign().title))
        return redirect(url_for("staff.home"))
    flash(_("There is no such campaign."), "error")
    return redirect(url_for("staff.campaigns_home"))


@bp.post("/campaigns/new")
def campaign_new():
    """Start a new campaign, in draft, as a copy of the one being worked on."""
    form = NewCampaignForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    slug = form.slug.data
    rules = (rule.rule for rule in current_app.url_map.iter_rules())
    if slug in reserved_slugs(rules, current_app.config["LANGUAGES"]):
        form.slug.errors = [_("That web address is one of the site's own pages. Choose another.")]
        return _page(form, 400)
    source = published.current_campaign()
    try:
        copy_campaign(source, slug, form.title.data, folder=_folder(source), by=current_user)
    except SlugTaken:
        form.slug.errors = [_("Another campaign has that web address. Choose another.")]
        return _page(form, 400)
    access.grant(current_user, slug)  # a limited editor may work on what they started
    choose(slug)
    flash(
        _(
            "“%(title)s” is started, as a draft copy of “%(source)s”. Change its wording, "
            "then open it.",
            title=form.title.data,
            source=source.title,
        ),
        "success",
    )
    return redirect(url_for("staff.campaign_status"))


def _folder(source) -> str:
    """The files folder a copy of `source` takes its settings from (its source's own)."""
    for campaign, state in published.all_campaigns():
        if campaign.slug == source.slug:
            return state.based_on or campaign.slug
    return source.slug
