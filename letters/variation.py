"""Stable variation: the same supporter always gets the same phrasing, different supporters differ.

MPs give less weight to stacks of identical letters, so templates offer alternative phrasings
through `choose(key, option1, option2, …)`. The pick is a hash of the supporter's normalised name,
postcode and the key. hashlib is used rather than hash(), whose value changes between processes.
"""

from __future__ import annotations

import hashlib
import unicodedata


def supporter_seed(name: str, postcode: str) -> bytes:
    """A per-supporter prefix for `pick`: case, spacing and Unicode form do not change it."""
    folded_name = " ".join(unicodedata.normalize("NFC", name).casefold().split())
    folded_postcode = "".join(postcode.split()).upper()
    return f"{folded_name}\x1f{folded_postcode}\x1f".encode("utf-8", "surrogatepass")


def pick(seed: bytes, key: str, count: int) -> int:
    """An index in range(count), fixed for this seed and key."""
    if count < 1:
        raise ValueError("pick needs at least one option")
    digest = hashlib.blake2b(seed + key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % count
