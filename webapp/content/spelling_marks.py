"""Misspelt words marked inside the text where staff read it: the version's lines, the problem list.

The checks report each misspelt word with its line (letters.wording); here a line is cut into
pieces, each either plain text or a misspelt word, which the template escapes and marks.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

Segment = tuple[str, bool]  # (text, whether it is a misspelt word)


def segments(line: str, words: Iterable[str]) -> list[Segment]:
    """`line` in pieces, with each whole-word occurrence of one of `words` marked."""
    words = sorted(
        set(words), key=len, reverse=True
    )  # longest first: "Goverments" before "Goverment"
    if not words:
        return [(line, False)]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")
    pieces: list[Segment] = []
    at = 0
    for match in pattern.finditer(line):
        if match.start() > at:
            pieces.append((line[at : match.start()], False))
        pieces.append((match.group(), True))
        at = match.end()
    if at < len(line) or not pieces:
        pieces.append((line[at:], False))
    return pieces


def marked_lines(body: str, problems: Iterable) -> list[list[Segment]]:
    """Every line of `body` in pieces, with the misspelt words the problems name on it marked."""
    by_line: dict[int, set[str]] = defaultdict(set)
    for problem in problems:
        if problem.word and problem.line:
            by_line[problem.line].add(problem.word)
    return [segments(line, by_line.get(n, ())) for n, line in enumerate(body.splitlines(), 1)]
