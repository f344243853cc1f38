"""A composed Letter frozen as plain JSON, with a content hash.

A letter a supporter approved must be the letter the MP receives, word for word. So the first time
a letter is produced it is frozen as data (`freeze`), and every later output (the supporter's own
re-downloads, staff previews, merged PDFs and ZIPs) is rendered from `thaw(...)` of that data, never
re-composed from whatever wording or findings are current then.

The content hash is a SHA-256 of the canonical JSON (sorted keys, no spaces), so the same letter
always has the same hash, and any change to a single character of its text changes it. A letter
not in English records its language ("language": "cy"); an English one has no such key, so the
records and hashes of English letters are what they always were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from letters.errors import LettersError
from letters.model import (
    MP,
    Block,
    BlockKind,
    Constituency,
    Footnote,
    Inline,
    Language,
    Letter,
    Nation,
    Ref,
    Text,
)

# Bumped if the JSON shape below ever changes, so old records can still be read.
FORMAT_VERSION = 1


class RecordError(LettersError):
    """Stored letter data that cannot be read back as a Letter."""


@dataclass(frozen=True, slots=True)
class FrozenLetter:
    """A Letter as stored: its JSON-ready data and the hash of that data."""

    data: dict[str, Any]
    content_hash: str


def freeze(letter: Letter) -> FrozenLetter:
    """The letter as JSON-ready data, with its content hash."""
    data = {
        "format": FORMAT_VERSION,
        "sender_name": letter.sender_name,
        "sender_address": list(letter.sender_address),
        "sender_email": letter.sender_email,
        "date": letter.date.isoformat(),
        "recipient": list(letter.recipient),
        "recipient_email": letter.recipient_email,
        "salutation": letter.salutation,
        "subject": letter.subject,
        "blocks": [_block_data(block) for block in letter.blocks],
        "sign_off": letter.sign_off,
        "signature_name": letter.signature_name,
        "footnotes": [[f.number, f.finding_id, f.text] for f in letter.footnotes],
        "constituency": _constituency_data(letter.constituency),
        "mp": _mp_data(letter.mp),
        "metadata": dict(sorted(letter.metadata.items())),
    }
    if letter.language != Language.ENGLISH:
        data["language"] = str(letter.language)
    return FrozenLetter(data, content_hash(data))


def content_hash(data: dict[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of frozen letter data."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def thaw(data: dict[str, Any]) -> Letter:
    """The Letter frozen in `data`; raises RecordError when the data is not a frozen letter."""
    try:
        if data.get("format") != FORMAT_VERSION:
            raise RecordError(f"Unknown letter record format: {data.get('format')!r}")
        return Letter(
            sender_name=data["sender_name"],
            sender_address=tuple(data["sender_address"]),
            sender_email=data["sender_email"],
            date=dt.date.fromisoformat(data["date"]),
            recipient=tuple(data["recipient"]),
            recipient_email=data["recipient_email"],
            salutation=data["salutation"],
            subject=data["subject"],
            blocks=tuple(_block(item) for item in data["blocks"]),
            sign_off=data["sign_off"],
            signature_name=data["signature_name"],
            footnotes=tuple(Footnote(int(n), str(f), str(t)) for n, f, t in data["footnotes"]),
            constituency=_constituency(data["constituency"]),
            mp=_mp(data["mp"]),
            metadata=dict(data.get("metadata") or {}),
            language=Language(data.get("language", Language.ENGLISH)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RecordError(f"Stored letter could not be read: {type(exc).__name__}") from exc


def verify(data: dict[str, Any], expected_hash: str) -> bool:
    """True when `data` still has the hash it was frozen with (nothing changed it since)."""
    return content_hash(data) == expected_hash


def _block_data(block: Block) -> dict[str, Any]:
    return {"kind": str(block.kind), "items": [[_inline_data(p) for p in i] for i in block.items]}


def _inline_data(part: Inline) -> list:
    # A two-item list keeps the JSON small: ["t", "text"] or ["r", 3].
    return ["r", part.number] if isinstance(part, Ref) else ["t", part.text]


def _block(data: dict[str, Any]) -> Block:
    return Block(
        BlockKind(data["kind"]),
        tuple(tuple(_inline(part) for part in item) for item in data["items"]),
    )


def _inline(part: list) -> Inline:
    tag, value = part
    if tag == "r":
        return Ref(int(value))
    if tag == "t":
        return Text(str(value))
    raise ValueError(f"unknown inline tag {tag!r}")


def _constituency_data(seat: Constituency) -> dict[str, str]:
    return {"code": seat.code, "name": seat.name, "nation": str(seat.nation), "region": seat.region}


def _constituency(data: dict[str, str]) -> Constituency:
    return Constituency(data["code"], data["name"], Nation(data["nation"]), data["region"])


def _mp_data(mp: MP) -> dict[str, Any]:
    return {
        "member_id": mp.member_id,
        "name": mp.name,
        "full_title": mp.full_title,
        "salutation": mp.salutation,
        "party": mp.party,
        "constituency_code": mp.constituency_code,
        "email": mp.email,
        "as_of": mp.as_of.isoformat(),
        "vacant": mp.vacant,
    }


def _mp(data: dict[str, Any]) -> MP:
    return MP(
        member_id=data["member_id"],
        name=data["name"],
        full_title=data["full_title"],
        salutation=data["salutation"],
        party=data["party"],
        constituency_code=data["constituency_code"],
        email=data["email"],
        as_of=dt.date.fromisoformat(data["as_of"]),
        vacant=bool(data["vacant"]),
    )
