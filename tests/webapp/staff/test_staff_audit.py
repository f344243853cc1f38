"""The audit log: what is recorded, and the admins' page that reads it."""

from __future__ import annotations

from sqlalchemy import select
from staff_helpers import ADMIN_EMAIL, EDITOR_EMAIL, PASSWORD, sign_in
from webapp_helpers import page

from webapp.accounts import audit
from webapp.accounts.models import AuditEvent
from webapp.extensions import db


def events(app, action: str | None = None) -> list[AuditEvent]:
    """Every audit row (optionally of one action), oldest first, detached from the session."""
    with app.app_context():
        query = select(AuditEvent).order_by(AuditEvent.id)
        if action:
            query = query.where(AuditEvent.action == action)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def test_a_sign_in_is_recorded_with_who_and_where(app, client, make_user):
    """A successful sign-in adds a row naming the account and the client's address."""
    user_id = make_user(EDITOR_EMAIL)
    sign_in(client, EDITOR_EMAIL)
    (row,) = events(app, audit.Action.SIGN_IN)
    assert (row.actor_email, row.subject_id, row.target) == (EDITOR_EMAIL, user_id, EDITOR_EMAIL)
    assert row.address == "127.0.0.1"


def test_failed_sign_ins_are_recorded_without_keeping_typed_strangers(app, client, make_user):
    """A wrong password names the account; an unknown email is recorded without what was typed."""
    user_id = make_user(EDITOR_EMAIL)
    sign_in(client, EDITOR_EMAIL, "not the password")
    sign_in(client, "stranger@example.net", PASSWORD)
    known, unknown = events(app, audit.Action.SIGN_IN_FAILED)
    assert (known.subject_id, known.target, known.actor_id) == (user_id, EDITOR_EMAIL, None)
    assert unknown.subject_id is None
    assert unknown.target == "(no such account)"
    assert "stranger" not in unknown.detail + unknown.target


def test_sign_out_is_recorded(app, editor):
    """Signing out adds a row for the account that signed out."""
    token = page(editor.get("/staff/")).select_one("form.staff-signout input[name=csrf_token]")
    editor.post("/staff/logout", data={"csrf_token": token["value"]})
    (row,) = events(app, audit.Action.SIGN_OUT)
    assert row.actor_email == EDITOR_EMAIL


def test_downloading_the_supporters_list_is_recorded(app, editor):
    """Each download of the supporters CSV (personal data) is in the log, with who took it."""
    editor.get("/staff/exports/supporters.csv").close()
    (row,) = events(app, audit.Action.DOWNLOAD_PERSONAL_DATA)
    assert (row.actor_email, row.target) == (EDITOR_EMAIL, "supporters.csv")


def test_record_cuts_overlong_values_instead_of_failing(app):
    """A target or detail longer than its column is shortened, so recording never fails on size."""
    with app.test_request_context():
        row = audit.record("custom_action", target="t" * 1000, detail="d" * 5000)
        assert len(row.target) == audit.TARGET_MAX_CHARS
        assert len(row.detail) == audit.DETAIL_MAX_CHARS
        assert row.target.endswith("…")
        assert row.actor_id is None


def test_admins_read_the_log_newest_first_with_markup_shown_literally(app, admin):
    """The audit page lists events newest first in plain words; recorded text is escaped."""
    with app.test_request_context():
        audit.record(audit.Action.PUBLISH, target="<script>alert(1)</script>", detail="v7")
    html = page(admin.get("/staff/audit"))
    rows = html.select("table.audit-table tbody tr")
    assert rows[0]["class"] == ["audit-publish"]
    assert "Published: <script>alert(1)</script>" in " ".join(rows[0].get_text().split())
    assert html.select_one("table.audit-table script") is None
    assert rows[-1]["class"] == ["audit-sign_in"]
    assert ADMIN_EMAIL in rows[-1].get_text()


def test_the_log_filters_by_action_and_pages_back(app, admin):
    """`?action=` keeps one kind of event; "Older events" leads to the next page."""
    app.config["AUDIT_PAGE_SIZE"] = 2
    with app.test_request_context():
        for n in range(3):
            audit.record(audit.Action.PUBLISH, target=f"v{n}")
    first = page(admin.get("/staff/audit?action=publish"))
    targets = [r.select("td")[2].get_text().split(": ")[1] for r in first.select("tbody tr")]
    assert targets == ["v2", "v1"]
    older = first.find("a", string="Older events")["href"]
    second = page(admin.get(older))
    assert [r["class"] for r in second.select("tbody tr")] == [["audit-publish"]]


def test_a_huge_or_odd_page_id_is_ignored(admin):
    """An out-of-range or non-numeric `before` or `action` shows the first page, never a 500."""
    for query in ("before=99999999999999999999", "before=-1", "action=%00", "before=abc"):
        assert admin.get(f"/staff/audit?{query}").status_code == 200


def test_the_cli_can_make_the_first_admin(app):
    """`flask staff create --role admin` makes an admin account."""
    result = app.test_cli_runner().invoke(
        args=["staff", "create", "boss@example.org", "--role", "admin"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    listed = app.test_cli_runner().invoke(args=["staff", "list"]).output
    assert "boss@example.org\tadmin\tactive" in listed
