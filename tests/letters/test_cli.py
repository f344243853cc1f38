"""The command line: lookup, render, batch and mps import, as a person running them sees them."""

from __future__ import annotations

import csv
import email
import io
import shutil
import subprocess
import sys
import zipfile
from email import policy
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from pdf_helpers import pdf_text
from pypdf import PdfReader

from letters.cli import main
from letters.directory import Directory, default_directory

FIXTURES = Path(__file__).parent / "fixtures"
DATE = ["--date", "2026-11-28"]
JANE = ["--name", "Jane Smith", "--address", "1 High Street", "--address", "London"]


def _mp_title(postcode: str) -> str:
    directory = default_directory()
    return directory.mp_for(directory.lookup_postcode(postcode).constituency.code).full_title


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- lookup --------------------------------------------------------------------------------


def test_lookup_prints_constituency_and_mp(capsys):
    """An exact postcode prints its constituency, its MP's full title and the data date."""
    code, out, _ = _run(capsys, "lookup", "sw1a1aa")
    assert code == 0
    assert "SW1A 1AA is in Cities of London and Westminster" in out
    assert _mp_title("SW1A 1AA") in out
    assert "as of 2026-06-27" in out


def test_lookup_lists_candidates_when_ambiguous(capsys):
    """A postcode that could be in several seats lists them with their codes."""
    code, out, _ = _run(capsys, "lookup", "KY4 4AA")
    assert code == 0
    assert "more than one constituency" in out
    assert "Glenrothes and Mid Fife" in out
    assert "--constituency" in out


def test_lookup_northern_ireland_lists_18_seats(capsys):
    """A BT postcode lists the 18 Northern Ireland constituencies."""
    code, out, _ = _run(capsys, "lookup", "BT7 1NN")
    assert code == 0
    assert sum(line.startswith("  N05") for line in out.splitlines()) == 18


@pytest.mark.parametrize(
    ("postcode", "message"),
    [("12345", "doesn't look like a UK postcode"), ("ZZ99 9ZZ", "can't find the postcode")],
)
def test_lookup_bad_postcode_exits_1_with_a_message(capsys, postcode, message):
    """Bad or unknown postcodes exit 1 with a plain message and no traceback."""
    code, out, err = _run(capsys, "lookup", postcode)
    assert code == 1
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_usage_errors_exit_2(capsys):
    """A missing command or argument is a usage error (exit 2)."""
    assert _run(capsys)[0] == 2
    assert _run(capsys, "lookup")[0] == 2
    assert _run(capsys, "render", "--name", "x")[0] == 2


def test_module_entry_point_runs():
    """`python -m letters lookup` works as a program."""
    result = subprocess.run(
        [sys.executable, "-m", "letters", "lookup", "M1 1AE"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Manchester Central" in result.stdout


# --- mps import ----------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "directory", target)
    return target


def test_import_dry_run_prints_changes_and_writes_nothing(capsys, data_dir):
    """--dry-run lists every change and leaves mps.csv as it was."""
    before = (data_dir / "mps.csv").read_bytes()
    code, out, err = _run(
        capsys,
        "mps",
        "import",
        str(FIXTURES / "members_full.json"),
        "--data-dir",
        str(data_dir),
        "--dry-run",
    )
    assert "party change: Aberafan Maesteg" in out
    assert "new mp: Ynys Môn" in out
    assert "vacant: Preston" in out
    assert "Atlantis North" in err  # reported, not crashed on
    assert code == 1  # one member could not be imported
    assert (data_dir / "mps.csv").read_bytes() == before


def test_import_writes_mps_csv(capsys, data_dir):
    """A by-election file updates that seat in mps.csv with the given date."""
    code, out, _ = _run(
        capsys,
        "mps",
        "import",
        str(FIXTURES / "members_byelection.json"),
        "--contacts",
        str(FIXTURES / "members_contacts.json"),
        "--data-dir",
        str(data_dir),
        "--as-of",
        "2026-11-28",
    )
    assert code == 0
    assert "new mp: Preston" in out
    mp = Directory.load(data_dir).mp_for("E14001433")
    assert (mp.name, mp.email, mp.as_of.isoformat()) == (
        "Gwen Byelection",
        "gwen.byelection.mp@parliament.uk",
        "2026-11-28",
    )


def test_import_full_flag_marks_absent_seats_vacant(capsys, data_dir):
    """--full treats seats missing from the file as vacant."""
    code, out, _ = _run(
        capsys,
        "mps",
        "import",
        str(FIXTURES / "members_byelection.json"),
        "--data-dir",
        str(data_dir),
        "--full",
        "--dry-run",
    )
    assert code == 0
    assert out.count("vacant: ") == 3


@pytest.mark.parametrize(
    ("content", "expected_code", "message"),
    [(None, 2, "Can't read"), ("{not json", 1, "not valid JSON"), ('{"value": 1}', 1, "items")],
)
def test_import_bad_files_give_messages(
    capsys, data_dir, tmp_path, content, expected_code, message
):
    """Missing, non-JSON or wrongly shaped files give a message, never a traceback."""
    path = tmp_path / "members.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, _, err = _run(capsys, "mps", "import", str(path), "--data-dir", str(data_dir))
    assert code == expected_code
    assert message in err
    assert "Traceback" not in err


# --- render --------------------------------------------------------------------------------


def test_render_text_to_stdout(capsys):
    """Plain text goes to standard output, addressed to the postcode's MP."""
    code, out, err = _run(
        capsys, "render", *JANE, "--postcode", "sw1a1aa", "--format", "txt", *DATE
    )
    assert code == 0, err
    assert "Jane Smith" in out
    assert _mp_title("SW1A 1AA") in out
    assert "SW1A 1AA" in out


def test_render_html_is_a_letter_article(capsys):
    """HTML output is the escaped letter fragment."""
    code, out, err = _run(
        capsys,
        "render",
        "--name",
        "Jane <b>Smith</b>",
        "--address",
        "1 High Street",
        "--address",
        "Manchester",
        "--postcode",
        "M1 1AE",
        "--format",
        "html",
        *DATE,
    )
    assert code == 0, err
    article = BeautifulSoup(out, "html.parser").find("article", class_="letter")
    assert article is not None
    assert "Jane <b>Smith</b>" in article.get_text()
    assert article.find("b") is None


def test_render_pdf_to_file(capsys, tmp_path):
    """--format pdf --out writes a PDF whose text names the supporter and the MP."""
    out_file = tmp_path / "letter.pdf"
    code, out, err = _run(
        capsys,
        "render",
        *JANE,
        "--postcode",
        "CF10 1EP",
        "--format",
        "pdf",
        "--out",
        str(out_file),
        *DATE,
    )
    assert code == 0, err
    text = _pdf_text(out_file.read_bytes())
    assert "Jane Smith" in text
    assert _mp_title("CF10 1EP") in text
    assert str(out_file) in out


def test_render_pdf_refuses_a_terminal(capsys, monkeypatch):
    """Without --out, a PDF is not written to a terminal (usage error, exit 2)."""
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, err = _run(capsys, "render", *JANE, "--postcode", "M1 1AE", "--format", "pdf")
    assert code == 2
    assert "--out" in err
    assert out == ""


def test_render_eml_addresses_the_mp(capsys):
    """The .eml draft is addressed to the MP's parliamentary email."""
    code, out, err = _run(capsys, "render", *JANE, "--postcode", "M1 1AE", "--format", "eml", *DATE)
    assert code == 0, err
    message = email.message_from_string(out, policy=policy.default)
    directory = default_directory()
    mp = directory.mp_for(directory.lookup_postcode("M1 1AE").constituency.code)
    assert mp.email in message["To"]
    _, text, _ = _run(capsys, "render", *JANE, "--postcode", "M1 1AE", "--format", "txt", *DATE)
    assert message["Subject"] in text.splitlines()  # the same subject line as the letter's


def test_render_mailto_link(capsys):
    """--format mailto prints one mailto: link."""
    code, out, err = _run(
        capsys, "render", *JANE, "--postcode", "M1 1AE", "--format", "mailto", *DATE
    )
    assert code == 0, err
    url = out.removesuffix("\n")
    assert "\n" not in url
    parts = urlsplit(url)
    assert parts.scheme == "mailto"
    directory = default_directory()
    mp = directory.mp_for(directory.lookup_postcode("M1 1AE").constituency.code)
    assert unquote(parts.path) == mp.email
    fields = parse_qs(parts.query, strict_parsing=True)
    assert set(fields) == {"subject", "body"}
    assert "Jane Smith\r\n1 High Street, London, M1 1AE" in fields["body"][0]


def test_render_ambiguous_postcode_needs_a_constituency(capsys):
    """A postcode with several possible seats exits 1 and asks for --constituency."""
    code, out, err = _run(capsys, "render", *JANE, "--postcode", "KY4 4AA", "--format", "txt")
    assert code == 1
    assert "--constituency" in err
    assert "Glenrothes and Mid Fife" in err
    assert out == ""


def test_render_with_a_chosen_constituency(capsys):
    """Naming one of the candidate seats (any case, no accents) produces the letter."""
    code, out, err = _run(
        capsys,
        "render",
        *JANE,
        "--postcode",
        "KY4 4AA",
        "--constituency",
        "glenrothes and mid fife",
        "--format",
        "txt",
        *DATE,
    )
    assert code == 0, err
    directory = default_directory()
    assert (
        directory.mp_for(directory.constituency("Glenrothes and Mid Fife").code).full_title in out
    )


def test_render_refuses_a_constituency_the_postcode_is_not_in(capsys):
    """A constituency that does not match the postcode is refused: the MP would not act."""
    code, _, err = _run(
        capsys,
        "render",
        *JANE,
        "--postcode",
        "SW1A 1AA",
        "--constituency",
        "Ynys Mon",
        "--format",
        "txt",
    )
    assert code == 1
    assert "is not in Ynys Môn" in err


def test_render_invalid_supporter_fields_are_listed(capsys):
    """Bad fields are named with their messages, exit 1, no traceback."""
    code, _, err = _run(
        capsys,
        "render",
        *JANE,
        "--postcode",
        "SW1A 1AA",
        "--email",
        "not-an-email",
        "--format",
        "txt",
    )
    assert code == 1
    assert "email" in err
    assert "Traceback" not in err


# --- batch ---------------------------------------------------------------------------------


def _supporters_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    columns = ["name", "address", "postcode", "email", "reason", "concern", "constituency"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return path


GOOD_ROWS = [
    {"name": "Jane Smith", "address": "1 High Street|London", "postcode": "sw1a1aa"},
    {
        "name": "Zoë Ångström",
        "address": "2 Low Road\nCardiff",
        "postcode": "CF10 1EP",
        "reason": "My neighbours came from Baghdad.",
    },
    {
        "name": "Sam Jones",
        "address": "3 Hill View | Kirkcaldy",
        "postcode": "KY4 4AA",
        "constituency": "Cowdenbeath and Kirkcaldy",
    },
]
BAD_ROWS = [
    {"name": "Bad Postcode", "address": "4 Nowhere|Town", "postcode": "12345"},
    {"name": "", "address": "", "postcode": "KY4 4AA"},
    {"name": "Pat Choice", "address": "5 Fork Lane|Fife", "postcode": "KY4 4AA"},
]


def test_batch_zip_has_one_named_pdf_per_good_row(capsys, tmp_path):
    """Good rows become PDFs named by number, constituency and supporter in safe ASCII."""
    source = _supporters_csv(tmp_path / "supporters.csv", GOOD_ROWS)
    target = tmp_path / "letters.zip"
    code, out, err = _run(capsys, "batch", str(source), "--out", str(target), "--quiet", *DATE)
    assert code == 0, err
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert names == [
            "0001-Cities-of-London-and-Westminster-Jane-Smith.pdf",
            "0002-Cardiff-South-and-Penarth-Zoe-Angstrom.pdf",
            "0003-Cowdenbeath-and-Kirkcaldy-Sam-Jones.pdf",
        ]
        assert "Zoë Ångström" in _pdf_text(archive.read(names[1]))
    assert "3 letter(s) written" in out


def test_batch_reports_bad_rows_and_still_writes_good_ones(capsys, tmp_path):
    """Bad rows are listed by row number and field; good rows are still produced; exit 1."""
    source = _supporters_csv(tmp_path / "supporters.csv", [GOOD_ROWS[0], *BAD_ROWS])
    target = tmp_path / "letters.zip"
    errors_file = tmp_path / "errors.csv"
    code, _, err = _run(
        capsys, "batch", str(source), "--out", str(target), "--errors", str(errors_file), *DATE
    )
    assert code == 1
    assert "Row 2, postcode:" in err
    assert "Row 3, name:" in err
    assert "Row 3, address:" in err
    assert "Row 4, constituency:" in err
    assert "Traceback" not in err
    with zipfile.ZipFile(target) as archive:
        assert len(archive.namelist()) == 1
    with errors_file.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["row"] for row in rows} == {"2", "3", "4"}


def test_batch_merged_pdf_holds_every_letter(capsys, tmp_path):
    """--merged writes one printable PDF containing each supporter's letter."""
    source = _supporters_csv(tmp_path / "supporters.csv", GOOD_ROWS[:2])
    target = tmp_path / "letters.pdf"
    code, _, err = _run(capsys, "batch", str(source), "--merged", str(target), "--quiet", *DATE)
    assert code == 0, err
    text = _pdf_text(target.read_bytes())
    assert "Jane Smith" in text
    assert "Zoë Ångström" in text


def test_batch_merged_streams_good_rows_around_a_bad_one(capsys, tmp_path):
    """--merged prints the good rows either side of a bad one, reports it by row and exits 1."""
    rows = [GOOD_ROWS[0], BAD_ROWS[0], GOOD_ROWS[1]]
    source = _supporters_csv(tmp_path / "supporters.csv", rows)
    target = tmp_path / "letters.pdf"
    errors_file = tmp_path / "errors.csv"
    code, out, err = _run(
        capsys, "batch", str(source), "--merged", str(target), "--errors", str(errors_file), *DATE
    )
    assert code == 1
    assert "Row 2, postcode:" in err
    assert "2 letter(s) written" in out
    text = pdf_text(target.read_bytes())
    assert text.count("Yours sincerely") == 2
    assert "Jane Smith" in text
    assert "Zoë Ångström" in text
    assert "Bad Postcode" not in text
    with errors_file.open(encoding="utf-8") as handle:
        assert [row["row"] for row in csv.DictReader(handle)] == ["2"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "errors.csv",
        "letters.pdf",
        "supporters.csv",
    ]


def test_batch_merged_with_only_bad_rows_leaves_no_file(capsys, tmp_path):
    """--merged with no usable row leaves neither the PDF nor its temporary file; exit 1."""
    source = _supporters_csv(tmp_path / "supporters.csv", BAD_ROWS)
    target = tmp_path / "letters.pdf"
    code, out, _ = _run(capsys, "batch", str(source), "--merged", str(target), "--quiet")
    assert code == 1
    assert "No letters were written" in out
    assert list(tmp_path.iterdir()) == [source]


def test_batch_with_only_bad_rows_writes_nothing(capsys, tmp_path):
    """When no row is usable no file is left behind and the exit code is 1."""
    source = _supporters_csv(tmp_path / "supporters.csv", BAD_ROWS[:1])
    target = tmp_path / "letters.zip"
    code, out, _ = _run(capsys, "batch", str(source), "--out", str(target), "--quiet")
    assert code == 1
    assert "No letters were written" in out
    assert list(tmp_path.iterdir()) == [source]


def test_batch_missing_columns_is_a_usage_error(capsys, tmp_path):
    """A CSV without the required columns is refused with the column list (exit 2)."""
    source = tmp_path / "supporters.csv"
    source.write_text("full name,town\nJane,London\n", encoding="utf-8")
    code, _, err = _run(capsys, "batch", str(source), "--out", str(tmp_path / "x.zip"))
    assert code == 2
    assert "name, address, postcode" in err


def test_render_unknown_postcode_can_choose_by_name(capsys):
    """An unknown outcode still gets a letter when the constituency is named."""
    code, out, err = _run(
        capsys,
        "render",
        *JANE,
        "--postcode",
        "BN91 1AA",
        "--constituency",
        "Worthing West",
        "--format",
        "txt",
        *DATE,
    )
    assert code == 0, err
    directory = default_directory()
    assert directory.mp_for(directory.constituency("Worthing West").code).full_title in out


def test_render_unknown_postcode_without_a_name_explains_the_way_out(capsys):
    """Without --constituency an unknown postcode exits 1 and points to --constituency."""
    code, _, err = _run(capsys, "render", *JANE, "--postcode", "ZZ99 9ZZ", "--format", "txt")
    assert code == 1
    assert "--constituency" in err


def test_render_bad_concern_lists_the_choices(capsys):
    """An unknown --concern names the option and lists the group ids to choose from."""
    code, _, err = _run(
        capsys, "render", *JANE, "--postcode", "M1 1AE", "--concern", "nope", "--format", "txt"
    )
    assert code == 1
    assert err.startswith("Error: --concern:")
    assert "one of:" in err


def test_batch_progress_bar_and_non_latin_names(capsys, tmp_path):
    """The progress bar goes to stderr; a name with no ASCII letters gets a safe file name."""
    rows = [
        {
            "name": "سارة أحمد",
            "address": "6 Park Road|Belfast",
            "postcode": "BT7 1NN",
            "constituency": "Belfast South and Mid Down",
        }
    ]
    source = _supporters_csv(tmp_path / "supporters.csv", rows)
    target = tmp_path / "letters.zip"
    code, _, err = _run(capsys, "batch", str(source), "--out", str(target), *DATE)
    assert code == 0, err
    assert "Letters" in err
    with zipfile.ZipFile(target) as archive:
        assert archive.namelist() == ["0001-Belfast-South-and-Mid-Down-supporter.pdf"]


def test_render_pdf_to_a_pipe(capsysbinary):
    """Without --out and not on a terminal, the PDF's bytes go to standard output."""
    code = main(["render", *JANE, "--postcode", "M1 1AE", "--format", "pdf", *DATE])
    out, _ = capsysbinary.readouterr()
    assert code == 0
    assert "Jane Smith" in _pdf_text(out)


def test_import_never_writes_into_the_package(capsys, tmp_path, monkeypatch):
    """Without --data-dir, mps import writes to LETTERS_DATA_DIR; the packaged data is untouched."""
    from letters.directory import DATA_DIR

    packaged = (DATA_DIR / "mps.csv").read_bytes()
    user_dir = tmp_path / "user-data"
    monkeypatch.setenv("LETTERS_DATA_DIR", str(user_dir))
    code, out, _ = _run(
        capsys,
        "mps",
        "import",
        str(FIXTURES / "members_byelection.json"),
        "--contacts",
        str(FIXTURES / "members_contacts.json"),
        "--as-of",
        "2026-11-28",
    )
    assert code == 0, out
    assert (DATA_DIR / "mps.csv").read_bytes() == packaged
    assert f"Wrote {user_dir / 'mps.csv'}" in out
    # The folder holds only mps.csv; the rest of the directory still comes from the package.
    assert sorted(p.name for p in user_dir.iterdir()) == ["mps.csv"]
    assert Directory.load(user_dir).mp_for("E14001433").name == "Gwen Byelection"
    code, out, _ = _run(capsys, "lookup", "PR1 2HE")
    assert "Gwen Byelection" in out


def test_render_from_a_campaign_folder_given_by_its_path(capsys, tmp_path, monkeypatch):
    """`--campaign DIR` takes a campaign folder anywhere (as `flask campaigns export` writes it),
    a path relative to where the command runs included."""
    from letters.campaign import CAMPAIGNS_DIR, DEFAULT_CAMPAIGN

    folder = tmp_path / "elsewhere" / "my-copy"
    shutil.copytree(CAMPAIGNS_DIR / DEFAULT_CAMPAIGN, folder)
    letter = folder / "letters" / "default.json"
    letter.write_text(
        letter.read_text(encoding="utf-8")
        .replace('"I am writing as your constituent in "', '"From the copy: I write from "')
        .replace('"As your constituent in "', '"From the copy: as I live in "'),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    options = ["--postcode", "SW1A 1AA", "--format", "txt", "--campaign", "elsewhere/my-copy"]
    code, out, err = _run(capsys, "render", *JANE, *options, *DATE)
    assert code == 0, err
    assert "Jane Smith" in out
    assert "From the copy:" in out  # the opening, in either wording, is the folder's


def test_render_in_welsh(capsys):
    """--language cy writes the campaign's Welsh letter, with its Welsh furniture and date."""
    welsh = ["--name", "Llŷr Gwŷn", "--address", "2 Ffordd yr Orsaf", "--address", "Glyndŵr"]
    options = ["--postcode", "LL77 7AA", "--format", "txt", "--language", "cy"]
    code, out, err = _run(capsys, "render", *welsh, *options, "--date", "2026-12-04")
    assert code == 0, err
    directory = default_directory()
    mp = directory.mp_for(directory.lookup_postcode("LL77 7AA").constituency.code)
    for expected in ("4 Rhagfyr 2026", f"Annwyl {mp.salutation},", "Yn gywir,", "Glyndŵr"):
        assert expected in out, expected
    assert "etholaeth Ynys Môn" in out


def test_welsh_for_a_campaign_without_welsh_says_so(capsys, tmp_path):
    """A campaign with no Welsh wording is an error that says so (exit 1), not English."""
    from letters.campaign import CAMPAIGNS_DIR, DEFAULT_CAMPAIGN

    folder = tmp_path / "english-only"
    shutil.copytree(CAMPAIGNS_DIR / DEFAULT_CAMPAIGN, folder)
    for welsh in (folder / "letters").glob("*.cy.json"):
        welsh.unlink()
    options = ["--postcode", "SW1A 1AA", "--format", "txt", "--language", "cy"]
    code, out, err = _run(capsys, "render", *JANE, *options, "--campaign", str(folder), *DATE)
    assert code == 1
    assert "has no Welsh wording yet" in err
    assert out == ""
