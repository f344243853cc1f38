"""The findings form (webapp.staff.findings_form) written as the findings file, or what is wrong
where: names, dates and numbers are checked here in plain words; the file is then read back by
letters.findings and checked by letters.wording as any findings file is, and each problem is put
beside the box its line came from."""

from __future__ import annotations

import datetime as dt
import re
from types import MappingProxyType

from letters.errors import FindingsFileError
from letters.findings import ID_PATTERN, AtRiskGroup, Finding, FindingSet, Source, parse_findings
from letters.findings_toml import HEAD, TAIL, place_of_line, table_key, to_toml
from letters.wording import findings_issues
from webapp.i18n import _
from webapp.staff.findings_form import (
    FIELD_NAMES,
    SOURCE_NEEDS,
    FindingsState,
    FindingState,
    GroupState,
    SourceState,
)

_WHOLE_NUMBER = re.compile(r"-?\d{1,18}")


def to_text(
    state: FindingsState, *, today: dt.date | None = None, quiet_blanks: bool = False
) -> str | None:
    """The findings file the form describes, read back and checked as any findings file is
    (statements against their figures, dates, repeats; not spelling, which the background check
    does). Every problem is put beside its box; None when the boxes cannot make a file.

    With `quiet_blanks` (a button was pressed, not Save), a box just added and still empty is
    not yet a problem: there is no file, and nothing is said about it."""
    today = today or dt.date.today()
    if not _boxes_fit(state, today, quiet_blanks):
        return None
    text = to_toml(_finding_set(state), _comments(state))
    try:
        findings = parse_findings(text, source_name="findings.toml", today=today)
    except FindingsFileError as exc:
        place_problems(state, text, [("error", exc.message, exc.line)])
        return None
    issues = findings_issues(text, findings, spelling=False)
    place_problems(state, text, [(i.severity, i.message, i.line) for i in issues])
    return text


def place_problems(state: FindingsState, text: str, problems) -> None:
    """Put each (severity, message, line) problem found in `text` beside the box its line is
    in; a problem outside every box goes in the state's own lists."""
    for severity, message, line in problems:
        place = place_of_line(text, line)
        warning = severity != "error"
        if place is None:
            general = state.warnings if warning else state.errors
            if message not in general:
                general.append(message)
            continue
        key = {"finding_ids": "findings"}.get(place.key or "", place.key or "")
        key = key if key in FIELD_NAMES else ""
        state.add(place.section, place.index, key, message, warning=warning)


def _boxes_fit(state: FindingsState, today: dt.date, quiet_blanks: bool) -> bool:
    """Check what the file itself cannot say in plain words: names, dates, numbers, ticks."""
    if not state.sources:
        state.errors.append(_("Keep at least one source: every finding needs one."))
    if not state.findings:
        state.errors.append(_("Keep at least one finding."))
    blanks = False
    for section in ("sources", "findings", "groups"):
        names: list[str] = []
        for index, entry in enumerate(getattr(state, section)):
            if quiet_blanks and entry.blank:
                blanks = True
                continue
            _check_name(state, section, index, entry.id.strip(), names)
            if section == "sources":
                _check_source(state, index, entry)
            elif section == "findings":
                blanks |= _check_finding(state, index, entry, today, quiet_blanks)
            else:
                _check_group(state, index, entry)
    return not state.has_errors and not blanks


def _check_name(state: FindingsState, section: str, index: int, name: str, names: list[str]):
    if not ID_PATTERN.fullmatch(name):
        state.add(section, index, "id", _name_rule())
    elif name in names:
        state.add(section, index, "id", _("Another one above has this name: make it unique."))
    names.append(name)


def _check_source(state: FindingsState, index: int, source: SourceState) -> None:
    for key in SOURCE_NEEDS:
        if not getattr(source, key).strip():
            state.add("sources", index, key, _("Fill this in."))
    pages = source.pages.strip()
    if pages and not (pages.isdigit() and int(pages)):
        state.add("sources", index, "pages", _("Write a whole number, or leave it empty."))


def _check_group(state: FindingsState, index: int, group: GroupState) -> None:
    if not group.label.strip():
        state.add("groups", index, "label", _("Fill this in."))
    if not group.findings:
        state.add("groups", index, "findings", _("Tick at least one finding."))


def _name_rule() -> str:
    return _(
        "Use lower-case letters, digits and _ only, starting with a letter, such as "
        "uk_returns_2009."
    )


def _check_finding(
    state: FindingsState, index: int, finding: FindingState, today: dt.date, quiet_blanks: bool
) -> bool:
    """Check one finding's boxes; True when a figure just added is still empty (and quiet)."""

    def problem(key: str, message: str) -> None:
        state.add("findings", index, key, message)

    if not finding.statement.strip():
        problem("statement", _("Write the statement."))
    date = _date(finding.date)
    if date is None:
        problem("date", _("Write the date as year-month-day, such as 2009-10-01."))
    elif date > today:
        problem("date", _("This date is in the future: a finding reports what has happened."))
    if not finding.date_text.strip():
        problem("date_text", _("Write the date as letters give it, such as “October 2009”."))
    if not finding.sources:
        problem("sources", _("Tick at least one source."))
    if bool(finding.quote.strip()) != bool(finding.speaker.strip()):
        missing = "speaker" if finding.quote.strip() else "quote"
        problem(missing, _("A quotation needs who said it, and a speaker needs the quotation."))
    names, blanks = [], False
    for number, figure in enumerate(finding.figures):
        name = figure.name.strip()
        if figure.blank and quiet_blanks:
            blanks = True
            continue
        if not ID_PATTERN.fullmatch(name):
            problem(
                f"figure-{number}",
                _("Name the figure in lower-case letters, digits and _, such as killed_at_least."),
            )
        elif name in names:
            problem(f"figure-{number}", _("Another figure of this finding has this name."))
        if not _WHOLE_NUMBER.fullmatch(_number_text(figure.value)):
            problem(f"figure-{number}", _("Write the figure as a whole number, such as 44."))
        names.append(name)
    return blanks


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _number_text(text: str) -> str:
    """A figure as typed, without the spaces and commas people write in big numbers."""
    return re.sub(r"[\s,]", "", text)


def _finding_set(state: FindingsState) -> FindingSet:
    """The findings the boxes describe (once `_boxes_fit` passed)."""
    sources = [
        Source(
            id=s.id.strip(),
            **{k: getattr(s, k).strip() for k in SOURCE_NEEDS},
            pages=int(s.pages) if s.pages.strip() else None,
            url=s.url.strip() or None,
            cite_as=s.cite_as.strip() or None,
        )
        for s in state.sources
    ]
    findings = {
        f.id.strip(): Finding(
            id=f.id.strip(),
            statement=f.statement.strip(),
            figures=MappingProxyType(
                {fig.name.strip(): int(_number_text(fig.value)) for fig in f.figures}
            ),
            date=_date(f.date),
            date_text=f.date_text.strip(),
            sources=tuple(sources[i] for i in f.sources),
            quote=f.quote.strip() or None,
            speaker=f.speaker.strip() or None,
            note=f.note.strip() or None,
        )
        for f in state.findings
    }
    ids = [f.id.strip() for f in state.findings]
    groups = tuple(
        AtRiskGroup(g.id.strip(), g.label.strip(), tuple(ids[i] for i in g.findings))
        for g in state.groups
    )
    return FindingSet(
        findings=MappingProxyType(findings),
        groups=groups,
        sources=MappingProxyType({s.id: s for s in sources}),
    )


def _comments(state: FindingsState) -> dict[str, str]:
    """The comments the file had above each table, kept with their entries through the form."""
    comments = {HEAD: state.head, TAIL: state.tail}
    for section in ("sources", "findings", "groups"):
        for entry in getattr(state, section):
            comments[table_key(section, entry.id.strip())] = entry.comment
    return comments
