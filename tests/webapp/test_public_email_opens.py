"""A typical letter's email draft opens in the supporter's email app, with no length warning."""

from __future__ import annotations

import pytest
from webapp_helpers import page, write_letter

from letters.render.email import MAILTO_MAX_CHARS

# A supporter's own words; a typical reason is up to 300 characters (letters.quality).
REASON = (
    "My neighbours came here from Iraq and I have seen what the fear of being sent back does to a "
    "family. Our town welcomed them and their children go to school with mine. Nobody should be "
    "returned to a place where they could be killed. I hope you will speak up for them, and soon, "
    "for every one of them and their children."
)


@pytest.mark.parametrize(
    ("concern", "reason_chars"),
    [("", 300), ("minorities", 200), ("journalists_activists", 200), ("women_defenders", 200)],
)
def test_typical_letter_offers_the_email_app_without_a_warning(client, concern, reason_chars):
    """A typical letter's "Open in my email app" is a plain button, with no length warning.

    The longest group paragraphs with a full 300-character reason and an accented name can still
    pass the limit: the 1,000-letter sample (tests/letters/test_quality.py) holds the share.
    """
    write_letter(client, reason=REASON[:reason_chars], concern=concern)
    soup = page(client.get("/your-letter/preview"))
    assert soup.select_one('a.button[href="/letter/send/mailto"]') is not None
    assert "too long to open in an email app" not in soup.get_text()
    link = client.get("/letter/send/mailto").headers["Location"]
    assert len(link) <= MAILTO_MAX_CHARS
