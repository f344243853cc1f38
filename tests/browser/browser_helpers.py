"""Small helpers the browser tests share: keyboard-only moves, screenshots, PDF text."""

from __future__ import annotations

import io
from pathlib import Path

from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Error,
    Locator,
    Page,
    Response,
)
from pypdf import PdfReader

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-output" / "screenshots"
WIDTHS = (375, 1280)
TIMEOUT_MS = 10_000
VIEWPORT = {"width": 1280, "height": 720}
# More than any page here has focusable elements before its form; a loop that reaches this
# means the element cannot be reached by keyboard at all, which is the bug to report.
MAX_TABS = 80


def is_focused(locator: Locator) -> bool:
    """Whether the element (or something inside it) has the keyboard focus."""
    return locator.evaluate(
        "el => el === document.activeElement || el.contains(document.activeElement)"
    )


def tab_to(page: Page, locator: Locator, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the element has focus, as a keyboard user would."""
    key = "Shift+Tab" if backwards else "Tab"
    target = locator.first
    target.wait_for(state="visible")
    for _ in range(MAX_TABS):
        if is_focused(target):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{target} cannot be reached with {key} on {page.url}")


def type_into(page: Page, locator: Locator, text: str) -> None:
    """Tab to a text field and type into it, replacing what was there."""
    tab_to(page, locator)
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Backspace")
    if len(text) > 80:
        # Long text goes in as one input event: same result, seconds faster.
        page.keyboard.insert_text(text)
    elif text:
        page.keyboard.type(text)


def press_on(page: Page, locator: Locator, key: str = "Enter") -> None:
    """Tab to a link or button and activate it with Enter (or Space)."""
    tab_to(page, locator)
    page.keyboard.press(key)


def screenshot(page: Page, name: str) -> list[Path]:
    """Save full-page screenshots at phone and desktop widths, e.g. public-home-375.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    paths = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        path = SCREENSHOTS / f"{name}-{width}.png"
        page.screenshot(path=path, full_page=True)
        paths.append(path)
    if original:
        page.set_viewport_size(original)
    return paths


def assert_fits_width(page: Page, width: int, label: str) -> None:
    """Fail, naming the widest elements, if the page scrolls sideways at this viewport width."""
    page.set_viewport_size({"width": width, "height": 800})
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    if overflow <= 0:
        return
    wider = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
            .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))
            .slice(0, 6)"""
    )
    raise AssertionError(f"{label} is {overflow}px too wide at {width}px; too wide: {wider}")


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, pages joined, with runs of whitespace made single spaces."""
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split())


class PageGuard:
    """Records what must never happen on a page: a dialog, a server error, a script error.

    Script errors include the browser refusing something under the Content-Security-Policy
    (an inline script or style), which would otherwise fail silently for supporters.
    """

    def __init__(self) -> None:
        self.dialogs: list[str] = []
        self.server_errors: list[str] = []
        self.script_errors: list[str] = []

    def watch(self, page: Page) -> None:
        """Attach the listeners to one page."""
        page.on("dialog", self._on_dialog)
        page.on("response", self._on_response)
        page.on("pageerror", self._on_page_error)
        page.on("console", self._on_console)

    def unwatch(self, page: Page) -> None:
        """Detach the listeners, for a page that outlives the test."""
        page.remove_listener("dialog", self._on_dialog)
        page.remove_listener("response", self._on_response)
        page.remove_listener("pageerror", self._on_page_error)
        page.remove_listener("console", self._on_console)

    def _on_page_error(self, error: Error) -> None:
        self.script_errors.append(str(error))

    def _on_console(self, message: ConsoleMessage) -> None:
        # A 404 is its own test's business (the not-found page, a missing favicon).
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            where = message.page.url if message.page else "?"
            self.script_errors.append(f"{where}: {message.text}")

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _on_response(self, response: Response) -> None:
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def assert_clean(self) -> None:
        """Fail, listing them, if any dialog, server error or script error was seen."""
        assert not self.dialogs, f"a JavaScript dialog fired: {self.dialogs}"
        assert not self.server_errors, f"the server answered with an error: {self.server_errors}"
        assert not self.script_errors, f"the browser reported errors: {self.script_errors}"


class ContextPool:
    """One browser context per kind (JavaScript on/off, CSP bypassed), each with one page.

    A fresh context and page cost about a second each; reusing them, with cookies cleared and
    the page blank at the start of every test, keeps the suite fast without sharing state.
    """

    def __init__(self, browser: Browser, context_args: dict) -> None:
        self._browser = browser
        self._context_args = context_args
        self._contexts: dict[tuple[bool, bool], BrowserContext] = {}

    def page(self, *, js: bool = True, bypass_csp: bool = False) -> Page:
        """The kind's page, signed out, blank and at the default size."""
        key = (js, bypass_csp)
        if key not in self._contexts:
            context = self._browser.new_context(
                **self._context_args, java_script_enabled=js, bypass_csp=bypass_csp
            )
            context.set_default_timeout(TIMEOUT_MS)
            self._contexts[key] = context
        context = self._contexts[key]
        context.clear_cookies()
        open_pages = [p for p in context.pages if not p.is_closed()]
        page = open_pages[0] if open_pages else context.new_page()
        page.set_viewport_size(VIEWPORT)
        return page

    def close(self) -> None:
        """Close every context (and so its pages and downloads)."""
        for context in self._contexts.values():
            context.close()
