"""The supporter journey for `make load` (run by bench/load.py through locust; imports no app code).

Each simulated supporter walks the whole journey as a new visitor (fresh cookies): the campaign
page, the postcode, the letter form (with its CSRF token; every other one asks us to keep the
letter), the preview and the PDF, thinking LOAD_THINK_SECONDS (default 1-3 s) between steps.
The supporters are split evenly over the campaigns at LOAD_CAMPAIGN_PATHS (default "/", the main
campaign at the site's root; e.g. "/,/winter-flights/"), each supporter keeping to one. A step
has the same name on every campaign, so locust's figures are over all supporters; each
campaign's own p50/p99 per step are kept beside them. Every status is tallied, and when the run
stops the tallies go to LOAD_TALLY (JSON) for the driver to compare with the database. The run
also stops itself after LOAD_MAX_JOURNEYS.
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections import Counter, defaultdict

from locust import HttpUser, between, events, task

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
POSTCODES = os.environ.get("LOAD_POSTCODES", "SW1A 1AA").split(",")
THINK = [float(x) for x in os.environ.get("LOAD_THINK_SECONDS", "1,3").split(",")]
MAX_JOURNEYS = int(os.environ.get("LOAD_MAX_JOURNEYS", "100000"))
CAMPAIGN_PATHS = os.environ.get("LOAD_CAMPAIGN_PATHS", "/").split(",")

statuses: Counter[str] = Counter()  # "5 PDF 200" -> n
# "done" (PDF downloaded), "kept" (letter sent asking us to keep it), "broken"
journeys: Counter[str] = Counter()
# The same per campaign path, for the driver to compare each campaign's letters in the database.
journeys_by_path: defaultdict[str, Counter[str]] = defaultdict(Counter)
# Response times (ms) per campaign path and step, for each campaign's own percentiles.
times_by_path: defaultdict[str, defaultdict[str, list[float]]] = defaultdict(
    lambda: defaultdict(list)
)
_next_path = itertools.cycle(CAMPAIGN_PATHS)  # supporters take the campaigns in turn: an even split


class Supporter(HttpUser):
    """One supporter after another on one campaign: each journey starts without cookies."""

    wait_time = between(*THINK)

    def on_start(self) -> None:
        self.path = next(_next_path)
        self.prefix = self.path.rstrip("/")  # "" for the site's root

    def context(self) -> dict:
        """Every request's event names the campaign, for times_by_path."""
        return {"campaign_path": self.path}

    def _count(self, what: str, n: int = 1) -> None:
        journeys[what] += n
        journeys_by_path[self.path][what] += n

    def _call(self, name: str, method: str, url: str, **kwargs):
        with self.client.request(
            method,
            self.prefix + url,
            name=name,
            allow_redirects=False,
            catch_response=True,
            **kwargs,
        ) as response:
            statuses[f"{name} {response.status_code}"] += 1
            if response.status_code >= 400 or response.status_code == 0:
                response.failure(f"HTTP {response.status_code}")
            else:
                response.success()
            return response

    def _token(self, response) -> str:
        match = CSRF.search(response.text or "")
        return match.group(1) if match else ""

    @task
    def journey(self) -> None:
        """Campaign page → postcode → letter form → preview → PDF."""
        if journeys["done"] >= MAX_JOURNEYS:
            self.environment.runner.quit()
            return
        self.client.cookies.clear()
        number = journeys["started"]
        self._count("started")
        keep = number % 2 == 0
        page = self._call("1 campaign page", "GET", "/")
        if page.status_code != 200:
            self._count("broken")
            return
        self.wait()
        postcode = POSTCODES[number % len(POSTCODES)]
        found = self._call(
            "2 postcode",
            "POST",
            "/find-your-mp",
            data={"postcode": postcode, "csrf_token": self._token(page)},
        )
        form = self._call("3 letter form (GET)", "GET", "/your-letter")
        if found.status_code != 303 or form.status_code != 200:
            self._count("broken")
            return
        self.wait()
        letter = {
            "name": f"Load Supporter {number}",
            "address_line1": f"{number} Example Street",
            "town": "London",
            "postcode": postcode,
            "reason": "I want the UK to follow the UN's guidance on returns to Baghdad.",
            "csrf_token": self._token(form),
        }
        if keep:
            letter["keep_copy"] = "y"
        sent = self._call("3 letter form (POST)", "POST", "/your-letter", data=letter)
        if sent.status_code != 303:
            self._count("broken")
            return
        self._count("kept", keep)  # from here on the database must hold this letter
        self.wait()
        preview = self._call("4 preview", "GET", "/your-letter/preview")
        pdf = self._call("5 PDF", "GET", "/letter.pdf")
        if preview.status_code == 200 and pdf.status_code == 200:
            self._count("done")  # and the anonymous count must include it
        else:
            self._count("broken")


@events.request.add_listener
def _time(name: str, response_time: float, context: dict, **_kwargs) -> None:
    path = context.get("campaign_path")
    if path is not None:
        times_by_path[path][name].append(response_time)


def _percentile(times: list[float], share: float) -> float:
    """Nearest rank: the time `share` of the requests took at most."""
    ordered = sorted(times)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def _percentiles_by_path() -> dict[str, dict[str, list[float]]]:
    """{campaign path: {step: [p50 ms, p99 ms]}}."""
    return {
        path: {
            name: [_percentile(times, 0.50), _percentile(times, 0.99)]
            for name, times in steps.items()
        }
        for path, steps in times_by_path.items()
    }


@events.quitting.add_listener
def _write_tally(environment, **_kwargs) -> None:
    path = os.environ.get("LOAD_TALLY")
    if path:
        tally = {
            "statuses": statuses,
            "journeys": journeys,
            "journeys_by_path": journeys_by_path,
            "percentiles_by_path": _percentiles_by_path(),
        }
        with open(path, "w", encoding="utf-8") as out:
            json.dump(tally, out)
