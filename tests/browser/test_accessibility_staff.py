"""Every staff page passes axe-core (WCAG 2.1 A/AA and best practice), with screenshots."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe import assert_no_violations, require_axe
from browser_helpers import assert_fits_width, screenshot
from journeys import EXACT_POSTCODE, seat_for_postcode
from playwright.sync_api import Page, expect
from staff_session import content_url, editor_body, insert_before_closing, save_edit

from webapp.exports import tasks as exports_job
from webapp.exports.letters_source import ExportFilters
from webapp.exports.models import ExportKind
from webapp.extensions import db
from webapp.jobs.models import BackgroundJob

pytestmark = pytest.mark.browser

BROKEN_LINE = "{{ findings.no_such_finding.statement }} and {% if %}"


def _goto(path: str) -> Callable[[Page], None]:
    def visit(page: Page) -> None:
        response = page.goto(path)
        assert response is not None
        assert response.ok, f"{path} answered {response.status}"

    return visit


def _login_error(page: Page) -> None:
    page.goto("/staff/login")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()


def _editor_with_problems(page: Page) -> None:
    # No note: the form is refused, so nothing is saved, but the checks still run on the text.
    page.goto(content_url("edit"))
    broken = insert_before_closing(editor_body(page), BROKEN_LINE)
    save_edit(page, broken, "")
    expect(page.locator(".problems")).to_contain_text("error")
    expect(page.get_by_role("alert")).to_be_visible()


def _diff(page: Page) -> None:
    # Make sure there are two different versions to compare.
    page.goto(content_url("edit"))
    save_edit(page, insert_before_closing(editor_body(page), "A sentence to compare."), "For diff")
    expect(page.get_by_role("status").first).to_contain_text("Saved as version")
    page.goto(content_url("diff"))
    expect(page.locator("table.diff ins").first).to_be_visible()


def _conflict(page: Page) -> None:
    page.goto(content_url("edit"))
    body = editor_body(page)
    stale = page.locator("input[name=based_on]").input_value()
    save_edit(page, insert_before_closing(body, "Saved first."), "First")
    page.goto(content_url("edit"))
    # Pretend this editor had opened the page before that save.
    page.locator("input[name=based_on]").evaluate("(el, v) => { el.value = v }", stale)
    save_edit(page, insert_before_closing(body, "Saved second."), "Second")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Someone else saved")


def _export_status(page: Page) -> None:
    page.goto("/staff/exports")
    page.get_by_role("button", name="Make the download").click()
    # The page refreshes itself until the background job is done.
    expect(page.get_by_role("status")).to_contain_text("Ready", timeout=20_000)


def _share_link_made(page: Page) -> None:
    """The share links page with one link: its address, copy box and QR code."""
    page.goto("/staff/share-links")
    page.get_by_label("Label", exact=False).first.fill("Oxfam newsletter May")
    page.get_by_role("button", name="Make the link").click()
    expect(page.locator("figure svg").first).to_be_visible()


def _partner_added(page: Page) -> None:
    """The partner sites page with one partner and its two snippets."""
    page.goto("/staff/partners")
    page.get_by_label("The partner site's address").fill("https://partner.example")
    page.get_by_label("Partner's name").fill("Partner charity")
    page.get_by_role("button", name="Add the partner site").click()
    expect(page.locator("textarea").first).to_be_visible()


def _signed_in(page: Page, editor_state: dict) -> Page:
    page.context.add_cookies(editor_state["cookies"])
    return page


def _findings_with_problems(page: Page) -> None:
    """The findings form after a save refused: a statement that disagrees with its figure."""
    page.goto("/staff/content/findings/form")
    statement = page.locator("#finding-2-statement")
    statement.fill(statement.input_value().replace("More than 100", "More than 120"))
    page.get_by_label("What changed (a short note for the history)").fill("A typo")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#finding-2-statement-error")).to_be_visible()


SEAT_CODE = seat_for_postcode(EXACT_POSTCODE).constituency.code

STAFF_PAGES: dict[str, Callable[[Page], None]] = {
    "home": _goto("/staff/"),
    "counts": _goto("/staff/counts"),
    "effect": _goto("/staff/effect"),
    "effect-stance-map": _goto("/staff/effect?map=stance"),
    "content-list": _goto("/staff/content"),
    "editor": _goto(content_url("edit")),
    "editor-problems": _editor_with_problems,
    "findings-editor": _goto("/staff/content/findings/form"),
    "findings-editor-problems": _findings_with_problems,
    "version": _goto(content_url("versions/1")),
    "history": _goto(content_url("history")),
    "diff": _diff,
    "conflict": _conflict,
    "preview": _goto(content_url(f"versions/1/preview?place={EXACT_POSTCODE}")),
    "directory": _goto("/staff/directory?q=london"),
    "directory-seat": _goto(f"/staff/directory/seats/{SEAT_CODE}"),
    "directory-import": _goto("/staff/directory/import"),
    "exports": _goto("/staff/exports"),
    "events": _goto("/staff/events"),
    "campaigns": _goto("/staff/campaigns"),
    "campaign-open-or-close": _goto("/staff/campaign"),
    "export-status": _export_status,
    "share-links": _share_link_made,
    "partner-sites": _partner_added,
    "editor-welsh-beside": _goto("/staff/content/template:default.cy/edit"),
    "page-text-welsh": _goto("/staff/content/page.cy/edit"),
    "findings-welsh": _goto("/staff/content/findings.cy/edit"),
    "findings-welsh-form": _goto("/staff/content/findings.cy/form"),
}


@pytest.mark.parametrize("name", ["login", "login-error"])
def test_sign_in_page_is_accessible(axe_page: Page, staff_accounts, name: str) -> None:
    """The sign-in page, blank and with its error, has no axe-core violations."""
    require_axe()
    page = axe_page
    (_goto("/staff/login") if name == "login" else _login_error)(page)
    screenshot(page, f"staff-{name}")
    assert_no_violations(page, f"the staff {name} page")


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_page_is_accessible(axe_page: Page, editor_state: dict, name: str) -> None:
    """No axe-core violations, no sideways scrolling at 1280 px; screenshots kept for review."""
    require_axe()
    page = _signed_in(axe_page, editor_state)
    STAFF_PAGES[name](page)
    screenshot(page, f"staff-{name}")
    assert_no_violations(page, f"the staff {name} page ({page.url})")
    # Staff work at desk screens; their long texts and tables must still fit one.
    assert_fits_width(page, 1280, f"the staff {name} page")


ADMIN_PAGES: dict[str, Callable[[Page], None]] = {
    "audit-log": _goto("/staff/audit"),
    "accounts": _goto("/staff/accounts"),
    "my-account-admin": _goto("/staff/account"),
    "webhooks": _goto("/staff/webhooks"),
}


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_page_is_accessible(axe_page: Page, admin_state: dict, name: str) -> None:
    """The admins' pages have no axe-core violations and fit 1280 px."""
    require_axe()
    page = _signed_in(axe_page, admin_state)
    ADMIN_PAGES[name](page)
    screenshot(page, f"staff-{name}")
    assert_no_violations(page, f"the staff {name} page ({page.url})")
    assert_fits_width(page, 1280, f"the staff {name} page")


def test_export_in_progress_page_is_accessible(
    axe_page: Page, editor_state: dict, live_app
) -> None:
    """The 'making the file' page (seen while a download is built) has no axe-core violations."""
    require_axe()
    with live_app.app_context():
        export = exports_job.create_job(
            ExportKind.MERGED_PDF, ExportFilters(None, None, None), requested_by_id=None
        )
        # Its job is queued and never started, so the page stays in its in-progress state.
        job = BackgroundJob(func="webapp.exports.tasks:build_export", args=f"[{export.id}]")
        db.session.add(job)
        db.session.commit()
        export.job_id = job.id
        db.session.commit()
        export_id = export.id
    page = _signed_in(axe_page, editor_state)
    page.goto(f"/staff/exports/{export_id}")
    expect(page.get_by_text("Making the file")).to_be_visible()
    screenshot(page, "staff-export-in-progress")
    assert_no_violations(page, "the staff export-in-progress page")
