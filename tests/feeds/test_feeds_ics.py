"""The deadlines calendar, checked by parsing it back with icalendar."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from feeds import FeedSpec, guid_for, render_ics


def events_of(data: bytes) -> list:
    calendar = Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    return list(calendar.walk("VEVENT"))


def test_one_all_day_event_per_deadline_sorted_by_date(spec, records):
    events = events_of(render_ics(spec, records))

    # The record without a deadline has nothing to put in a calendar.
    assert [str(e["UID"]) for e in events] == [
        guid_for("demo-grants/water-masters-2031"),
        guid_for("demo-grants/solar-microgrids-2031"),
    ]
    water = events[0]
    assert water.decoded("DTSTART") == date(2031, 1, 15)
    assert water.decoded("DTEND") == date(2031, 1, 16)
    assert water["DTSTART"].params["VALUE"] == "DATE"
    assert str(water["SUMMARY"]) == "Deadline: Water Management Master's Scholarship"
    assert str(water["URL"]) == "https://grants.example.org/calls/water-masters-2031"
    assert water.decoded("DTSTAMP") == datetime(2030, 3, 2, 12, 0, tzinfo=UTC)


def test_description_has_amount_and_link(spec, records):
    solar = events_of(render_ics(spec, records))[1]
    description = str(solar["DESCRIPTION"])

    assert "Amount: €45,000" in description
    assert "Invented Energy Foundation" in description
    assert "https://grants.example.org/calls/solar-microgrids-2031" in description


def test_categories_are_kind_levels_and_fields(spec, records):
    solar = events_of(render_ics(spec, records))[1]

    assert list(solar["CATEGORIES"].cats) == [
        "grant", "faculty", "postdoc", "energy", "electrical engineering",
    ]


def test_same_input_gives_same_bytes_in_any_order(spec, records):
    assert render_ics(spec, records) == render_ics(spec, list(reversed(records)))


def test_empty_calendar_is_valid(spec):
    assert events_of(render_ics(spec, [])) == []


def test_uid_is_stable_when_the_title_changes(spec, make_record):
    before = make_record("uid-check", title="Old title")
    after = make_record("uid-check", title="New title", url="https://grants.example.org/new")

    uid_before = str(events_of(render_ics(spec, [before]))[0]["UID"])
    uid_after = str(events_of(render_ics(spec, [after]))[0]["UID"])

    assert uid_before == uid_after == guid_for("demo-grants/uid-check")


def test_hostile_text_is_cleaned(spec, make_record):
    record = make_record(
        "hostile",
        title="Grant\x00 for\x07 AI",
        summary="<script>alert(1)</script>Real text",
        url="javascript:alert(1)",
    )

    data = render_ics(spec, [record])
    event = events_of(data)[0]

    assert str(event["SUMMARY"]) == "Deadline: Grant for AI"
    assert "URL" not in event
    assert b"javascript" not in data
    assert b"alert(" not in data
    assert "Real text" in str(event["DESCRIPTION"])


def test_profile_calendar_mentions_the_reasons(spec, records, make_match):
    solar = records[0]
    match = make_match(solar, 1, 0.9, "Interest: microgrids")

    event = events_of(render_ics(spec, [(solar, match)]))[0]

    assert "Why it matches: Interest: microgrids" in str(event["DESCRIPTION"])


@pytest.mark.parametrize(("language", "word"), [("ru", "Срок подачи"), ("uz", "muddati")])
def test_event_summary_is_localised(spec, records, language, word):
    localised = FeedSpec(spec.id, spec.title, spec.link, spec.self_url, language=language)

    events = events_of(render_ics(localised, records))

    assert all(word in str(e["SUMMARY"]) for e in events)
