"""The projected cost of a national deployment from bench/scale.py's figures, with the
assumptions stated next to the numbers."""

from __future__ import annotations

import math

NATIONAL_PEOPLE = 100_000
NATIONAL_OPEN = 30_000  # 3% of 10^6 calls open at once
REMATCHES_PER_DAY = 4  # a crawl job per schedule group (hourly few, daily most): 4 rematches
WEEKLY_SHARE = 1 / 7  # weekly digests spread over the week's digest day: a seventh a day
SOURCES = 3_000  # every university's pages plus funders
# Wall time a crawl holds a worker: an unchanged re-crawl took 2.2 s and a 5,000-page first
# crawl 116 s (docs/benchmarks.md, Crawling); most days most sources change a little.
CRAWL_SECONDS = 20
CRAWLS_PER_DAY = 2  # most sources daily, some hourly: two crawls a source on average
CORES_PER_MACHINE = 2  # like this machine
PRICE_PER_MACHINE_HOUR = 0.04  # USD, a 2-vCPU/4 GB cloud VM (assumption, not a quote)


def projection(f: dict, n_people: int) -> str:
    """Worker-hours a day for rematches, digests and crawls at national size, in machines.

    A run smaller than national size has fewer open calls. Two cases: its rate per profile
    holds at national size (it barely moved from 3,049 to 9,000 open calls), or falls in
    proportion to the open calls (linear: an upper bound on the cost)."""
    measured = n_people / f["rematch_1w_s"]  # profiles/s on one worker, one core
    digest_rate = f["digests_sent"] / f["digest_s"] / 2 if f["digests_sent"] else float("nan")
    linear = measured * min(1.0, f["open_calls"] / NATIONAL_OPEN)
    lines = [
        "### projection (national: 10^5 people, 3,000 sources)",
        f"- measured: {measured:,.0f} profiles/s on 1 worker, {n_people / f['rematch_2w_s']:,.0f}"
        f" on 2 ({f['open_calls']:,} open calls); {digest_rate:.1f} digests/s per worker",
        f"- assumptions: {NATIONAL_OPEN:,} open calls; {REMATCHES_PER_DAY} full rematches a day; "
        f"digests to daily readers (3%) and a seventh of weekly ones each day; {SOURCES:,} "
        f"sources crawled {CRAWLS_PER_DAY}× a day at {CRAWL_SECONDS} s each; "
        f"{CORES_PER_MACHINE}-core machines at ${PRICE_PER_MACHINE_HOUR}/h; a worker per core",
    ]
    for name, rate in (("rate as measured", measured), ("rate falls linearly", linear)):
        lines.append(f"- {name} ({rate:,.1f} profiles/s per worker): " + _cost(rate, digest_rate))
    lines.append("- plus PostgreSQL and the broker: one small machine each")
    return "\n".join(lines)


def _cost(rematch_rate: float, digest_rate: float) -> str:
    rematch_h = REMATCHES_PER_DAY * NATIONAL_PEOPLE / rematch_rate / 3600
    digest_h = NATIONAL_PEOPLE * (WEEKLY_SHARE + 0.03) / digest_rate / 3600
    crawl_h = SOURCES * CRAWLS_PER_DAY * CRAWL_SECONDS / 3600
    total_h = rematch_h + digest_h + crawl_h
    machines = total_h / 24 / CORES_PER_MACHINE
    whole = max(1, math.ceil(machines))
    return (
        f"worker-hours a day: rematch {rematch_h:.1f}, digests {digest_h:.1f}, crawls "
        f"{crawl_h:.1f}, total {total_h:.1f}; {machines:.2f} machines busy around the clock: "
        f"{whole} worker machine(s), about ${whole * 24 * 30 * PRICE_PER_MACHINE_HOUR:.0f} a month"
    )
