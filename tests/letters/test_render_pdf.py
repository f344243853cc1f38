"""The PDF letter, read back with pypdf as a person (or a screen reader) would read it."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from io import BytesIO

import pytest
from pdf_helpers import pdf_pages, pdf_text
from pypdf import PdfReader

from letters.errors import UnrenderableText
from letters.model import (
    MP,
    Block,
    BlockKind,
    Constituency,
    Footnote,
    Letter,
    Nation,
    Ref,
    Text,
)
from letters.render.pdf import CoverPage, check_printable, count_pages, render_pdf, write_merged_pdf

CONSTITUENCY = Constituency("E14000001", "Aldershot", Nation.ENGLAND, "South East")
MP_RECORD = MP(
    member_id=1,
    name="Jane Smith",
    full_title="Rt Hon Jane Smith MP",
    salutation="Ms Smith",
    party="Independent",
    constituency_code=CONSTITUENCY.code,
    email="jane.smith.mp@parliament.uk",
    as_of=dt.date(2026, 11, 1),
)
OPENING = "I am writing to you as a constituent in Aldershot about forced returns to Baghdad."
EVIDENCE = "Civilians in Baghdad still face bomb attacks and killings by armed groups"
SOURCE = "Amnesty International, Iraq: Civilians under fire (report), April 2010."


def make_letter(name: str = "Anna Kowalska", **changes) -> Letter:
    """A short letter with a paragraph, a footnote reference and a bulleted list."""
    fields = {
        "sender_name": name,
        "sender_address": ("12 Acacia Avenue", "Farnborough", "GU14 6AA"),
        "sender_email": "anna@example.org",
        "date": dt.date(2026, 11, 28),
        "recipient": MP_RECORD.postal_address,
        "recipient_email": MP_RECORD.email,
        "salutation": "Dear Ms Smith,",
        "subject": "Stop forced returns to Baghdad",
        "blocks": (
            Block(BlockKind.PARAGRAPH, ((Text(OPENING),),)),
            Block(BlockKind.PARAGRAPH, ((Text(EVIDENCE), Ref(1), Text(". Please act.")),)),
            Block(
                BlockKind.BULLETS, ((Text("raise this with the Home Office"),), (Text("reply"),))
            ),
        ),
        "sign_off": "Yours sincerely,",
        "signature_name": name,
        "footnotes": (Footnote(1, "civilians", SOURCE),),
        "constituency": CONSTITUENCY,
        "mp": MP_RECORD,
    }
    fields.update(changes)
    return Letter(**fields)


def long_letter(paragraphs: int = 8, **changes) -> Letter:
    block = Block(BlockKind.PARAGRAPH, ((Text(f"{OPENING} {EVIDENCE}. " * 3),),))
    return make_letter(blocks=(block,) * paragraphs, **changes)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def runs_by_font(data: bytes, page: int = 0) -> list[tuple[str, str]]:
    """(text, BaseFont) for every text run drawn on a page."""
    runs: list[tuple[str, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((text.strip(), str(font.get("/BaseFont")) if font else ""))

    PdfReader(BytesIO(data)).pages[page].extract_text(visitor_text=visit)
    return runs


def test_latin_letter_shows_every_part():
    """Sender, date, MP's address, constituency, subject, body, bullets and sources are printed."""
    text = flat(pdf_text(render_pdf(make_letter())))
    for expected in (
        "Anna Kowalska",
        "12 Acacia Avenue",
        "Farnborough",
        "GU14 6AA",
        "anna@example.org",
        "28 November 2026",
        "Rt Hon Jane Smith MP",
        "House of Commons",
        "London",
        "SW1A 0AA",
        "Dear Ms Smith,",
        "Stop forced returns to Baghdad",
        OPENING,
        "Aldershot",
        f"{EVIDENCE}1. Please act.",
        "• raise this with the Home Office",
        "Yours sincerely,",
        f"1. {SOURCE}",
    ):
        assert expected in text


def test_sender_block_comes_before_recipient_and_date_after_address():
    """UK layout: sender's address top right, then the date, then the MP's address."""
    text = flat(pdf_text(render_pdf(make_letter())))
    order = [text.index(s) for s in ("Anna", "GU14 6AA", "28 November", "Rt Hon", "Dear Ms")]
    assert order == sorted(order)


@pytest.mark.parametrize("name", ["Anna Kowalska", "Zażółć Gęślą"])
def test_subject_is_bold_and_body_is_not(name):
    """The subject is set in a bold font, whichever font scheme the letter uses."""
    runs = runs_by_font(render_pdf(make_letter(name)))
    subject_fonts = {font for text, font in runs if "Stop forced returns" in text}
    body_fonts = {font for text, font in runs if "constituent in Aldershot" in text}
    assert subject_fonts
    assert all(font.endswith("-Bold") for font in subject_fonts)
    assert body_fonts
    assert not any("Bold" in font for font in body_fonts)


@pytest.mark.parametrize(
    "name",
    [
        "Zażółć Gęślą",
        "İğdır Şükrü",
        "Ελευθερία Παπαδοπούλου",
        "Юлия Иванова",
        "Nguyễn Thị Minh Khai",
        "Seán O’Brien “Jr”",
        "Zoë Ångström-Øre",
    ],
)
def test_names_in_any_european_script_read_back_exactly(name):
    """Every letter of the name is drawn with a real glyph, so it extracts exactly as typed."""
    data = render_pdf(make_letter(name, sender_address=(f"Flat 1, {name} House", "GU14 6AA")))
    text = pdf_text(data)
    assert f"{name}\nFlat 1, {name}" in text  # the address block (the line wraps)
    assert f"Flat 1, {name} House" in flat(text)
    assert f"Yours sincerely,\n{name}" in text  # the signature


@pytest.mark.parametrize(
    ("typed", "printed"), [("Nguye\u0302\u0303n Thi\u0323", "Nguyễn Thị"), ("Zoe\u0308", "Zoë")]
)
def test_decomposed_accents_are_printed_composed(typed, printed):
    """An accent typed as a combining mark prints as the accented letter, not a lost mark."""
    assert f"{printed}\n12 Acacia Avenue" in pdf_text(render_pdf(make_letter(typed)))


def test_unicode_letter_embeds_noto_sans_and_latin_letter_embeds_nothing():
    """Helvetica for Windows-1252 text; an embedded Noto Sans subset only when needed."""
    latin = {font for _, font in runs_by_font(render_pdf(make_letter("Seán O’Brien")))}
    polish = {font for _, font in runs_by_font(render_pdf(make_letter("Zażółć Gęślą")))}
    assert latin == {"/Helvetica", "/Helvetica-Bold"}
    assert {font.split("+")[-1] for font in polish} == {"NotoSans-Regular", "NotoSans-Bold"}


def test_arabic_name_is_shaped_and_reads_right_to_left():
    """Arabic is drawn in joined letter forms, in right-to-left order, in the Arabic font."""
    name = "محمد عبد الله"
    data = render_pdf(make_letter(name))
    arabic = [(text, font) for text, font in runs_by_font(data) if "Arabic" in font]
    assert len(arabic) == 2  # the address block and the signature
    for drawn, font in arabic:
        assert font.endswith("NotoSansArabic-Regular")
        # Shaped: only presentation forms are drawn, e.g. the initial form of meem.
        assert all(not "\u0621" <= ch <= "\u064a" for ch in drawn)
        assert "\ufee3" in drawn
        # pypdf puts right-to-left runs back into reading order: drawn in the wrong order,
        # this would read "هللا دبع دمحم".
        assert unicodedata.normalize("NFKC", drawn) == name


def test_hebrew_name_reads_right_to_left():
    """Hebrew is drawn with real glyphs in right-to-left order."""
    name = "שרה כהן"
    runs = runs_by_font(render_pdf(make_letter(name)))
    hebrew = [text for text, font in runs if font.endswith("DejaVuSansHebrew-Regular")]
    assert hebrew == [name, name]


@pytest.mark.parametrize(
    ("name", "refused"),
    [("Anna 😀", "😀"), ("王小明", "王小明"), ("देवनागरी", "द")],
)
def test_characters_no_font_can_draw_are_refused_by_name(name, refused):
    """Emoji, CJK and unshaped scripts are refused with the field and characters, never dropped."""
    letter = make_letter(name)
    for attempt in (render_pdf, check_printable, count_pages):
        with pytest.raises(UnrenderableText) as caught:
            attempt(letter)
        assert caught.value.field == "sender_name"
        assert refused in caught.value.characters
        assert refused[0] in str(caught.value)


def test_unprintable_text_in_the_body_names_the_body():
    """The error says which part of the letter holds the character."""
    letter = make_letter(blocks=(Block(BlockKind.PARAGRAPH, ((Text("Thanks 🙏"),),)),))
    with pytest.raises(UnrenderableText) as caught:
        check_printable(letter)
    assert (caught.value.field, caught.value.characters) == ("body", "🙏")


def test_markup_in_text_prints_literally():
    """Text that looks like markup is printed as typed, never interpreted."""
    name = '<b>Ann</b> &amp; <font name=x> <img src="y.png"/> (a\\b)'
    text = flat(pdf_text(render_pdf(make_letter(name))))
    assert text.count(name) == 2


def test_one_page_letter_has_no_page_numbers():
    """Page numbers appear only when a letter runs to a second page."""
    data = render_pdf(make_letter())
    assert count_pages(make_letter()) == 1
    assert "Page 1" not in pdf_text(data)


def test_two_page_letter_is_numbered():
    """A letter that runs over gets "Page 1 of 2" and "Page 2 of 2", and keeps its sign-off."""
    letter = long_letter()
    pages = pdf_pages(render_pdf(letter))
    assert count_pages(letter) == len(pages) == 2
    assert "Page 1 of 2" in pages[0]
    assert "Page 2 of 2" in pages[1]
    assert "Yours sincerely," in pages[1]
    assert SOURCE in flat(pages[1])


def test_metadata_names_subject_author_and_mp():
    """Document title is the subject, author the supporter, subject says to whom."""
    name = "Ελευθερία Παπαδοπούλου"
    meta = PdfReader(BytesIO(render_pdf(make_letter(name)))).metadata
    assert meta.title == "Stop forced returns to Baghdad"
    assert meta.author == name
    assert meta.subject == "Letter to Rt Hon Jane Smith MP about Stop forced returns to Baghdad"


def test_same_letter_gives_the_same_bytes():
    """Rendering is deterministic, so a letter can be cached or compared."""
    assert render_pdf(make_letter("Zażółć Gęślą")) == render_pdf(make_letter("Zażółć Gęślą"))


def test_merged_pdf_has_cover_then_each_letter_on_new_pages():
    """Cover first; every letter starts a new page and numbers only its own pages."""
    letters = [
        make_letter("Anna Kowalska"),
        long_letter(sender_name="Jan Nowak"),
        make_letter("Юлия"),
    ]
    out = BytesIO()
    count = write_merged_pdf(letters, out, cover=CoverPage("Letters to MPs", ("3 letters",)))
    pages = pdf_pages(out.getvalue())
    assert count == len(pages) == 1 + 1 + 2 + 1
    assert "Letters to MPs" in pages[0]
    assert "3 letters" in pages[0]
    first_lines = [page.split("\n", 1)[0] for page in pages]
    assert (first_lines[1], first_lines[2], first_lines[4]) == (
        "Anna Kowalska",
        "Jan Nowak",
        "Юлия",
    )
    assert "Page 1 of 2" in pages[2]
    assert "Page 2 of 2" in pages[3]
    assert not any("Page" in p for p in (pages[1], pages[4]))


def test_merged_pdf_streams_pages_as_it_goes():
    """Pages reach the output while letters are still coming, so memory does not grow."""
    out = BytesIO()
    sizes = []

    def letters():
        for i in range(30):
            sizes.append(out.tell())
            yield make_letter(f"Supporter {i}")

    assert write_merged_pdf(letters(), out) == 30
    assert sizes[0] < sizes[10] < sizes[20] < sizes[29] < out.tell()
    assert len(pdf_pages(out.getvalue())) == 30


def test_rendering_from_many_threads_gives_the_same_pdfs():
    """Fonts and caches are shared safely: threads rendering at once get the serial result."""
    from concurrent.futures import ThreadPoolExecutor

    from letters.render.pdf_embed import subset_program

    names = ("Ŧŋđ Ħŧ", "Ǆǉǌ Ǳ", "Ъыэ Ёж", "شصض ظغ", "ŽŠČ Ďť") * 5
    letters = [make_letter(f"{name} {i}") for i, name in enumerate(names)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(render_pdf, letters))
    subset_program.cache_clear()  # the serial run makes every font subset afresh
    assert threaded == [render_pdf(letter) for letter in letters]


def test_merged_pdf_refuses_an_unprintable_letter_by_position():
    """A letter that cannot be printed is named by its place in the batch."""
    with pytest.raises(UnrenderableText) as caught:
        write_merged_pdf([make_letter(), make_letter("😀")], BytesIO())
    assert caught.value.field == "sender_name of letter 2"


def test_composed_default_campaign_letter_prints_the_findings():
    """A real composed letter prints every sentence of its body and every cited source."""
    from letters.campaign import load_campaign
    from letters.directory import default_directory
    from letters.model import Supporter
    from letters.service import letter_for_mp
    from letters.templating import LetterTemplate

    campaign = load_campaign()
    template = LetterTemplate.compile(campaign.templates[campaign.default_template])
    directory = default_directory()
    constituency = directory.constituencies()[0]
    supporter = Supporter("Zoë Ó Súilleabháin", ("3 Bryn Môr", "Llandrindod Wells"), "LD1 5AB")
    letter = letter_for_mp(
        supporter,
        directory.mp_for(constituency.code),
        constituency,
        template=template,
        findings=campaign.findings,
        today=dt.date(2026, 11, 28),
    )
    text = flat(pdf_text(render_pdf(letter)))
    pieces = [
        flat(inline.text)
        for block in letter.blocks
        for item in block.items
        for inline in item
        if isinstance(inline, Text) and inline.text.strip()
    ]
    assert pieces
    assert letter.footnotes
    for piece in pieces:
        assert piece in text
    for note in letter.footnotes:
        assert f"{note.number}. {flat(note.text)}" in text
    assert letter.recipient[0] in text
    assert "House of Commons" in text
