"""Deadlines at the exact moment in the call's own time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain import OpportunityRecord
from matcher.deadlines import deadline_passed

TASHKENT = "Asia/Tashkent"


def _opp(**details) -> OpportunityRecord:
    return OpportunityRecord(
        "s/x", "s", "https://e.org/x", "X", deadline=date(2027, 3, 15), details=details
    )


@pytest.mark.parametrize(
    ("details", "now_utc", "passed"),
    [
        (
            {"deadline_time": "17:00", "deadline_timezone": "CET"},
            datetime(2027, 3, 15, 15, 59),
            False,
        ),
        (
            {"deadline_time": "17:00", "deadline_timezone": "CET"},
            datetime(2027, 3, 15, 16, 1),
            True,
        ),
        # 23:59 EST on the 15th is 04:59 UTC on the 16th: still open after midnight in Tashkent.
        (
            {"deadline_time": "23:59", "deadline_timezone": "EST"},
            datetime(2027, 3, 16, 4, 0),
            False,
        ),
        ({"deadline_time": "23:59", "deadline_timezone": "EST"}, datetime(2027, 3, 16, 5, 0), True),
        (
            {"deadline_time": "12:00", "deadline_timezone": "UTC+5"},
            datetime(2027, 3, 15, 6, 59),
            False,
        ),
        (
            {"deadline_time": "12:00", "deadline_timezone": "UTC+5"},
            datetime(2027, 3, 15, 7, 1),
            True,
        ),
        # No time, no zone: the end of the day in the office's zone (UTC+5).
        ({}, datetime(2027, 3, 15, 18, 0), False),
        ({}, datetime(2027, 3, 15, 19, 1), True),
        # An unknown zone falls back to the office's.
        (
            {"deadline_time": "10:00", "deadline_timezone": "Atlantis Time"},
            datetime(2027, 3, 15, 5, 1),
            True,
        ),
    ],
)
def test_deadline_instant(details, now_utc, passed):
    assert deadline_passed(_opp(**details), now_utc.replace(tzinfo=UTC), TASHKENT) is passed


def test_no_deadline_never_passes():
    rolling = OpportunityRecord("s/r", "s", "https://e.org/r", "Rolling")
    assert deadline_passed(rolling, datetime(2030, 1, 1, tzinfo=UTC), TASHKENT) is False
