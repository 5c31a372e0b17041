"""Turn a RawOpportunity (what a spider yields) into a domain OpportunityRecord.

Typed values a structured source already knows win over what the free text says; every fact
read from text keeps its raw text in ``details`` so nothing is lost when a reading is unknown.

``details`` keys (present only when known): deadline_raw, deadlines (ISO stages, final last),
deadline_time ("23:59"), deadline_timezone ("CET", "UTC+5", "Europe/Brussels", "local"),
rolling, deadline_ambiguous (03/04/2027 read by date order), opens, said_closed, amount_raw,
amount_period (month/year/semester/week/day/total), amount_up_to, amount_min, amount_from
("title"), fully_funded (True/False), any_nationality, excluded_countries, eligibility_regions,
eligibility_evidence (the deciding sentence), min_age, max_age (inclusive),
language_requirements ({"IELTS": 6.5, "CEFR-de": "B1"}), min_gpa, min_gpa_scale,
host_country_raw, host_country_from ("title"), status_raw, extra (the spider's own dict).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from crawlers.normalize.age import find_age_limits
from crawlers.normalize.countries import country_code, eligible_countries, host_country_in
from crawlers.normalize.dates import DeadlineInfo, parse_datetime, parse_deadline
from crawlers.normalize.fields import find_fields
from crawlers.normalize.funding import fully_funded
from crawlers.normalize.gpa import find_min_gpa
from crawlers.normalize.kinds import find_kind, kind_of
from crawlers.normalize.language_reqs import find_language_requirements
from crawlers.normalize.levels import find_levels, level_of
from crawlers.normalize.money import DOLLAR_COUNTRIES, currency_code, parse_money
from crawlers.normalize.text import clean, guess_language, strip_control
from domain.ids import make_id
from domain.records import OpportunityRecord
from domain.vocabulary import Kind, Level, Status

# Sources that write numeric dates month first (03/04/2027 is 4 March elsewhere). A spider can
# also say so per item with extra={"date_order": "MDY"}.
MDY_SOURCES = frozenset({"grants-gov", "nih-guide", "nih-grants", "simpler-grants-gov"})

_STATUSES = {
    "open": Status.OPEN, "posted": Status.OPEN, "forthcoming": Status.OPEN,
    "active": Status.OPEN, "ongoing": Status.OPEN, "31094501": Status.OPEN,
    "31094502": Status.OPEN, "closed": Status.CLOSED, "archived": Status.CLOSED,
    "cancelled": Status.CLOSED, "canceled": Status.CLOSED, "31094503": Status.CLOSED,
    "expired": Status.EXPIRED, "unknown": Status.UNKNOWN,
}


def normalize_opportunity(raw: Mapping[str, Any], *, today: date) -> OpportunityRecord:
    """Build the record: id, deadline, money, kind, levels, countries, fields, status, details.

    Raises ValueError only when the title or URL is missing or empty (the validate pipeline
    counts those) or the source name is not a valid id part; any other field that cannot be
    read is left unknown with its raw text kept in ``details``.
    """
    source = clean(raw.get("source"))
    title = clean(raw.get("title"))
    url = clean(raw.get("url"))
    if not title:
        raise ValueError(f"item from source {source or '?'!r} has no title (url={url or '?'})")
    if not url:
        raise ValueError(f"item from source {source or '?'!r} has no url (title={title[:60]!r})")
    external_id = clean(raw.get("external_id")) or None
    record_id = make_id(source, external_id, title)  # ValueError names a bad source name

    summary = clean(raw.get("summary"))
    eligibility_text = strip_control(_text(raw.get("eligibility_text")))
    extra = raw.get("extra") if isinstance(raw.get("extra"), Mapping) else {}
    date_order = clean(extra.get("date_order")).upper() or (
        "MDY" if source in MDY_SOURCES else "DMY"
    )
    details: dict[str, Any] = {}

    deadline = _deadline(raw, date_order, details)
    amount, currency = _money(raw, title, summary, details)
    eligibility = _eligibility(raw, eligibility_text, summary, details)
    _requirements(eligibility_text or summary, details)

    host_text = clean(raw.get("host_country_text"))
    host_country = country_code(host_text) if host_text else None
    if host_text and host_country is None:
        details["host_country_raw"] = host_text
    if not host_text:
        # Blog posts name the host only in the title ("Scholarships at Manchester, UK").
        host_country = host_country_in(title)
        if host_country:
            details["host_country_from"] = "title"

    if details.get("currency_symbol") == "$" and host_country in DOLLAR_COUNTRIES:
        currency = DOLLAR_COUNTRIES[host_country]  # "$20,000 Scholarships at Québec, Canada"
    details.pop("currency_symbol", None)

    status = _status(raw, deadline, details, today)
    if extra:
        details["extra"] = dict(extra)
    return OpportunityRecord(
        id=record_id,
        source=source,
        url=url,
        title=title,
        summary=summary,
        kind=_kind(raw, title, summary),
        funder=clean(raw.get("funder")) or None,
        host_institution=clean(raw.get("host_institution")) or None,
        host_country=host_country,
        eligible_countries=eligibility,
        levels=_levels(raw, title, eligibility_text, summary),
        fields=find_fields(raw.get("fields_text")) or find_fields(f"{title}. {summary}"),
        amount=amount,
        currency=currency,
        deadline=deadline,
        status=status,
        language=_language(raw, title, summary),
        published=parse_datetime(raw.get("published_text"), date_order=date_order),
        details=details,
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "\n".join(_text(v) for v in value)
    return value if isinstance(value, str) else str(value)


def _iso_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean(value)
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _deadline(raw: Mapping[str, Any], date_order: str, details: dict[str, Any]) -> date | None:
    typed = raw.get("deadline")
    typed_date = _iso_date(typed) if typed not in (None, "") else None
    text = clean(raw.get("deadline_text"))
    if not text and typed not in (None, "") and typed_date is None:
        text = clean(typed)  # a "deadline" that is not ISO is read like text
    info = parse_deadline(text, date_order=date_order) if text else DeadlineInfo(raw="")
    if text:
        details["deadline_raw"] = text
    if info.deadlines:
        details["deadlines"] = [d.isoformat() for d in info.deadlines]
    if info.time:
        details["deadline_time"] = info.time
    if info.timezone:
        details["deadline_timezone"] = info.timezone
    if info.rolling:
        details["rolling"] = True
    if info.ambiguous and typed_date is None:
        details["deadline_ambiguous"] = True
    if info.opens:
        details["opens"] = info.opens.isoformat()
    if info.closed:
        details["said_closed"] = True
    return typed_date or info.deadline


def _money(
    raw: Mapping[str, Any], title: str, summary: str, details: dict[str, Any]
) -> tuple[float | None, str | None]:
    text = clean(raw.get("amount_text"))
    info = parse_money(text) if text else None
    if text:
        details["amount_raw"] = text
    if info and info.period:
        details["amount_period"] = info.period
    if info and info.up_to:
        details["amount_up_to"] = True
    if info and info.minimum is not None:
        details["amount_min"] = info.minimum
    funded = fully_funded(text) if text else None
    if funded is None:
        funded = fully_funded(f"{title}. {summary}")
    if funded is not None:
        details["fully_funded"] = funded
    amount = _number(raw.get("amount"))
    if amount is None and info is None and raw.get("amount") in (None, ""):
        # Blog titles carry the sum ("$5,000 Vice-Chancellor Scholarships"); only with a currency.
        from_title = parse_money(title)
        if from_title.amount is not None and from_title.currency is not None:
            info = from_title
            details["amount_from"] = "title"
            details["amount_raw"] = title
            if from_title.period:
                details["amount_period"] = from_title.period
    if amount is None and info is not None:
        amount = info.amount
    currency = currency_code(raw.get("currency")) if raw.get("currency") else None
    if currency is None and info is not None and info.amount is not None:
        currency = info.currency
        if info.symbol and info.symbol.strip() == "$":
            details["currency_symbol"] = "$"  # settled against the host country by the caller
    return amount, currency


def _number(value: object) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        if isinstance(value, int | float):
            number = float(value)
        else:
            number = float(clean(value).replace(",", ""))
    except ValueError:
        return None
    return number if math.isfinite(number) and number >= 0 else None


def _eligibility(
    raw: Mapping[str, Any], eligibility_text: str, summary: str, details: dict[str, Any]
) -> list[str]:
    typed = raw.get("eligible_countries")
    if isinstance(typed, list | tuple) and typed:
        codes = [c for c in (country_code(v) for v in typed) if c]
        if codes:
            return list(dict.fromkeys(codes))
    info = eligible_countries(eligibility_text) if eligibility_text.strip() else None
    if (info is None or not info.known) and summary:
        info = eligible_countries(summary, strict=True)
    if info is None:
        return []
    if info.any_nationality:
        details["any_nationality"] = True
    if info.excluded:
        details["excluded_countries"] = list(info.excluded)
    if info.regions:
        details["eligibility_regions"] = list(info.regions)
    if info.evidence:
        details["eligibility_evidence"] = info.evidence
    return list(info.countries)


def _requirements(text: str, details: dict[str, Any]) -> None:
    ages = find_age_limits(text)
    if ages.min_age is not None:
        details["min_age"] = ages.min_age
    if ages.max_age is not None:
        details["max_age"] = ages.max_age
    languages = find_language_requirements(text)
    if languages:
        details["language_requirements"] = languages
    gpa = find_min_gpa(text)
    if gpa is not None:
        details["min_gpa"] = gpa.minimum
        if gpa.scale is not None:
            details["min_gpa_scale"] = gpa.scale


def _status(
    raw: Mapping[str, Any], deadline: date | None, details: dict[str, Any], today: date
) -> Status:
    typed_text = clean(raw.get("status")).lower()
    typed = _STATUSES.get(typed_text)
    if typed_text:
        details["status_raw"] = typed_text
    # A source's "posted"/"open" flag can be stale; a deadline already past still means expired.
    if typed is Status.OPEN and deadline is not None and deadline < today:
        return Status.EXPIRED
    if typed is not None and typed is not Status.UNKNOWN:
        return typed
    if deadline is not None:
        return Status.EXPIRED if deadline < today else Status.OPEN
    if details.get("said_closed"):
        return Status.CLOSED
    return Status.OPEN


def _kind(raw: Mapping[str, Any], title: str, summary: str) -> Kind:
    typed = kind_of(raw.get("kind")) if raw.get("kind") else None
    return typed or find_kind(raw.get("kind_text"), title, summary) or Kind.OTHER


def _levels(raw: Mapping[str, Any], title: str, eligibility: str, summary: str) -> list[Level]:
    typed = raw.get("levels")
    if isinstance(typed, list | tuple) and typed:
        levels = [lv for lv in (level_of(v) for v in typed) if lv is not None]
        if levels:
            return list(dict.fromkeys(levels))
    for text in (raw.get("level_text"), title, eligibility, summary):
        levels = find_levels(text)
        if levels:
            return levels
    return []


def _language(raw: Mapping[str, Any], title: str, summary: str) -> str | None:
    given = clean(raw.get("language")).lower()
    if given:
        return given.split("-")[0].split("_")[0][:8] or None
    return guess_language(f"{title}. {summary}")
