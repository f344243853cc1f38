"""A small HTTP load generator in Python (aiohttp), for machines without wrk.

Works like the wrk script in `web_bench`: a fixed number of keep-alive connections, each sending
the next request as soon as the last answer has been read in full, for a fixed time, rotating
through the prepared session cookies. It runs in this process, so it takes some of the machine's
CPU from the server, as wrk does (a little more): figures from the two are close, not equal.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class LoadResult:
    """What one run sent and how long the answers took."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    bad_status: int
    socket_errors: int


def run(
    url: str, cookies: list[str], seconds: float, connections: int = 20, timeout: float = 5
) -> LoadResult:
    """GET `url` over `connections` connections for `seconds`, cycling through `cookies`."""
    return asyncio.run(_run(url, cookies, seconds, connections, timeout))


async def _run(
    url: str, cookies: list[str], seconds: float, connections: int, timeout: float
) -> LoadResult:
    import aiohttp  # only the benchmark needs it

    latencies: list[float] = []
    errors = {"status": 0, "socket": 0}
    connector = aiohttp.TCPConnector(limit=connections, force_close=False)
    # Each request carries the cookie it was given; the server's Set-Cookie must not replace it.
    async with aiohttp.ClientSession(
        connector=connector,
        cookie_jar=aiohttp.DummyCookieJar(),
        timeout=aiohttp.ClientTimeout(total=timeout),
        auto_decompress=False,
    ) as session:
        started = time.perf_counter()
        deadline = started + seconds

        async def connection(offset: int) -> None:
            counter = offset
            while time.perf_counter() < deadline:
                counter += 1
                headers = {"Cookie": cookies[counter % len(cookies)]} if cookies else {}
                sent = time.perf_counter()
                try:
                    async with session.get(url, headers=headers, allow_redirects=False) as reply:
                        await reply.read()
                        if reply.status >= 400:
                            errors["status"] += 1
                except (aiohttp.ClientError, TimeoutError):
                    errors["socket"] += 1
                    continue
                latencies.append(time.perf_counter() - sent)

        await asyncio.gather(*(connection(index * 97) for index in range(connections)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return LoadResult(
        requests=len(latencies),
        seconds=elapsed,
        p50_ms=_percentile(latencies, 50) * 1000,
        p99_ms=_percentile(latencies, 99) * 1000,
        bad_status=errors["status"],
        socket_errors=errors["socket"],
    )


def _percentile(ordered: list[float], percent: float) -> float:
    """The `percent`th percentile of an already sorted list (0 for an empty one)."""
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))
    return ordered[index]
