"""Deadlines and dates in English, Russian and Uzbek (Latin, Cyrillic), with stages and time zone.

Regular expressions find every written date (dateparser cannot search reliably and does not know
Uzbek suffixes such as -gacha/-dan or "2027-yil"); month names come from our own table; dateparser
is the fallback for a short text our patterns do not recognise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime

import dateparser

from crawlers.normalize.text import clean, fold

# Stems of month names; a word is a month when it is a stem plus an allowed ending.
_MONTH_STEMS: tuple[tuple[str, int], ...] = (
    # English (full names and abbreviations)
    ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6),
    ("july", 7), ("august", 8), ("september", 9), ("october", 10), ("november", 11),
    ("december", 12), ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7),
    ("aug", 8), ("sept", 9), ("sep", 9), ("oct", 10), ("nov", 11), ("dec", 12),
    # Uzbek Latin
    ("yanvar", 1), ("fevral", 2), ("mart", 3), ("aprel", 4), ("iyun", 6), ("iyul", 7),
    ("avgust", 8), ("sentabr", 9), ("sentyabr", 9), ("oktabr", 10), ("oktyabr", 10),
    ("noyabr", 11), ("dekabr", 12),
    # Russian and Uzbek Cyrillic (stems; endings below)
    ("январ", 1), ("янв", 1), ("феврал", 2), ("фев", 2), ("март", 3), ("мар", 3), ("апрел", 4),
    ("апр", 4), ("ма", 5), ("июн", 6), ("июл", 7), ("август", 8), ("авг", 8), ("сентябр", 9),
    ("сентабр", 9), ("сент", 9), ("сен", 9), ("октябр", 10), ("октабр", 10), ("окт", 10),
    ("ноябр", 11), ("ноя", 11), ("декабр", 12), ("дек", 12),
)
_MONTHS = dict(_MONTH_STEMS)

_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|-?го|-?е|-?oe)?"
_MONTH = r"(?P<m>[^\W\d_]{2,}\.?)"
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(
        r"(?<![\d/.])(?P<y>(?:19|20)\d{2})[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)(?!\d)"
    )),
    ("num", re.compile(
        r"(?<![\d/.])(?P<a>[0-3]?\d)[./-](?P<b>[0-3]?\d)[./-](?P<y>(?:19|20)\d{2})(?!\d)"
    )),
    # "2027-yil 15-martgacha", "2027 йил 15 март"
    ("uz", re.compile(
        rf"(?<!\d){_YEAR}[\s-]*(?:yil|йил)(?:ning|нинг|и)?[\s,-]*(?<!\d){_DAY}[\s-]*{_MONTH}"
    )),
    # "15 March 2027", "15-mart, 2027", "до 15 марта 2027 г.", "15th of March 2027"
    ("dmy", re.compile(rf"(?<!\d){_DAY}[\s./-]*(?:of\s+)?{_MONTH}[\s,./-]*{_YEAR}(?!\d)")),
    # "March 15, 2027", "Mar. 15th 2027"
    ("mdy", re.compile(rf"\b{_MONTH}\s*{_DAY}(?:\s*,\s*|\s+){_YEAR}(?!\d)")),
    # "2027 March 15"
    ("ymd", re.compile(rf"(?<!\d){_YEAR}[\s,]+{_MONTH}\s+{_DAY}(?!\d)")),
)

_TIME = re.compile(
    r"(?<![\d:])(?P<h>[012]?\d)(?:[:.h](?P<min>[0-5]\d))?\s*(?P<ampm>[ap]\.?\s?m\b\.?)?"
)
_TZ_OFFSET = re.compile(
    r"\b(?P<base>utc|gmt)\s*(?P<sign>[+\-−])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?"
)
# Abbreviations safe to take anywhere; short ambiguous ones ("et", "pt") only right after a time.
_TZ_SAFE = re.compile(
    r"\b(cet|cest|eet|eest|wet|bst|gmt|utc|msk|мск|uzt|aoe|edt|est|cdt|cst|pdt|pst|mdt|mst|"
    r"akst|akdt|aest|aedt|acst|awst|nzst|nzdt|jst|kst|sgt|hkt|almt)\b"
)
# Short tokens that are also words or other things ("west", "et", "mt", "ist", "gst"): only
# right after a time of day.
_TZ_AFTER_TIME = re.compile(
    r"^\W{0,3}(et|ct|mt|pt|ist|hst|akt|west|aet|gst|trt|pkt|ht)\b|^\W{0,3}(ташкентскому|тошкент)"
)
_TZ_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"brussels|брюссел"), "Europe/Brussels"),
    (re.compile(r"tashkent|ташкент|toshkent"), "Asia/Tashkent"),
    (re.compile(r"moscow|москов|московск"), "Europe/Moscow"),
    (re.compile(r"london time|uk time"), "Europe/London"),
    (re.compile(r"paris time"), "Europe/Paris"),
    (re.compile(r"berlin time|german time"), "Europe/Berlin"),
    (re.compile(r"anywhere on earth|\(aoe\)|по всему миру \(aoe\)"), "AoE"),
    (re.compile(r"mountain (?:standard |daylight )?time"), "MT"),
    (re.compile(r"central (?:standard |daylight )?time(?! \(china)"), "CT"),
    (re.compile(r"alaska (?:standard |daylight )?time"), "AKT"),
    (re.compile(r"australian eastern (?:standard |daylight )?time|sydney time|canberra time"), "AET"),
    (re.compile(r"eastern european (?:summer )?time|kyiv time|helsinki time"), "EET"),
    (re.compile(r"western european (?:summer )?time|lisbon time"), "WET"),
    (re.compile(r"british summer time|greenwich mean time"), "Europe/London"),
    (re.compile(r"india standard time"), "IST"),
    (re.compile(r"eastern (?:standard |daylight )?time"), "ET"),
    (re.compile(r"pacific (?:standard |daylight )?time"), "PT"),
    (re.compile(r"central european (?:summer )?time"), "CET"),
    (re.compile(r"(?:applicant'?s |your )local time|local time of the applicant"), "local"),
)

_ROLLING = re.compile(
    r"\brolling\b|until (?:the )?(?:positions? |places? |post |vacanc\w+ |funds? )?(?:is |are )?"
    r"(?:filled|exhausted)|open until filled|no (?:fixed )?deadline|\bongoing\b|"
    r"\bcontinuous(?:ly)?\b|"
    r"year[- ]round|all year|open all year|at any time|\banytime\b|"
    r"постоянно|на постоянной основе|бессрочн|без срока|круглый год|в течение (?:всего )?года|"
    r"doimiy|yil davomida|muddatsiz|доимий|йил давомида"
)
_CLOSED = re.compile(
    r"\bclosed\b|no longer accepting|applications? (?:are |is )?now closed|"
    r"закрыт|заверш[её]н|прием заявок окончен|приём заявок окончен|yopilgan|yakunlangan|ёпилган"
)
# Words before a date that mark it as not a deadline (opening, review, start dates).
_NOT_DEADLINE = re.compile(
    r"open(?:s|ing)?(?: date)?|posted|published|released|announce\w*|start\w*|review|council|"
    r"expiration|expires|begin\w*|from|since|"
    r"начал\w*|открыт\w*|опубликован\w*|\bс\s*$|boshlan\w*|e'lon"
)
_LABEL_BREAK = re.compile(r"[;|\n]|\bdeadline|\bdue\b|\bclos\w*|\bsrok|срок|\bдо\b|муддат")
_FROM_SUFFIX = re.compile(r"(?:dan|дан)\.?$")


@dataclass(frozen=True, slots=True)
class DeadlineInfo:
    """What a deadline text says; ``deadline`` is None when it could not be read (raw kept)."""

    raw: str
    deadline: date | None = None
    deadlines: tuple[date, ...] = ()
    time: str | None = None
    timezone: str | None = None
    rolling: bool = False
    closed: bool = False
    ambiguous: bool = False
    opens: date | None = None

    @property
    def known(self) -> bool:
        """True when a deadline date or a rolling deadline was read."""
        return self.deadline is not None or self.rolling


def month_number(word: str) -> int | None:
    """Month 1-12 of an English, Russian or Uzbek month word (any case ending/suffix), else None."""
    word = fold(word).rstrip(".")
    for length in range(len(word), 1, -1):
        stem, rest = word[:length], word[length:]
        # Two-letter stems ("ма" of "мая") only count with an ending, never alone.
        if stem in _MONTHS and _ENDINGS.match(rest) and (rest or len(stem) > 2):
            return _MONTHS[stem]
    return None


# Russian case endings, then Uzbek case suffixes (-gacha "until", -dan "from", -da "in").
_ENDINGS = re.compile(r"^(?:ь|я|е|а|й|ю)?(?:gacha|dan|da|ga|ning|ni|гача|дан|да|га|нинг|ни)?$")


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    day: date
    ambiguous: bool
    month_word: str


def find_dates(text: str, *, date_order: str = "DMY") -> list[tuple[int, int, date, bool]]:
    """Every complete date written in ``text``: (start, end, date, ambiguous) in text order.

    ``date_order`` ("DMY" or "MDY") decides numeric dates such as 03/04/2027 where both readings
    are valid; those are flagged ambiguous. Positions refer to ``fold(text)``.
    """
    return [(f.start, f.end, f.day, f.ambiguous) for f in _find(fold(text), date_order)]


def _find(folded: str, date_order: str) -> list[_Found]:
    candidates: list[_Found] = []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(folded):
            found = _build(name, match, date_order)
            if found is not None:
                candidates.append(found)
    # Keep the longest candidate where several overlap (e.g. "dmy" inside an "uz" phrase).
    candidates.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[_Found] = []
    for found in candidates:
        if kept and found.start < kept[-1].end:
            if found.end - found.start > kept[-1].end - kept[-1].start:
                kept[-1] = found
            continue
        kept.append(found)
    return kept


def _build(name: str, match: re.Match[str], date_order: str) -> _Found | None:
    groups = match.groupdict()
    year = int(groups["y"])
    ambiguous = False
    month_word = ""
    if name == "iso":
        month, day = int(groups["m"]), int(groups["d"])
    elif name == "num":
        first, second = int(groups["a"]), int(groups["b"])
        day, month = (second, first) if date_order.upper().startswith("M") else (first, second)
        if month > 12 and day <= 12:  # only the other reading is a valid date
            day, month = month, day
        ambiguous = first != second and first <= 12 and second <= 12
    else:
        month_word = groups["m"]
        number = month_number(month_word)
        if number is None:
            return None
        month, day = number, int(groups["d"])
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return _Found(match.start(), match.end(), value, ambiguous, month_word)


def parse_deadline(text: object, *, date_order: str = "DMY") -> DeadlineInfo:
    """Read a deadline text: every date (stages), the final one as the deadline, time zone, rolling.

    Never raises; when nothing can be read, returns ``DeadlineInfo(raw=text)`` with no deadline.
    """
    raw = clean(text)
    try:
        return _parse_deadline(raw, date_order)
    except Exception:  # a normaliser must never crash a crawl; the raw text is kept
        return DeadlineInfo(raw=raw)


def _parse_deadline(raw: str, date_order: str) -> DeadlineInfo:
    folded = fold(raw)
    if not folded:
        return DeadlineInfo(raw=raw)
    found = _find(folded, date_order)
    if not found:
        fallback = _dateparser_date(raw, date_order) if len(raw) <= 60 else None
        if fallback is not None:
            found = [_Found(0, len(folded), fallback, False, "")]
    rolling = bool(_ROLLING.search(folded))
    closed = bool(_CLOSED.search(folded)) and not found
    if not found:
        return DeadlineInfo(raw=raw, rolling=rolling, closed=closed)
    stages, opens = _split_stages(folded, found)
    deadline = max(f.day for f in stages)
    last = max(stages, key=lambda f: (f.day, f.start))
    time, timezone = _time_and_zone(folded, last)
    return DeadlineInfo(
        raw=raw,
        deadline=deadline,
        deadlines=tuple(sorted({f.day for f in stages})),
        time=time,
        timezone=timezone,
        rolling=rolling,
        ambiguous=any(f.ambiguous for f in stages),
        opens=min((f.day for f in opens), default=None),
    )


def _split_stages(folded: str, found: list[_Found]) -> tuple[list[_Found], list[_Found]]:
    """Separate deadline dates from opening/review/start dates written next to them."""
    stages: list[_Found] = []
    others: list[_Found] = []
    previous_end = 0
    for item in found:
        before = folded[previous_end:item.start][-40:]
        label = _LABEL_BREAK.split(before)[-1]
        if _NOT_DEADLINE.search(label) or _FROM_SUFFIX.search(item.month_word):
            others.append(item)
        else:
            stages.append(item)
        previous_end = item.end
    if not stages:  # only "other" dates: better one than none, the caller keeps the raw text
        return found, []
    return stages, others


def _time_and_zone(folded: str, last: _Found) -> tuple[str | None, str | None]:
    # The time of day and zone, when stated, sit right after (or just before) the final date.
    window_after = folded[last.end:last.end + 60]
    window_before = folded[max(0, last.start - 30):last.start]
    time = None
    zone_text = window_after
    for window in (window_after, window_before):
        for match in _TIME.finditer(window):
            if match.group("min") is None and match.group("ampm") is None:
                continue
            time = _clock(match)
            if time is not None:
                if window is window_after:
                    zone_text = window_after
                    after_time = window_after[match.end():]
                    short = _TZ_AFTER_TIME.match(after_time)
                    if short and short.group(1):
                        return time, short.group(1).upper()
                break
        if time is not None:
            break
    return time, _zone(zone_text) or _zone(folded)


def _clock(match: re.Match[str]) -> str | None:
    hour = int(match.group("h"))
    minute = int(match.group("min") or 0)
    ampm = (match.group("ampm") or "").replace(".", "").replace(" ", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 24 or (hour == 24 and minute):
        return None
    return f"{hour % 24:02d}:{minute:02d}" if hour != 24 else "24:00"


def _zone(folded: str) -> str | None:
    offset = _TZ_OFFSET.search(folded)
    if offset:
        sign = "-" if offset.group("sign") in "-−" else "+"
        minutes = f":{offset.group('m')}" if offset.group("m") else ""
        return f"UTC{sign}{int(offset.group('h'))}{minutes}"
    for pattern, zone in _TZ_PHRASES:
        if pattern.search(folded):
            return zone
    safe = _TZ_SAFE.search(folded)
    if safe:
        value = safe.group(1)
        return "MSK" if value == "мск" else value.upper()
    return None


def _dateparser_date(raw: str, date_order: str) -> date | None:
    if not any(ch.isdigit() for ch in raw):
        return None
    settings = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        # Relative phrases ("in two weeks") would depend on the clock: not a deadline we trust.
        "PARSERS": ["custom-formats", "absolute-time"],
        "DATE_ORDER": "MDY" if date_order.upper().startswith("M") else "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        parsed = dateparser.parse(raw, languages=["en", "ru", "uz"], settings=settings)
    except Exception:  # dateparser raises on some odd inputs; unknown is the honest answer
        return None
    if parsed is None or not 1900 <= parsed.year <= 2100:
        return None
    return parsed.date()


def parse_date(text: object, *, date_order: str = "DMY") -> date | None:
    """The first complete date written in ``text`` (e.g. a publication date), else None."""
    value = parse_datetime(text, date_order=date_order)
    return value.date() if value else None


def parse_datetime(text: object, *, date_order: str = "DMY") -> datetime | None:
    """A publication timestamp: RFC 822 (feeds), ISO 8601, or any written date; never raises."""
    raw = clean(text)
    if not raw:
        return None
    try:
        return _parse_datetime(raw, date_order)
    except Exception:  # unknown is the honest answer for unreadable text
        return None


def _parse_datetime(raw: str, date_order: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        return value if 1900 <= value.year <= 2100 else None
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        pass
    found = _find(fold(raw), date_order)
    if found:
        return datetime.combine(found[0].day, datetime.min.time())
    fallback = _dateparser_date(raw, date_order) if len(raw) <= 60 else None
    return datetime.combine(fallback, datetime.min.time()) if fallback else None


def is_past(deadline: date | None, today: date, grace_days: int = 0) -> bool:
    """True when ``deadline`` is before ``today`` (minus an optional grace period)."""
    return deadline is not None and deadline < today - timedelta(days=grace_days)
