"""Staff passwords: one rule for choosing them (web and command line), and hashing.

A password must be long enough, not on the common-password list (data/common-passwords.txt.gz,
source in data/SOURCES.md), and hard to guess by the zxcvbn strength estimator, which also knows
the person's own email address.
"""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from webapp.i18n import _

MIN_CHARS = 12
MAX_CHARS = 200
# zxcvbn's own limit (it refuses longer input); a longer password is judged by its first part.
_ESTIMATE_CHARS = 72
# zxcvbn scores 0–4; 3 means "safely unguessable: moderate protection from offline attacks".
MIN_SCORE = 3
_COMMON_FILE = Path(__file__).parent / "data" / "common-passwords.txt.gz"
_CAMPAIGN_WORDS = ("campaign", "baghdad", "iraq", "amnesty", "staff", "letter", "write", "mp")


@cache
def common_passwords() -> frozenset[str]:
    """The common-password list, lowercased, read once per process."""
    with gzip.open(_COMMON_FILE, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip().lower() for line in handle if line.strip())


def password_problems(password: str, *, email: str = "") -> list[str]:
    """What is wrong with `password` as a new staff password, in plain words ([] when fine)."""
    if len(password) < MIN_CHARS:
        return [
            _(
                "Use at least %(min)s characters; a few unrelated words are easy to remember.",
                min=MIN_CHARS,
            )
        ]
    if len(password) > MAX_CHARS:
        return [_("Use at most %(max)s characters.", max=MAX_CHARS)]
    if password.strip().lower() in common_passwords():
        return [_("That is one of the most common passwords. Choose something else.")]
    hints = [email.lower(), *re.split(r"[@._+-]", email.lower()), *_CAMPAIGN_WORDS]
    # Imported here: its word lists take about 11 MB, which web workers and the export job
    # would otherwise carry though only a password change needs them.
    from zxcvbn import zxcvbn

    estimate = zxcvbn(password[:_ESTIMATE_CHARS], user_inputs=[h for h in hints if h])
    if estimate["score"] >= MIN_SCORE:
        return []
    feedback = estimate["feedback"]
    advice = " ".join(filter(None, [feedback.get("warning"), *feedback.get("suggestions", [])]))
    message = _("That password would be easy to guess.")
    return [f"{message} {advice}".strip()]


def hash_password(password: str) -> str:
    """A salted, slow hash of the password (werkzeug's scrypt)."""
    return generate_password_hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    """True when `password` is the one hashed (always False for an unusable hash)."""
    return check_password_hash(password_hash, password)
