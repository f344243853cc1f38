"""The campaign-effect dashboard: funnel, stances, breakdowns and the hexagon map; CSV exports."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response, render_template, request
from flask_login import current_user

from webapp.accounts.access import viewer_allowed
from webapp.content import published
from webapp.i18n import _, _l, ngettext
from webapp.replies.models import Stance
from webapp.reporting import effect
from webapp.reporting.hexmap import Colouring, hex_map
from webapp.reporting.spreadsheet import csv_text
from webapp.staff.blueprint import bp

# Letters per seat: light to dark blue. Stances: colours told apart with any colour vision;
# the table beside the map says the same in words.
LETTER_BANDS = (
    (0, "0", "#eeeeee", _l("No letters")),
    (1, "1", "#c6dbef", _l("1 letter")),
    (2, "2", "#6baed6", _l("2 to 4 letters")),
    (5, "5", "#2171b5", _l("5 to 9 letters")),
    (10, "10", "#08306b", _l("10 letters or more")),
)
STANCE_COLOURS = {
    "none": ("#eeeeee", _l("No reply reported")),
    str(Stance.NO_REPLY): ("#8c8c8c", _l("No reply")),
    str(Stance.SUPPORTS): ("#1a9850", _l("Supports the ask")),
    str(Stance.NON_COMMITTAL): ("#fdae61", _l("Non-committal")),
    str(Stance.OPPOSES): ("#762a83", _l("Opposes")),
}


def _band(letters: int) -> str:
    return next(key for floor, key, _c, _l in reversed(LETTER_BANDS) if letters >= floor)


def _colouring(mode: str, letters: dict[str, int], stances: dict, names: dict) -> Colouring:
    if mode == "stance":

        def stance_of(code: str) -> str:
            seat = stances.get(code)
            return str(seat.stance) if seat and seat.stance else "none"

        return Colouring(
            value_of=stance_of,
            legend=STANCE_COLOURS,
            describe=lambda code: f"{names.get(code, code)}: {STANCE_COLOURS[stance_of(code)][1]}",
        )
    return Colouring(
        value_of=lambda code: _band(letters.get(code, 0)),
        legend={key: (colour, label) for _f, key, colour, label in LETTER_BANDS},
        describe=lambda code: ngettext(
            "%(name)s: %(num)d letter",
            "%(name)s: %(num)d letters",
            letters.get(code, 0),
            name=names.get(code, code),
        ),
    )


@bp.route("/effect")
@viewer_allowed
def effect_dashboard():
    """Funnel, MPs' stances, breakdowns, and a map of all 650 seats with a table beside it."""
    campaign = published.current_campaign()
    mode = "stance" if request.args.get("map") == "stance" else "letters"
    letters = effect.letters_by_seat(campaign.slug)
    stances = effect.seat_stances(campaign.slug)
    names = {c.code: c.name for c in published.current_directory().constituencies()}
    with_letters = sum(1 for n in letters.values() if n)
    description = _(
        "Each hexagon is one of the 650 constituencies. %(with_letters)s have letters and "
        "%(replies)s have a reported reply. The table beside the map lists them.",
        with_letters=with_letters,
        replies=len(stances),
    )
    title = _("MPs' stances by constituency") if mode == "stance" else _("Letters by constituency")
    seats = sorted(
        ({"code": code, "name": names.get(code, code), "letters": letters.get(code, 0),
          "stance": stances.get(code)} for code in set(letters) | set(stances)),
        key=lambda seat: (-seat["letters"], seat["name"]),
    )  # fmt: skip
    return render_template(
        "staff/effect.html",
        campaign=campaign,
        mode=mode,
        funnel=effect.funnel(campaign.slug),
        stances=sorted(stances.values(), key=lambda s: s.constituency),
        breakdowns=effect.breakdowns(campaign.slug),
        seats=seats,
        stance_labels=effect.STANCE_LABELS,
        # What supporters agreed to share of the reply: personal data, so editors only.
        said=effect.reply_summaries(campaign.slug) if current_user.is_editor else [],
        stance_order=list(Stance),
        map_svg=hex_map(
            _colouring(mode, letters, stances, names),
            title=title,
            description=description,
            map_id="seat-map",
        ),
    )


def _csv(rows: Iterable[list], header: list[str], name: str) -> Response:
    """A CSV download whose cells a spreadsheet shows as text (labels staff typed included)."""
    return Response(
        csv_text(header, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/effect/stances.csv")
@viewer_allowed
def stances_csv():
    """One row per MP with a reported reply: stance, counts per stance, dates. No personal data."""
    stances = effect.seat_stances(published.current_campaign().slug)
    header = ["constituency_code", "constituency", "mp", "party", "stance"]
    header += [f"reports_{s}" for s in Stance] + ["first_reply", "last_reply"]
    rows = (
        [s.code, s.constituency, s.mp_name, s.party, str(s.stance or "")]
        + [s.counts[stance] for stance in Stance]
        + [_iso(s.first_reply), _iso(s.last_reply)]
        for s in sorted(stances.values(), key=lambda s: s.constituency)
    )
    return _csv(rows, header, "mp-stances.csv")


@bp.route("/effect/replies.csv")
@viewer_allowed
def replies_csv():
    """Every reported reply: seat, MP, party, nation, group, stance and dates. No personal data."""
    campaign = published.current_campaign().slug
    names = {c.code: c.name for c in published.current_directory().constituencies()}
    header = [
        "constituency_code", "constituency", "nation", "mp", "party", "at_risk_group",
        "stance", "replied_on", "reported_on", "language",
    ]  # fmt: skip
    rows = (
        [r.constituency_code, names.get(r.constituency_code, ""), r.nation, r.mp_name, r.party,
         r.concern or "", r.stance, _iso(r.replied_on), _iso(r.reported_at.date()), r.language]
        for r in effect.replies(campaign)
    )  # fmt: skip
    return _csv(rows, header, "mp-replies.csv")


@bp.route("/effect/breakdowns.csv")
@viewer_allowed
def breakdowns_csv():
    """The page's breakdowns (party, nation, group, language, source, utm values): letters,
    sent, replies."""
    tables = effect.breakdowns(published.current_campaign().slug)
    header = ["breakdown", "label", "letters", "sent", "replies", "supportive_replies"]
    rows = (
        [kind, b.label, b.letters, b.sent, b.replies, b.supportive]
        for kind in effect.BREAKDOWN_KINDS
        for b in tables[kind]
    )
    return _csv(rows, header, "letters-and-replies-by-breakdown.csv")


def _iso(day) -> str:
    return day.isoformat() if day else ""
