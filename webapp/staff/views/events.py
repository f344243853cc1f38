"""Letter-writing events: staff name one, give it a time limit, and switch devices into event mode.

A device joins by opening the event's device link (or by "Use this browser" here); the link is
signed with SECRET_KEY (webapp.events.service). Ending an event switches its devices back at
their next page. Letters written on its devices are counted per event on the counts dashboard.
"""

from __future__ import annotations

import datetime as dt

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from webapp.content import published
from webapp.events.models import Event
from webapp.events.service import device_token, is_running
from webapp.extensions import db
from webapp.i18n import _l
from webapp.staff.blueprint import bp
from webapp.submissions.models import LetterCount

EVENT_NAME_MAX_CHARS = 120


class EventForm(FlaskForm):
    """A new event: its name and how many hours it runs from now."""

    name = StringField(
        _l("Event name"),
        validators=[
            DataRequired(_l("Give the event a name, for example “Leeds stall, 14 March”.")),
            Length(max=EVENT_NAME_MAX_CHARS, message=_l("Keep the name under 120 characters.")),
        ],
    )
    hours = IntegerField(
        _l("Runs for (hours, from now)"),
        default=4,
        validators=[DataRequired(_l("Say how many hours the event runs."))],
    )


class EndEventForm(FlaskForm):
    """Only the CSRF token."""


def event_counts(campaign: str) -> list[tuple[Event, int]]:
    """Every event of the campaign, newest first, with how many letters its devices made."""
    letters = (
        select(LetterCount.event_id, func.count(LetterCount.id).label("letters"))
        .where(LetterCount.campaign == campaign, LetterCount.event_id.is_not(None))
        .group_by(LetterCount.event_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Event, func.coalesce(letters.c.letters, 0))
        .outerjoin(letters, letters.c.event_id == Event.id)
        .where(Event.campaign == campaign)
        .order_by(Event.id.desc())
    ).all()
    return [(event, count) for event, count in rows]


@bp.route("/events", methods=["GET", "POST"])
def events_home():
    """Start an event, see its device link, end it; counts per event."""
    campaign = published.current_campaign()
    form = EventForm()
    max_hours = current_app.config["EVENT_MAX_HOURS"]
    form.hours.validators = [
        *form.hours.validators,
        NumberRange(1, max_hours, f"An event runs from 1 to {max_hours} hours."),
    ]
    if form.validate_on_submit():
        now = dt.datetime.now(dt.UTC)
        event = Event(
            campaign=campaign.slug,
            name=form.name.data.strip(),
            started_by_id=current_user.id,
            starts_at=now,
            ends_at=now + dt.timedelta(hours=form.hours.data),
        )
        db.session.add(event)
        db.session.commit()
        flash(f"“{event.name}” has started. Open its device link on each shared device.")
        return redirect(url_for("staff.events_home"))
    listed = [
        (event, count, is_running(event), device_token(event))
        for event, count in event_counts(campaign.slug)
    ]
    page = render_template("staff/events.html", form=form, end_form=EndEventForm(), events=listed)
    return page, 400 if form.errors else 200


@bp.post("/events/<int:event_id>/end")
def event_end(event_id: int):
    """End an event now; its devices become ordinary browsers at their next page."""
    form = EndEventForm()
    event = db.get_or_404(Event, event_id)
    if form.validate_on_submit() and is_running(event):
        event.ends_at = dt.datetime.now(dt.UTC)
        db.session.commit()
        flash(f"“{event.name}” has ended.")
    return redirect(url_for("staff.events_home"))
