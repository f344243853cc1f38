"""The shipped static fonts, and which characters the PDF can and cannot draw."""

from __future__ import annotations

import pytest
from fontTools.ttLib import TTFont
from reportlab.pdfbase.pdfmetrics import stringWidth

from letters.fonts import build_fonts
from letters.render.pdf_fonts import (
    FONTS_DIR,
    is_winansi,
    unicode_scheme,
    unprintable,
    winansi_scheme,
)

FAMILIES = [("NotoSans", "Noto Sans"), ("NotoSansArabic", "Noto Sans Arabic")]


def _font(stem: str, style: str) -> TTFont:
    return TTFont(FONTS_DIR / f"{stem}-{style}.ttf")


@pytest.mark.parametrize(("stem", "family"), FAMILIES)
def test_static_instances_are_really_regular_and_bold(stem, family):
    """Each weight is a static font named and flagged as its weight, so Bold is never Regular."""
    for style, weight, mac_style in (("Regular", 400, 0), ("Bold", 700, 1)):
        font = _font(stem, style)
        names = font["name"]
        assert "fvar" not in font
        assert "gvar" not in font
        assert font["OS/2"].usWeightClass == weight
        assert font["head"].macStyle & 1 == mac_style
        assert bool(font["OS/2"].fsSelection & 0b100000) == (style == "Bold")
        assert names.getDebugName(1) == family
        assert names.getDebugName(2) == style
        assert names.getDebugName(4) == f"{family} {style}"
        assert names.getDebugName(6) == f"{stem}-{style}"


@pytest.mark.parametrize(("stem", "family"), FAMILIES)
def test_bold_glyphs_differ_from_regular(stem, family):
    """Bold has its own, wider outlines: the instancer really moved the weight axis."""
    regular, bold = _font(stem, "Regular"), _font(stem, "Bold")
    glyph = regular.getBestCmap()[ord("a" if stem == "NotoSans" else "\u0645")]
    assert bold["hmtx"][glyph][0] > regular["hmtx"][glyph][0]
    regular_glyph, bold_glyph = regular["glyf"][glyph], bold["glyf"][glyph]
    assert list(regular_glyph.coordinates) != list(bold_glyph.coordinates)


def test_fonts_carry_their_licences():
    """The OFL and DejaVu licence texts ship beside the fonts."""
    for name in ("OFL-NotoSans.txt", "OFL-NotoSansArabic.txt"):
        assert "SIL Open Font License" in (FONTS_DIR / name).read_text()
    assert "Bitstream" in (FONTS_DIR / "LICENSE-DejaVu.txt").read_text()


def test_build_script_regenerates_the_shipped_font(tmp_path):
    """build_fonts.py makes byte-identical files, so the shipped fonts match the script."""
    source = build_fonts._package_font("fontpkg_noto_sans_arabic", "NotoSansArabic[wdth,wght].ttf")
    target = tmp_path / "NotoSansArabic-Bold.ttf"
    build_fonts.build_static(source, "Noto Sans Arabic", build_fonts.BOLD, target)
    assert target.read_bytes() == (FONTS_DIR / "NotoSansArabic-Bold.ttf").read_bytes()


def test_hebrew_font_has_the_hebrew_alphabet():
    """The Hebrew fallback covers every Hebrew letter from alef to tav."""
    cmap = _font("DejaVuSansHebrew", "Regular").getBestCmap()
    assert all(code in cmap for code in range(0x05D0, 0x05EB))


@pytest.mark.parametrize(
    "text",
    [
        "Zażółć Gęślą",
        "İğdır Şükrü",
        "Ελευθερία",
        "Юлия",
        "Nguyễn Thị Minh Khai",
        "’“”–—€",
        "محمد عبد الله",
        "مُحَمَّد",
        "שרה כהן",
    ],
)
def test_names_in_supported_scripts_are_printable(text):
    """Latin, Greek, Cyrillic, Vietnamese, Arabic (with vowel marks) and Hebrew all print."""
    assert unprintable(text) == ""


@pytest.mark.parametrize(
    ("text", "missing"),
    [("Anna 😀", "😀"), ("王小明 王", "王小明"), ("नमस्ते", "नमस्ते"), ("a\x00b", "\x00")],
)
def test_characters_without_a_font_are_named(text, missing):
    """Emoji, CJK, unshaped Devanagari and control characters are named, each once."""
    assert unprintable(text) == missing


def test_helvetica_is_chosen_only_for_windows_1252_text():
    """Curly quotes and the euro sign stay in Helvetica; a Polish letter does not."""
    assert is_winansi("Seán O’Brien “quoted” – €5")
    assert not is_winansi("Zażółć")


def test_word_widths_match_reportlab_metrics():
    """The cached widths used for line breaking are ReportLab's own font metrics."""
    text = "Rt Hon Jane Smith MP, House of Commons"
    assert winansi_scheme().regular.width(text) * 11 / 1000 == pytest.approx(
        stringWidth(text, "Helvetica", 11)
    )
    bold = unicode_scheme().bold
    assert bold.width("Zażółć") > unicode_scheme().regular.width("Zażółć")


def test_right_to_left_letters_use_their_own_font():
    """Arabic and Hebrew letters go to their fonts; the spaces between stay in the run."""
    runs = unicode_scheme().regular.runs("Anna شلام לב")
    assert [face.base_font for face, _ in runs] == [
        "NotoSans-Regular",
        "NotoSansArabic-Regular",
        "DejaVuSansHebrew-Regular",
    ]
    assert "".join(text for _, text in runs) == "Anna شلام לב"
