"""campaign.toml written back with the campaign page's text, everything else as it was."""

from __future__ import annotations

import tomllib

import pytest

from letters.campaign import CampaignFileError
from letters.campaign_files import campaign_toml
from letters.page_text import PageText

ORIGINAL = """# The campaign's name.
title = "Stop the flights"
summary = "Old summary."
asks = ["Old ask."]  # one line
default_template = "default"

[controller]
name = "Example"
"""


def test_summary_and_asks_are_replaced_and_the_rest_kept():
    page = PageText('A "quoted" summary with a \\ and ŵ.', ("First ask.", "Second ask."))
    written = campaign_toml(ORIGINAL, page)
    meta = tomllib.loads(written)
    assert meta["summary"] == page.summary
    assert meta["asks"] == ["First ask.", "Second ask."]
    assert meta["controller"] == {"name": "Example"}
    assert written.startswith('# The campaign\'s name.\ntitle = "Stop the flights"\n')
    assert 'default_template = "default"' in written


def test_a_file_without_asks_gains_them_under_the_summary():
    written = campaign_toml(
        ORIGINAL.replace('asks = ["Old ask."]  # one line\n', ""), PageText("S.", ("A.",))
    )
    assert tomllib.loads(written)["asks"] == ["A."]


def test_a_file_without_a_summary_is_refused():
    with pytest.raises(CampaignFileError, match="summary"):
        campaign_toml('title = "T"\n', PageText("S.", ("A.",)))
