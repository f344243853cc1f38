"""Every wording of every part of a letter document, each written out on its own.

A supporter's letter has one wording of each part (letters.variation picks it), and only the
parts meant for them, so one letter never shows staff the rest. The staff preview that shows
everything writes each part out alone, once for each of its wordings: `part_template` is a small
letter holding only that part, for every supporter whatever its condition, and rendering it with
`wording=n` (LetterTemplate.render) gives the part's n-th wording exactly as a whole letter would
print it, chips filled in. letters.service composes them (`every_wording_for_mp`).

A part the chosen supporter would not get is written for one like them who would get it
(`supporter_who_gets`): the same name and address, with the group it is for, or with words of
their own.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from letters.document import Condition, LetterDocument, Part, Text, Wording, to_template
from letters.model import Block, Footnote, Letter, Supporter
from letters.sandbox import LetterTemplate
from letters.variation import pick, supporter_seed

__all__ = [
    "PartWordings",
    "WordingShown",
    "chosen_wording",
    "gets_part",
    "part_template",
    "supporter_who_gets",
    "wording_count",
    "wording_shown",
]

# The small letter a part is written out in: a subject (a letter needs one), the part, and a last
# paragraph, so a part that prints nothing is still a letter; the last paragraph is dropped again.
_SUBJECT = Part("subject", "every_wording_subject", (Wording((Text("Every wording"),)),))
_AFTER = Part("paragraph", "every_wording_end", (Wording((Text("End of the part."),)),))


@dataclass(frozen=True, slots=True)
class WordingShown:
    """One wording of a part as a supporter gets it: the subject's text (for the subject), or
    its paragraphs and bullets with their sources (numbered from 1 within the wording)."""

    subject: str
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...]


@dataclass(frozen=True, slots=True)
class PartWordings:
    """A part and every wording of it written out. `gets`: whether the supporter it was asked
    for gets the part at all; `chosen`: which wording they get (0-based), None if not the part."""

    part: Part
    wordings: tuple[WordingShown, ...]
    gets: bool
    chosen: int | None
    written_for: Supporter  # the supporter, or the one like them who gets the part


def part_template(doc: LetterDocument, index: int, language: str = "en") -> LetterTemplate:
    """A letter holding only part `index` of `doc` (written in `language`), for every
    supporter: rendered with wording=n it prints that part's n-th wording. Raises
    TemplateProblem like any template."""
    part = doc.parts[index]
    alone = Part(part.kind, part.key, part.wordings, Condition())
    parts = (alone, _AFTER) if part.kind == "subject" else (_SUBJECT, alone, _AFTER)
    source = to_template(LetterDocument(parts))
    return LetterTemplate.compile(source, name=f"part {index + 1}", language=language)


def wording_shown(part: Part, letter: Letter) -> WordingShown:
    """The part's own text from a letter composed with `part_template` (the ending dropped)."""
    if part.kind == "subject":
        return WordingShown(letter.subject, (), ())
    return WordingShown("", letter.blocks[:-1], letter.footnotes)


def wording_count(part: Part) -> int:
    """How many times to write the part out: once per wording (once for the own words)."""
    return max(1, len(part.wordings))


def gets_part(part: Part, supporter: Supporter) -> bool:
    """Whether `supporter`'s letter has this part (its condition, as the template tests it;
    the supporter's own words only when they wrote some)."""
    condition = part.only_for
    if condition.groups and supporter.concern not in condition.groups:
        return False
    if condition.own_words == "given" or part.kind == "own_words":
        return bool(supporter.reason)
    if condition.own_words == "not_given":
        return not supporter.reason
    return True


def chosen_wording(part: Part, supporter: Supporter) -> int | None:
    """Which wording of the part `supporter` gets (0-based), as letters.variation picks it for
    a document's template; None when they do not get the part or it has no wordings."""
    if not part.wordings or not gets_part(part, supporter):
        return None
    if len(part.wordings) == 1:
        return 0
    seed = supporter_seed(supporter.name, supporter.postcode)
    return pick(seed, part.key, len(part.wordings))


def supporter_who_gets(part: Part, supporter: Supporter, *, reason: str) -> Supporter:
    """`supporter`, or one like them who gets the part: with its first group when theirs is not
    one of its groups, with `reason` as their own words where the part needs some, without
    their own words where it is for those who wrote none."""
    if gets_part(part, supporter):
        return supporter
    changes: dict[str, str | None] = {}
    groups = part.only_for.groups
    if groups and supporter.concern not in groups:
        changes["concern"] = groups[0]
    if part.only_for.own_words == "not_given":
        changes["reason"] = None
    elif (part.only_for.own_words == "given" or part.kind == "own_words") and not supporter.reason:
        changes["reason"] = reason
    return dataclasses.replace(supporter, **changes)
