"""Rate limits for the letter steps and downloads: per supporter, and a ceiling per address.

Counting only by address refuses whole offices, universities and letter-writing events that
share one (50 supporters on one Wi-Fi were refused almost at once). So each limit comes twice:

* per supporter (RATELIMIT_FORM, RATELIMIT_DOWNLOAD): keyed by their session, i.e. a hash of the
  CSRF secret Flask-WTF keeps in the session cookie; the secret itself never reaches the limit
  store. A request without a session (a script without cookies) is keyed by its address.
* per address (RATELIMIT_FORM_PER_ADDRESS, RATELIMIT_DOWNLOAD_PER_ADDRESS): a much higher
  ceiling that 200 people behind one address can share, and that still stops a flood.

The address is `request.remote_addr`, which ProxyFix (PROXY_FIX_X_FOR) takes from
X-Forwarded-For behind the proxies the deployment declares.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from flask import current_app, request, session

from webapp.extensions import limiter

# Where Flask-WTF keeps the session's CSRF secret (the name of a session key, not a secret).
_SESSION_SECRET = "csrf_token"  # noqa: S105


def client_address() -> str:
    """The client's address as the declared proxies report it."""
    return request.remote_addr or "unknown"


def supporter_key() -> str:
    """One supporter: their session (hashed), else their address."""
    secret = session.get(_SESSION_SECRET)
    if not secret:
        return "address:" + client_address()
    return "session:" + hashlib.sha256(str(secret).encode()).hexdigest()[:32]


def _setting(name: str) -> Callable[[], str]:
    def limit() -> str:
        return current_app.config[name]

    limit.__name__ = name.lower()
    return limit


def letter_step(view: Callable) -> Callable:
    """Limit a letter step's POSTs per supporter and per address."""
    per_address = limiter.limit(
        _setting("RATELIMIT_FORM_PER_ADDRESS"),
        methods=["POST"],
        key_func=client_address,
        scope="letter-steps-address",
    )
    per_supporter = limiter.limit(
        _setting("RATELIMIT_FORM"), methods=["POST"], key_func=supporter_key
    )
    return per_supporter(per_address(view))


# Downloads and sends share one count (per supporter, and per address).
download_per_supporter = limiter.shared_limit(
    _setting("RATELIMIT_DOWNLOAD"), scope="letter-downloads", key_func=supporter_key
)
download_per_address = limiter.shared_limit(
    _setting("RATELIMIT_DOWNLOAD_PER_ADDRESS"),
    scope="letter-downloads-address",
    key_func=client_address,
)
