"""`make bench`: run every benchmark the project has and print its figures.

Each benchmark module exposes `main()` and prints its own table (medians, p95/p99, targets).
A module that cannot run here (for example wrk is missing) explains why and the rest still run.
"""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

from bench import table

BENCHMARKS = (
    "bench.letters_lookup",
    "bench.letters_bench",
    "bench.letter_quality",
    "bench.web_bench",
    "bench.embed_bench",
    "bench.export_bench",
    "bench.staff_pages",
)


RECORD = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def main() -> int:
    """Run the benchmarks named on the command line (or all), then print one table of figures.

    `--record` also adds the table, dated and naming the machine, to BENCHMARKS.md, newest first.
    """
    args = [arg for arg in sys.argv[1:] if arg != "--record"]
    wanted = args or [name.rsplit(".", 1)[1] for name in BENCHMARKS]
    failures = 0
    for module_name in BENCHMARKS:
        if module_name.rsplit(".", 1)[1] not in wanted:
            continue
        print(f"\n=== {module_name} ===", flush=True)
        started = time.perf_counter()
        try:
            importlib.import_module(module_name).main()
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            print(f"(not present: {module_name})")
        except Exception as exc:
            failures += 1
            print(f"FAILED: {type(exc).__name__}: {exc}")
        print(f"({time.perf_counter() - started:.1f} s)", flush=True)
    print(f"\n=== every figure ({table.machine()}) ===\n{table.render()}")
    if "--record" in sys.argv[1:] and table.ROWS:
        RECORD.write_text(
            table.newest_first(RECORD.read_text(encoding="utf-8"), table.dated_record()),
            encoding="utf-8",
        )
        print(f"(added to the top of {RECORD.name})")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
