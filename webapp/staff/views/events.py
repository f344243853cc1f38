"""Letter-writing events: staff name one, give it a time limit, and switch devices into event mode.

A device joins by opening the event's device link (or by "Use this browser" here); the link is
signed with SECRET_KEY (webapp.events.service). Ending an event switches its devices back at
their next page. Letters written on its devices are counted per event on the counts dashboard.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms.validators import NumberRange

from webapp.content import published
from webapp.events import service as events
from webapp.i18n import _
from webapp.reporting import counts
from webapp.staff.blueprint import bp
from webapp.staff.forms import EndEventForm, EventForm


@bp.route("/events", methods=["GET", "POST"])
def events_home():
    """Start an event, see its device link, end it; counts per event."""
    campaign = published.current_campaign()
    form = EventForm()
    max_hours = current_app.config["EVENT_MAX_HOURS"]
    form.hours.validators = [
        *form.hours.validators,
        NumberRange(1, max_hours, _("An event runs from 1 to %(max)s hours.", max=max_hours)),
    ]
    if form.validate_on_submit():
        event = events.start(campaign.slug, form.name.data, form.hours.data, by=current_user)
        flash(
            _(
                "“%(name)s” has started. Open its device link on each shared device.",
                name=event.name,
            )
        )
        return redirect(url_for("staff.events_home"))
    listed = [
        (event, count, events.is_running(event), events.device_token(event))
        for event, count in counts.by_event(campaign.slug)
    ]
    page = render_template("staff/events.html", form=form, end_form=EndEventForm(), events=listed)
    return page, 400 if form.errors else 200


@bp.post("/events/<int:event_id>/end")
def event_end(event_id: int):
    """End an event now; its devices become ordinary browsers at their next page."""
    form = EndEventForm()
    event = events.get(event_id)
    if event is None:
        abort(404)
    if form.validate_on_submit() and events.is_running(event):
        events.end(event)
        flash(_("“%(name)s” has ended.", name=event.name))
    return redirect(url_for("staff.events_home"))
