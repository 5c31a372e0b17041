"""iCalendar (.ics) of deadlines: one all-day event per opportunity that has one."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from icalendar import Calendar, Event

from feeds.i18n import Texts
from feeds.items import FeedItem, categories, to_items
from feeds.presenting import Shown, show
from feeds.spec import FeedSpec
from feeds.text import one_line

PRODID = "-//Opportunity Radar//Deadlines//EN"


def render_ics(spec: FeedSpec, items: Iterable[object]) -> bytes:
    """A calendar of deadlines; items without a deadline are left out.

    Events are ordered by deadline then id, and stamped with the record's own timestamps, so
    the same items give the same bytes and calendar apps update events instead of adding them.
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
        calendar.add_component(_event(item, texts))
    return calendar.to_ical()


def _event(item: FeedItem, texts: Texts) -> Event:
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
    event.add("description", _description(shown, texts))
    if shown.url:
        event.add("url", shown.url)
    event.add("categories", [term for term, _scheme in categories(record)])
    # A deadline should not block the attendee's time in free/busy look-ups.
    event.add("transp", "TRANSPARENT")
    return event


def _description(shown: Shown, texts: Texts) -> str:
    lines = [shown.title]
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
