"""Run axe-core in a page and report its violations in words a developer can act on.

axe-core comes from npm (`make install` runs `npm install`); without it the checks are skipped.
The app's Content-Security-Policy (script-src 'self') would block the injected script, so pages
checked here must come from a browser context opened with `bypass_csp=True`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_MISSING = (
    f"axe-core not found at {AXE_JS}: run `npm install` (or `make install`) "
    "to run the accessibility checks"
)
# WCAG 2.0 and 2.1, levels A and AA, plus axe's best practices (landmarks, headings, …).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def require_axe() -> None:
    """Skip the calling test, with the reason, when axe-core is not installed."""
    if not AXE_JS.exists():
        pytest.skip(AXE_MISSING)


def violations(page: Page) -> list[dict]:
    """Inject axe-core into the page as it stands and return its violations."""
    require_axe()
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate("options => window.axe.run(document, options)", options)
    return result["violations"]


def describe(found: list[dict]) -> str:
    """One block per violation: rule id, impact, what to fix, and every offending node."""
    lines: list[str] = []
    for violation in found:
        lines.append(
            f"{violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" — {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"       {summary[:300]}")
    return "\n".join(lines)


def assert_no_violations(page: Page, label: str) -> None:
    """Fail, listing every violation, unless axe-core finds none on the page."""
    found = violations(page)
    assert not found, f"axe-core found {len(found)} violation(s) on {label}:\n{describe(found)}"
