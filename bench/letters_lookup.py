"""Postcode lookup speed: median microseconds per lookup over real postcodes (target ≤ 20 µs).

Run with `python -m bench.letters_lookup`. The postcodes are range starts from
letters/data/postcode_ranges.csv in outcodes that outcodes.csv knows, written as people type
them ("sw1a 1aa"), so every lookup does the full work: normalise, outcode check, bisect.
"""

from __future__ import annotations

import random
import statistics
import time

from bench.table import add_row
from letters.directory import DATA_DIR, Directory

TARGET_MICROSECONDS = 20.0
SAMPLE_SIZE = 20_000
ROUNDS = 3


def _real_postcodes() -> list[str]:
    def first_column(name: str) -> list[str]:
        lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()[1:]
        return [line.split(",", 1)[0] for line in lines]

    known = set(first_column("outcodes.csv"))
    postcodes = [
        f"{first[:-3]} {first[-3:]}".lower()
        for first in first_column("postcode_ranges.csv")
        if first[:-3] in known
    ]
    random.Random(2010).shuffle(postcodes)  # fixed seed: the same sample every run
    return postcodes[:SAMPLE_SIZE]


def main() -> None:
    """Print load time, and median and p95 microseconds per postcode lookup."""
    started = time.perf_counter()
    directory = Directory.load()
    load_ms = (time.perf_counter() - started) * 1000
    postcodes = _real_postcodes()
    lookup = directory.lookup_postcode
    timings: list[float] = []
    clock = time.perf_counter_ns
    for _ in range(ROUNDS):
        for postcode in postcodes:
            before = clock()
            lookup(postcode)
            timings.append((clock() - before) / 1000)
    median = statistics.median(timings)
    p95 = statistics.quantiles(timings, n=20)[-1]
    verdict = "ok" if median <= TARGET_MICROSECONDS else "SLOWER THAN TARGET"
    add_row(
        "Postcode lookup",
        f"{median:.1f} µs median",
        f"≤ {TARGET_MICROSECONDS:.0f} µs",
        met=median <= TARGET_MICROSECONDS,
    )
    print(f"letters: directory load {load_ms:.1f} ms")
    print(
        f"letters: postcode lookup median {median:.2f} µs, p95 {p95:.2f} µs over "
        f"{len(postcodes):,} real postcodes × {ROUNDS} (target ≤ {TARGET_MICROSECONDS:.0f} µs: "
        f"{verdict})"
    )


if __name__ == "__main__":
    main()
