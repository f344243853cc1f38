"""Each consent box says exactly what the campaign will do, and the preview repeats it."""

from __future__ import annotations

from webapp_helpers import find_mp, page, visible_text, write_letter


def _hint(soup, name: str) -> str:
    box = soup.find("input", attrs={"name": name})
    return " ".join(soup.find(id=box["aria-describedby"].split()[0]).get_text(" ").split())


def test_the_keep_box_says_the_campaign_delivers_it_and_not_to_post_it_too(client):
    """ "Keep my letter" says the campaign delivers it, so the supporter should not send it too."""
    find_mp(client)
    soup = page(client.get("/your-letter"))
    hint = _hint(soup, "keep_copy")
    assert "hand it to your MP" in hint
    assert "do not post or email it yourself as well" in hint
    assert "We do not email you because of this box" in hint
    assert "nothing else" in _hint(soup, "updates")


def test_the_preview_of_a_kept_letter_says_not_to_send_it_twice(client):
    """With "keep my letter" ticked the preview says the campaign will deliver it."""
    kept = visible_text(client.get(write_letter(client, keep_copy="y").headers["Location"]))
    assert "the campaign will deliver it to your MP" in kept
    other = client.application.test_client()
    plain = visible_text(other.get(write_letter(other).headers["Location"]))
    assert "the campaign will deliver it to your MP" not in plain
