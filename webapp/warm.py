"""Warm a web worker before it takes requests: gunicorn calls `warm` once per worker
(gunicorn.conf.py, post_worker_init).

Without it the first supporters each worker serves wait for what is loaded on first use: the
MP directory and postcode index, the campaign and its published letter and findings, and the
compiled page templates (about 100 ms on a laptop, several times that while other requests
queue behind it). Nothing is counted or stored; if the database cannot answer yet, the worker
starts cold rather than not at all.
"""

from __future__ import annotations

import logging

from flask import Flask

log = logging.getLogger(__name__)
# A postcode the bundled directory places exactly; looking it up builds the postcode index.
_SAMPLE_POSTCODE = "SW1A 1AA"
_PAGE_TEMPLATES = ("base.html", "public/", "_partials/", "_macros/", "errors/")


def warm(app: Flask) -> None:
    """Load the caches every supporter page uses (see the module docstring)."""
    from webapp.clock import utcnow
    from webapp.content import published

    try:
        with app.test_request_context("/"):
            directory = published.current_directory()
            directory.lookup_postcode(_SAMPLE_POSTCODE)
            now = utcnow()
            for campaign, state in published.all_campaigns():
                if not state.taking_letters(now):  # supporters cannot write there: not theirs
                    continue
                published.published_template(campaign)
                published.published_findings(campaign)
                published.published_page(campaign)
            for name in app.jinja_env.list_templates():
                if name.startswith(_PAGE_TEMPLATES):
                    app.jinja_env.get_template(name)
    except Exception:
        log.warning("could not warm this worker; its first requests will be slower", exc_info=True)
