"""Line numbers on the staff pages stay whole: "12" and "123" never wrap onto two rows."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# For each cell: its number and how many rows of text it takes on screen.
ROWS_PER_CELL = """cells => cells.map(cell => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
    return [cell.textContent.trim(), tops.size];
})"""


@pytest.mark.parametrize("width", [1280, 375])
def test_version_line_numbers_take_one_row(page: Page, editor_state: dict, width: int) -> None:
    """On a version page, every line number, two and three digits too, is on a single row."""
    page.context.add_cookies(editor_state["cookies"])
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/staff/content/findings/versions/1")
    cells = page.locator("table.source-lines th").evaluate_all(ROWS_PER_CELL)
    assert len(cells) >= 100, "the findings should run to three-digit line numbers"
    wrapped = [number for number, rows in cells if rows != 1]
    assert wrapped == [], f"line numbers wrapped at {width}px: {wrapped[:10]}"
