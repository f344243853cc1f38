"""The preview that shows every wording: each part in order, who gets it, every wording of it
written out for a sample supporter, and which letter supporters get."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag
from staff_helpers import VIEWER_EMAIL, sign_in
from webapp_helpers import page, visible_text

from letters.campaign import load_campaign
from letters.document import Text, from_json

DEFAULT, SHORT = "template:default", "template:short"
WORDINGS_URL = f"/staff/content/{DEFAULT}/versions/1/wordings"
SAM_PATEL = 1  # the sample with no group and words of their own (webapp.content.preview)


def words(element: Tag) -> str:
    return " ".join(element.get_text(" ").split())


def part_section(soup: BeautifulSoup, name: str) -> Tag:
    """The section of the page for the part named `name` ("Closing")."""
    heading = soup.find("h2", string=lambda s: s and " ".join(s.split()) == name)
    assert heading is not None, name
    return heading.find_parent("section")


def shipped_wordings(key: str, letter: str = "default") -> list[str]:
    """The text of each wording of a part of a shipped letter (a part of text only)."""
    doc = from_json(load_campaign().documents[letter])
    part = next(part for part in doc.parts if part.key == key)
    return ["".join(p.text for p in w.pieces if isinstance(p, Text)) for w in part.wordings]


def test_every_wording_of_a_part_with_three_wordings_is_shown(viewer):
    """The closing's three wordings are all on the page, each labelled "Closing, wording n of 3"."""
    closings = shipped_wordings("closing")
    assert len(closings) == 3
    section = part_section(page(viewer.get(WORDINGS_URL)), "Closing")
    shown = section.select("article.letter-wording")
    assert [words(w.h3).split(" this sample")[0] for w in shown] == [
        f"Closing, wording {n} of 3" for n in (1, 2, 3)
    ]
    for wording, closing in zip(shown, closings, strict=True):
        assert closing in words(wording)


def test_a_paragraph_for_one_group_is_labelled_with_its_group(viewer):
    """A group's paragraph says who gets it; so do the supporter's own words."""
    soup = page(viewer.get(WORDINGS_URL))
    women = part_section(soup, "The paragraph for Women and girls")
    assert words(women.select_one(".wording-audience")) == "Only for: Women and girls"
    own = part_section(soup, "The supporter's own words")
    assert words(own.select_one(".wording-audience")) == "Only when they wrote their own words"
    closing = part_section(soup, "Closing")
    assert words(closing.select_one(".wording-audience")) == "For every supporter"


def test_chips_are_filled_in_as_the_supporter_gets_them(viewer):
    """Chips are written out: the constituency, figures, sources, the supporter's own words."""
    soup = page(viewer.get(WORDINGS_URL, query_string={"place": "M1 1AE", "sample": SAM_PATEL}))
    parts = " ".join(words(a) for a in soup.select("article.letter-wording"))
    assert "[" not in parts
    opening = part_section(soup, "The opening").select("article.letter-wording")
    assert len(opening) == 3
    assert all("Manchester Central" in words(wording) for wording in opening)
    facts = part_section(soup, "The paragraph “uk returns”")
    assert "44 Iraqis" in words(facts)
    assert facts.select(".letter-sources li")
    own = part_section(soup, "The supporter's own words")
    assert "My neighbour's family fled Baghdad" in words(own)


def test_the_wording_marked_as_the_samples_is_the_one_in_their_letter(viewer):
    """Only the closing wording tagged as the sample's is in the sample's whole letter."""
    query = {"place": "Cardiff South", "sample": SAM_PATEL}
    soup = page(viewer.get(WORDINGS_URL, query_string=query))
    preview = viewer.get(f"/staff/content/{DEFAULT}/versions/1/preview", query_string=query)
    letter = words(page(preview).select_one("article.letter"))
    closing = part_section(soup, "Closing").select("article.letter-wording")
    marked = [w for w in closing if "this sample's wording" in words(w.h3)]
    assert len(marked) == 1
    for wording in closing:
        text = " ".join(words(paragraph) for paragraph in wording.find_all("p"))
        assert (text in letter) == (wording in marked), text


@pytest.mark.parametrize("where", ["versions/1/wordings", "edit"])
@pytest.mark.parametrize(
    ("kind", "said"),
    [
        (DEFAULT, "Every supporter gets this letter, “default”"),
        (SHORT, "No supporter gets this letter, “short”: the campaign gives every supporter its "
         "letter “default”"),
    ],
)  # fmt: skip
def test_the_page_and_the_editor_say_which_letter_supporters_get(editor, kind, said, where):
    """The default letter's pages say every supporter gets it; the short letter's, nobody."""
    shown = page(editor.get(f"/staff/content/{kind}/{where}"))
    assert words(shown.select_one("#who-gets")).startswith(said)


@pytest.mark.parametrize(
    ("start", "link"),
    [
        (f"/staff/content/{DEFAULT}/edit", "Every wording of version 1"),
        (f"/staff/content/{DEFAULT}/versions/1", "Every wording"),
        (f"/staff/content/{DEFAULT}/versions/1/preview", "Every wording"),
    ],
)
def test_the_editor_and_the_version_pages_link_to_every_wording(editor, start, link):
    """The letter editor, the version page and its preview each link to every wording."""
    found = page(editor.get(start)).find("a", string=lambda s: s and s.strip() == link)
    assert found is not None, visible_text(editor.get(start))
    shown = page(editor.get(found["href"]))
    assert words(shown.h1).startswith("Every wording: Letter template “default”, version 1")
    assert part_section(shown, "Closing") is not None


def test_a_hand_written_template_is_shown_whole_once_per_wording(
    make_app, make_user, hand_written_campaigns
):
    """A raw template is shown whole, once with wording 1 of every part, once with 2, …"""
    app = make_app(CAMPAIGNS_DIR=str(hand_written_campaigns))
    make_user(VIEWER_EMAIL, "viewer")
    client = app.test_client()
    assert sign_in(client, VIEWER_EMAIL).status_code == 302
    shown = page(client.get(WORDINGS_URL))
    letters = shown.select(".letter-wrap article.letter")
    assert [words(h) for h in shown.select("section > h2")] == [
        f"Wording {n} of every part" for n in (1, 2, 3)
    ]
    for letter, closing in zip(letters, shipped_wordings("closing"), strict=True):
        assert closing in words(letter)
