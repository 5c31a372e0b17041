"""Deadline time zones written in calls (AoE, EEST, AEST, MT...) decide the closing instant."""

from datetime import UTC, date, datetime, timedelta

import pytest

from crawlers.normalize.dates import parse_deadline
from domain import OpportunityRecord, clock
from matcher.deadlines import deadline_passed, deadline_zone

UTC = UTC


def _call(text: str) -> OpportunityRecord:
    info = parse_deadline(text)
    details = {"deadline_time": info.time, "deadline_timezone": info.timezone}
    return OpportunityRecord(
        id="t/1", source="t", url="u", title="t", deadline=info.deadline, details=details
    )


# (deadline text, the closing instant in UTC)
CASES = [
    ("15 March 2027, 23:59 AoE", datetime(2027, 3, 16, 11, 59, tzinfo=UTC)),
    ("15 March 2027 23:59 (Anywhere on Earth)", datetime(2027, 3, 16, 11, 59, tzinfo=UTC)),
    ("15 July 2027, 17:00 EEST", datetime(2027, 7, 15, 14, 0, tzinfo=UTC)),
    ("15 July 2027, 17:00 WEST", datetime(2027, 7, 15, 16, 0, tzinfo=UTC)),
    ("15 March 2027, 17:00 AEST", datetime(2027, 3, 15, 6, 0, tzinfo=UTC)),  # AEDT in March
    ("15 March 2027, 5:00 pm MT", datetime(2027, 3, 15, 23, 0, tzinfo=UTC)),  # MDT from 14 Mar
    ("15 January 2027, 5:00 pm MST", datetime(2027, 1, 16, 0, 0, tzinfo=UTC)),
    ("15 January 2027, 5:00 pm AKST", datetime(2027, 1, 16, 2, 0, tzinfo=UTC)),
    ("15 January 2027, 11:59 pm PT", datetime(2027, 1, 16, 7, 59, tzinfo=UTC)),
    ("15 July 2027, 11:59 pm PDT", datetime(2027, 7, 16, 6, 59, tzinfo=UTC)),
    ("15 January 2027, 5:00 pm ET", datetime(2027, 1, 15, 22, 0, tzinfo=UTC)),
    ("15 July 2027, 5:00 pm EDT", datetime(2027, 7, 15, 21, 0, tzinfo=UTC)),
    ("15 January 2027, 17:00 CT", datetime(2027, 1, 15, 23, 0, tzinfo=UTC)),
    ("15 July 2027, 12:00 BST", datetime(2027, 7, 15, 11, 0, tzinfo=UTC)),
    ("15 January 2027, 12:00 GMT", datetime(2027, 1, 15, 12, 0, tzinfo=UTC)),
    ("15 January 2027, 17:00 CET", datetime(2027, 1, 15, 16, 0, tzinfo=UTC)),
    ("15 July 2027, 17:00 CEST", datetime(2027, 7, 15, 15, 0, tzinfo=UTC)),
    ("15 January 2027, 18:00 MSK", datetime(2027, 1, 15, 15, 0, tzinfo=UTC)),
    ("15 January 2027, 18:00 UZT", datetime(2027, 1, 15, 13, 0, tzinfo=UTC)),
    ("15 января 2027 г., 18:00 по ташкентскому времени", datetime(2027, 1, 15, 13, 0, tzinfo=UTC)),
    ("2027-yil 15-yanvar, 18:00 (Toshkent vaqti)", datetime(2027, 1, 15, 13, 0, tzinfo=UTC)),
    ("15 January 2027, 17:00 IST", datetime(2027, 1, 15, 11, 30, tzinfo=UTC)),
    ("15 January 2027, 17:00 UTC−5", datetime(2027, 1, 15, 22, 0, tzinfo=UTC)),
]


@pytest.mark.parametrize(("text", "closes"), CASES)
def test_open_until_the_stated_instant_and_not_after(text, closes):
    call = _call(text)
    assert call.details["deadline_timezone"], text
    for moment, passed in (
        (closes - timedelta(minutes=1), False),
        (closes + timedelta(minutes=1), True),
    ):
        with clock.pinned(moment):
            assert deadline_passed(call, clock.now(), "Asia/Tashkent") is passed, (text, moment)


def test_aoe_keeps_a_call_open_into_the_next_day_in_tashkent():
    call = _call("Deadline: 15 March 2027, 23:59 AoE")
    with clock.pinned(datetime(2027, 3, 16, 10, 0, tzinfo=UTC)):  # 15:00 on the 16th in Tashkent
        assert not deadline_passed(call, clock.now(), "Asia/Tashkent")
    with clock.pinned(datetime(2027, 3, 16, 12, 0, tzinfo=UTC)):
        assert deadline_passed(call, clock.now(), "Asia/Tashkent")
    assert call.deadline == date(2027, 3, 15)


def test_unknown_zone_falls_back_to_the_office():
    assert str(deadline_zone("nonsense", "Asia/Tashkent")) == "Asia/Tashkent"
    assert str(deadline_zone("local", "Asia/Tashkent")) == "Asia/Tashkent"
