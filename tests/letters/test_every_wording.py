"""Every wording of every part, each written out as a supporter gets it (letters.every_wording)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import pytest

from letters.document import from_json
from letters.every_wording import PartWordings, WordingShown
from letters.model import Block, Text
from letters.service import every_wording_for_mp

STAND_IN = "Words of my own, for the parts that need some."


def plain(blocks: Iterable[Block]) -> str:
    """The words of some blocks, sources left out."""
    return " ".join(
        "".join(item.text for item in items if isinstance(item, Text))
        for block in blocks
        for items in block.items
    )


def words(wording: WordingShown) -> str:
    return wording.subject or plain(wording.blocks)


@pytest.fixture
def written(campaign, england, today):
    """A function writing out every wording of the default letter for a supporter."""
    mp, constituency = england

    def write(supporter) -> list[PartWordings]:
        return every_wording_for_mp(
            supporter,
            mp,
            constituency,
            document=from_json(campaign.documents["default"]),
            findings=campaign.findings,
            today=today,
            reason=STAND_IN,
        )

    return write


def test_every_wording_of_every_part_is_written_out_with_its_chips_filled_in(
    campaign, supporter, england, written
):
    """Each part comes back in order with each of its wordings, all different, chips filled."""
    doc = from_json(campaign.documents["default"])
    shown = written(supporter)
    assert [part.part for part in shown] == list(doc.parts)
    _mp, constituency = england
    for part in shown:
        texts = [words(wording) for wording in part.wordings]
        assert len(texts) == max(1, len(part.part.wordings)), part.part.key
        assert all(texts), part.part.key
        assert len(set(texts)) == len(texts), part.part.key
        assert not any("[" in text or "{" in text for text in texts), texts
    opening = next(part for part in shown if part.part.kind == "opening")
    assert all(constituency.name in words(wording) for wording in opening.wordings)
    cited = [wording for part in shown for wording in part.wordings if wording.footnotes]
    assert cited
    assert all(w.footnotes[0].number == 1 for w in cited)


@pytest.mark.parametrize("reason", [None, "My cousin was sent back to Baghdad."])
def test_the_wording_marked_as_a_supporters_is_the_one_in_their_letter(
    campaign, supporter, write_letter, written, reason
):
    """A supporter's letter has exactly the wordings, of the parts, marked as theirs."""
    for concern in [None, *campaign.findings.group_ids]:
        someone = dataclasses.replace(supporter, concern=concern, reason=reason)
        letter = write_letter(someone)
        body = plain(letter.blocks)
        for part in written(someone):
            for number, wording in enumerate(part.wordings):
                theirs = part.gets and part.chosen in (number, None)
                if part.part.kind == "subject":
                    assert (wording.subject == letter.subject) == theirs
                else:
                    assert (plain(wording.blocks) in body) == theirs, (concern, part.part.key)


def test_a_part_someone_does_not_get_is_written_for_someone_who_does(supporter, written):
    """A part someone would not get is written for one like them who would get it."""
    nobody = dataclasses.replace(supporter, concern=None, reason=None)
    parts = {part.part.key: part for part in written(nobody)}
    women = parts["women_and_girls"]
    assert not women.gets
    assert women.chosen is None
    assert women.written_for.concern == "women_and_girls"
    assert women.written_for.name == nobody.name
    own = parts["own_words"]
    assert not own.gets
    assert [words(w) for w in own.wordings] == [STAND_IN]
