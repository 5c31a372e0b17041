"""`radar demo` shows the same picture on any date: its sample content moves with the calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from domain import clock
from radar.demo.shift import DEMO_EPOCH, days_since_epoch, shift_text, unshift_path
from radar.jobs.demo import run_demo
from storage import repository as repo
from storage.engine import make_engine


def test_dates_move_in_every_format_and_language_the_samples_use():
    text = (
        "Thu, 26 Nov 2026 09:14:22 | 2026-11-26T06:00:00Z | 15 January 2027 | January 15, 2027"
        " | до 15 января 2027 г. | 2027-yil 15-fevral | 2027 йил 31 март | CARE-2027 | 2027/28"
    )
    assert shift_text(text, 7) == (
        "Thu, 03 Dec 2026 09:14:22 | 2026-12-03T06:00:00Z | 22 January 2027 | January 22, 2027"
        " | до 22 января 2027 г. | 2027-yil 22-fevral | 2027 йил 7 апрель | CARE-2027 | 2027/28"
    )
    moved = shift_text(text, 366)
    assert "Sat, 27 Nov 2027" in moved and "16 January 2028" in moved
    assert "CARE-2028" in moved and "2028/29" in moved


def test_no_shift_on_the_day_the_content_was_written_and_links_find_their_files():
    assert days_since_epoch(DEMO_EPOCH) == 0
    assert shift_text("Deadline: 1 March 2027", 0) == "Deadline: 1 March 2027"
    assert unshift_path("/calls/care-2028-renewable.html", 366) == "/calls/care-2027-renewable.html"


def _open_and_mailed(out: Path) -> tuple[int, int, int]:
    summary = run_demo(out)
    engine = make_engine(summary.settings.database_url)
    try:
        today = clock.today(summary.settings.timezone)
        open_calls = repo.load_opportunities(engine, open_on=today, canonical_only=True)
        return len(open_calls), summary.match.matches, len(summary.digests.written)
    finally:
        engine.dispose()


@pytest.mark.slow
def test_the_demo_in_2028_shows_what_it_shows_today(tmp_path):
    with clock.pinned(datetime(2026, 11, 27, 8, tzinfo=UTC)):
        written_day = _open_and_mailed(tmp_path / "now")
    with clock.pinned(date(2028, 6, 1)):
        later = _open_and_mailed(tmp_path / "later")
    assert written_day[0] >= 20  # the sample sites hold about 30 open calls
    assert later[0] >= written_day[0] and later[2] >= written_day[2]
    assert later[1] >= written_day[1] * 0.9  # ages and deadlines moved alike
