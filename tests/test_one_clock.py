"""Business time comes from domain/clock.py alone, so tests (and demos) can set it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from domain import clock
from tests.conftest import REPO, TEST_MOMENT

WALL_CLOCK = re.compile(
    r"\b(datetime\.now\(|datetime\.today\(|date\.today\(|(?<!clock)\.utcnow\(|time\.time\()"
)
# Where the real wall clock is right: the clock itself, and HTTP dates a server sent us
# (Retry-After is about the server's real time, not business time).
ALLOWED = {"domain/clock.py", "crawlers/middlewares/retry_after.py"}


def test_only_the_clock_module_reads_the_wall_clock():
    offenders = []
    for package in ("domain", "storage", "crawlers", "matcher", "feeds", "radar"):
        for path in (REPO / package).rglob("*.py"):
            rel = path.relative_to(REPO).as_posix()
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if WALL_CLOCK.search(line) and rel not in ALLOWED:
                    offenders.append(f"{rel}:{number}: {line.strip()}")
    assert offenders == [], "read the time through domain.clock:\n" + "\n".join(offenders)


def test_the_suite_runs_on_its_own_date():
    assert clock.today() == TEST_MOMENT.date()
    assert clock.now() >= TEST_MOMENT


def test_pinning_moves_today_and_ticks_on():
    with clock.pinned(date(2028, 1, 10)) as start:
        assert clock.today("Asia/Tashkent") == date(2028, 1, 10)
        first = clock.now()
        assert first >= start and clock.now() >= first
    assert clock.today() == TEST_MOMENT.date()


def test_a_bad_pinned_value_says_what_to_write():
    import pytest

    with pytest.raises(clock.ClockError, match="ISO date"):
        clock.parse_moment("next tuesday")
    assert clock.parse_moment("2027-03-02") == datetime(2027, 3, 2, tzinfo=UTC)
