"""Whether a call is still open at an exact moment, with its deadline in its own time zone.

One answer for every surface (match job, published feeds, digests, web pages): on the
deadline day itself a call "until 17:00 CET" is over in Tashkent at 21:00, while one
"until 23:59 AoE" stays open until the next afternoon there. Pure: records and an instant in.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from domain import OpportunityRecord, Status, clock

# Abbreviations calls use, as the zone they mean (daylight saving follows the zone): a call
# writing "CET" in July means Brussels time, which is then CEST.
_ABBREVIATIONS = {
    "utc": "UTC", "gmt": "UTC", "z": "UTC", "wet": "Europe/Lisbon", "west": "Europe/Lisbon",
    "cet": "Europe/Brussels", "cest": "Europe/Brussels", "brussels time": "Europe/Brussels",
    "bst": "Europe/London", "uk time": "Europe/London", "eet": "Europe/Helsinki",
    "eest": "Europe/Helsinki", "msk": "Europe/Moscow", "moscow time": "Europe/Moscow",
    "et": "America/New_York", "ct": "America/Chicago", "mt": "America/Denver",
    "pt": "America/Los_Angeles", "akt": "America/Anchorage", "ht": "Pacific/Honolulu",
    "uzt": "Asia/Tashkent", "tashkent time": "Asia/Tashkent", "kst": "Asia/Seoul",
    "jst": "Asia/Tokyo", "cst (china)": "Asia/Shanghai", "ist": "Asia/Kolkata",
    "aest": "Australia/Sydney", "aedt": "Australia/Sydney", "aet": "Australia/Sydney",
    "acst": "Australia/Adelaide", "awst": "Australia/Perth", "nzst": "Pacific/Auckland",
    "nzdt": "Pacific/Auckland", "sgt": "Asia/Singapore", "hkt": "Asia/Hong_Kong",
    "almt": "Asia/Almaty", "gst": "Asia/Dubai", "trt": "Europe/Istanbul", "pkt": "Asia/Karachi",
    "local": None,
}  # fmt: skip
# Abbreviations that name standard or daylight time explicitly: fixed offsets (hours).
# "Anywhere on Earth" is UTC-12: the deadline has passed everywhere once it passes there.
_FIXED = {
    "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    "akst": -9, "akdt": -8, "hst": -10, "aoe": -12, "anywhere on earth": -12,
}  # fmt: skip
_OFFSET = re.compile(r"^(?:utc|gmt)\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})")


def deadline_zone(text: str | None, default: str) -> ZoneInfo | timezone:
    """The zone a deadline's text names (abbreviation, UTC±h, IANA name), else ``default``."""
    if text:
        key = text.strip().casefold()
        if key in _FIXED:
            return timezone(timedelta(hours=_FIXED[key]))
        if _ABBREVIATIONS.get(key):
            return ZoneInfo(_ABBREVIATIONS[key])
        offset = _OFFSET.match(key)
        if offset:
            sign = 1 if offset.group(1) == "+" else -1  # "-" or the minus sign "−"
            delta = timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3) or 0))
            return timezone(sign * delta)
        try:
            return ZoneInfo(text.strip())
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return ZoneInfo(default)


def deadline_passed(opp: OpportunityRecord, now: datetime, office_zone: str) -> bool:
    """True when the deadline instant (its stated time and zone; end of day when no time is
    given; the office's zone when none is named) is before ``now`` (aware)."""
    if opp.deadline is None:
        return False
    zone = deadline_zone(opp.details.get("deadline_timezone"), office_zone)
    stated = _TIME.match(str(opp.details.get("deadline_time") or ""))
    at = (
        time(int(stated.group(1)), int(stated.group(2)))
        if stated and int(stated.group(1)) < 24
        else time(23, 59, 59)
    )
    return datetime.combine(opp.deadline, at, tzinfo=zone) < now


# Office days a call can stay open after its deadline date: "23:59 AoE" (UTC-12) on day D
# lasts into D+1 in Tashkent, and into D+2 for an office at UTC+14. Storage reads calls
# from this many days back; ``still_open`` then decides at the instant.
GRACE = timedelta(days=2)
_SHUT = (Status.CLOSED, Status.EXPIRED)


def first_open_day(today: date) -> date:
    """The earliest deadline date a call still open on ``today`` (office date) can have."""
    return today - GRACE


def still_open(opp: OpportunityRecord, now: datetime, office_zone: str) -> bool:
    """The one answer to "can this call be applied to at ``now``" (aware)."""
    return opp.status not in _SHUT and not deadline_passed(opp, now, office_zone)


def decision_moment(today: date, office_zone: str, now: datetime | None = None) -> datetime:
    """The instant a job for ``today`` (office date) decides at: ``now`` when given; the
    clock's now when that is ``today`` in the office; else the start of ``today`` there (a
    job run for another day, as demos and reports are, keeps the day's answer)."""
    if now is not None:
        return now if now.tzinfo else now.replace(tzinfo=UTC)
    current = clock.now_in(office_zone)
    if current.date() == today:
        return current
    return datetime.combine(today, time(0), tzinfo=ZoneInfo(office_zone))
