"""The HTML preview: an escaped <article> with the letter's parts and linked footnotes."""

from __future__ import annotations

import dataclasses

from bs4 import BeautifulSoup

from letters.model import Block, BlockKind, Ref, Text
from letters.render.html import render_html


def soup(letter, **kwargs) -> BeautifulSoup:
    return BeautifulSoup(render_html(letter, **kwargs), "html.parser")


def test_article_holds_every_part(letter):
    """Sender address, date, recipient, salutation, subject, body, sign-off and sources."""
    article = soup(letter).find("article", class_="letter")
    sender = article.find("address", class_="letter-sender")
    assert [s.get_text() for s in sender.find_all("span")] == [
        "Amira Haddad",
        "12 Elgin Avenue",
        "London",
        "W9 3QP",
        "amira@example.org",
    ]
    assert article.find("time")["datetime"] == "2026-11-28"
    assert article.find("time").get_text() == "28 November 2026"
    recipient = article.find(class_="letter-recipient").find_all("span")
    assert [span.get_text() for span in recipient] == list(letter.recipient)
    assert article.find(class_="letter-salutation").get_text() == letter.salutation
    assert article.find("h2", class_="letter-subject").get_text() == letter.subject
    assert article.find(class_="letter-sign-off").get_text() == "Yours sincerely,"
    assert article.find(class_="letter-signature").get_text() == "Amira Haddad"


def test_bullets_are_a_list(letter):
    """The ask is a <ul> with one <li> per bullet."""
    items = soup(with_bullets(letter)).find("ul").find_all("li")
    assert len(items) == 3
    assert items[0].get_text().startswith("press the Home Office")


def test_footnote_references_link_to_sources(letter):
    """Each reference is <sup><a href="#fn-n">n</a></sup>; the <ol> holds li#fn-n."""
    page = soup(letter)
    links = page.select("sup > a")
    assert links
    for link in links:
        number = link.get_text()
        assert link["href"] == f"#fn-{number}"
        assert page.find("li", id=f"fn-{number}") is not None
    notes = page.select("section.letter-sources ol > li")
    assert [li.get_text() for li in notes] == [note.text for note in letter.footnotes]
    assert len(page.select("[id='fnref-1']")) == 1


def test_id_prefix_keeps_several_letters_apart(letter):
    """With id_prefix, footnote ids and links carry the prefix."""
    page = soup(letter, id_prefix="l2-")
    assert page.select("sup > a")[0]["href"] == "#l2-fn-1"
    assert page.find("li", id="l2-fn-1") is not None


def test_all_text_is_escaped(letter):
    """Markup typed by a supporter shows as text; no script or style element appears."""
    hostile = '<script>alert(1)</script><b onclick="x">&amp;'
    letter = dataclasses.replace(
        letter,
        sender_name=hostile,
        signature_name=hostile,
        subject=hostile,
        blocks=(Block(BlockKind.PARAGRAPH, ((Text(hostile), Ref(1)),)),),
    )
    page = soup(letter)
    assert page.find("script") is None
    assert page.find("b") is None
    assert page.find("h2").get_text() == hostile
    assert page.find("p", attrs={"dir": "auto"}).get_text() == hostile + "1"
    assert "style=" not in str(page)


def test_supporter_text_has_automatic_direction(letter):
    """Paragraphs and sender lines carry dir="auto" so Arabic script reads right to left."""
    page = soup(letter)
    assert all(p["dir"] == "auto" for p in page.select("article > p:not([class])"))
    assert page.find(class_="letter-signature")["dir"] == "auto"


def with_bullets(letter):
    """The letter with a bulleted ask (templates may use bullets; the default letter does not)."""
    items = (
        (Text("press the Home Office to stop forced returns to dangerous parts of Iraq, " * 2),),
        (Text("urge it to follow the United Nations guidelines on returns to Iraq; and"),),
        (Text("reply to tell me what you will do."),),
    )
    return dataclasses.replace(letter, blocks=(*letter.blocks, Block(BlockKind.BULLETS, items)))
