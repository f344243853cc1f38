"""PDF letter speed: ms per letter (Latin-script, embedded-Unicode-font and Welsh), and merged
export.

Run with `python -m bench.letters_bench [--merged N ...]`. Letters are composed from the default
campaign for deterministic, distinct supporters (names, addresses, constituencies and reasons all
vary), then each is rendered once after a warm-up. The merged export runs in a fresh process so
its peak memory (ru_maxrss) is its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

from bench.table import add_row
from letters.model import Language, Letter, Supporter
from letters.render.pdf import count_pages, render_pdf

LETTERS = 600
WARM_UP = 60
TODAY = dt.date(2026, 11, 28)
# A Welsh letter's ŵ and ŷ are outside the PDF's built-in encoding: it embeds the font too.
TARGETS_MS = {"Latin-script letter": 3.5, "Unicode-font letter": 6.0, "Welsh letter": 6.0}
MERGED_TARGET = "10,000 letters: <= 25 s, <= 150 MB peak RSS"

# fmt: off
_LATIN_FIRST = ["Anna", "John", "Mary", "Seán", "Zoë", "Chloé", "Oliver", "Amelia", "Noah",
                "Isla", "Jack", "Freya", "Aoife", "Rhys"]
_LATIN_LAST = ["Smith", "O’Brien", "Jones", "Müller", "García", "Ní Bhriain", "Okafor", "Patel",
               "Evans", "Hughes"]
_UNICODE_FIRST = ["Zażółć", "Łukasz", "İlkay", "Şükrü", "Ελευθερία", "Γιώργος", "Юлия", "Дмитрий",
                  "Nguyễn", "Trần"]
_UNICODE_LAST = ["Gęślą", "Wróbel", "Çelik", "Öztürk", "Παπαδοπούλου", "Νικολάου", "Иванова",
                 "Смирнов", "Thị", "Văn"]
_WELSH_FIRST = ["Llŷr", "Siân", "Dafydd", "Gwenllian", "Ieuan", "Ffion", "Rhodri", "Eluned"]
_WELSH_LAST = ["Gwŷn", "ap Dafydd", "Llwyd", "Prys", "Glyndŵr", "Morgan", "Tudur"]
_STREETS = ["High Street", "Church Road", "Station Road", "Mill Lane", "Victoria Road",
            "Park Avenue"]
_TOWNS = ["Leeds", "Cardiff", "Glasgow", "Bristol", "Norwich", "Wrexham", "Dundee", "Exeter"]
# fmt: on
_REASON = "My neighbours came here from Iraq and I have seen what fear of return does to a family."


def _supporters(
    first: list[str], last: list[str], count: int, language: str = "en"
) -> Iterator[Supporter]:
    """Distinct supporters: every one differs in name, house number and reason."""
    names = itertools.cycle(itertools.product(first, last))
    for i in range(count):
        given, family = next(names)
        yield Supporter(
            name=f"{given} {family}-{i}",
            address_lines=(f"{i + 1} {_STREETS[i % len(_STREETS)]}", _TOWNS[i % len(_TOWNS)]),
            postcode=f"LS{i % 30 + 1} {i % 9}AB",
            email=f"supporter{i}@example.org" if i % 2 else None,
            reason=f"{_REASON} ({i})" if i % 3 == 0 else None,
            language=Language(language),
        )


def _composer(language: str = "en") -> Callable[[Supporter, int], Letter]:
    """letter_for_mp() against the default campaign, over many constituencies, in `language`."""
    from letters.campaign import findings_file, load_campaign
    from letters.directory import default_directory
    from letters.findings import with_welsh
    from letters.service import letter_for_mp
    from letters.templating import LetterTemplate

    campaign = load_campaign()
    name = campaign.default_template
    source = campaign.template_source(name, language)
    template = LetterTemplate.compile(source, name=name, language=language)
    findings = campaign.findings
    if language != "en":
        text = campaign.findings_text(language)
        findings = with_welsh(text, findings, source_name=findings_file(language))
    directory = default_directory()
    seats = directory.constituencies()

    def make(supporter: Supporter, i: int) -> Letter:
        seat = seats[(i * 7) % len(seats)]
        return letter_for_mp(
            supporter, directory.mp_for(seat.code), seat,
            template=template, findings=findings, today=TODAY,
        )  # fmt: skip

    return make


def _letters(first: list[str], last: list[str], count: int, language: str = "en") -> list[Letter]:
    make = _composer(language)
    return [make(s, i) for i, s in enumerate(_supporters(first, last, count, language))]


def _time_each(function: Callable[[Letter], object], letters: list[Letter]) -> list[float]:
    for letter in letters[:WARM_UP]:
        function(letter)
    timings = []
    clock = time.perf_counter
    for letter in letters[WARM_UP:]:
        started = clock()
        function(letter)
        timings.append((clock() - started) * 1000)
    return timings


def _row(label: str, timings: list[float], target: float | None) -> str:
    timings = sorted(timings)
    p95 = timings[int(len(timings) * 0.95)]
    verdict = "" if target is None else ("ok" if statistics.median(timings) <= target else "SLOW")
    shown = "" if target is None else f"<= {target:.1f}"
    return (
        f"{label:<28}{len(timings):>6}{statistics.median(timings):>10.2f}{p95:>9.2f}"
        f"{statistics.fmean(timings):>9.2f}{shown:>10}  {verdict}"
    )


_MERGED_SCRIPT = """
import resource, sys, time
sys.path.insert(0, {root!r})
from bench.letters_bench import _composer, _supporters, _LATIN_FIRST, _LATIN_LAST
from bench.letters_bench import _UNICODE_FIRST, _UNICODE_LAST
from letters.render.pdf import CoverPage, write_merged_pdf

class Sink:
    size = 0
    def write(self, data):
        self.size += len(data)

count = {count}
make = _composer()
latin = _supporters(_LATIN_FIRST, _LATIN_LAST, count)
others = _supporters(_UNICODE_FIRST, _UNICODE_LAST, count)
letters = (make(pair[i % 5 == 0], i) for i, pair in enumerate(zip(latin, others)))
sink = Sink()
started = time.perf_counter()
pages = write_merged_pdf(letters, sink, cover=CoverPage("Benchmark", ("{count} letters",)))
elapsed = time.perf_counter() - started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{elapsed:.2f}} {{rss:.1f}} {{pages}} {{sink.size / 2**20:.1f}}")
"""


def _merged(count: int) -> str:
    """Compose and write `count` letters (1 in 5 needs the Unicode font) in a fresh process."""
    root = str(__import__("pathlib").Path(__file__).resolve().parent.parent)
    script = _MERGED_SCRIPT.format(root=root, count=count)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    seconds, rss, pages, size = result.stdout.split()
    return (
        f"merged {count:>6,} letters: {float(seconds):6.2f} s (compose + render + write), "
        f"peak RSS {float(rss):6.1f} MB, {int(pages):,} pages, {float(size):.1f} MB"
    )


def _lookup() -> None:
    if "bench.letters_lookup" in sys.modules:
        print("postcode lookup: see bench.letters_lookup above")
        return
    try:
        from bench.letters_lookup import main as lookup_main
    except ModuleNotFoundError:
        print("postcode lookup: bench.letters_lookup is not present; skipped")
        return
    lookup_main()


def main(argv: list[str] | None = None) -> None:
    """Print ms per PDF letter (median, p95) for both font schemes, then merged-export figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.letters_bench")
    parser.add_argument("--merged", type=int, nargs="*", default=[1000], metavar="N")
    args = parser.parse_args(argv or [])
    latin = _letters(_LATIN_FIRST, _LATIN_LAST, LETTERS + WARM_UP)
    unicode = _letters(_UNICODE_FIRST, _UNICODE_LAST, LETTERS + WARM_UP)
    welsh = _letters(_WELSH_FIRST, _WELSH_LAST, LETTERS + WARM_UP, "cy")
    print(f"{'ms per letter':<28}{'n':>6}{'median':>10}{'p95':>9}{'mean':>9}{'target':>10}")
    measured = (
        ("Latin-script letter", latin),
        ("Unicode-font letter", unicode),
        ("Welsh letter", welsh),
    )
    for label, letters in measured:
        timings = _time_each(render_pdf, letters)
        print(_row(label, timings, TARGETS_MS[label]))
        median, target = statistics.median(timings), TARGETS_MS[label]
        add_row(f"PDF, {label}", f"{median:.2f} ms median", f"≤ {target} ms", met=median <= target)
    print(_row("count_pages (Latin)", _time_each(count_pages, latin), None))
    pages = statistics.mode(count_pages(letter) for letter in latin)
    print(f"(distinct supporters and seats; most letters run to {pages} page(s))")
    print(f"target for merged export: {MERGED_TARGET}")
    for count in args.merged:
        print(_merged(count), flush=True)
    _lookup()


if __name__ == "__main__":
    main(sys.argv[1:])
