"""Command line: `python -m letters lookup | render | batch | mps import`.

Exit codes: 0 done; 1 something could not be done (a bad postcode, bad rows in a batch, an
unknown constituency); 2 the command was used wrongly. Expected problems print a message a person
can act on, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from letters.batch import (
    BATCH_COLUMNS,
    SupportersFileError,
    read_supporters,
    write_errors_csv,
    write_merged,
    write_zip,
)
from letters.directory import Directory, MatchKind, default_directory
from letters.errors import LettersError, SupporterInvalid, UnknownPostcode
from letters.i18n import LANGUAGES
from letters.model import MP, OutputFormat
from letters.render.registry import render
from letters.service import CampaignLetters, NeedsChoice

__all__ = ["build_parser", "main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command was used wrongly (exit code 2)."""


# --- shared helpers ------------------------------------------------------------------------


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-28") from None


# --- lookup --------------------------------------------------------------------------------


def _describe_mp(mp: MP) -> list[str]:
    if mp.vacant:
        return ["MP: none: the seat is vacant."]
    return [
        f"MP: {mp.full_title} ({mp.party})",
        f"Email: {mp.email or 'none published'}",
        f"Member id: {mp.member_id}",
    ]


def cmd_lookup(args: argparse.Namespace) -> int:
    """Print the constituency and MP for a postcode, or the constituencies to choose from."""
    directory = load_directory(_data_dir(args))
    match = directory.lookup_postcode(args.postcode)
    if match.kind is MatchKind.EXACT:
        seat = match.constituency
        lines = [f"{match.postcode} is in {seat.name} ({seat.nation}, {seat.region}; {seat.code})."]
        lines += _describe_mp(directory.mp_for(seat.code))
    else:
        if match.kind is MatchKind.NORTHERN_IRELAND:
            lines = [
                f"{match.postcode} is in Northern Ireland, where we can't match postcodes to "
                "constituencies. Choose one of these:"
            ]
        else:
            lines = [
                f"{match.postcode} could be in more than one constituency. "
                "Choose one of these (most likely first):"
            ]
        for seat in match.candidates:
            mp = directory.mp_for(seat.code)
            who = "vacant" if mp.vacant else f"{mp.name}, {mp.party}"
            lines.append(f"  {seat.code}  {seat.name} ({who})")
        lines.append("Name it with --constituency when you render a letter.")
    lines.append(f"MP data as of {directory.as_of.isoformat()}.")
    print("\n".join(lines))
    return EXIT_OK


# --- render --------------------------------------------------------------------------------


def _emit(data: bytes, out: str | None) -> None:
    if out and out != "-":
        Path(out).write_bytes(data)
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def cmd_render(args: argparse.Namespace) -> int:
    """Compose one letter and write it in the chosen format."""
    fmt = OutputFormat(args.format)
    if fmt is OutputFormat.PDF and not args.out and sys.stdout.isatty():
        raise UsageError("A PDF can't be shown in a terminal: add --out letter.pdf.")
    letter = _campaign_letters(args).letter(
        name=args.name,
        address_lines=args.address,
        postcode=args.postcode,
        email=args.email,
        reason=args.reason,
        concern=args.concern,
        constituency=args.constituency,
    )
    rendered = render(letter, fmt)
    if rendered.warning:
        instead = f"; use --format {rendered.instead} instead" if rendered.instead else ""
        print(f"Warning: {rendered.warning}{instead}.", file=sys.stderr)
    _emit(rendered.body, args.out)
    if args.out and args.out != "-":
        print(f"Wrote {args.out} (to {letter.mp.full_title}, {letter.constituency.name}).")
    return EXIT_OK


# --- batch ---------------------------------------------------------------------------------


def cmd_batch(args: argparse.Namespace) -> int:
    """Write letters for every good row of a supporters CSV and report the bad rows."""
    rows = read_supporters(args.csv)
    target: Path = args.out or args.merged
    write = write_zip if args.out else write_merged
    result = write(_campaign_letters(args), rows, target, quiet=args.quiet)
    for error in result.errors:
        print(f"Row {error.row}, {error.field}: {error.message}", file=sys.stderr)
    if args.errors:
        write_errors_csv(args.errors, result.errors)
    made, failed = result.made, result.failed_rows
    print(f"{made} letter(s) written to {target}." if made else "No letters were written.")
    if failed:
        print(
            f"{failed} row(s) had problems (listed above; row 1 is the first after the header).",
            file=sys.stderr,
        )
    return EXIT_FAILED if failed or not made else EXIT_OK


# --- mps import ----------------------------------------------------------------------------


def _read_json(path: Path, what: str) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"Can't read the {what} file {path}: {exc.strerror}.") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise LettersError(
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}."
        ) from None


def user_data_dir() -> Path:
    """Where updated MP data is written and then read first: LETTERS_DATA_DIR, else
    ./instance/data (files it lacks come from the packaged letters/data)."""
    return Path(os.environ.get("LETTERS_DATA_DIR") or Path("instance") / "data")


def _data_dir(args: argparse.Namespace) -> Path | None:
    """--data-dir, else the user data folder once `mps import` has written one, else None."""
    if args.data_dir is not None:
        return args.data_dir
    folder = user_data_dir()
    return folder if (folder / "mps.csv").is_file() else None


def load_directory(data_dir: Path | None) -> Directory:
    """The MP directory from `data_dir`, or the packaged one; unreadable data is a LettersError."""
    if data_dir is None:
        return default_directory()
    try:
        return Directory.load(data_dir)
    except (OSError, KeyError, ValueError) as exc:
        raise LettersError(f"Could not read the MP data in {data_dir}: {exc}") from None


def _campaign_letters(args: argparse.Namespace) -> CampaignLetters:
    """The letters service for render/batch: `--campaign` names a folder under CAMPAIGNS_DIR
    (else templates/), or is the path of a campaign folder (one `flask campaigns export` wrote)."""
    campaigns = os.environ.get("CAMPAIGNS_DIR")
    slug, root = args.campaign, Path(campaigns) if campaigns else None
    if slug and (Path(slug) / "campaign.toml").is_file():
        folder = Path(slug).resolve()
        slug, root = folder.name, folder.parent
    return CampaignLetters(
        load_directory(_data_dir(args)),
        slug,
        args.date or dt.date.today(),
        root,
        language=args.language,
    )


def cmd_mps_import(args: argparse.Namespace) -> int:
    """Update mps.csv from Members API JSON and print what changed."""
    from letters.members_import import plan_import, write_mps_csv

    # Never into the installed package: --data-dir, else LETTERS_DATA_DIR (./instance/data).
    data_dir = args.data_dir or user_data_dir()
    payload = _read_json(args.file, "members")
    contacts = _read_json(args.contacts, "contacts") if args.contacts else None
    if contacts is not None and not isinstance(contacts, dict):
        raise LettersError(f"{args.contacts} should map member ids to their contact details.")
    directory = load_directory(data_dir)
    as_of = args.as_of or dt.date.today()
    plan = plan_import(directory, payload, contacts, as_of=as_of, full_list=args.full)
    scope = "a full list" if plan.full_list else "a partial list (no seat is marked vacant)"
    print(f"Read {args.file} as {scope}.")
    for change in plan.changes:
        print(f"  {change.kind.value.replace('_', ' ')}: {change.summary}")
    if not plan.changes:
        print("  No changes.")
    for note in plan.notes:
        print(f"  Skipped: {note}")
    for problem in plan.problems:
        print(f"Not imported: {problem}", file=sys.stderr)
    if args.dry_run:
        print("Dry run: nothing written.")
    else:
        names = {c.code: c.name for c in directory.constituencies()}
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        write_mps_csv(Path(data_dir) / "mps.csv", plan.mps, names=names)
        print(f"Wrote {Path(data_dir) / 'mps.csv'} ({len(plan.mps)} seats, as of {as_of}).")
    return EXIT_FAILED if plan.problems else EXIT_OK


# --- parser and entry point ----------------------------------------------------------------


_DATA_HELP = (
    "MP data folder (default: LETTERS_DATA_DIR once `mps import` wrote it, else letters/data)"
)


def _add_letter_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--campaign",
        help="a campaign: its folder's path, or its name under templates/ (default: the main one)",
    )
    parser.add_argument(
        "--date", type=_date, help="date on the letter, YYYY-MM-DD (default: today)"
    )
    parser.add_argument(
        "--language",
        choices=list(LANGUAGES),
        default="en",
        help="the letter's language: en (English, the default) or cy (Welsh)",
    )
    parser.add_argument("--data-dir", type=Path, help=_DATA_HELP)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="python -m letters", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    lookup = commands.add_parser("lookup", help="find the constituency and MP for a postcode")
    lookup.add_argument("postcode")
    lookup.add_argument("--data-dir", type=Path, help=_DATA_HELP)
    lookup.set_defaults(handler=cmd_lookup)
    _add_render_parser(commands.add_parser("render", help="write one supporter's letter"))
    _add_batch_parser(commands.add_parser("batch", help="letters for a CSV of paper sign-ups"))
    mps = commands.add_parser("mps", help="maintain the MP data")
    mps_commands = mps.add_subparsers(dest="mps_command", required=True, metavar="COMMAND")
    _add_import_parser(mps_commands.add_parser("import", help="update mps.csv from Members API"))
    return parser


def _add_render_parser(render: argparse.ArgumentParser) -> None:
    render.add_argument("--name", required=True)
    render.add_argument(
        "--address",
        action="append",
        required=True,
        metavar="LINE",
        help="one address line (repeat for each line, without the postcode)",
    )
    render.add_argument("--postcode", required=True)
    render.add_argument(
        "--constituency",
        metavar="CODE_OR_NAME",
        help="needed when the postcode could be in more than one",
    )
    render.add_argument("--email")
    render.add_argument("--reason", metavar="TEXT", help="why this matters to the supporter")
    render.add_argument("--concern", metavar="ID", help="an at-risk group id from the findings")
    render.add_argument("--format", required=True, choices=[f.value for f in OutputFormat])
    render.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    _add_letter_options(render)
    render.set_defaults(handler=cmd_render)


def _add_batch_parser(batch: argparse.ArgumentParser) -> None:
    batch.add_argument(
        "csv", type=Path, metavar="SUPPORTERS.csv", help="columns: " + ",".join(BATCH_COLUMNS)
    )
    output = batch.add_mutually_exclusive_group(required=True)
    output.add_argument("--out", type=Path, metavar="LETTERS.zip", help="one PDF per letter")
    output.add_argument("--merged", type=Path, metavar="LETTERS.pdf", help="one PDF to print")
    batch.add_argument(
        "--errors",
        type=Path,
        metavar="ERRORS.csv",
        help="also write the rows that failed to this CSV",
    )
    batch.add_argument("--quiet", action="store_true", help="no progress bar")
    _add_letter_options(batch)
    batch.set_defaults(handler=cmd_batch)


def _add_import_parser(imp: argparse.ArgumentParser) -> None:
    imp.add_argument("file", type=Path, help="a /api/Members/Search result (JSON)")
    imp.add_argument(
        "--contacts",
        type=Path,
        help="JSON mapping member id to its /api/Members/{id}/Contact result",
    )
    imp.add_argument(
        "--data-dir",
        type=Path,
        help="folder to write mps.csv to (default: LETTERS_DATA_DIR, else ./instance/data)",
    )
    imp.add_argument("--as-of", type=_date, help="date of the data, YYYY-MM-DD (default: today)")
    imp.add_argument("--dry-run", action="store_true", help="show the changes, write nothing")
    scope = imp.add_mutually_exclusive_group()
    scope.add_argument(
        "--full",
        dest="full",
        action="store_const",
        const=True,
        help="the file lists every current MP: absent seats become vacant",
    )
    scope.add_argument(
        "--partial",
        dest="full",
        action="store_const",
        const=False,
        help="the file lists only some MPs: no seat becomes vacant",
    )
    imp.set_defaults(handler=cmd_mps_import, full=None)


_OPTIONS = {
    "address_lines": "--address",
    **{f: f"--{f}" for f in ("name", "postcode", "email", "reason", "concern")},
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage message
        return int(exc.code or 0)
    try:
        return args.handler(args)
    except (UsageError, SupportersFileError) as exc:
        print(f"{parser.prog} {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except NeedsChoice as exc:
        print(f"Error: {exc}. Say which with --constituency.", file=sys.stderr)
        return EXIT_FAILED
    except SupporterInvalid as exc:
        for field, message in exc.errors.items():
            print(f"Error: {_OPTIONS.get(field, field)}: {message}", file=sys.stderr)
        return EXIT_FAILED
    except UnknownPostcode as exc:
        print(f"Error: {exc}", file=sys.stderr)
        if args.command == "render":
            print("To choose by name, add --constituency NAME.", file=sys.stderr)
        return EXIT_FAILED
    except LettersError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        print(f"Error: {exc.strerror or exc} ({exc.filename or 'file'}).", file=sys.stderr)
        return EXIT_FAILED
