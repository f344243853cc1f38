"""`flask campaigns export|import`: a campaign as the folder of files people version content in.

Export, import, export gives identical folders; an import saves only what changed, as unpublished
versions with the editor's checks; a broken folder imports nothing and says where it is broken.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from sqlalchemy import select
from staff_helpers import EDITOR_EMAIL
from staff_helpers import campaigns_cli as run

from letters.campaign import CAMPAIGNS_DIR, load_campaign
from webapp.accounts.models import StaffUser
from webapp.campaigns.models import CampaignRow
from webapp.content import versions
from webapp.content.models import ContentPublication, ContentVersion
from webapp.extensions import db

SLUG = "baghdad-returns"


@pytest.fixture
def editor_account(make_user) -> str:
    make_user(EDITOR_EMAIL, "editor")
    return EDITOR_EMAIL


def publish(app, kind: str, number: int, email: str, *options: str):
    """`flask content publish`, the one publishing rule, from the command line."""
    args = ["content", "publish", kind, str(number), "--by", email, *options]
    return app.test_cli_runner().invoke(args=args)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def version_rows(app) -> list[tuple[str, int]]:
    with app.app_context():
        rows = db.session.scalars(select(ContentVersion).order_by(ContentVersion.id))
        return [(row.kind, row.number) for row in rows]


def test_export_import_export_gives_identical_folders(app, editor_account, tmp_path):
    first, second = tmp_path / "one" / SLUG, tmp_path / "two" / SLUG
    exported = run(app, "export", SLUG, first)
    assert exported.exit_code == 0, exported.output
    assert set(tree(first)) == {
        "campaign.toml",
        "findings.toml",
        "findings.cy.toml",
        "letters/default.json",
        "letters/default.cy.json",
        "letters/short.json",
        "letters/short.cy.json",
        "words.txt",
        "words.cy.txt",
    }
    shipped = load_campaign(SLUG)
    copy = load_campaign(SLUG, first.parent)  # it reads back as a campaign, with every check
    assert copy.findings_source == shipped.findings_source
    assert copy.page_source == shipped.page_source
    assert copy.letter_files() == shipped.letter_files()  # the Welsh wordings too
    assert copy.other_findings == shipped.other_findings
    assert copy.other_words == shipped.other_words
    before = version_rows(app)
    imported = run(app, "import", first, "--by", editor_account)
    assert imported.exit_code == 0, imported.output
    assert imported.output.count(": unchanged") == len(before)
    assert version_rows(app) == before
    assert run(app, "export", SLUG, second).exit_code == 0
    assert tree(second) == tree(first)


def test_export_writes_what_supporters_get_now(app, editor_account, tmp_path):
    """A published change to the campaign page is in campaign.toml; every other line stays."""
    with app.test_request_context():
        campaign = load_campaign(SLUG)
        versions.ensure_seeded(campaign)
        user = db.session.scalar(select(StaffUser).where(StaffUser.email == editor_account))
        page = 'Write to your MP: "stop the flights" \\ now.\n\n- Ask the Home Office to stop.\n'
        number = versions.save(SLUG, versions.PAGE, page, based_on=1, author=user, note="").number
    published = publish(app, "page", number, editor_account)
    assert published.exit_code == 0, published.output
    folder = tmp_path / SLUG
    assert run(app, "export", SLUG, folder).exit_code == 0
    written = (folder / "campaign.toml").read_text(encoding="utf-8")
    meta = tomllib.loads(written)
    assert meta["summary"] == 'Write to your MP: "stop the flights" \\ now.'
    assert meta["asks"] == ["Ask the Home Office to stop."]
    shipped = (CAMPAIGNS_DIR / SLUG / "campaign.toml").read_text(encoding="utf-8")
    unchanged = [
        line for line in shipped.splitlines() if not line.startswith(("summary", "asks", '  "'))
    ]
    assert all(line in written.splitlines() for line in unchanged if line != "]")


def test_an_import_saves_changes_as_unpublished_versions_with_their_checks(
    app, editor_account, tmp_path
):
    folder = tmp_path / SLUG
    run(app, "export", SLUG, folder)
    with (folder / "words.txt").open("a", encoding="utf-8") as words:
        words.write("Kirkuk\n")
    findings = (folder / "findings.toml").read_text(encoding="utf-8")
    statement = next(
        line for line in findings.splitlines() if line.startswith("statement") and "44" in line
    )
    (folder / "findings.toml").write_text(
        findings.replace(statement, statement.replace("44", "more than 120")), encoding="utf-8"
    )
    result = run(app, "import", folder, "--by", editor_account)
    assert result.exit_code == 0, result.output
    assert "words: saved as version 2, not published" in result.output
    assert "findings: saved as version 2, not published" in result.output
    [error] = [line for line in result.output.splitlines() if line.startswith("  error:")]
    assert "120" in error
    assert "template:default: unchanged" in result.output
    with app.app_context():
        published = db.session.scalars(select(ContentPublication.number)).all()
        assert set(published) == {1}
        assert "Kirkuk" in versions.latest(SLUG, versions.WORDS).body
        note = versions.latest(SLUG, versions.WORDS).note
    assert note == f"Imported from {SLUG}/"


def test_a_broken_folder_imports_nothing_and_says_where(app, editor_account, tmp_path):
    folder = tmp_path / SLUG
    run(app, "export", SLUG, folder)
    findings = (folder / "findings.toml").read_text(encoding="utf-8")
    statement = next(line for line in findings.splitlines() if line.startswith("statement"))
    broken = findings.replace(statement, statement.rstrip().removesuffix('"'), 1)
    (folder / "findings.toml").write_text(broken, encoding="utf-8")
    (folder / "words.txt").write_text("Kirkuk\n", encoding="utf-8")
    result = run(app, "import", folder, "--by", editor_account)
    assert result.exit_code == 1
    assert "nothing imported" in result.output
    assert "findings.toml, line" in result.output
    assert all(number == 1 for _kind, number in version_rows(app))


def test_only_this_sites_campaign_and_an_editor(app, editor_account, make_user, tmp_path):
    elsewhere = tmp_path / "another-campaign"
    assert run(app, "export", "another-campaign", elsewhere).exit_code == 2
    folder = tmp_path / SLUG
    run(app, "export", SLUG, folder)
    make_user("viewer@example.org", "viewer")
    refused = run(app, "import", folder, "--by", "viewer@example.org")
    assert refused.exit_code == 2
    assert "no active editor" in refused.output


def test_a_folder_naming_no_campaign_starts_one_in_draft(app, editor_account, tmp_path):
    """Import a renamed copy: a new draft campaign with those texts; its export is the folder."""
    shipped = tmp_path / "one" / SLUG
    run(app, "export", SLUG, shipped)
    folder = tmp_path / "two" / "winter-flights"
    folder.mkdir(parents=True)
    for path in shipped.rglob("*"):
        target = folder / path.relative_to(shipped)
        if path.is_dir():
            target.mkdir(exist_ok=True)
            continue
        text = path.read_text(encoding="utf-8")
        if path.name == "campaign.toml":
            text = text.replace(
                'title = "Stop forced returns to Baghdad"', 'title = "Stop the winter flights"'
            )
        if path.name == "words.txt":
            text += "Kirkuk\n"
        target.write_text(text, encoding="utf-8")
    result = run(app, "import", folder, "--by", editor_account)
    assert result.exit_code == 0, result.output
    assert "winter-flights: a new campaign, in draft" in result.output
    assert "words: saved as version 2, not published" in result.output
    with app.app_context():
        row = db.session.scalar(select(CampaignRow).where(CampaignRow.slug == "winter-flights"))
        assert (row.status, row.title) == ("draft", "Stop the winter flights")
    # Published, its export is the folder imported.
    published = publish(app, "words", 2, editor_account, "--campaign", "winter-flights")
    assert published.exit_code == 0, published.output
    again = tmp_path / "three" / "winter-flights"
    assert run(app, "export", "winter-flights", again).exit_code == 0
    assert tree(again) == tree(folder)
