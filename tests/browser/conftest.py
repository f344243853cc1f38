"""Browser-test fixtures: Debian's Chromium, the real app on a live server, and page guards.

Playwright's own browser download is not used: the tests drive /usr/bin/chromium, and every test
here is skipped (not failed) on a machine without it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from browser_helpers import TIMEOUT_MS, VIEWPORT, ContextPool, PageGuard
from playwright.sync_api import Browser, BrowserContext, Page
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = (
    f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium` "
    "to run the browser tests"
)
BROWSER_TESTS_DIR = Path(__file__).parent
# Quiet, offline Chromium: nothing in the tests may depend on Google's services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip every browser test, with the reason, where Chromium is not installed."""
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=CHROMIUM_MISSING)
    for item in items:
        if BROWSER_TESTS_DIR in item.path.parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Launch Debian's Chromium rather than a Playwright download."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory):
    """The real app with its migrations applied to a fresh SQLite file."""
    # Imported here, not at the top: a broken app then fails the tests that use it, with its
    # own traceback, instead of stopping the whole directory from being collected.
    import live_server

    with pytest.MonkeyPatch.context() as patch:
        app = live_server.build_app(tmp_path_factory.mktemp("browser-app"), patch)
        yield app


@pytest.fixture(scope="session")
def base_url(live_app) -> Iterator[str]:
    """The live server's root URL; pytest-playwright gives it to every browser context."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture
def guard() -> Iterator[PageGuard]:
    """A guard shared by every page the test opens; checked when the test ends."""
    page_guard = PageGuard()
    yield page_guard
    page_guard.assert_clean()


@pytest.fixture
def open_page(new_context, guard: PageGuard) -> Callable[..., Page]:
    """Open a fresh page in its own context: `open_page(js=False)`, `open_page(bypass_csp=True)`."""

    def _open(*, js: bool = True, **context_args) -> Page:
        context: BrowserContext = new_context(java_script_enabled=js, **context_args)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        guard.watch(page)
        return page

    return _open


@pytest.fixture
def open_site_page(browser: Browser, site, guard: PageGuard) -> Iterator[Callable[..., Page]]:
    """Open a page in a context of its own on a test's own server: the test module's `site`
    fixture (an officer_site.Site). Each page is guarded like every page."""
    contexts = []

    def _open(**context_args) -> Page:
        context = browser.new_context(base_url=site.url, viewport=VIEWPORT, **context_args)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        guard.watch(page)
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def context_pool(browser, browser_context_args: dict) -> Iterator[ContextPool]:
    """Reusable contexts for tests that need an ordinary page (see ContextPool)."""
    pool = ContextPool(browser, browser_context_args)
    yield pool
    pool.close()


def _reused_page(pool: ContextPool, guard: PageGuard, **kind: bool) -> Iterator[Page]:
    page = pool.page(**kind)
    guard.watch(page)
    yield page
    guard.unwatch(page)
    if not page.is_closed():
        # Leaving the page stops its timers (a redirect, the export page's polling).
        page.goto("about:blank")


@pytest.fixture
def axe_page(context_pool: ContextPool, guard: PageGuard) -> Iterator[Page]:
    """A page axe-core can be injected into: the Content-Security-Policy is bypassed."""
    yield from _reused_page(context_pool, guard, bypass_csp=True)


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def javascript(request: pytest.FixtureRequest) -> bool:
    """JavaScript on, then off: every supporter path must work both ways."""
    return request.param


@pytest.fixture
def js_page(context_pool: ContextPool, guard: PageGuard, javascript: bool) -> Iterator[Page]:
    """A page with JavaScript on or off, as `javascript` says."""
    yield from _reused_page(context_pool, guard, js=javascript)


@pytest.fixture
def page(context_pool: ContextPool, guard: PageGuard) -> Iterator[Page]:
    """A page with JavaScript on, guarded against dialogs, server errors and script errors."""
    yield from _reused_page(context_pool, guard)


@pytest.fixture(scope="session")
def staff_accounts(live_app):
    """Two editors and an admin, created with `flask staff create` on the live app's database."""
    import staff_session

    return staff_session.create_accounts(live_app)


@pytest.fixture(scope="session")
def editor_state(browser, base_url: str, staff_accounts) -> dict:
    """A signed-in editor's cookies, so each staff page check need not sign in again."""
    import staff_session

    context = browser.new_context(base_url=base_url)
    try:
        staff_session.sign_in(context.new_page(), staff_accounts[0])
        return context.storage_state()
    finally:
        context.close()


@pytest.fixture(scope="session")
def admin_state(browser, base_url: str, staff_accounts) -> dict:
    """A signed-in admin's cookies, for the admin pages' checks."""
    import staff_session

    context = browser.new_context(base_url=base_url)
    try:
        staff_session.sign_in(context.new_page(), staff_session.ADMIN)
        return context.storage_state()
    finally:
        context.close()
