"""Campaigns as files, for people who version content: `flask campaigns export|import`.

Export writes what supporters get now (each published text, a letter's Welsh wording and the
page's Welsh, the findings' Welsh words and the Welsh word list) as the campaign's folder. Import
reads a folder with the same checks as loading the
shipped campaign, and saves every text that differs from the newest version as a new version,
unpublished: staff review and publish it as they would an edit made in the browser, under the
same publishing rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from letters.campaign import OTHER_LANGUAGES, Campaign, load_campaign
from letters.campaign_files import campaign_toml, write_folder
from letters.page_text import parse_page
from letters.templating import Problem
from webapp.content import checks, published, versions
from webapp.content.campaign_copy import copy_campaign


@dataclass(frozen=True, slots=True)
class Imported:
    """One text of an imported folder: its kind, the version saved (None: unchanged), problems."""

    kind: str
    number: int | None
    problems: tuple[Problem, ...] = ()


def export_campaign(campaign: Campaign, folder: Path) -> list[Path]:
    """Write `campaign` as supporters get it now into `folder`; returns the files written."""
    versions.ensure_seeded(campaign)
    folder_name = published.campaign_folder(campaign.slug)
    shipped = Path(current_app.config["CAMPAIGNS_DIR"]) / folder_name / "campaign.toml"
    page = parse_page(versions.published_body(campaign, versions.PAGE))
    # The page in each other language ([cy]), when it has words (an empty one is left out).
    other_pages = {
        language: other
        for language in OTHER_LANGUAGES
        if (
            other := parse_page(
                versions.published_body(campaign, versions.in_language(versions.PAGE, language)),
                language,
            )
        ).summary
    }
    # Each letter by its file's name: "default", and "default.cy" for its Welsh wording.
    letters = {
        versions.template_name(kind): versions.published_body(campaign, kind)
        for kind in versions.kinds(campaign)
        if versions.template_name(kind) is not None
    }
    return write_folder(
        folder,
        campaign_toml_text=campaign_toml(
            shipped.read_text(encoding="utf-8"),
            page,
            title=None if folder_name == campaign.slug else campaign.title,
            other_pages=other_pages,
        ),
        findings=versions.published_body(campaign, versions.FINDINGS),
        letters=letters,
        words=versions.published_body(campaign, versions.WORDS),
        # The Welsh word list and the findings' Welsh words as published (words.cy.txt,
        # findings.cy.toml), when there are any.
        other_words=_other_texts(campaign, versions.WORDS),
        other_findings=_other_texts(campaign, versions.FINDINGS),
    )


def _other_texts(campaign: Campaign, kind: str) -> dict[str, str]:
    """The published text of `kind` in each other language that has one, by language."""
    texts = {
        language: versions.published_body(campaign, versions.in_language(kind, language))
        for language in OTHER_LANGUAGES
    }
    return {language: text for language, text in texts.items() if text.strip()}


def read_folder(folder: Path) -> Campaign:
    """The campaign in `folder`, checked as the shipped one is (CampaignFileError says what is
    wrong, with the file and line)."""
    return load_campaign(folder.name, folder.parent)


def import_campaign(campaign: Campaign, incoming: Campaign, *, by, note: str) -> list[Imported]:
    """Save each of `incoming`'s texts that differs from `campaign`'s newest as a new version."""
    versions.ensure_seeded(campaign)
    results = []
    for kind in versions.kinds(campaign):
        name = versions.english_name(kind)
        if name is not None and (
            name not in incoming.templates
            or versions.letter_language(kind) not in incoming.languages(name)
        ):
            continue
        body = versions.normalise_body(versions.file_body(incoming, kind))
        if name is None and versions.text_language(kind) != "en" and not body.strip():
            continue  # the folder has no Welsh of this text (no [cy], no .cy file): none to take
        newest = versions.latest(campaign.slug, kind)
        if newest is not None and newest.body == body:
            results.append(Imported(kind, None))
            continue
        based_on = newest.number if newest is not None else 0
        version = versions.save(campaign.slug, kind, body, based_on=based_on, author=by, note=note)
        results.append(
            Imported(kind, version.number, tuple(checks.check_now(campaign, kind, body)))
        )
    return results


def letters_not_in(campaign: Campaign, incoming: Campaign) -> list[str]:
    """Letters in the folder that the campaign does not have (not imported), by their files'
    names: "leaflet", or "default.cy" for a Welsh wording the campaign has not."""
    return sorted(set(incoming.letter_files()) - set(campaign.letter_files()))


def new_draft(incoming: Campaign, *, by) -> Campaign:
    """A new draft campaign named after `incoming`'s folder, started from the main campaign (its
    settings) and titled as `incoming`; the caller then imports `incoming`'s texts into it."""
    main = published.campaign_named(current_app.config["CAMPAIGN"])
    copy_campaign(
        main, incoming.slug, incoming.title, folder=published.campaign_folder(main.slug), by=by
    )
    return published.campaign_named(incoming.slug)
