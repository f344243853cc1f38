"""Webhook endpoints (admins only): where supporters who ask for updates reach the CRM.

An endpoint's secret is shown once, on the page after it is added; afterwards only its state
shows: healthy or failing (since when, and the last error), events waiting, and recent
deliveries by type and time, never an event's body.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, session, url_for
from flask_login import current_user

from webapp.accounts.access import admin_only
from webapp.i18n import _, ngettext
from webapp.staff.blueprint import bp
from webapp.staff.forms import ActionForm, WebhookEndpointForm
from webapp.webhooks import endpoints
from webapp.webhooks.addresses import RefusedAddress
from webapp.webhooks.models import WebhookEndpoint

# The secret just made, shown once on the endpoint's page (then forgotten).
SHOWN_SECRET = "staff_webhook_secret"  # noqa: S105 - a session key, not a secret


def _endpoint(endpoint_id: int) -> WebhookEndpoint:
    endpoint = endpoints.get(endpoint_id)
    if endpoint is None:
        abort(404)
    return endpoint


def _back(endpoint: WebhookEndpoint):
    return redirect(url_for("staff.webhook_detail", endpoint_id=endpoint.id))


@bp.route("/webhooks", methods=["GET", "POST"])
@admin_only
def webhooks_home():
    """Every endpoint with its state, and the form to add one."""
    form = WebhookEndpointForm()
    if form.validate_on_submit():
        try:
            endpoint = endpoints.add(form.url.data, form.description.data, by=current_user)
        except RefusedAddress as refused:
            form.url.errors.append(str(refused))
        else:
            session[SHOWN_SECRET] = [endpoint.id, endpoint.secret]
            return _back(endpoint)
    return render_template(
        "staff/webhooks.html", form=form, states=endpoints.everything(), endpoint=None
    ), (400 if form.errors else 200)


@bp.route("/webhooks/<int:endpoint_id>")
@admin_only
def webhook_detail(endpoint_id: int):
    """One endpoint: its state, its recent deliveries, its secret (once) and its buttons."""
    endpoint = _endpoint(endpoint_id)
    shown = session.pop(SHOWN_SECRET, None)
    secret = shown[1] if shown and shown[0] == endpoint.id else None
    return render_template(
        "staff/webhooks.html",
        endpoint=endpoint,
        state=endpoints.state_of(endpoint),
        deliveries=endpoints.recent_deliveries(endpoint.id),
        secret=secret,
        action_form=ActionForm(),
    )


@bp.route("/webhooks/<int:endpoint_id>/disable", methods=["POST"])
@admin_only
def webhook_disable(endpoint_id: int):
    """Stop sending to an endpoint: new events skip it, waiting ones wait."""
    endpoint = _endpoint(endpoint_id)
    if ActionForm().validate_on_submit() and endpoint.enabled:
        endpoints.set_enabled(endpoint, False, by=current_user)
        flash(_("Events are no longer sent to this receiver."), "success")
    return _back(endpoint)


@bp.route("/webhooks/<int:endpoint_id>/enable", methods=["POST"])
@admin_only
def webhook_enable(endpoint_id: int):
    """Send to an endpoint again, starting with the events that waited."""
    endpoint = _endpoint(endpoint_id)
    if ActionForm().validate_on_submit() and not endpoint.enabled:
        endpoints.set_enabled(endpoint, True, by=current_user)
        flash(_("Events are sent to this receiver again."), "success")
    return _back(endpoint)


@bp.route("/webhooks/<int:endpoint_id>/test", methods=["POST"])
@admin_only
def webhook_test(endpoint_id: int):
    """Queue a test event to this endpoint."""
    endpoint = _endpoint(endpoint_id)
    if not ActionForm().validate_on_submit():
        return _back(endpoint)
    if not endpoint.enabled:
        flash(_("Turn the receiver on before sending it a test event."), "error")
        return _back(endpoint)
    endpoints.send_test(endpoint, by=current_user)
    flash(_("A test event is on its way: its delivery shows below."), "success")
    return _back(endpoint)


@bp.route("/webhooks/<int:endpoint_id>/retry", methods=["POST"])
@admin_only
def webhook_retry(endpoint_id: int):
    """Try every waiting event again now, without waiting for its backoff."""
    endpoint = _endpoint(endpoint_id)
    if ActionForm().validate_on_submit():
        count = endpoints.retry_now(endpoint, by=current_user)
        flash(
            ngettext(
                "%(num)d waiting event will be tried again now.",
                "%(num)d waiting events will be tried again now.",
                count,
            ),
            "success",
        )
    return _back(endpoint)


@bp.route("/webhooks/<int:endpoint_id>/delete", methods=["GET", "POST"])
@admin_only
def webhook_delete(endpoint_id: int):
    """Ask, then delete an endpoint and the events waiting for it."""
    endpoint = _endpoint(endpoint_id)
    form = ActionForm()
    if form.validate_on_submit():
        waiting = endpoints.remove(endpoint, by=current_user)
        flash(
            ngettext(
                "The receiver is deleted, with %(num)d event that was waiting for it.",
                "The receiver is deleted, with %(num)d events that were waiting for it.",
                waiting,
            ),
            "success",
        )
        return redirect(url_for("staff.webhooks_home"))
    return render_template(
        "staff/webhooks.html",
        endpoint=endpoint,
        state=endpoints.state_of(endpoint),
        confirm_delete=True,
        action_form=form,
        deliveries=[],
        secret=None,
    )
