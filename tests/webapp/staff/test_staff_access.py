"""Who may open which staff URL: every URL of the staff blueprint, from the app's own URL map."""

from __future__ import annotations

import pytest
from flask import Flask
from webapp_helpers import STAFF_URL_ARGS as URL_ARGS
from werkzeug.routing import Rule

from webapp import create_app
from webapp.accounts import access

# Read-only pages a viewer may open; every other staff URL is for editors only.
VIEWER_ENDPOINTS = {
    "staff.home",
    "staff.breakdowns_csv",
    "staff.logout",
    "staff.content_list",
    "staff.campaign_status",
    "staff.campaigns_home",
    "staff.campaign_choose",
    "staff.content_version",
    "staff.content_history",
    "staff.content_diff",
    "staff.content_preview",
    "staff.content_preview_pdf",
    "staff.content_wordings",
    "staff.content_review",
    "staff.directory_home",
    "staff.directory_seat",
    "staff.counts_dashboard",
    "staff.counts_csv",
    "staff.effect_dashboard",
    "staff.stances_csv",
    "staff.replies_csv",
    "staff.my_account",
    "staff.two_factor_setup",
    "staff.two_factor_off",
    "staff.recovery_codes",
    "staff.partners_home",
    "staff.share_links",
}
# Pages a one-time link opens (a wrong link is a 404 for anyone).
LINK_ENDPOINTS = {"staff.accept_invite", "staff.reset_password"}
OPEN_ENDPOINTS = {"staff.login", *LINK_ENDPOINTS}
# Managing accounts and reading the audit log: admins only.
ADMIN_ENDPOINTS = {
    "staff.audit_log",
    "staff.accounts",
    "staff.account_detail",
    "staff.account_role",
    "staff.account_disable",
    "staff.account_enable",
    "staff.account_link",
    "staff.account_two_factor_off",
    "staff.campaign_archive",
    "staff.campaign_controller",
    "staff.account_campaigns",
    "staff.webhooks_home",
    "staff.webhook_detail",
    "staff.webhook_disable",
    "staff.webhook_enable",
    "staff.webhook_test",
    "staff.webhook_retry",
    "staff.webhook_delete",
}


def _staff_rules() -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every staff rule and method, built from the URL map."""
    app = create_app({"APP_ENV": "testing", "DATABASE_URL": "sqlite://"})
    cases = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint.startswith("staff."):
                cases.extend(_cases(rule))
    return sorted(cases)


def _cases(rule: Rule) -> list[tuple[str, str, str]]:
    url = rule.build({name: URL_ARGS[name] for name in rule.arguments}, append_unknown=False)[1]
    return [(rule.endpoint, m, url) for m in sorted(rule.methods - {"HEAD", "OPTIONS"})]


STAFF_RULES = _staff_rules()


def test_the_matrix_covers_the_staff_area():
    """The URL map lists the staff pages the matrix is expected to cover (sanity check)."""
    endpoints = {endpoint for endpoint, _, _ in STAFF_RULES}
    assert {"staff.content_edit", "staff.exports_home", "staff.supporters_csv"} <= endpoints
    assert endpoints >= VIEWER_ENDPOINTS | OPEN_ENDPOINTS | ADMIN_ENDPOINTS


@pytest.fixture
def app_config(app_config):
    """CSRF off here: this matrix is about roles (CSRF has its own tests)."""
    return {**app_config, "WTF_CSRF_ENABLED": False}


@pytest.mark.parametrize(("endpoint", "method", "url"), STAFF_RULES)
def test_anonymous_people_are_sent_to_sign_in(client, endpoint, method, url):
    """Every staff URL except sign-in redirects someone not signed in to the sign-in page."""
    response = client.open(url, method=method)
    if endpoint in OPEN_ENDPOINTS:
        assert response.status_code in ((404,) if endpoint in LINK_ENDPOINTS else (200, 302))
        return
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login?next=")


@pytest.mark.parametrize(("endpoint", "method", "url"), STAFF_RULES)
def test_viewers_are_refused_editor_pages(viewer, endpoint, method, url):
    """A viewer gets 403 on every editor-only URL, and is let through on read-only ones."""
    response = viewer.open(url, method=method)
    if endpoint in VIEWER_ENDPOINTS | OPEN_ENDPOINTS:
        assert response.status_code != 403
        assert not response.headers.get("Location", "").startswith("/staff/login?next=")
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(("endpoint", "method", "url"), STAFF_RULES)
def test_editors_may_open_every_page_but_admin_ones(editor, endpoint, method, url):
    """An editor gets 403 on admin pages only, and is never sent to sign in on any staff URL."""
    response = editor.open(url, method=method)
    assert (response.status_code == 403) == (endpoint in ADMIN_ENDPOINTS)
    assert not response.headers.get("Location", "").startswith("/staff/login?next=")


@pytest.mark.parametrize(("endpoint", "method", "url"), STAFF_RULES)
def test_admins_may_open_every_page(admin, endpoint, method, url):
    """An admin is never refused (403) nor sent to sign in on any staff URL."""
    response = admin.open(url, method=method)
    assert response.status_code != 403
    assert not response.headers.get("Location", "").startswith("/staff/login?next=")


def test_new_views_are_closed_to_viewers_by_default(app: Flask):
    """A view without @viewer_allowed needs the editor role (closed unless decided otherwise)."""
    with app.test_request_context():
        assert access.required_role("staff.exports_home") == "editor"
        assert access.required_role("staff.counts_dashboard") == "viewer"
        assert access.required_role("staff.login") is None
        assert access.required_role("staff.audit_log") == "admin"
