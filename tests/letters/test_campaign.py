"""Loading a campaign folder: its metadata, findings and letter templates."""

from __future__ import annotations

import shutil

import pytest

from letters.campaign import CAMPAIGNS_DIR, DEFAULT_CAMPAIGN, CampaignFileError, load_campaign
from letters.errors import FindingsFileError


@pytest.fixture
def copy(tmp_path):
    """A writable copy of the default campaign folder."""
    shutil.copytree(CAMPAIGNS_DIR / DEFAULT_CAMPAIGN, tmp_path / "copy")
    return tmp_path / "copy"


def test_default_campaign_loads(campaign):
    """The default campaign has its title, findings text, and a default letter template."""
    assert campaign.slug == "baghdad-returns"
    assert campaign.title == "Stop forced returns to Baghdad"
    assert campaign.default_template == "default"
    assert campaign.templates["default"].lstrip().startswith("{#")
    assert "uk_returns_baghdad" in campaign.findings.findings
    assert campaign.findings_source == (
        CAMPAIGNS_DIR / DEFAULT_CAMPAIGN / "findings.toml"
    ).read_text(encoding="utf-8")


def test_campaigns_dir_is_the_repository_templates_folder():
    """CAMPAIGNS_DIR is the top-level templates/ folder next to letters/."""
    assert CAMPAIGNS_DIR.name == "templates"
    assert (CAMPAIGNS_DIR.parent / "letters" / "campaign.py").is_file()


def test_missing_campaign_is_reported(tmp_path):
    """A folder without campaign.toml is refused with a message naming the file."""
    with pytest.raises(CampaignFileError, match=r"campaign\.toml"):
        load_campaign("nothing-here", root=tmp_path)


def test_default_template_must_exist(copy):
    """campaign.toml naming a template that is not in letters/ is refused, naming the field."""
    (copy / "letters" / "default.json").unlink()
    with pytest.raises(CampaignFileError) as caught:
        load_campaign("copy", root=copy.parent)
    assert caught.value.field == "default_template"


def test_campaign_toml_syntax_error_has_line(copy):
    """A TOML mistake in campaign.toml is reported with its line."""
    (copy / "campaign.toml").write_text('title = "x"\nsummary = \n', encoding="utf-8")
    with pytest.raises(CampaignFileError) as caught:
        load_campaign("copy", root=copy.parent)
    assert caught.value.line == 2


def test_broken_findings_stop_the_campaign_loading(copy):
    """A malformed findings file is reported as a FindingsFileError for that campaign."""
    path = copy / "findings.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("date = 2009-10-01", "date = 2999-10-01")
    )
    with pytest.raises(FindingsFileError, match=r"copy/findings.toml, line \d+, field 'date'"):
        load_campaign("copy", root=copy.parent)


def test_every_template_is_loaded_by_name(copy):
    """Each letters/<name>.txt becomes a template called <name>."""
    (copy / "letters" / "brief.txt").write_text("Subject: Hi\n\nShort.\n", encoding="utf-8")
    campaign = load_campaign("copy", root=copy.parent)
    assert set(campaign.templates) >= {"default", "brief"}


def test_a_letter_as_both_a_document_and_a_template_is_refused(copy):
    """Two files writing one letter would leave staff editing the one supporters do not get."""
    (copy / "letters" / "default.txt").write_text("Subject: Hi\n\nShort.\n", encoding="utf-8")
    with pytest.raises(CampaignFileError) as caught:
        load_campaign("copy", root=copy.parent)
    assert "keep one" in str(caught.value)


def test_a_malformed_document_is_refused_naming_its_file(copy):
    (copy / "letters" / "short.json").write_text('{"format": "letter-document/1"', encoding="utf-8")
    with pytest.raises(CampaignFileError) as caught:
        load_campaign("copy", root=copy.parent)
    assert "short.json" in str(caught.value)
