"""Regenerate the static font files shipped in this folder.

ReportLab draws only the default instance of a variable font, so the Regular and Bold weights of
Noto Sans and Noto Sans Arabic (variable fonts from the installed ``fontpkg-*`` packages, SIL OFL
1.1) are cut here into static fonts with fontTools' instancer, renamed so that each weight is a
font of its own. Hebrew, which Noto Sans lacks, comes from DejaVu Sans (Debian's fonts-dejavu-core;
Bitstream Vera licence with public-domain changes), cut down to the Hebrew blocks.

Run: ``.venv/bin/python -m letters.fonts.build_fonts``. The output is deterministic.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

HERE = Path(__file__).resolve().parent
BOLD, REGULAR = 700, 400
# Tables ReportLab never reads; dropping them keeps the shipped files small.
UNUSED_TABLES = ("GSUB", "GPOS", "GDEF", "STAT", "gasp", "DSIG")
DEJAVU_DIR = Path("/usr/share/fonts/truetype/dejavu")
HEBREW_UNICODES = [*range(0x0590, 0x0600), *range(0xFB1D, 0xFB50), 0x20, 0xA0]


def _package_font(package: str, filename: str) -> Path:
    module = __import__(package)
    return Path(module.ROOT) / "files" / filename


def _rename(font: TTFont, family: str, weight: int) -> None:
    """Give the instance its own names and style bits, or viewers take Bold for Regular."""
    style = "Bold" if weight == BOLD else "Regular"
    postscript = f"{family.replace(' ', '')}-{style}"
    names = font["name"]
    for name_id in (16, 17, 21, 22, 25):
        names.removeNames(nameID=name_id)
    for name_id, value in (
        (1, family),
        (2, style),
        (3, f"{postscript};build_fonts"),
        (4, f"{family} {style}"),
        (6, postscript),
    ):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
    os2 = font["OS/2"]
    os2.usWeightClass = weight
    # fsSelection: bit 0 italic, bit 5 bold, bit 6 regular.
    os2.fsSelection = (os2.fsSelection & ~0b1100001) | (0b100000 if weight == BOLD else 0b1000000)
    font["head"].macStyle = 1 if weight == BOLD else 0


def _save_atomic(font: TTFont, target: Path) -> None:
    font.recalcTimestamp = False  # keep head.modified at 0: the same input gives the same bytes
    font["head"].created = font["head"].modified = 0
    fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    os.close(fd)
    try:
        font.save(tmp, reorderTables=True)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def build_static(source: Path, family: str, weight: int, target: Path) -> None:
    """Cut one static weight (normal width) out of a variable font."""
    font = TTFont(source)
    static = instancer.instantiateVariableFont(font, {"wght": weight, "wdth": 100})
    for tag in UNUSED_TABLES:
        if tag in static:
            del static[tag]
    _rename(static, family, weight)
    _save_atomic(static, target)


def build_hebrew(source: Path, weight: int, target: Path) -> None:
    """Keep only the Hebrew blocks of DejaVu Sans, under a name of its own."""
    font = TTFont(source)
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=HEBREW_UNICODES)
    subsetter.subset(font)
    for tag in UNUSED_TABLES:
        if tag in font:
            del font[tag]
    _rename(font, "DejaVu Sans Hebrew", weight)
    _save_atomic(font, target)


def main() -> None:
    """Write every static font this package ships."""
    latin = _package_font("fontpkg_noto_sans", "NotoSans[wdth,wght].ttf")
    arabic = _package_font("fontpkg_noto_sans_arabic", "NotoSansArabic[wdth,wght].ttf")
    for weight, style in ((REGULAR, "Regular"), (BOLD, "Bold")):
        build_static(latin, "Noto Sans", weight, HERE / f"NotoSans-{style}.ttf")
        build_static(arabic, "Noto Sans Arabic", weight, HERE / f"NotoSansArabic-{style}.ttf")
    hebrew_sources = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
    for weight, filename in hebrew_sources.items():
        style = "Bold" if weight == BOLD else "Regular"
        if (DEJAVU_DIR / filename).exists():
            build_hebrew(DEJAVU_DIR / filename, weight, HERE / f"DejaVuSansHebrew-{style}.ttf")
        else:
            print(f"{DEJAVU_DIR / filename} not found: keeping the shipped Hebrew font")


if __name__ == "__main__":
    main()
