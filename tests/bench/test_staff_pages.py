"""The staff pages benchmark: it times the real pages, signed in, and adds both figures."""

from __future__ import annotations

from bench import staff_pages, table


def test_it_times_both_pages_signed_in_and_adds_their_medians(monkeypatch):
    """Each page is timed the number of times asked, and its median joins the table."""
    monkeypatch.setattr(table, "ROWS", [])
    timings = staff_pages.main(requests=2)
    assert list(timings) == [what for what, _url, _words in staff_pages.PAGES]
    assert all(len(ms) == 2 and min(ms) > 0 for ms in timings.values())
    assert [row.what for row in table.ROWS] == list(timings)
    assert all(row.target == "≤ 300 ms" and "ms median" in row.figure for row in table.ROWS)
