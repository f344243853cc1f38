"""`python -m bench --record` keeps BENCHMARKS.md newest first."""

from bench import table

INTRO = "# Benchmarks, dated\n\nHow to read this.\n"
OLD_RUN = "\n## 2026-11-29 18:25 UTC — old machine\n\n| What | Figure |\n"
NEW_RUN = "\n## 2026-12-07 07:14 UTC — new machine\n\n| What | Figure |\n"


def test_a_new_run_goes_above_the_older_runs_under_the_intro():
    document = table.newest_first(INTRO + OLD_RUN, NEW_RUN)

    assert document.startswith(INTRO)
    assert document.index("2026-12-07") < document.index("2026-11-29")
    assert document.count("## ") == 2


def test_the_first_run_follows_the_intro():
    document = table.newest_first(INTRO, NEW_RUN)

    assert document == INTRO + NEW_RUN
