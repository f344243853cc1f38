"""A letter version with every wording shown: each part in order, who gets it, and every
wording of it written out for a constituency and sample supporter (webapp.content.every_wording)."""

from __future__ import annotations

from flask import abort, render_template, request
from wtforms import SelectChoice

from webapp.accounts.access import viewer_allowed
from webapp.content import every_wording, versions
from webapp.staff.blueprint import bp
from webapp.staff.content_pages import campaign_with_kind, version_or_404, who_gets
from webapp.staff.forms import PreviewForm


@bp.route("/content/<kind>/versions/<int:number>/wordings")
@viewer_allowed
def content_wordings(kind: str, number: int):
    """Every part of a letter version with every wording of it, for any constituency (name or
    postcode) and sample supporter, and which of the campaign's letters supporters get."""
    campaign = campaign_with_kind(kind)
    if versions.template_name(kind) is None:
        abort(404)
    version = version_or_404(campaign, kind, number)
    form = PreviewForm(request.args)
    shown = every_wording.every_wording(campaign, version, form.place.data, form.sample.data)
    form.sample.choices = [SelectChoice(str(i), s.label) for i, s in enumerate(shown.samples)]
    form.sample.data = shown.sample
    return render_template(
        "staff/content_wordings.html",
        kind=kind,
        label=versions.kind_label(kind),
        version=version,
        form=form,
        shown=shown,
        who_gets=who_gets(campaign, kind),
        published=versions.published_number(campaign.slug, kind),
    ), (200 if shown.error is None else 422)
