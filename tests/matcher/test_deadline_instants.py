"""The exact closing instant: stated minutes, 24:00, the day's last second, UTC±hh:mm zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from domain import OpportunityRecord
from matcher.deadlines import deadline_passed, deadline_zone

DAY = date(2027, 3, 15)
CET = timezone(timedelta(hours=1))  # Brussels in March, before summer time


def _call(**details) -> OpportunityRecord:
    return OpportunityRecord("s/x", "s", "https://e.org/x", "X", deadline=DAY, details=details)


def test_a_call_closing_at_half_past_five_closes_at_half_past_not_at_midnight():
    call = _call(deadline_time="17:30", deadline_timezone="CET")
    assert not deadline_passed(call, datetime(2027, 3, 15, 17, 29, tzinfo=CET), "UTC")
    assert deadline_passed(call, datetime(2027, 3, 15, 17, 45, tzinfo=CET), "UTC")


def test_a_deadline_written_24_00_means_the_end_of_that_day():
    call = _call(deadline_time="24:00", deadline_timezone="CET")
    assert not deadline_passed(call, datetime(2027, 3, 15, 23, 59, 30, tzinfo=CET), "UTC")
    assert deadline_passed(call, datetime(2027, 3, 16, 0, 0, 1, tzinfo=CET), "UTC")


def test_with_no_stated_time_a_call_is_open_through_the_last_second_of_its_day():
    call = _call()
    assert not deadline_passed(call, datetime(2027, 3, 15, 23, 59, 30, tzinfo=UTC), "UTC")
    assert deadline_passed(call, datetime(2027, 3, 16, 0, 0, 0, tzinfo=UTC), "UTC")


def test_at_the_stated_minute_itself_the_call_is_still_open_and_a_second_later_closed():
    call = _call(deadline_time="17:00", deadline_timezone="CET")
    assert not deadline_passed(call, datetime(2027, 3, 15, 17, 0, 0, tzinfo=CET), "UTC")
    assert deadline_passed(call, datetime(2027, 3, 15, 17, 0, 1, tzinfo=CET), "UTC")


def test_utc_offsets_keep_their_minutes_and_whole_hours_have_none():
    moment = datetime(2027, 3, 15, 12, 0, tzinfo=UTC)
    assert deadline_zone("UTC+5:30", "UTC").utcoffset(moment) == timedelta(hours=5, minutes=30)
    assert deadline_zone("GMT-03:45", "UTC").utcoffset(moment) == -timedelta(hours=3, minutes=45)
    assert deadline_zone("UTC+5", "UTC").utcoffset(moment) == timedelta(hours=5)
