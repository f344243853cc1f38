"""Welsh letters: a Welsh wording beside the English one, Welsh furniture without the web, and
every output (PDF, text, HTML, .eml, mailto) keeping ŵ and ŷ."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
from email import policy
from email.parser import BytesParser
from gettext import NullTranslations
from io import BytesIO
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from pdf_helpers import pdf_pages, pdf_text
from pypdf import PdfReader

from letters import i18n
from letters.campaign import CAMPAIGNS_DIR, DEFAULT_CAMPAIGN, CampaignFileError, load_campaign
from letters.campaign_files import write_folder
from letters.directory import default_directory, vacant_mp
from letters.document import from_json
from letters.errors import NoWording
from letters.model import Language, Supporter
from letters.record import freeze, thaw
from letters.render.email import email_body, mailto_link, render_eml
from letters.render.html import render_blocks_html, render_html
from letters.render.pdf import render_pdf
from letters.render.text import render_text
from letters.service import (
    CampaignLetters,
    every_wording_for_mp,
    letter_for_mp,
    letter_for_supporter,
)
from letters.templating import LetterTemplate

DAY = dt.date(2026, 12, 4)
WELSH_DAY = "4 Rhagfyr 2026"  # CLDR's "d MMMM y" for locale "cy"
CAMPAIGN = load_campaign()


def seat_named(name: str):
    """The MP and constituency of the seat called `name`, from the directory."""
    directory = default_directory()
    seat = next(c for c in directory.constituencies() if c.name == name)
    return directory.mp_for(seat.code), seat


def welsh_template(name: str = "default") -> LetterTemplate:
    return LetterTemplate.compile(CAMPAIGN.template_source(name, "cy"), name=name, language="cy")


LLYR = Supporter(
    name="Llŷr Gwŷn",
    address_lines=("2 Ffordd yr Orsaf", "Glyndŵr"),
    postcode="LL77 7AA",
    email="llyr@example.org",
    reason="Mae fy nghymdogion yn dod o Irac.",
    concern="minorities",
    language=Language.WELSH,
)


@pytest.fixture(scope="module")
def ynys_mon():
    return seat_named("Ynys Môn")


@pytest.fixture(scope="module")
def welsh_letter(ynys_mon):
    _mp, seat = ynys_mon
    return letter_for_supporter(
        LLYR,
        seat,
        directory=default_directory(),
        template=welsh_template(),
        findings=CAMPAIGN.findings,
        today=DAY,
    )


# --- the furniture -----------------------------------------------------------------------------


def test_welsh_furniture_needs_no_web_catalogue():
    """for_language("cy") gives the built-in Welsh: the date by CLDR, "Annwyl", "Yn gywir,"."""
    with i18n.for_language("cy"):
        assert i18n.format_date(DAY) == WELSH_DAY
        assert i18n.gettext("Dear %(name)s,", name="Llinos Medi") == "Annwyl Llinos Medi,"
        assert i18n.gettext("Yours sincerely,") == "Yn gywir,"
        assert i18n.gettext("Sources") == "Ffynonellau"
    assert i18n.gettext("Yours sincerely,") == "Yours sincerely,"
    assert i18n.format_date(DAY) == "4 December 2026"


class _OneWelshMessage(NullTranslations):
    """A web catalogue that translates one message its own way and leaves the rest."""

    def gettext(self, message: str) -> str:
        return "Yr eiddoch yn gywir," if message == "Yours sincerely," else message


def test_a_welsh_web_catalogue_is_preferred_and_the_table_fills_its_gaps():
    """With the web's Welsh catalogue active, its words win; messages it lacks are built in."""
    i18n.activate(_OneWelshMessage(), "cy")
    try:
        with i18n.for_language("cy"):
            assert i18n.gettext("Yours sincerely,") == "Yr eiddoch yn gywir,"
            assert i18n.gettext("Sources") == "Ffynonellau"
        with i18n.for_language("en"):  # an English letter on a Welsh page stays English
            assert i18n.gettext("Yours sincerely,") == "Yours sincerely,"
            assert i18n.format_date(DAY) == "4 December 2026"
    finally:
        i18n.deactivate()


def test_the_welsh_table_keeps_every_placeholder():
    """Each Welsh furniture message fills the same %(name)s placeholders as its English."""
    for english, welsh in i18n.WELSH.items():
        assert sorted(_placeholders(english)) == sorted(_placeholders(welsh)), english


def _placeholders(text: str) -> list[str]:
    return re.findall(r"%\((\w+)\)s", text)


# --- the campaign ------------------------------------------------------------------------------


def test_the_shipped_campaign_is_written_in_english_and_welsh():
    """Both letters have a Welsh wording; the English templates are the English ones still."""
    assert CAMPAIGN.languages() == ("en", "cy")
    assert CAMPAIGN.languages("short") == ("en", "cy")
    assert set(CAMPAIGN.templates) == {"default", "short"}
    assert "Rwy’n ysgrifennu atoch" in CAMPAIGN.letter_source("default", "cy")
    assert "Irac" in CAMPAIGN.words("cy").split()
    assert set(CAMPAIGN.letter_files()) == {"default", "default.cy", "short", "short.cy"}


@pytest.fixture
def english_only(tmp_path):
    """A copy of the shipped campaign with its Welsh letters taken out."""
    copy = tmp_path / "english-only"
    shutil.copytree(CAMPAIGNS_DIR / DEFAULT_CAMPAIGN, copy)
    for path in (copy / "letters").glob("*.cy.json"):
        path.unlink()
    return copy


def test_an_english_only_campaign_says_it_has_no_welsh_wording(english_only):
    """Asking for its Welsh letter raises NoWording, naming the languages it is written in."""
    campaign = load_campaign(english_only.name, root=english_only.parent)
    assert campaign.languages() == ("en",)
    with pytest.raises(NoWording) as caught:
        campaign.template_source("default", "cy")
    assert (caught.value.letter, caught.value.language) == ("default", "cy")
    assert caught.value.available == ("en",)
    assert "no Welsh wording yet" in str(caught.value)


def test_the_command_lines_service_refuses_welsh_for_an_english_only_campaign(english_only):
    with pytest.raises(NoWording):
        CampaignLetters(default_directory(), english_only.name, DAY, english_only.parent, "cy")


def test_a_welsh_supporter_is_never_sent_an_english_letter(ynys_mon):
    """letter_for_supporter with an English template for a Welsh supporter raises NoWording."""
    english = LetterTemplate.compile(CAMPAIGN.templates["default"], name="default")
    with pytest.raises(NoWording):
        letter_for_supporter(
            LLYR,
            ynys_mon[1],
            directory=default_directory(),
            template=english,
            findings=CAMPAIGN.findings,
            today=DAY,
        )


@pytest.mark.parametrize(
    ("file", "says"),
    [("default.fr.json", "not a language"), ("extra.cy.json", "no English one")],
)
def test_a_welsh_letter_file_must_be_welsh_and_have_its_english(english_only, file, says):
    (english_only / "letters" / file).write_text(
        (CAMPAIGNS_DIR / DEFAULT_CAMPAIGN / "letters" / "default.cy.json").read_text("utf-8"),
        encoding="utf-8",
    )
    with pytest.raises(CampaignFileError, match=says):
        load_campaign(english_only.name, root=english_only.parent)


# --- the letter --------------------------------------------------------------------------------


def test_a_welsh_letter_has_welsh_furniture_and_welsh_words(welsh_letter, ynys_mon):
    """Salutation, the MP's title with AS, Tŷ’r Cyffredin, Yn gywir, and Welsh footnotes."""
    mp, _seat = ynys_mon
    assert welsh_letter.language == Language.WELSH
    assert welsh_letter.salutation == f"Annwyl {mp.salutation},"
    assert welsh_letter.recipient == (
        f"{mp.name} AS",
        "Tŷ’r Cyffredin",
        "Llundain",
        "SW1A 0AA",
    )
    assert welsh_letter.sign_off == "Yn gywir,"
    text = render_text(welsh_letter)
    assert "etholaeth Ynys Môn" in text
    assert "o leiaf wyth o Gristnogion" in text  # the figure in Welsh words
    assert "Ym mis Hydref 2009" in text  # the finding's Welsh date
    assert "Ebrill 2010" in welsh_letter.footnotes[0].text
    assert "MP" not in text.split()
    assert "Yours" not in text


def test_rt_hon_is_y_gwir_anrhydeddus_in_welsh():
    """An MP the directory addresses as "Rt Hon … MP" is "Y Gwir Anrhydeddus … AS"."""
    directory = default_directory()
    mp = next(
        directory.mp_for(c.code)
        for c in directory.constituencies()
        if directory.mp_for(c.code).full_title.startswith("Rt Hon ")
    )
    seat = directory.constituency(mp.constituency_code)
    letter = letter_for_mp(
        LLYR, mp, seat, template=welsh_template(), findings=CAMPAIGN.findings, today=DAY
    )
    inner = mp.full_title.removeprefix("Rt Hon ").removesuffix(" MP")
    assert letter.recipient[0] == f"Y Gwir Anrhydeddus {inner} AS"


def test_a_vacant_seat_is_addressed_in_welsh(ynys_mon):
    _mp, seat = ynys_mon
    letter = letter_for_mp(
        LLYR,
        vacant_mp(seat.code, DAY),
        seat,
        template=welsh_template(),
        findings=CAMPAIGN.findings,
        today=DAY,
    )
    assert letter.recipient[0] == "Yr Aelod Seneddol dros etholaeth Ynys Môn"
    assert letter.salutation == "Annwyl Aelod Seneddol,"


def test_an_english_letter_is_unchanged_by_a_welsh_page(ynys_mon):
    """The English letter has its English furniture even while Welsh is active."""
    mp, seat = ynys_mon
    english = LetterTemplate.compile(CAMPAIGN.templates["default"], name="default")
    supporter = dataclasses.replace(LLYR, language=Language.ENGLISH)
    with i18n.for_language("cy"):
        letter = letter_for_mp(
            supporter, mp, seat, template=english, findings=CAMPAIGN.findings, today=DAY
        )
        text = render_text(letter)
    assert letter.recipient[0] == mp.full_title
    assert letter.sign_off == "Yours sincerely,"
    assert "4 December 2026" in text
    assert "\nSources\n" in text


# --- every output keeps ŵ and ŷ ---------------------------------------------------------------


WELSH_WORDS = ("Ynys Môn", "Llŷr Gwŷn", "Glyndŵr", "Yn gywir,")


def test_the_pdf_reads_back_in_welsh_with_an_embedded_font(welsh_letter, ynys_mon):
    """ŵ and ŷ are not WinAnsi: the PDF embeds Noto Sans, and every Welsh word reads back."""
    mp, _seat = ynys_mon
    data = render_pdf(welsh_letter)
    text = pdf_text(data)
    for expected in (*WELSH_WORDS, WELSH_DAY, f"Annwyl {mp.salutation},", "Tŷ’r Cyffredin"):
        assert expected in text, expected
    reader = PdfReader(BytesIO(data))
    fonts = {
        str(font["/BaseFont"]).split("+")[-1]
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert fonts <= {"NotoSans-Regular", "NotoSans-Bold"}
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    assert reader.metadata["/Subject"].startswith(f"Llythyr at {mp.name} AS ynghylch ")


def test_a_two_page_welsh_letter_numbers_its_pages_in_welsh(welsh_letter):
    long = dataclasses.replace(welsh_letter, blocks=welsh_letter.blocks * 4)
    pages = pdf_pages(render_pdf(long))
    assert len(pages) >= 2
    assert f"Tudalen 1 o {len(pages)}" in pages[0]


def _qpdf_check(data: bytes, tmp_path) -> None:
    qpdf = shutil.which("qpdf")
    if qpdf is not None:
        path = tmp_path / "letter.pdf"
        path.write_bytes(data)
        result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        return
    pikepdf = pytest.importorskip(
        "pikepdf", reason="neither the qpdf program nor pikepdf is installed: no structure check"
    )
    with pikepdf.open(BytesIO(data)) as pdf:
        assert pdf.check() == []


def test_the_welsh_pdf_passes_qpdf_check(welsh_letter, tmp_path):
    _qpdf_check(render_pdf(welsh_letter), tmp_path)


def test_the_text_keeps_the_welsh_characters(welsh_letter):
    text = render_text(welsh_letter)
    for expected in (*WELSH_WORDS, WELSH_DAY, "Tŷ’r Cyffredin", "\nFfynonellau\n[1] "):
        assert expected in text, expected


def test_the_html_is_marked_welsh_with_welsh_sources(welsh_letter):
    page = BeautifulSoup(render_html(welsh_letter), "html.parser")
    article = page.find("article", class_="letter")
    assert article["lang"] == "cy"
    assert article.find("time").get_text() == WELSH_DAY
    assert article.find("h3").get_text() == "Ffynonellau"
    assert article.find("sup").a["aria-label"] == "Ffynhonnell 1"
    for expected in WELSH_WORDS:
        assert expected in article.get_text(), expected


def test_a_welsh_parts_preview_has_welsh_sources(welsh_letter):
    shown = render_blocks_html(welsh_letter.blocks, welsh_letter.footnotes, language="cy")
    assert BeautifulSoup(shown, "html.parser").find("h3").get_text() == "Ffynonellau"


def test_the_eml_encodes_welsh_headers_and_keeps_the_body(welsh_letter):
    """Subject and From become RFC 2047 encoded words; parsed back, they are the Welsh text."""
    letter = dataclasses.replace(welsh_letter, subject="Dychwelyd pobl o Glyndŵr i Irac: ynglŷn")
    raw = render_eml(letter)
    head = raw.split(b"\r\n\r\n", 1)[0]
    head.decode("ascii")  # every header is ASCII on the wire
    assert re.search(rb"\r\nSubject: [^\r\n]*=\?utf-8\?[qb]\?", head)
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert message["Subject"] == letter.subject
    assert message["From"].addresses[0].display_name == "Llŷr Gwŷn"
    assert message["Content-Language"] == "cy"
    body = message.get_content()
    for expected in ("Annwyl", "Yn gywir,", "Llŷr Gwŷn", "Glyndŵr", "Ffynonellau: "):
        assert expected in body, expected


def test_the_mailto_link_keeps_the_welsh_characters(welsh_letter):
    query = parse_qs(urlsplit(mailto_link(welsh_letter).url).query)
    body = query["body"][0].replace("\r\n", "\n")
    assert body == email_body(welsh_letter).replace("’", "'")
    for expected in ("Llŷr Gwŷn", "Glyndŵr", "Yn gywir,"):
        assert expected in body


def test_a_kept_welsh_letter_keeps_its_language(welsh_letter, letter):
    """A frozen Welsh letter records "cy"; an English one records no language, as before."""
    frozen = freeze(welsh_letter)
    assert frozen.data["language"] == "cy"
    assert thaw(frozen.data) == welsh_letter
    assert thaw(frozen.data).language == Language.WELSH
    assert "language" not in freeze(letter).data


def test_the_staff_preview_writes_every_welsh_wording_in_welsh(ynys_mon):
    """every_wording_for_mp with language="cy" fills a Welsh part's chips the Welsh way."""
    mp, seat = ynys_mon
    document = from_json(CAMPAIGN.letter_source("default", "cy"))
    shown = every_wording_for_mp(
        LLYR,
        mp,
        seat,
        document=document,
        findings=CAMPAIGN.findings,
        today=DAY,
        reason="Mae hyn yn bwysig.",
        language="cy",
    )
    uk_returns = next(part for part in shown if part.part.key == "uk_returns")
    [wording] = uk_returns.wordings
    text = "".join(piece.text for piece in wording.blocks[0].items[0] if hasattr(piece, "text"))
    assert text.startswith("Ym mis Hydref 2009 symudodd y DU 44 o bobl o Irac")
    assert "Ebrill 2010" in wording.footnotes[0].text


def test_a_campaign_folder_written_back_keeps_its_welsh(tmp_path):
    """write_folder with the Welsh letters, findings and words gives back the same campaign."""
    folder = tmp_path / DEFAULT_CAMPAIGN
    write_folder(
        folder,
        campaign_toml_text=(CAMPAIGNS_DIR / DEFAULT_CAMPAIGN / "campaign.toml").read_text("utf-8"),
        findings=CAMPAIGN.findings_source,
        letters=CAMPAIGN.letter_files(),
        words=CAMPAIGN.words_source,
        other_words=CAMPAIGN.other_words,
        other_findings=CAMPAIGN.other_findings,
    )
    copy = load_campaign(DEFAULT_CAMPAIGN, root=tmp_path)
    assert copy.languages() == ("en", "cy")
    assert copy.letter_source("default", "cy") == CAMPAIGN.letter_source("default", "cy")
    assert copy.findings == CAMPAIGN.findings
    assert copy.words("cy") == CAMPAIGN.words("cy")
