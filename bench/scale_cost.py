"""The projected cost of a national deployment from bench/scale.py's figures, with the
assumptions stated next to the numbers."""

from __future__ import annotations

import math

NATIONAL_PEOPLE = 100_000
NATIONAL_OPEN = 30_000  # 3% of 10^6 calls open at once
REMATCHES_PER_DAY = 4  # a crawl job per schedule group (hourly few, daily most): 4 rematches
WEEKLY_SHARE = 1 / 7  # weekly digests spread over the week's digest day: a seventh a day
SOURCES = 3_000  # every university's pages plus funders
CRAWL_SECONDS = 20  # per source and crawl (a subprocess each), polite delays included
CRAWLS_PER_DAY = 2  # most sources daily, some hourly: two crawls a source on average
CORES_PER_MACHINE = 2  # like this machine
PRICE_PER_MACHINE_HOUR = 0.04  # USD, a 2-vCPU/4 GB cloud VM (assumption, not a quote)


def projection(f: dict, n_people: int) -> str:
    """Worker-hours a day for rematches, digests and crawls at national size, in machines.

    A run smaller than national size has fewer open calls; its rate per profile is scaled
    down in proportion (linear in open calls: an upper bound on the cost, as measured rates
    fell less than that from 1/100 to 1/10 size)."""
    per_worker_profiles = n_people / f["rematch_1w_s"]  # one worker, one core
    two_worker_profiles = n_people / f["rematch_2w_s"]
    national_rate = per_worker_profiles * min(1.0, f["open_calls"] / NATIONAL_OPEN)
    rematch_h = REMATCHES_PER_DAY * NATIONAL_PEOPLE / national_rate / 3600
    digest_rate = f["digests_sent"] / f["digest_s"] / 2 if f["digests_sent"] else 0.0
    digests_a_day = NATIONAL_PEOPLE * (WEEKLY_SHARE + 0.03)
    digest_h = digests_a_day / digest_rate / 3600 if digest_rate else float("nan")
    crawl_h = SOURCES * CRAWLS_PER_DAY * CRAWL_SECONDS / 3600
    total_h = rematch_h + digest_h + crawl_h
    machines = total_h / 24 / CORES_PER_MACHINE
    whole = max(1, math.ceil(machines))
    return "\n".join([
        "### projection (national: 10^5 people, 3,000 sources)",
        f"- measured: {per_worker_profiles:,.0f} profiles/s on 1 worker, "
        f"{two_worker_profiles:,.0f} on 2 ({f['open_calls']:,} open calls); {digest_rate:.1f} "
        f"digests/s per worker; at {NATIONAL_OPEN:,} open calls, taken as "
        f"{national_rate:,.1f} profiles/s per worker",
        f"- assumptions: {REMATCHES_PER_DAY} full rematches a day; digests to daily readers (3%) "
        f"and a seventh of weekly ones each day; {SOURCES:,} sources crawled {CRAWLS_PER_DAY}× a "
        f"day at {CRAWL_SECONDS} s each; {CORES_PER_MACHINE}-core machines at "
        f"${PRICE_PER_MACHINE_HOUR}/h; one worker per core",
        f"- worker-hours a day: rematch {rematch_h:.1f}, digests {digest_h:.1f}, "
        f"crawls {crawl_h:.1f}; total {total_h:.1f}",
        f"- that keeps {machines:.2f} machines of {CORES_PER_MACHINE} cores busy around the "
        f"clock: {whole} worker machine(s), about ${whole * 24 * 30 * PRICE_PER_MACHINE_HOUR:.0f} "
        "a month (plus PostgreSQL and the broker, one small machine each)",
    ])  # fmt: skip
