"""Keep the demo's sample content current: move every date in a text by whole days.

The sample sites were written on DEMO_EPOCH. `radar demo` serves them moved by the days
between that day and today, so deadlines stay days and months ahead whatever the year (one
already past, as written). Dates keep their format and language; bare years (titles,
reference codes, URLs) move by the same whole years, and request paths are moved back.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

DEMO_EPOCH = date(2026, 11, 27)  # the day the sample content was written against
# Most sample deadlines fall around here: bare years ("… 2027") move with this day's year.
CONTENT_CENTRE = date(2027, 3, 1)

_EN = [calendar.month_name[i] for i in range(1, 13)]
_EN_ABBR = [calendar.month_abbr[i] for i in range(1, 13)]
_RU = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
_UZ = [
    "yanvar",
    "fevral",
    "mart",
    "aprel",
    "may",
    "iyun",
    "iyul",
    "avgust",
    "sentabr",
    "oktabr",
    "noyabr",
    "dekabr",
]
_UZ_CYRL = [
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
]
_DAY = r"(?P<d>[0-3]?\d)"
_YEAR = r"(?P<y>20[0-9]{2})"


def _names(names: list[str]) -> str:
    return "(?P<m>" + "|".join(sorted(names, key=len, reverse=True)) + ")"


def _month(names: list[str], text: str) -> int:
    return [n.lower() for n in names].index(text.lower()) + 1


class _Format:
    """One way of writing a date: a pattern and how to write a moved date back."""

    def __init__(self, pattern: str, names: list[str] | None, write: Callable[[date, str], str]):
        self.regex = re.compile(pattern, re.IGNORECASE)
        self.names = names
        self.write = write

    def moved(self, match: re.Match[str], days: int) -> str:
        month = _month(self.names, match["m"]) if self.names else int(match["m"])
        try:
            day = date(int(match["y"]), month, int(match["d"]))
        except ValueError:
            return match.group(0)
        return self.write(day + timedelta(days=days), match.group(0))


def _iso(new: date, old: str) -> str:
    return new.isoformat() + old[10:]


def _rfc822(new: date, old: str) -> str:
    return f"{calendar.day_abbr[new.weekday()]}, {new.day:02d} {_EN_ABBR[new.month - 1]} {new.year}"


_FORMATS = [
    _Format(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?=\b|T)", None, _iso),
    _Format(r"\b[A-Z][a-z]{2}, (?P<d>[0-3]\d) " + _names(_EN_ABBR) + r" " + _YEAR, _EN_ABBR, _rfc822),
    _Format(_DAY + r" " + _names(_EN) + r" " + _YEAR, _EN,
            lambda n, o: f"{n.day} {_EN[n.month - 1]} {n.year}"),
    _Format(_names(_EN) + r" " + _DAY + r", " + _YEAR, _EN,
            lambda n, o: f"{_EN[n.month - 1]} {n.day}, {n.year}"),
    _Format(_DAY + r" " + _names(_RU) + r" " + _YEAR, _RU,
            lambda n, o: f"{n.day} {_RU[n.month - 1]} {n.year}"),
    _Format(_YEAR + r"-yil " + _DAY + r"-" + _names(_UZ), _UZ,
            lambda n, o: f"{n.year}-yil {n.day}-{_UZ[n.month - 1]}"),
    _Format(_YEAR + r" йил " + _DAY + r" " + _names(_UZ_CYRL), _UZ_CYRL,
            lambda n, o: f"{n.year} йил {n.day} {_UZ_CYRL[n.month - 1]}"),
]  # fmt: skip
_BARE_YEAR = re.compile(r"(?<![\d.])20[0-9]{2}(?!\d)")
_ACADEMIC_YEAR = re.compile(r"(?<![\d.])(20[0-9]{2})/([0-9]{2})(?!\d)")  # 2027/28
_PLACEHOLDER = "\x00{}\x00"
_HELD = re.compile("\x00(\\d+)\x00")


def days_since_epoch(today: date) -> int:
    """How far the demo's content moves: the days from DEMO_EPOCH to ``today`` (never back)."""
    return max(0, (today - DEMO_EPOCH).days)


def years_for(days: int) -> int:
    """The whole years bare years move by for a shift of ``days`` (as the content's centre)."""
    return (CONTENT_CENTRE + timedelta(days=days)).year - CONTENT_CENTRE.year


def shift_text(text: str, days: int) -> str:
    """``text`` with every date moved ``days`` ahead and bare years by the matching years."""
    if days == 0:
        return text
    held: list[str] = []

    def hold(value: str) -> str:
        held.append(value)
        return _PLACEHOLDER.format(len(held) - 1)

    for fmt in _FORMATS:
        text = fmt.regex.sub(lambda m, f=fmt: hold(f.moved(m, days)), text)
    years = years_for(days)
    text = _ACADEMIC_YEAR.sub(
        lambda m: hold(f"{int(m[1]) + years}/{(int(m[2]) + years) % 100:02d}"), text
    )
    text = _BARE_YEAR.sub(lambda m: str(int(m.group(0)) + years), text)
    return _HELD.sub(lambda m: held[int(m.group(1))], text)


def unshift_path(path: str, days: int) -> str:
    """A requested path with its years moved back, so shifted links find their files."""
    years = years_for(days)
    return _BARE_YEAR.sub(lambda m: str(int(m.group(0)) - years), path) if years else path


def shift_datetime(moment: datetime, days: int) -> datetime:
    """A timestamp moved like the content (for files the demo reads directly)."""
    return moment + timedelta(days=days)
