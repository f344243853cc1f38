"""The editor's live preview: the letter for the text being typed, fetched by its script."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms import ValidationError

from webapp.content import published, versions
from webapp.staff.blueprint import bp
from webapp.staff.editor_aids import editor_preview
from webapp.staff.forms import BODY_MAX_CHARS


@bp.route("/content/<kind>/live-preview", methods=["POST"])
def content_live_preview(kind: str):
    """The preview fragment for the text being typed (fetched by the editor's script)."""
    try:
        validate_csrf(request.form.get("csrf_token"))
    except (CSRFError, ValidationError):
        abort(400)
    campaign = published.current_campaign()
    if kind not in versions.kinds(campaign):
        abort(404)
    body = versions.normalise_body(request.form.get("body", ""))
    if len(body) > BODY_MAX_CHARS or "\x00" in body:
        abort(413 if len(body) > BODY_MAX_CHARS else 400)
    shown = editor_preview(
        campaign, kind, body, request.form.get("place", ""), request.form.get("sample", "0")
    )
    return render_template("staff/_editor_preview.html", preview=shown, kind=kind)
