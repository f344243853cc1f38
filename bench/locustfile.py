"""The supporter journey for `make load` (run by bench/load.py through locust; imports no app code).

Each simulated supporter walks the whole journey as a new visitor (fresh cookies): the campaign
page, the postcode, the letter form (with its CSRF token; every other one asks us to keep the
letter), the preview and the PDF, thinking LOAD_THINK_SECONDS (default 1-3 s) between steps.
Every status is tallied, and when the run stops the tallies go to LOAD_TALLY (JSON) for the
driver to compare with the database. The run also stops itself after LOAD_MAX_JOURNEYS.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter

from locust import HttpUser, between, events, task

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
POSTCODES = os.environ.get("LOAD_POSTCODES", "SW1A 1AA").split(",")
THINK = [float(x) for x in os.environ.get("LOAD_THINK_SECONDS", "1,3").split(",")]
MAX_JOURNEYS = int(os.environ.get("LOAD_MAX_JOURNEYS", "100000"))

statuses: Counter[str] = Counter()  # "5 PDF 200" -> n
# "done" (PDF downloaded), "kept" (letter sent asking us to keep it), "broken"
journeys: Counter[str] = Counter()


class Supporter(HttpUser):
    """One supporter after another: each journey starts without cookies."""

    wait_time = between(*THINK)

    def _call(self, name: str, method: str, url: str, **kwargs):
        with self.client.request(
            method, url, name=name, allow_redirects=False, catch_response=True, **kwargs
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
        journeys["started"] += 1
        keep = number % 2 == 0
        page = self._call("1 campaign page", "GET", "/")
        if page.status_code != 200:
            journeys["broken"] += 1
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
            journeys["broken"] += 1
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
            journeys["broken"] += 1
            return
        journeys["kept"] += keep  # from here on the database must hold this letter
        self.wait()
        preview = self._call("4 preview", "GET", "/your-letter/preview")
        pdf = self._call("5 PDF", "GET", "/letter.pdf")
        if preview.status_code == 200 and pdf.status_code == 200:
            journeys["done"] += 1  # and the anonymous count must include it
        else:
            journeys["broken"] += 1


@events.quitting.add_listener
def _write_tally(environment, **_kwargs) -> None:
    path = os.environ.get("LOAD_TALLY")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump({"statuses": statuses, "journeys": journeys}, out)
