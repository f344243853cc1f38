"""Share links: staff make a link to the campaign with a label and a source code, and see each
link's full address, a box to copy it from, a QR code for posters, and the letters it brought."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from webapp.accounts.access import viewer_allowed
from webapp.content import published
from webapp.i18n import _
from webapp.reach import share_links as links
from webapp.reporting import counts
from webapp.staff.blueprint import bp
from webapp.staff.forms import ShareLinkForm


@bp.get("/share-links")
@viewer_allowed
def share_links():
    """The campaign's share links (editors also see the form to make one)."""
    return _page(ShareLinkForm())


@bp.post("/share-links")
def share_link_new():
    """Make a share link: the code typed, or one made from the label."""
    campaign = published.current_campaign()
    form = ShareLinkForm()
    if form.validate_on_submit():
        label = form.label.data.strip()
        code = form.code.data or links.suggest_code(campaign.slug, label)
        problem = links.code_problem(campaign.slug, code)
        link = None if problem else links.make_link(campaign.slug, label, code, by=current_user)
        if link is not None:
            flash(
                _("The link “%(label)s” is ready, with the code %(code)s.", label=label, code=code),
                "success",
            )
            return redirect(url_for("staff.share_links"), 303)
        form.code.errors = [problem or links.clash_message(code)]
    return _page(form), 400


def _page(form: ShareLinkForm) -> str:
    campaign = published.current_campaign()
    letters = {tally.code: tally.letters for tally in counts.by_source(campaign.slug)}
    listed = []
    for link in links.links(campaign.slug):
        url = links.public_url(campaign.slug, link.code)
        listed.append(
            {
                "link": link,
                "url": url,
                "qr": links.qr_svg(url),
                "letters": letters.get(link.code, 0),
            }
        )
    return render_template("staff/share_links.html", form=form, campaign=campaign, links=listed)
