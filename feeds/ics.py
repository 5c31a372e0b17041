"""iCalendar (.ics) of deadlines: one all-day event per opportunity that has one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneStandard

from feeds.i18n import Texts
from feeds.items import FeedItem, categories, to_items
from feeds.presenting import Shown, show, was
from feeds.spec import FeedSpec
from feeds.text import one_line

PRODID = "-//Opportunity Radar//Deadlines//EN"


def render_ics(
    spec: FeedSpec, items: Iterable[object], sequences: Mapping[str, int] | None = None
) -> bytes:
    """A calendar of deadlines; items without a deadline are left out.

    Events are ordered by deadline then id, and stamped with the record's own timestamps, so
    the same items give the same bytes and calendar apps update events instead of adding them.
    ``sequences`` (id → how often the deadline moved) becomes SEQUENCE, so a moved deadline
    replaces the event (same UID); ``spec.reminder_days`` gives one VALARM per day.
    """
    texts = Texts(spec.language)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", one_line(spec.title) or spec.id)
    if one_line(spec.description):
        calendar.add("x-wr-caldesc", one_line(spec.description))
    dated = [item for item in to_items(items) if item.record.deadline is not None]
    for item in sorted(dated, key=lambda i: (i.record.deadline, i.record.id)):
        event = _event(item, texts, was(item.record, spec.changes.get(item.record.id), texts))
        event.add("sequence", (sequences or {}).get(item.record.id, 0))
        for days in sorted(set(spec.reminder_days), reverse=True):
            event.add_component(_alarm(days, event["summary"]))
        calendar.add_component(event)
    if not dated:
        # RFC 5545 wants at least one component; a UTC time zone is the neutral one.
        calendar.add_component(_utc())
    return calendar.to_ical()


def _alarm(days: int, summary: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -timedelta(days=days))
    return alarm


def _utc() -> Timezone:
    zone = Timezone()
    zone.add("tzid", "UTC")
    standard = TimezoneStandard()
    standard.add("dtstart", datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", timedelta(0))
    standard.add("tzoffsetto", timedelta(0))
    standard.add("tzname", "UTC")
    zone.add_component(standard)
    return zone


def _event(item: FeedItem, texts: Texts, changed: dict[str, str]) -> Event:
    record = item.record
    shown = show(record, item.match, texts)
    event = Event()
    event.add("uid", item.guid)
    event.add("dtstamp", item.updated)
    event.add("last-modified", item.updated)
    event.add("dtstart", record.deadline)
    # All-day events end on the next day (DTEND is exclusive in RFC 5545).
    event.add("dtend", record.deadline + timedelta(days=1))
    event.add("summary", texts("calendar_event", title=shown.title))
    event.add("description", _description(shown, texts, changed))
    if shown.url:
        event.add("url", shown.url)
    event.add("categories", [term for term, _scheme in categories(record)])
    # A deadline should not block the attendee's time in free/busy look-ups.
    event.add("transp", "TRANSPARENT")
    return event


def _description(shown: Shown, texts: Texts, changed: dict[str, str]) -> str:
    lines = [shown.title]
    if changed.get("deadline"):
        lines.append(f"{texts('deadline')}: {shown.deadline} ({changed['deadline']})")
    if shown.summary_text:
        lines.append(shown.summary_text)
    if shown.amount:
        lines.append(f"{texts('amount')}: {shown.amount}")
    if shown.funder:
        lines.append(f"{texts('funder')}: {shown.funder}")
    if shown.reasons:
        lines.append(f"{texts('why')}: " + "; ".join(shown.reasons))
    if shown.url:
        lines.append(shown.url)
    return "\n".join(lines)
