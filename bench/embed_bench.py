"""The journey inside a partner's frame beside the plain journey: what embedding costs.

One journey is what a supporter's browser asks for: the campaign page (with a source, as the
partner's snippet opens it), the postcode, the letter form and its answer, the preview, the PDF
and the thank-you page. It runs with Flask's test client (in the process: no server, no network)
on an app over a temporary SQLite database with the migrations applied and one partner site
listed, so each embed page also answers the framing question (the partner's origins, cached).
Each kind is run once to warm up, then JOURNEYS times, alternating so machine noise falls on
both alike; the figures are the medians, and the difference is the frame's cost.

    python -m bench embed_bench
    python -m bench.embed_bench [JOURNEYS]
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.table import add_row

JOURNEYS = 30
PARTNER = "https://partner.example"
SOURCE = "bench-partner"
SUPPORTER = {
    "name": "Ada Lovelace-Byron",
    "address_line1": "12 Example Street",
    "town": "London",
    "postcode": "SW1A 1AA",
    "reason": "My neighbour fled Baghdad in 2007.",
}
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _app(folder: Path):
    """An app on a fresh, migrated SQLite database in `folder`, with one partner site."""
    from webapp import create_app
    from webapp.reach import partners
    from webapp.schema import upgrade

    settings = {
        "APP_ENV": "testing",
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "RATELIMIT_ENABLED": False,
    }
    app = create_app(settings)
    upgrade(app)
    with app.test_request_context():
        partner = partners.checked_partner(PARTNER, "Bench partner", SOURCE)
        partners.add(app.config["CAMPAIGN"], partner)
    return app


def _expect(answer, status: int, what: str):
    if answer.status_code != status:
        raise RuntimeError(f"{what}: {answer.status_code}, expected {status}")
    return answer


def _token(answer) -> str:
    return _CSRF.search(answer.get_data(as_text=True)).group(1)


def journey(app, under: str) -> float:
    """Milliseconds for one supporter's whole journey under `under` ("" or "/embed")."""
    client = app.test_client()
    started = time.perf_counter()
    landing = _expect(client.get(f"{under}/?source={SOURCE}"), 200, "campaign page")
    postcode = {"postcode": SUPPORTER["postcode"], "csrf_token": _token(landing)}
    _expect(client.post(f"{under}/find-your-mp", data=postcode), 303, "postcode")
    form = _expect(client.get(f"{under}/your-letter"), 200, "letter form")
    letter = {**SUPPORTER, "csrf_token": _token(form)}
    _expect(client.post(f"{under}/your-letter", data=letter), 303, "letter")
    _expect(client.get(f"{under}/your-letter/preview"), 200, "preview")
    pdf = _expect(client.get(f"{under}/letter.pdf"), 200, "PDF")
    if pdf.mimetype != "application/pdf":
        raise RuntimeError(f"the PDF came back as {pdf.mimetype}")
    _expect(client.get(f"{under}/thank-you?via=pdf"), 200, "thank-you page")
    return (time.perf_counter() - started) * 1000


def main(journeys: int = JOURNEYS) -> dict[str, float]:
    """Time the plain and the embedded journey; print and record their medians."""
    with tempfile.TemporaryDirectory() as folder:
        app = _app(Path(folder))
        kinds = {"plain": "", "embedded": "/embed"}
        times: dict[str, list[float]] = {kind: [] for kind in kinds}
        for under in kinds.values():
            journey(app, under)  # warm up: templates compiled, caches filled
        for _ in range(journeys):
            for kind, under in kinds.items():
                times[kind].append(journey(app, under))
    medians = {kind: statistics.median(found) for kind, found in times.items()}
    cost = medians["embedded"] - medians["plain"]
    print(f"{'journey':<10} {'median ms':>10} {'p95 ms':>8}  ({journeys} each)")
    for kind, found in times.items():
        p95 = sorted(found)[max(0, round(0.95 * len(found)) - 1)]
        print(f"{kind:<10} {medians[kind]:>10.1f} {p95:>8.1f}")
    print(f"the frame costs {cost:+.1f} ms a journey ({cost / medians['plain']:+.1%})")
    add_row("Supporter journey, plain (median)", f"{medians['plain']:.0f} ms")
    add_row(
        "Supporter journey inside a partner's frame (median)",
        f"{medians['embedded']:.0f} ms ({cost:+.0f} ms)",
    )
    return medians


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else JOURNEYS)
