"""The campaign's life: open it, close it with its closing words, schedule it, archive it; its
title, how long it keeps supporters' data after closing, and who is responsible for that data."""

from __future__ import annotations

import datetime as dt

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from letters.campaign import Controller
from webapp.accounts.access import admin_only, viewer_allowed
from webapp.campaigns import service as campaigns
from webapp.campaigns.service import CampaignChangeError, Status
from webapp.clock import utcnow
from webapp.content import published
from webapp.i18n import _
from webapp.staff.blueprint import bp
from webapp.staff.forms import (
    CampaignButtonForm,
    CloseCampaignForm,
    ControllerForm,
    KeepDataForm,
    RenameCampaignForm,
    ScheduleCampaignForm,
)

HOME = "staff.campaign_status"


def _page(close_form=None, schedule_form=None, status: int = 200, **forms):
    campaign = published.current_campaign()
    state = campaigns.state_of(campaign.slug)
    controller = state.controller
    forms.setdefault("rename_form", RenameCampaignForm(title=campaign.title))
    forms.setdefault("keep_form", KeepDataForm(keep_days=state.keep_days))
    forms.setdefault(
        "controller_form",
        ControllerForm(
            name=controller.name if controller else "",
            address=controller.address if controller else "",
            email=controller.email if controller else "",
            contact=controller.data_protection_contact if controller else "",
        ),
    )
    now = utcnow()
    close_form = close_form or CloseCampaignForm(closing_message=state.closing_message)
    schedule_form = schedule_form or ScheduleCampaignForm(
        opens_at=_local(state.opens_at),
        closes_at=_local(state.closes_at),
        closing_message=state.closing_message,
    )
    page = render_template(
        "staff/campaign_status.html",
        campaign=campaign,
        state=state,
        statuses=Status,
        taking_letters=state.taking_letters(now),
        closed_since=state.closed_since(now),
        opens_later=state.opens_later(now),
        close_form=close_form,
        schedule_form=schedule_form,
        button_form=CampaignButtonForm(),
        keep_default=current_app.config["KEEP_AFTER_CLOSING_DAYS"],
        purge_days=current_app.config["PURGE_AFTER_DAYS"],
        organisation=published.organisation_controller(),
        **forms,
    )
    return page, status


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    # The form's boxes hold times without a zone; the site's zone is UTC.
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment is not None else None


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    return moment.replace(tzinfo=dt.UTC) if moment is not None else None


def _archived() -> object:
    flash(_("This campaign is archived: it can no longer be reopened or rescheduled."), "error")
    return redirect(url_for(HOME))


@bp.get("/campaign")
@viewer_allowed
def campaign_status():
    """Whether supporters can write now, and the buttons that open and close the campaign."""
    return _page()


@bp.post("/campaign/close")
def campaign_close():
    """Close now: the page shows the closing words and takes no new letters."""
    form = CloseCampaignForm()
    if not form.validate_on_submit():
        return _page(close_form=form, status=400)
    try:
        campaigns.close_now(
            published.current_campaign().slug, form.closing_message.data, by=current_user
        )
    except CampaignChangeError:
        return _archived()
    flash(_("The campaign is closed. Its page says so, and it takes no new letters."), "success")
    return redirect(url_for(HOME))


@bp.post("/campaign/open")
def campaign_open():
    """Open (or reopen) now."""
    if not CampaignButtonForm().validate_on_submit():
        return redirect(url_for(HOME))
    try:
        campaigns.open_now(published.current_campaign().slug, by=current_user)
    except CampaignChangeError:
        return _archived()
    flash(_("The campaign is open: supporters can write their letters."), "success")
    return redirect(url_for(HOME))


@bp.post("/campaign/schedule")
def campaign_schedule():
    """Set the opening and closing times, and the closing words."""
    form = ScheduleCampaignForm()
    if not form.validate_on_submit():
        return _page(schedule_form=form, status=400)
    try:
        campaigns.schedule(
            published.current_campaign().slug,
            _aware(form.opens_at.data),
            _aware(form.closes_at.data),
            form.closing_message.data or "",
            by=current_user,
        )
    except CampaignChangeError:
        return _archived()
    flash(_("The opening and closing times are saved."), "success")
    return redirect(url_for(HOME))


@bp.post("/campaign/archive")
@admin_only
def campaign_archive():
    """Archive a closed campaign."""
    if not CampaignButtonForm().validate_on_submit():
        return redirect(url_for(HOME))
    try:
        campaigns.archive(published.current_campaign().slug, by=current_user)
    except CampaignChangeError:
        flash(_("Only a closed campaign can be archived. Close it first."), "error")
        return redirect(url_for(HOME))
    flash(_("The campaign is archived."), "success")
    return redirect(url_for(HOME))


@bp.post("/campaign/rename")
def campaign_rename():
    """A new title; the web address stays, so supporters' links keep working."""
    form = RenameCampaignForm()
    if not form.validate_on_submit():
        return _page(rename_form=form, status=400)
    try:
        campaigns.rename(published.current_campaign().slug, form.title.data, by=current_user)
    except CampaignChangeError:
        return _archived()
    flash(_("The campaign is renamed. Its web address is unchanged."), "success")
    return redirect(url_for(HOME))


@bp.post("/campaign/keep")
def campaign_keep():
    """How long after closing supporters' kept letters stay."""
    form = KeepDataForm()
    if not form.validate_on_submit():
        return _page(keep_form=form, status=400)
    slug = published.current_campaign().slug
    try:
        campaigns.set_privacy(
            slug, form.keep_days.data, campaigns.state_of(slug).controller, by=current_user
        )
    except CampaignChangeError:
        return _archived()
    flash(_("Saved: how long supporters' letters are kept after the campaign closes."), "success")
    return redirect(url_for(HOME))


@bp.post("/campaign/controller")
@admin_only
def campaign_controller():
    """Who is responsible for this campaign's supporters' data (empty: the organisation)."""
    form = ControllerForm()
    if not form.validate_on_submit():
        return _page(controller_form=form, status=400)
    slug = published.current_campaign().slug
    controller = None
    if form.name.data.strip():
        controller = Controller(
            name=form.name.data.strip(),
            address=form.address.data.strip(),
            email=form.email.data.strip(),
            data_protection_contact=form.contact.data.strip(),
        )
    try:
        campaigns.set_privacy(slug, campaigns.state_of(slug).keep_days, controller, by=current_user)
    except CampaignChangeError:
        return _archived()
    flash(_("Saved: who is responsible for this campaign's supporters' data."), "success")
    return redirect(url_for(HOME))
