"""Partner sites: the sites allowed to show the campaign's letter in a frame on their own pages.

Staff list a partner's address (its origin), a name and the source its letters count under, and
copy the snippet to paste into the partner's page: a frame sized to the page by a small script of
ours, or a plain frame for a page that runs no outside scripts. Editors add and remove partners;
viewers see them and their snippets.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from webapp.accounts.access import viewer_allowed
from webapp.campaign_prefix import campaign_address
from webapp.content import published
from webapp.i18n import _
from webapp.reach import partners
from webapp.reach.models import PartnerSite
from webapp.staff.blueprint import bp
from webapp.staff.forms import PartnerForm, RemovePartnerForm


@dataclass(frozen=True, slots=True)
class _Listed:
    site: PartnerSite
    address: str  # the frame's src
    with_script: str  # the snippet with the resizing script
    plain: str  # the snippet with a frame alone


@bp.get("/partners")
@viewer_allowed
def partners_home():
    """The campaign's partner sites with their snippets, and (for editors) the form to add one."""
    return _page(PartnerForm())


@bp.post("/partners")
def partner_add():
    """List a partner site; what is wrong is shown beside its box, and nothing typed is lost."""
    form = PartnerForm()
    campaign = published.current_campaign()
    if form.validate_on_submit():
        try:
            partner = partners.checked_partner(
                form.origin.data, form.label.data, form.source.data or ""
            )
            site = partners.add(campaign.slug, partner, by=current_user)
        except partners.PartnerProblem as problem:
            getattr(form, problem.field).errors.append(str(problem))
        else:
            flash(
                _(
                    "%(label)s (%(origin)s) may now show the letter. Copy its snippet below.",
                    label=site.label,
                    origin=site.origin,
                )
            )
            return redirect(url_for("staff.partners_home"))
    return _page(form), 400


@bp.post("/partners/<int:partner_id>/remove")
def partner_remove(partner_id: int):
    """Stop a partner site showing the letter (its pages' frames show nothing from then on)."""
    form = RemovePartnerForm()
    if not form.validate_on_submit():
        abort(400)
    site = partners.remove(published.current_campaign().slug, partner_id)
    if site is None:
        abort(404)
    flash(
        _(
            "%(label)s (%(origin)s) can no longer show the letter.",
            label=site.label,
            origin=site.origin,
        )
    )
    return redirect(url_for("staff.partners_home"))


def _page(form: PartnerForm) -> str:
    campaign = published.current_campaign()
    site_root = current_app.config["SITE_URL"] or request.host_url
    path = campaign_address(request.environ, campaign.slug, current_app.config["CAMPAIGN"])
    script = site_root.rstrip("/") + url_for("static", filename="js/embed.js")
    title = _("Write to your MP: %(campaign)s", campaign=campaign.title)
    listed = []
    for site in partners.partners(campaign.slug):
        address = partners.embed_address(site_root, path, site.source)
        snippet = {"address": address, "title": title, "script": script}
        listed.append(
            _Listed(
                site=site,
                address=address,
                with_script=render_template("staff/_partner_snippet.html", **snippet).strip(),
                plain=render_template("staff/_partner_snippet.html", plain=True, **snippet).strip(),
            )
        )
    return render_template(
        "staff/partners.html",
        form=form,
        remove_form=RemovePartnerForm(),
        listed=listed,
        campaign=campaign,
    )
