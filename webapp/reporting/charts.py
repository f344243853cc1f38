"""Small server-rendered SVG bar charts (no JavaScript, nothing inline that the CSP would block).

Built with ElementTree, which escapes every label; pages show the same numbers in a table below
the chart, so the chart is a picture of the table rather than the only way to read it.

The SVGs have no viewBox: heights are in pixels and horizontal positions in percentages, so a
chart fills whatever width it is given while its text stays at its real font size (a scaled
viewBox shrank the labels to about 6 px in a narrow column).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from markupsafe import Markup

FONT_SIZE = 14
TOP = 30  # room above the bars for the y-axis maximum
BAR_AREA_HEIGHT = 180
LABEL_HEIGHT = 30
MAX_BAR_WIDTH = 8.0  # per cent: a chart of two days should not be two slabs
MAX_LABELS = 5  # x-axis dates that fit side by side on a 320 px phone
ROW_HEIGHT = 52  # horizontal charts: label line, then the bar
ROW_BAR_HEIGHT = 20
# Colours against white: bar 8.1:1, text 17:1, axis and grid lines 7.1:1 (all over 3:1).
BAR_COLOUR = "#1d4f91"
TEXT_COLOUR = "#1b1b1b"
AXIS_COLOUR = "#505a5f"


def _svg(height: int, *, title: str, description: str, chart_id: str) -> ET.Element:
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "width": "100%",
            "height": str(height),
            "role": "img",
            "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
            "class": "chart",
        },
    )
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = description
    return svg


def _markup(svg: ET.Element) -> Markup:
    return Markup(ET.tostring(svg, encoding="unicode"))  # noqa: S704 - ElementTree escapes


def bar_chart(
    data: Sequence[tuple[str, int]], *, title: str, description: str, chart_id: str
) -> Markup:
    """An accessible column chart (role="img", <title> and <desc>) with a labelled y maximum."""
    height = TOP + BAR_AREA_HEIGHT + LABEL_HEIGHT
    svg = _svg(height, title=title, description=description, chart_id=chart_id)
    base = TOP + BAR_AREA_HEIGHT
    _line(svg, base, AXIS_COLOUR)
    if data:
        _columns(svg, data)
    else:
        _text(svg, "50%", TOP + BAR_AREA_HEIGHT / 2, "No letters yet", anchor="middle")
    return _markup(svg)


def _columns(svg: ET.Element, data: Sequence[tuple[str, int]]) -> None:
    peak = max(value for _, value in data) or 1
    _line(svg, TOP, AXIS_COLOUR, dashed=True)
    _text(svg, "0%", TOP - 8, f"{peak} letters", anchor="start")
    slot = 100 / len(data)
    bar_width = min(slot * 0.8, MAX_BAR_WIDTH)
    labelled = _label_indexes(len(data))
    for index, (label, value) in enumerate(data):
        bar_height = BAR_AREA_HEIGHT * value / peak
        x = index * slot + (slot - bar_width) / 2
        _rect(svg, f"{x:.2f}%", TOP + BAR_AREA_HEIGHT - bar_height, f"{bar_width:.2f}%", bar_height)
        svg[-1].append(_title(f"{label}: {value}"))
        if index in labelled:
            _x_label(svg, label, index, len(data), slot)


def _label_indexes(count: int) -> set[int]:
    """Which bars get an x label: all when few, else the first, the last and evenly between."""
    if count <= MAX_LABELS:
        return set(range(count))
    return {round(k * (count - 1) / (MAX_LABELS - 1)) for k in range(MAX_LABELS)}


def _x_label(svg: ET.Element, label: str, index: int, count: int, slot: float) -> None:
    y = TOP + BAR_AREA_HEIGHT + FONT_SIZE + 6
    if count > MAX_LABELS and index == 0:  # narrow slots: keep the end labels inside the chart
        _text(svg, "0%", y, label, anchor="start")
    elif count > MAX_LABELS and index == count - 1:
        _text(svg, "100%", y, label, anchor="end")
    else:
        _text(svg, f"{(index + 0.5) * slot:.2f}%", y, label, anchor="middle")


def row_chart(
    data: Sequence[tuple[str, int]], *, title: str, description: str, chart_id: str
) -> Markup:
    """An accessible horizontal bar chart: each bar under its label and value, for long names."""
    height = max(len(data), 1) * ROW_HEIGHT
    svg = _svg(height, title=title, description=description, chart_id=chart_id)
    if not data:
        _text(svg, "0%", FONT_SIZE + 4, "No letters yet", anchor="start")
        return _markup(svg)
    peak = max(value for _, value in data) or 1
    for index, (label, value) in enumerate(data):
        top = index * ROW_HEIGHT
        _text(svg, "0%", top + FONT_SIZE + 2, f"{label}: {value}", anchor="start")
        _rect(svg, "0%", top + FONT_SIZE + 8, f"{100 * value / peak:.2f}%", ROW_BAR_HEIGHT)
        svg[-1].append(_title(f"{label}: {value}"))
    return _markup(svg)


def _title(text: str) -> ET.Element:
    element = ET.Element("title")
    element.text = text
    return element


def _rect(svg: ET.Element, x: str, y: float, width: str, height: float) -> None:
    attributes = {"x": x, "y": f"{y:.1f}", "width": width, "height": f"{height:.1f}"}
    ET.SubElement(svg, "rect", {**attributes, "fill": BAR_COLOUR})


def _line(svg: ET.Element, y: float, colour: str, *, dashed: bool = False) -> None:
    attributes = {"x1": "0%", "y1": f"{y:.1f}", "x2": "100%", "y2": f"{y:.1f}", "stroke": colour}
    if dashed:
        attributes["stroke-dasharray"] = "4 4"
    ET.SubElement(svg, "line", attributes)


def _text(svg: ET.Element, x: str, y: float, text: str, *, anchor: str) -> None:
    ET.SubElement(
        svg,
        "text",
        {
            "x": x,
            "y": f"{y:.1f}",
            "font-size": str(FONT_SIZE),
            "text-anchor": anchor,
            "fill": TEXT_COLOUR,
        },
    ).text = text
