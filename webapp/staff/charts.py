"""Small server-rendered SVG bar charts (no JavaScript, nothing inline that the CSP would block).

Built with ElementTree, which escapes every label; pages show the same numbers in a table beside
the chart, so the chart is a picture of the table rather than the only way to read it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from markupsafe import Markup

WIDTH = 720
BAR_AREA_HEIGHT = 200
LABEL_HEIGHT = 40
TOP = 20
LEFT = 40
BAR_COLOUR = "#1d4f91"
AXIS_COLOUR = "#505a5f"
MAX_LABELS = 12  # label every n-th bar so labels never overlap


def bar_chart(
    data: Sequence[tuple[str, int]], *, title: str, description: str, chart_id: str
) -> Markup:
    """An accessible SVG bar chart: role="img", a <title> and <desc> named by aria-labelledby."""
    height = TOP + BAR_AREA_HEIGHT + LABEL_HEIGHT
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": "100%",
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "class": "chart",
        },
    )
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = description
    _axis(svg, height)
    if data:
        _bars(svg, data)
    else:
        _text(svg, WIDTH / 2, TOP + BAR_AREA_HEIGHT / 2, "No letters yet", anchor="middle")
    return Markup(ET.tostring(svg, encoding="unicode"))  # noqa: S704 - ElementTree escapes


def _axis(svg: ET.Element, height: int) -> None:
    base = TOP + BAR_AREA_HEIGHT
    ET.SubElement(
        svg,
        "line",
        {
            "x1": str(LEFT),
            "y1": str(base),
            "x2": str(WIDTH),
            "y2": str(base),
            "stroke": AXIS_COLOUR,
        },
    )


def _bars(svg: ET.Element, data: Sequence[tuple[str, int]]) -> None:
    peak = max(value for _, value in data) or 1
    slot = (WIDTH - LEFT) / len(data)
    bar_width = max(slot * 0.8, 1)
    every = max(1, -(-len(data) // MAX_LABELS))
    _text(svg, LEFT - 6, TOP + 4, str(peak), anchor="end")
    _text(svg, LEFT - 6, TOP + BAR_AREA_HEIGHT, "0", anchor="end")
    for index, (label, value) in enumerate(data):
        bar_height = BAR_AREA_HEIGHT * value / peak
        x = LEFT + index * slot + (slot - bar_width) / 2
        rect = ET.SubElement(
            svg,
            "rect",
            {
                "x": f"{x:.1f}",
                "y": f"{TOP + BAR_AREA_HEIGHT - bar_height:.1f}",
                "width": f"{bar_width:.1f}",
                "height": f"{bar_height:.1f}",
                "fill": BAR_COLOUR,
            },
        )
        ET.SubElement(rect, "title").text = f"{label}: {value}"
        if index % every == 0:
            _text(svg, x + bar_width / 2, TOP + BAR_AREA_HEIGHT + 16, label, anchor="middle")


def _text(svg: ET.Element, x: float, y: float, text: str, *, anchor: str) -> None:
    ET.SubElement(
        svg,
        "text",
        {
            "x": f"{x:.1f}",
            "y": f"{y:.1f}",
            "font-size": "12",
            "text-anchor": anchor,
            "fill": AXIS_COLOUR,
        },
    ).text = text
