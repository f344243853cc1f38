"""Web benchmark: letters per second through gunicorn, measured with wrk (or, without it, aiohttp).

Starts gunicorn (2 workers) on a temporary SQLite database with the migrations applied, writes
N distinct supporters' letters through the real forms to get their session cookies, then runs wrk
(2 threads, 20 connections, 10 s) rotating through those cookies against GET /letter.pdf, and the
same against /healthz. Prints requests/s and p50/p99 latency for each. Where wrk is not
installed, `bench/http_load.py` (aiohttp, a dev dependency) sends the same load from Python.

Settings (environment): WEB_BENCH_SUPPORTERS (200), WEB_BENCH_SECONDS (10),
WEB_BENCH_CONNECTIONS (20), WEB_BENCH_WORKER_CLASS (gthread), WEB_BENCH_THREADS (2),
WEB_BENCH_RUNS (5: the letters figure is the median run by requests/s).
gthread keeps wrk's connections alive; sync workers close each one, which costs a measurable
share of a 2-core machine (set WEB_BENCH_WORKER_CLASS=sync to compare). Two threads per worker,
as the Procfile: on 7 December 2026 two measured no lower throughput than one (630 and 414
letters/s on a noisy machine), and the second thread serves supporters while a staff page waits
for its checks.
"""

from __future__ import annotations

import csv
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.table import add_row

ROOT = Path(__file__).resolve().parent.parent
WRK = shutil.which("wrk") or "/usr/bin/wrk"
TARGET_LETTERS_PER_SECOND = 450
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_RESULT = re.compile(r"^RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", re.MULTILINE)

_LUA = """
local cookies = {%(cookies)s}
local counter = 0
local thread_count = 0

function setup(thread)
  thread:set("offset", thread_count * 97)
  thread_count = thread_count + 1
end

function init(args)
  counter = offset or 0
end

function request()
  counter = counter + 1
  local cookie = cookies[(counter %% #cookies) + 1]
  return wrk.format("GET", "%(path)s", { ["Cookie"] = cookie })
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""


@dataclass(frozen=True)
class Result:
    """One load run (wrk or the Python client)."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    bad_status: int
    socket_errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def _setting(name: str, default: int | str) -> str:
    return os.environ.get(name, str(default))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _postcodes(count: int) -> list[str]:
    """`count` postcodes, each placed exactly in a different constituency where possible."""
    from letters.directory import MatchKind, default_directory

    directory = default_directory()
    path = ROOT / "letters" / "data" / "postcode_ranges.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found: dict[str, str] = {}
    step = max(1, len(rows) // (count * 4))
    for row in rows[::step]:
        raw = row["first_postcode"]
        postcode = f"{raw[:-3]} {raw[-3:]}"
        try:
            match = directory.lookup_postcode(postcode)
        except Exception:
            continue
        if match.kind is MatchKind.EXACT and match.constituency.code not in found:
            found[match.constituency.code] = postcode
        if len(found) == count:
            break
    postcodes = list(found.values())
    return [postcodes[i % len(postcodes)] for i in range(count)]


def _post(client, url: str, data: dict[str, str]):
    token = _CSRF.search(client.get(url).get_data(as_text=True)).group(1)
    return client.post(url, data={**data, "csrf_token": token})


def prepare_sessions(config: dict, count: int) -> list[str]:
    """Write `count` different supporters' letters through the forms; return their cookies."""
    from webapp import create_app
    from webapp.schema import upgrade

    app = create_app(config)
    upgrade(app)
    names = ("Amira O'Brien", "Seán Ní Bhriain", "Дмитрий Иванов", "Zoë Okafor", "محمد علي")
    cookies = []
    for index, postcode in enumerate(_postcodes(count)):
        client = app.test_client()
        found = _post(client, "/find-your-mp", {"postcode": postcode})
        sent = _post(
            client,
            "/your-letter",
            {
                "name": f"{names[index % len(names)]} {index}",
                "address_line1": f"{index + 1} High Street",
                "town": "Anytown",
                "postcode": postcode,
                "reason": "I have friends who were sent back to Baghdad. " * (index % 4),
            },
        )
        if found.status_code != 303 or sent.status_code != 303:
            raise RuntimeError(f"could not write letter {index} ({postcode})")
        cookies.append(f"session={client.get_cookie('session').value}")
    return cookies


def _start_gunicorn(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "webapp:create_app()",
        "--config",  # as the Procfile
        str(ROOT / "gunicorn.conf.py"),
        "--workers",
        "2",
        "--worker-class",
        _setting("WEB_BENCH_WORKER_CLASS", "gthread"),
        "--threads",
        _setting("WEB_BENCH_THREADS", 2),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as reply:
                if reply.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"gunicorn did not start; see {log}")


def _check_cookies(port: int, cookies: list[str]) -> None:
    """Every prepared cookie must give a PDF, or the benchmark would measure redirects."""
    for cookie in cookies[:10]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/letter.pdf", headers={"Cookie": cookie}
        )
        with urllib.request.urlopen(request, timeout=10) as reply:
            body = reply.read()
            if reply.headers.get_content_type() != "application/pdf" or not body.startswith(
                b"%PDF"
            ):
                raise RuntimeError("the prepared session did not download a PDF")


def run_wrk(port: int, path: str, cookies: list[str], seconds: int, workdir: Path) -> Result:
    """Run wrk against `path`, rotating through `cookies`."""
    script = workdir / f"bench{path.replace('/', '_')}.lua"
    quoted = ",".join(f'"{c}"' for c in cookies) or '""'
    script.write_text(_LUA % {"cookies": quoted, "path": path}, encoding="utf-8")
    connections = _setting("WEB_BENCH_CONNECTIONS", 20)
    command = [
        WRK,
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-s",
        str(script),
    ]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True
    ).stdout
    found = _RESULT.search(output)
    if found is None:
        raise RuntimeError(f"wrk gave no result:\n{output}")
    requests, micros, p50, p99, bad, errors = (int(x) for x in found.groups())
    return Result(requests, micros / 1e6, p50 / 1000, p99 / 1000, bad, errors)


def client_name() -> str:
    """The load generator this machine has: wrk where installed, else the Python one."""
    return "wrk" if Path(WRK).exists() else "aiohttp"


def run_load(port: int, path: str, cookies: list[str], seconds: int, workdir: Path) -> Result:
    """Send the benchmark's load to `path` with wrk, or with the Python client without it."""
    if client_name() == "wrk":
        return run_wrk(port, path, cookies, seconds, workdir)
    from bench import http_load

    connections = int(_setting("WEB_BENCH_CONNECTIONS", 20))
    found = http_load.run(f"http://127.0.0.1:{port}{path}", cookies, seconds, connections)
    return Result(
        found.requests,
        found.seconds,
        found.p50_ms,
        found.p99_ms,
        found.bad_status,
        found.socket_errors,
    )


def _worker_cpu_seconds(master: int) -> float:
    """CPU time (user + system) used so far by gunicorn's workers, from /proc."""
    children = Path(f"/proc/{master}/task/{master}/children")
    total = 0
    for pid in children.read_text().split() if children.exists() else []:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


def _measure(port: int, path: str, cookies: list[str], seconds: int, workdir: Path, master: int):
    """A load run, plus the workers' CPU milliseconds per request during it."""
    before = _worker_cpu_seconds(master)
    result = run_load(port, path, cookies, seconds, workdir)
    cpu_ms = (_worker_cpu_seconds(master) - before) * 1000 / max(result.requests, 1)
    return result, cpu_ms


def _letters_counted(config: dict) -> int:
    from sqlalchemy import func, select

    from webapp import create_app
    from webapp.extensions import db
    from webapp.submissions.models import LetterCount

    app = create_app(config)
    with app.app_context():
        counted = db.session.scalar(select(func.count()).where(LetterCount.pdf.is_(True)))
        db.engine.dispose()
    return counted or 0


def _report(label: str, result: Result, target: int | None = None) -> None:
    verdict = ""
    if target:
        verdict = f"  (target ≥ {target}/s: {'met' if result.per_second >= target else 'NOT met'})"
    print(
        f"{label:22s} {result.per_second:8.1f} req/s   p50 {result.p50_ms:6.1f} ms   "
        f"p99 {result.p99_ms:6.1f} ms   requests {result.requests}   "
        f"non-2xx/3xx {result.bad_status}   socket errors {result.socket_errors}{verdict}"
    )


def main() -> None:
    """Run the benchmark and print letters/s and latency for /letter.pdf and /healthz."""
    client = client_name()
    if client != "wrk":
        print("wrk is not installed: measuring with the Python client (aiohttp) instead")
    count = int(_setting("WEB_BENCH_SUPPORTERS", 200))
    seconds = int(_setting("WEB_BENCH_SECONDS", 10))
    with tempfile.TemporaryDirectory(prefix="web-bench-") as tmp:
        workdir = Path(tmp)
        # Production insists on shared rate limits (Redis); without REDIS_URL the bench runs the
        # development settings, whose limits are counted per process.
        app_env = "production" if os.environ.get("REDIS_URL") else "development"
        env = {
            **os.environ,
            "APP_ENV": app_env,
            "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "SESSION_COOKIE_SECURE": "false",  # wrk and the test client speak plain http
            "RATELIMIT_DOWNLOAD": "1000000 per minute",  # the limiter runs, but never refuses
            "RATELIMIT_FORM": "1000000 per minute",
            "RATELIMIT_DOWNLOAD_PER_ADDRESS": "1000000 per minute",  # wrk is one address
            "RATELIMIT_FORM_PER_ADDRESS": "1000000 per minute",
        }
        config = {
            "APP_ENV": app_env,
            "SECRET_KEY": env["SECRET_KEY"],
            "DATABASE_URL": env["DATABASE_URL"],
            "SESSION_COOKIE_SECURE": False,
            "PREFERRED_URL_SCHEME": "http",  # the test client would otherwise speak https
            "RATELIMIT_ENABLED": False,
        }
        started = time.perf_counter()
        cookies = prepare_sessions(config, count)
        print(
            f"prepared {len(cookies)} supporters' sessions in {time.perf_counter() - started:.1f} s"
        )
        port = _free_port()
        server = _start_gunicorn(env, port, workdir / "gunicorn.log")
        try:
            _check_cookies(port, cookies)
            run_load(port, "/letter.pdf", cookies, 2, workdir)  # warm both workers' caches
            runs = [
                _measure(port, "/letter.pdf", cookies, seconds, workdir, server.pid)
                for _ in range(int(_setting("WEB_BENCH_RUNS", 5)))
            ]
            for result, _cpu in runs:
                _report("  one run", result)
            letters, letter_cpu = sorted(runs, key=lambda run: run[0].per_second)[len(runs) // 2]
            health, health_cpu = _measure(port, "/healthz", [], seconds, workdir, server.pid)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        worker = _setting("WEB_BENCH_WORKER_CLASS", "gthread")
        print(
            f"gunicorn 2 workers ({worker}), {client} "
            f"{'2 threads × ' if client == 'wrk' else ''}"
            f"{_setting('WEB_BENCH_CONNECTIONS', 20)} connections, {seconds} s each, "
            f"{os.cpu_count()} CPUs"
        )
        _report("/letter.pdf (median)", letters, TARGET_LETTERS_PER_SECOND)
        add_row(
            f"/letter.pdf under gunicorn (2 workers), {client} on 127.0.0.1",
            f"{letters.per_second:.0f} letters/s (median of {len(runs)}), "
            f"p99 {letters.p99_ms:.0f} ms, {letters.bad_status} refused or failed",
            f"≥ {TARGET_LETTERS_PER_SECOND}/s",
            met=letters.per_second >= TARGET_LETTERS_PER_SECOND and not letters.bad_status,
        )
        _report("/healthz", health)
        # Throughput depends on what else the machine runs; CPU per request does much less.
        cores = 2
        print(
            f"worker CPU per request: /letter.pdf {letter_cpu:.2f} ms, "
            f"/healthz {health_cpu:.2f} ms "
            f"(so {cores} otherwise idle cores could serve about "
            f"{cores * 1000 / letter_cpu:.0f} letters/s; load average now "
            f"{os.getloadavg()[0]:.1f})"
        )
        print(f"letters counted once each: {_letters_counted(config)} of {len(cookies)}")


if __name__ == "__main__":
    main()
