"""Letter quality over 1,000 sample letters: the share of email links that fit, and page layout.

Run with `python -m bench.letter_quality`. The sample (`letters.quality`) covers every at-risk
group and none, reasons from none to 300 characters (typical) or to the form's limit (long), long
names and several scripts, and seats all over the UK.
"""

from __future__ import annotations

from bench.table import add_row
from letters import quality
from letters.render.email import MAILTO_MAX_CHARS
from letters.supporter import REASON_MAX_CHARS

MAILTO_TARGET = 0.95


def _letters(reason_max: int):
    from letters.campaign import load_campaign
    from letters.directory import default_directory
    from letters.service import letter_for_mp
    from letters.templating import LetterTemplate

    campaign = load_campaign()
    template = LetterTemplate.compile(campaign.templates[campaign.default_template])
    directory = default_directory()
    seats = directory.constituencies()

    def make(supporter, i):
        seat = seats[(i * 7) % len(seats)]
        return letter_for_mp(
            supporter, directory.mp_for(seat.code), seat,
            template=template, findings=campaign.findings, today=quality.SAMPLE_DATE,
        )  # fmt: skip

    return quality.sample_letters(make, campaign.findings.group_ids, reason_max=reason_max)


def main() -> None:
    """Print the mailto share (target >= 95 %) and the page counts for both samples."""
    typical = _letters(quality.TYPICAL_REASON_MAX)
    share = quality.mailto_fit_share(typical)
    verdict = "ok" if share >= MAILTO_TARGET else "BELOW TARGET"
    add_row(
        f"Email drafts whose mailto: fits {MAILTO_MAX_CHARS:,} chars ({len(typical):,} letters)",
        f"{share:.1%}",
        f"≥ {MAILTO_TARGET:.0%}",
        met=share >= MAILTO_TARGET,
    )
    print(
        f"mailto: link fits ({MAILTO_MAX_CHARS:,} chars), {len(typical):,} typical letters: "
        f"{share:.1%} (target >= {MAILTO_TARGET:.0%})  {verdict}"
    )
    samples = (("typical", typical), ("long reasons", _letters(REASON_MAX_CHARS)))
    print(f"{'page layout':<28}{'letters':>8}{'1 page':>8}{'2 pages':>8}{'3+':>5}"
          f"{'lone footnote':>15}{'page 2+ unnamed':>17}")  # fmt: skip
    for label, letters in samples:
        c = quality.page_counts(letters)
        print(
            f"{label:<28}{c.letters:>8}{c.one_page:>8}{c.two_pages:>8}{c.more_pages:>5}"
            f"{c.lone_footnotes:>15}{c.later_pages_without_sender:>17}"
        )
        add_row(
            f"Printed letters, {label}: 1 page / 2 pages / lone footnote / page 2 unnamed",
            f"{c.one_page:,} / {c.two_pages:,} / {c.lone_footnotes} / "
            f"{c.later_pages_without_sender}",
            "no lone footnote; every page 2 named",
            met=c.lone_footnotes == 0 and c.later_pages_without_sender == 0,
        )


if __name__ == "__main__":
    main()
