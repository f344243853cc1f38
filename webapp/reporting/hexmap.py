"""A map of all 650 constituencies as equal hexagons, drawn on the server as SVG.

The layout is Open Innovations' HexJSON cartogram (MIT; see staff/data/README.md): one hexagon per
seat, so a small city seat counts as much as a Highland one. The map is a picture of the table the
page shows beside it: it is one `role="img"` with a title and a description, and every hexagon
also carries a <title> with the seat's name and value for anyone pointing at it.

Built with ElementTree, which escapes every name. Colours come from a `Colouring`: a value per
constituency code, a colour and legend label per value.
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markupsafe import Markup

HEXJSON_PATH = Path(__file__).parent / "data" / "constituency_hexmap.hexjson"
HEX_SIZE = 7.0  # centre to corner, in SVG units; the map scales to its box
TEXT_COLOUR = "#1b1b1b"
EDGE_COLOUR = "#ffffff"


@dataclass(frozen=True, slots=True)
class Hex:
    code: str
    name: str
    q: int
    r: int


@cache
def load_hexes(path: Path = HEXJSON_PATH) -> tuple[Hex, ...]:
    """Every constituency's hexagon, from the HexJSON file (read once per process)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("layout") != "odd-r":
        raise ValueError(f"{path.name}: expected an odd-r layout, found {data.get('layout')!r}")
    return tuple(
        Hex(code, str(h["n"]), int(h["q"]), int(h["r"])) for code, h in data["hexes"].items()
    )


@dataclass(frozen=True, slots=True)
class Colouring:
    """What each seat shows: `value_of(code)` is a legend key; `legend` gives its colour and text.

    The legend is in the order it is drawn; keys not in it are drawn in the first key's colour.
    """

    value_of: Callable[[str], str]
    legend: Mapping[str, tuple[str, str]]  # key -> (colour, label)
    describe: Callable[[str], str]  # code -> "Leeds Central: 3 letters", for the hexagon's title


def _centre(h: Hex, top_row: int) -> tuple[float, float]:
    """Pointy-topped hexagons, odd rows pushed half a hexagon right; HexJSON rows count upwards."""
    width = math.sqrt(3) * HEX_SIZE
    x = h.q * width + (width / 2 if h.r & 1 else 0.0)
    y = (top_row - h.r) * 1.5 * HEX_SIZE
    return x, y


def _points(x: float, y: float) -> str:
    corners = (
        (
            x + HEX_SIZE * math.cos(math.radians(60 * i - 30)),
            y + HEX_SIZE * math.sin(math.radians(60 * i - 30)),
        )
        for i in range(6)
    )
    return " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)


def hex_map(colouring: Colouring, *, title: str, description: str, map_id: str) -> Markup:
    """The SVG map, with its legend below it, as markup ready for a template."""
    hexes = load_hexes()
    top_row = max(h.r for h in hexes)
    centres = {h.code: _centre(h, top_row) for h in hexes}
    xs = [x for x, _ in centres.values()]
    ys = [y for _, y in centres.values()]
    pad = HEX_SIZE * 1.5
    left, top = min(xs) - pad, min(ys) - pad
    width, height = max(xs) - left + pad, max(ys) - top + pad
    legend_height = 22.0 * len(colouring.legend) + 10
    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"{left:.1f} {top:.1f} {width:.1f} {height + legend_height:.1f}",
            "role": "img",
            "aria-labelledby": f"{map_id}-title {map_id}-desc",
            "class": "hex-map",
            "id": map_id,
        },
    )
    ET.SubElement(svg, "title", {"id": f"{map_id}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{map_id}-desc"}).text = description
    first = next(iter(colouring.legend.values()))[0]
    group = ET.SubElement(svg, "g", {"stroke": EDGE_COLOUR, "stroke-width": "0.8"})
    for h in hexes:
        key = colouring.value_of(h.code)
        colour = colouring.legend.get(key, (first, ""))[0]
        polygon = ET.SubElement(
            group,
            "polygon",
            {"points": _points(*centres[h.code]), "fill": colour, "data-code": h.code,
             "data-value": key},
        )  # fmt: skip
        ET.SubElement(polygon, "title").text = colouring.describe(h.code)
    _legend(svg, colouring, left + pad, top + height + 6)
    return Markup(ET.tostring(svg, encoding="unicode"))  # noqa: S704 - ElementTree escaped it


def _legend(svg: ET.Element, colouring: Colouring, x: float, y: float) -> None:
    for i, (colour, label) in enumerate(colouring.legend.values()):
        row = y + 22.0 * i
        ET.SubElement(
            svg, "rect",
            {"x": f"{x:.1f}", "y": f"{row:.1f}", "width": "16", "height": "16", "fill": colour,
             "stroke": TEXT_COLOUR, "stroke-width": "0.8"},
        )  # fmt: skip
        text = ET.SubElement(
            svg, "text",
            {"x": f"{x + 22:.1f}", "y": f"{row + 13:.1f}", "font-size": "14", "fill": TEXT_COLOUR},
        )  # fmt: skip
        text.text = str(label)  # a lazy translation becomes text here
