"""Supporter pages: the campaign, finding your MP, the letter form, the preview and after."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from letters.directory import MatchKind
from letters.errors import InvalidPostcode, PostcodeError, UnknownConstituency, UnknownPostcode
from letters.page_text import page_facts
from letters.record import freeze
from letters.render.html import render_html
from letters.render.text import render_text
from letters.service import VacantSeat, mp_to_write_to
from webapp.campaign_prefix import campaign_address
from webapp.campaigns.service import Status
from webapp.clock import utcnow
from webapp.content.published import (
    all_campaigns,
    campaign_state,
    current_campaign,
    current_directory,
    letter_languages,
    organisation_controller,
    published_findings,
    published_page,
)
from webapp.i18n import _, current_language
from webapp.public import letter_form
from webapp.public.blueprint import bp
from webapp.public.event_device import clear_device, current_event
from webapp.public.forms import (
    ChooseConstituencyForm,
    ConstituencyButtonForm,
    LetterForm,
    PostcodeForm,
)
from webapp.public.languages import switch_requested, to_same_page_in
from webapp.public.letter_state import (
    current_letter,
    draft_for_step_one,
    finish_letter,
    finished_letter,
    forget_draft,
    keep_typed_postcode,
    load_draft,
    new_letter_key,
    save_draft,
)
from webapp.public.limits import letter_step
from webapp.public.open_for_letters import open_for_letters
from webapp.public.outputs import output_links
from webapp.public.sharing import campaign_url, share_links
from webapp.replies import service as reply_records
from webapp.replies.forms import SentForm
from webapp.replies.mail import reminders_enabled
from webapp.replies.models import FunnelStep
from webapp.submissions.private_links import submission_for_letter, url_for_submission

PREFILL_MAX_CHARS = 16


def _findings_in_page_language(campaign):
    """The findings as a page shows them: statements and group labels in its language (a
    finding with no Welsh words keeps its English)."""
    language = current_language()
    return published_findings(campaign, language).in_language(language)


@bp.get("/")
def campaign():
    """The campaign page: what happened, who is at risk, the ask, and where to start."""
    form = PostcodeForm()
    prefill = (request.args.get("postcode") or "").strip()[:PREFILL_MAX_CHARS]
    if prefill and not form.postcode.data:
        form.postcode.data = prefill
    draft = load_draft()
    if not form.postcode.data and not draft.output:  # as step 1 shows it: a switch keeps it
        form.postcode.data = draft.postcode
    camp = current_campaign()
    state, now = campaign_state(camp), utcnow()
    if state.status is Status.DRAFT and not current_user.is_authenticated:
        abort(404)  # a draft is staff's to preview, signed in, until it is opened
    if state.status is not Status.DRAFT:  # staff previewing a draft are not supporters
        reply_records.count_step(camp.slug, FunnelStep.CAMPAIGN_PAGE)
    main = current_app.config["CAMPAIGN"]
    others = [
        (other.title, campaign_address(request.environ, other.slug, main))
        for other, other_state in all_campaigns()
        if other.slug != camp.slug and other_state.taking_letters(now)
    ]
    return render_template(
        "public/campaign.html",
        form=form,
        campaign=camp,
        other_campaigns=others,
        taking_letters=state.taking_letters(now),
        closed_since=state.closed_since(now),
        opens_at=state.opens_later(now),
        closing_message=state.closing_message,
        page=page_facts(_findings_in_page_language(camp)),
        words=published_page(camp),
    )


@bp.post("/")
@letter_step
def campaign_language():
    """The campaign page's language switch, a button of its postcode box: the postcode typed
    goes with the reader (unchecked, as step 1's switch keeps it) to this page in that language."""
    form = PostcodeForm()
    language = switch_requested()
    if language is None or form.is_spam():
        return redirect(url_for("public.campaign"), 303)
    keep_typed_postcode(form.postcode.data or "")
    return to_same_page_in(language)


@bp.route("/find-your-mp", methods=["GET", "POST"])
@letter_step
@open_for_letters
def find_mp():
    """Step 1: the supporter's postcode finds their constituency and MP."""
    form = PostcodeForm()
    if request.method == "GET":
        draft = load_draft()
        if not draft.output:  # a finished letter's postcode is not the next one's
            form.postcode.data = form.postcode.data or draft.postcode
        return render_template("public/find_mp.html", form=form)
    if form.is_spam():
        return redirect(url_for("public.thank_you"), 303)
    language = switch_requested()
    if language:  # the header's language switch: this step again, in that language
        keep_typed_postcode(form.postcode.data or "")
        return to_same_page_in(language)
    if not form.validate():
        return render_template("public/find_mp.html", form=form), 400
    try:
        match = current_directory().lookup_postcode(form.postcode.data)
    except UnknownPostcode as exc:
        _remember(postcode=(form.postcode.data or "").strip().upper(), constituency=None)
        flash(exc.message, "info")
        return redirect(url_for("public.constituencies"), 303)
    except (InvalidPostcode, PostcodeError) as exc:
        form.postcode.errors = [str(exc)]
        return render_template("public/find_mp.html", form=form), 400
    reply_records.count_step(current_campaign().slug, FunnelStep.MP_FOUND)
    if match.kind is MatchKind.EXACT:
        _remember(postcode=match.postcode, constituency=match.constituency.code)
        return redirect(url_for("public.write_letter"), 303)
    _remember(postcode=match.postcode, constituency=None)
    return redirect(url_for("public.choose_constituency"), 303)


@bp.route("/choose-constituency", methods=["GET", "POST"])
@letter_step
@open_for_letters
def choose_constituency():
    """Step 1b: the postcode could be in more than one constituency (or is in Northern Ireland)."""
    postcode = load_draft().postcode
    if not postcode:
        return redirect(url_for("public.find_mp"))
    try:
        match = current_directory().lookup_postcode(postcode)
    except PostcodeError:
        return redirect(url_for("public.constituencies"))
    if match.kind is MatchKind.EXACT:
        # One seat: nothing to choose (the back button or a bookmark after step 1). A seat
        # chosen since from the full list is kept; it is never switched silently.
        draft = load_draft()
        if not draft.constituency:
            _remember(constituency=match.constituency.code)
        return redirect(url_for("public.write_letter"), 303)
    form = ChooseConstituencyForm()
    form.constituency.choices = [(c.code, c.name) for c in match.candidates]
    if request.method == "POST":
        if form.constituency.data in {c.code for c in match.candidates}:
            _remember(constituency=form.constituency.data)
            return redirect(url_for("public.write_letter"), 303)
        form.constituency.errors = [_("Choose your constituency from the list.")]
    status = 400 if form.constituency.errors else 200
    page = render_template(
        "public/choose_constituency.html", form=form, match=match, kinds=MatchKind
    )
    return page, status


@bp.route("/constituencies", methods=["GET", "POST"])
@letter_step
@open_for_letters
def constituencies():
    """Every constituency, searchable without JavaScript, for postcodes we do not know."""
    form = ConstituencyButtonForm()
    directory = current_directory()
    if request.method == "POST":
        try:
            chosen = directory.constituency(request.form.get("constituency", ""))
        except UnknownConstituency:
            abort(400)
        _remember(constituency=chosen.code)
        return redirect(url_for("public.write_letter"), 303)
    query = (request.args.get("q") or "").strip()[:100]
    matches = directory.search(query, limit=650) if query else directory.constituencies()
    return render_template("public/constituencies.html", form=form, query=query, matches=matches)


@bp.route("/your-letter", methods=["GET", "POST"])
@letter_step
@open_for_letters
def write_letter():
    """Step 2: who the letter is from, and why it matters to them."""
    draft = load_draft()
    if not draft.constituency:
        flash(_("First, tell us your postcode so we can find your MP."), "info")
        return redirect(url_for("public.find_mp"))
    if not draft.letter_key:  # a draft from before keys were made at step 1
        draft.letter_key = new_letter_key()
        save_draft(draft)
    campaign = current_campaign()
    directory = current_directory()
    constituency = directory.constituency(draft.constituency)
    try:
        mp = mp_to_write_to(directory, constituency, instead=campaign.vacant_seat_advice)
    except VacantSeat as vacant:
        # The same rule as the command line: no letter to an empty seat, and who to write to.
        return render_template("public/vacant_seat.html", constituency=constituency, vacant=vacant)
    findings = published_findings(campaign)
    form = LetterForm() if request.method == "POST" else LetterForm(data=letter_form.initial(draft))
    page_language = current_language()
    # The at-risk groups named in the page's language (their ids are the same in every one).
    form.set_groups(_findings_in_page_language(campaign).groups)
    languages = letter_languages(campaign)
    form.set_languages(languages, page_language)
    if request.method == "POST":
        if form.is_spam():
            return redirect(url_for("public.thank_you"), 303)
        language = switch_requested()
        if language:  # the header's language switch: this form again, in that language
            letter_form.keep_typed(form, draft)
            return to_same_page_in(language)
        if letter_form.accept(form, draft, campaign, findings):
            return redirect(url_for("public.preview"), 303)
    status = 400 if form.errors else 200
    page = render_template(
        "public/letter_form.html",
        form=form,
        constituency=constituency,
        mp=mp,
        limits=form.LIMITS,
        seat_choices=getattr(form, "seat_choices", ()),
        reminders_on=reminders_enabled(),
        letter_languages=languages,
        page_language=page_language,
    )
    return page, status


@bp.get("/your-letter/preview")
def preview():
    """Step 3: the exact letter, and the ways to send it."""
    context = current_letter()
    if context is None:
        return redirect(url_for("public.write_letter"))
    kept = submission_for_letter(context.letter_key)
    return render_template(
        "public/preview.html",
        context=context,
        fingerprint=freeze(context.letter).content_hash,
        private_url=url_for_submission(kept, external=True) if kept else None,
        links=output_links(context),
        unprintable=context.draft.unprintable,
        # render_html escapes every piece of text itself and returns a finished fragment.
        letter_html=Markup(render_html(context.letter)),  # noqa: S704 - escaped by the renderer
        letter_text=render_text(context.letter),
    )


@bp.post("/start-again")
def start_again():
    """Forget the draft in this browser (a kept copy stays, as the supporter agreed)."""
    forget_draft()
    flash(_("We have forgotten the letter in this browser."), "success")
    return redirect(url_for("public.campaign"), 303)


@bp.post("/write-another")
def write_another():
    """Finish this letter and start the next one clean (nothing carried over, no consent)."""
    forget_draft()
    return redirect(url_for("public.find_mp"), 303)


@bp.get("/thank-you")
def thank_you():
    """After a download or send: what next, and ways to ask others to write too."""
    campaign = current_campaign()
    # Thanking ends the letter: the next one in this browser starts clean.
    letter_key = finish_letter()
    kept = submission_for_letter(letter_key) if letter_key else None
    finished = finished_letter()
    if current_event() is not None:
        # A shared device keeps nothing: the private link is shown once, never again, and a
        # printed letter is not sent yet.
        clear_device()
        finished = None
    return render_template(
        "public/thank_you.html",
        share=share_links(campaign_url(campaign.slug), campaign.title),
        campaign=campaign,
        private_url=url_for_submission(kept, external=True) if kept else None,
        draft=finished,
        sent_form=SentForm(),
    )


@bp.get("/privacy")
def privacy():
    """Exactly what we keep, for how long, and why, for every campaign taking letters."""
    now = utcnow()
    default_days = current_app.config["KEEP_AFTER_CLOSING_DAYS"]
    organisation = organisation_controller()
    open_campaigns = [
        {
            "title": campaign.title,
            "keep_days": state.days_kept_after_closing(default_days),
            "controller": campaign.controller if campaign.controller != organisation else None,
        }
        for campaign, state in all_campaigns()
        if state.taking_letters(now)
    ]
    here = campaign_state(current_campaign())
    return render_template(
        "public/privacy.html",
        open_campaigns=open_campaigns,
        purge_days=current_app.config["PURGE_AFTER_DAYS"],
        closing_days=here.days_kept_after_closing(default_days),
        draft_hours=current_app.config["DRAFT_HOURS"],
        controller=current_campaign().controller,
    )


def _remember(**values) -> None:
    """Update the draft with step-1 answers; a new constituency means the letter needs redoing."""
    draft = draft_for_step_one()
    if "constituency" in values and values["constituency"] != draft.constituency:
        draft.ready = False
    for name, value in values.items():
        setattr(draft, name, value)
    save_draft(draft)
