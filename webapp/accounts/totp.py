"""Second factor: time-based one-time codes (TOTP, any authenticator app) and recovery codes.

The QR code is drawn here as inline SVG (segno), so setting up needs no outside service and no
script. Recovery codes are random (64 bits each) and kept only as SHA-256 hashes; each works once.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import re
import secrets
import time

import pyotp
import segno
from markupsafe import Markup, escape
from sqlalchemy import delete, select

from webapp.accounts.models import RecoveryCode, StaffUser
from webapp.clock import utcnow
from webapp.extensions import db
from webapp.i18n import _

ISSUER = "Campaign staff"
RECOVERY_CODES = 10
_STEP_SECONDS = 30
_SIX_DIGITS = re.compile(r"^\d{6}$")
_RECOVERY = re.compile(r"^[0-9a-f]{16}$")


def new_secret() -> str:
    """A fresh base32 TOTP secret."""
    return pyotp.random_base32()


def setup_uri(email: str, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(uri: str, name: str | None = None) -> Markup:
    """The QR code of `uri` as an inline SVG image with an accessible name (by default, the
    authenticator app's; share links' QR codes name their link)."""
    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=5, border=4, xmldecl=False, svgns=True)
    svg = out.getvalue().decode("ascii")
    name = escape(name or _("QR code to scan with your authenticator app"))
    label = f'role="img" aria-label="{name}" class="qr-code"'
    # segno writes only its own attributes; ours replace its class.
    return Markup(svg.replace('class="segno"', label, 1))  # noqa: S704 - segno's own SVG


def normalise(code: str) -> str:
    """A code as typed, without spaces or hyphens, lowercased."""
    return re.sub(r"[\s-]", "", code or "").lower()[:32]


def code_is_current(secret: str, code: str, last_step: int | None) -> int | None:
    """The time step `code` belongs to if it is right now (±30 s) and newer than `last_step`."""
    code = normalise(code)
    if not _SIX_DIGITS.match(code):
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(time.time()) // _STEP_SECONDS
    for step in (now_step - 1, now_step, now_step + 1):
        if (last_step is None or step > last_step) and hmac.compare_digest(
            totp.generate_otp(step), code
        ):
            return step
    return None


def _hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode("ascii")).hexdigest()


def make_recovery_codes(user: StaffUser) -> list[str]:
    """Replace `user`'s recovery codes with new ones; returns them to show once (caller commits)."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [secrets.token_hex(8) for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(c)) for c in codes)
    return ["-".join(c[i : i + 4] for i in range(0, 16, 4)) for c in codes]


def unused_recovery_codes(user: StaffUser) -> int:
    """How many of `user`'s recovery codes are left."""
    rows = db.session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )
    return len(rows.all())


def check_second_factor(user: StaffUser, code: str) -> str | None:
    """ "app" or "recovery" when `code` is a right authenticator or unused recovery code, else None.

    Uses it up: the code's time step is remembered, a recovery code is marked used (the caller
    commits).
    """
    if user.totp_secret is None:
        return None
    step = code_is_current(user.totp_secret, code, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        return "app"
    if not _RECOVERY.match(normalise(code)):
        return None
    wanted = _hash(code)
    for row in db.session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ):
        if hmac.compare_digest(row.code_hash, wanted):
            row.used_at = utcnow()
            return "recovery"
    return None


def turn_off(user: StaffUser) -> None:
    """Remove the authenticator app and recovery codes from `user` (the caller commits)."""
    user.totp_secret = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
