"""Supporter pages after the letter: "I have sent it", and reporting the MP's reply.

The reply is reported through the supporter's private link (webapp.submissions.private_links), so
only the person who wrote the letter can report on it.

Routes attach to the public blueprint, so they share its rate limits and no-store caching.
"""

from __future__ import annotations

from types import SimpleNamespace

from flask import abort, flash, redirect, render_template, request, url_for

from webapp.content.published import current_campaign, current_directory
from webapp.extensions import csrf, limiter
from webapp.i18n import _
from webapp.public.blueprint import bp, form_limit
from webapp.public.forms import ConfirmForm
from webapp.public.languages import switched_here
from webapp.public.letter_state import finished_letter, mark_finished_sent
from webapp.public.private_pages import private, submission_or_404
from webapp.public.sharing import campaign_url, share_links
from webapp.replies import service as records
from webapp.replies.forms import ReplyForm, SentForm
from webapp.replies.models import SentBy, Stance


@bp.post("/letter/sent")
@limiter.limit(form_limit)
def letter_sent():
    """Record, against the letter's anonymous count, how the supporter sent it."""
    # The thank-you page has finished the letter: what the count needs is remembered for it.
    draft = finished_letter() or {}
    if not draft.get("letter_key") or not draft.get("constituency"):
        flash(_("We could not find your letter in this browser. Start it again here."), "info")
        return redirect(url_for("public.campaign"), 303)
    form = SentForm()
    if not form.validate():
        campaign = current_campaign()
        return render_template(
            "public/thank_you.html",
            sent_form=form,
            draft=draft,
            share=share_links(campaign_url(campaign.slug), campaign.title),
            campaign=campaign,
        ), 400
    constituency = current_directory().constituency(draft["constituency"])
    records.record_sent(
        draft["letter_key"],
        current_campaign().slug,
        constituency,
        SentBy(form.sent_by.data),
        concern=draft.get("concern"),
    )
    mark_finished_sent(form.sent_by.data)
    flash(_("Thank you: we have counted your letter as sent."), "success")
    return redirect(url_for("public.thank_you"), 303)


@bp.route("/my-letter/<token>/reply", methods=["GET", "POST"])
@limiter.limit(form_limit)
def report_reply(token: str):
    """Through the private link: did the MP reply, when, and where do they stand?"""
    submission = submission_or_404(token)
    constituency = current_directory().constituency(submission.constituency_code)
    mp = current_directory().mp_for(constituency.code)
    earlier = records.reply_for(submission.letter_key)
    form = ReplyForm(obj=None if request.method == "POST" else _initial(earlier))
    # The other language's switch sent the form here: show it as typed, check and keep nothing.
    if not switched_here() and form.validate_on_submit():
        stance = Stance(form.stance.data)
        keep = bool(form.keep_summary.data) and stance is not Stance.NO_REPLY
        records.record_reply(
            letter_key=submission.letter_key,
            campaign=submission.campaign,
            constituency=constituency,
            mp=mp,
            concern=submission.concern or records.letter_concern(submission.letter_key),
            stance=stance,
            replied_on=form.replied_on.data,
            summary=(form.summary.data or "").strip() if keep else None,
        )
        flash(_("Thank you: the campaign now knows what your MP said."), "success")
        return redirect(url_for("public.my_letter", token=token), 303)
    page = render_template(
        "public/report_reply.html", form=form, token=token, mp=mp, constituency=constituency
    )
    return private(page, 400 if form.errors else 200)


def _initial(reply) -> object | None:
    """The earlier report, to change it (its summary only if it was kept)."""
    if reply is None:
        return None
    return SimpleNamespace(
        stance=reply.stance,
        replied_on=reply.replied_on,
        summary=reply.summary or "",
        keep_summary=bool(reply.summary),
    )


@bp.route("/reminders/unsubscribe/<unsubscribe_id>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail programs unsubscribe with a tokenless POST; the id is the secret
@limiter.limit(form_limit)
def reminder_unsubscribe(unsubscribe_id: str):
    """Cancel a reminder: the confirm button here, or a mail program's one-click POST."""
    reminder = records.reminder_by_unsubscribe_id(unsubscribe_id)
    if request.method == "POST":
        one_click = request.form.get("List-Unsubscribe") == "One-Click"
        form = ConfirmForm()
        if reminder is not None and (one_click or form.validate_on_submit()):
            records.cancel_reminder(reminder.letter_key)
        elif reminder is not None:
            abort(400)
        return render_template("public/reminder_unsubscribed.html")
    page = render_template(
        "public/reminder_unsubscribe.html",
        reminder=reminder,
        form=ConfirmForm(),
        unsubscribe_id=unsubscribe_id,
    )
    return private(page, 200 if reminder else 404)
