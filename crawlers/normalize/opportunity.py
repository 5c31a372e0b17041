"""Turn a RawOpportunity (what a spider yields) into a domain OpportunityRecord.

Typed values a structured source already knows win over what the free text says; every fact
read from text keeps its raw text in ``details`` so nothing is lost when a reading is unknown.

``details`` keys (present only when known): deadline_raw, deadlines (ISO stages, final last),
deadline_time ("23:59"), deadline_timezone ("CET", "UTC+5", "Europe/Brussels", "local"),
rolling, deadline_ambiguous (03/04/2027 read by date order), opens, said_closed, amount_raw,
amount_period (month/year/semester/week/day/total), amount_up_to, amount_min, amount_from
("title" or "summary"), fully_funded (True/False), any_nationality, excluded_countries,
eligibility_regions, eligibility_evidence (the one deciding sentence, at most ~200 characters),
eligibility_from ("summary"), deadline_from ("summary"), min_age, max_age (inclusive),
language_requirements ({"IELTS": 6.5, "German": "B1"}), min_gpa, min_gpa_scale, age_reference,
born_on_or_after, stage, requirement_evidence (all written by domain.requirements),
host_country_raw, host_country_from ("title"), host_institution_from ("title"/"summary"),
host_institution_evidence, language_declared (when the text's own language replaced it),
status_raw, extra (the spider's own dict).

Feeds have no typed fields: when deadline, amount, eligibility, level or host are missing, they
are read from the summary's labelled lines ("Deadline: …", "Срок подачи: …", "Who can apply: …",
see labels.py); a deadline also from a sentence that says it in words. Nothing is read from a
summary without such a label or phrase. ``deadline_raw``/``amount_raw`` then hold the line read.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from urllib.parse import urlsplit

from crawlers.normalize.age import find_age_requirement
from crawlers.normalize.countries import country_code, eligible_countries, host_country_in
from crawlers.normalize.dates import DeadlineInfo, parse_datetime, parse_deadline
from crawlers.normalize.fields import find_fields
from crawlers.normalize.funding import fully_funded
from crawlers.normalize.gpa import find_min_gpa
from crawlers.normalize.hosts import find_host_institution
from crawlers.normalize.kinds import find_kind, kind_of
from crawlers.normalize.labels import (
    Labelled,
    deadline_phrases,
    labelled_lines,
    stipend_phrases,
    without_labelled,
)
from crawlers.normalize.language_reqs import find_language_requirement_items
from crawlers.normalize.levels import find_levels, level_of
from crawlers.normalize.money import DOLLAR_COUNTRIES, currency_code, parse_money
from crawlers.normalize.stages import find_stage
from crawlers.normalize.text import clean, item_language, strip_control
from crawlers.normalize.who import read_who
from domain.eligibility import write as write_eligibility
from domain.ids import make_id
from domain.records import OpportunityRecord
from domain.requirements import Evidence, GpaRequirement, Requirements, write_requirements
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
    # Line breaks kept: labelled lines and sentences end there.
    summary_lines = strip_control(_text(raw.get("summary")))
    labels = labelled_lines(summary_lines)
    eligibility_text = strip_control(_text(raw.get("eligibility_text")))
    extra = raw.get("extra") if isinstance(raw.get("extra"), Mapping) else {}
    date_order = clean(extra.get("date_order")).upper() or (
        "MDY" if source in MDY_SOURCES else "DMY"
    )
    details: dict[str, Any] = {}

    deadline = _deadline(raw, date_order, details, labels, summary_lines)
    amount, currency = _money(raw, title, summary, details, labels, summary_lines)
    eligibility = _eligibility(raw, eligibility_text, summary_lines, details, labels, title)
    _requirements(
        eligibility_text or summary_lines, title, item_language(raw.get("language"), title), details
    )
    host_institution = _host_institution(raw, title, summary_lines, details)

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
    _identity(raw, external_id, url, details)
    published = _published(raw, date_order, details, today)
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
        host_institution=host_institution,
        host_country=host_country,
        eligible_countries=eligibility,
        levels=_levels(raw, title, eligibility_text, summary, labels),
        fields=find_fields(raw.get("fields_text")) or find_fields(f"{title}. {summary}"),
        amount=amount,
        currency=currency,
        deadline=deadline,
        status=status,
        language=_language(raw, title, summary, details),
        published=published,
        details=details,
    )


def _published(
    raw: Mapping[str, Any], date_order: str, details: dict[str, Any], today: date
) -> datetime | None:
    """The publication time; an opening date is kept apart (``details.opens``), never as it.

    A "published" date after today cannot be one: a source mapped its opening date there.
    """
    opens = parse_datetime(raw.get("opens_text"), date_order=date_order)
    published = parse_datetime(raw.get("published_text"), date_order=date_order)
    if published is not None and published.date() > today:
        opens, published = opens or published, None
    if opens is not None:
        details["opens"] = opens.date().isoformat()
    return published


def _identity(
    raw: Mapping[str, Any], external_id: str | None, url: str, details: dict[str, Any]
) -> None:
    """What clustering needs to tell calls apart: the source's own id and the outbound links."""
    if external_id and "://" not in external_id:
        details["external_id"] = external_id
    own = urlsplit(url).netloc.lower().removeprefix("www.")
    links = [
        link for link in raw.get("links") or []
        if isinstance(link, str) and urlsplit(link).netloc.lower().removeprefix("www.") != own
    ]  # fmt: skip
    if links:
        details["links"] = links


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


def _deadline(
    raw: Mapping[str, Any],
    date_order: str,
    details: dict[str, Any],
    labels: list[Labelled],
    summary: str,
) -> date | None:
    typed = raw.get("deadline")
    typed_date = _iso_date(typed) if typed not in (None, "") else None
    text = clean(raw.get("deadline_text"))
    if not text and typed not in (None, "") and typed_date is None:
        text = clean(typed)  # a "deadline" that is not ISO is read like text
    info = parse_deadline(text, date_order=date_order) if text else DeadlineInfo(raw="")
    if not text and typed_date is None:
        text, info = _summary_deadline(labels, summary, date_order)
        if text:
            details["deadline_from"] = "summary"
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


def _summary_deadline(
    labels: list[Labelled], summary: str, date_order: str
) -> tuple[str, DeadlineInfo]:
    """The first "Deadline: …" line (or, failing that, sentence saying so) that can be read."""
    candidates = [(item.line, item.value) for item in labels if item.fact == "deadline"]
    if not candidates:
        candidates = [(clean(s), clean(s)) for s in deadline_phrases(summary)]
    for line, value in candidates:
        info = parse_deadline(value, date_order=date_order)
        if info.known or info.closed:
            return line, info
    return "", DeadlineInfo(raw="")


def _money(
    raw: Mapping[str, Any],
    title: str,
    summary: str,
    details: dict[str, Any],
    labels: list[Labelled],
    summary_lines: str = "",
) -> tuple[float | None, str | None]:
    text = clean(raw.get("amount_text"))
    info = parse_money(text) if text else None
    if text:
        details["amount_raw"] = text
    elif raw.get("amount") in (None, ""):
        # "Funding: €1,000 per month" in a feed item's summary.
        for item in (i for i in labels if i.fact == "amount"):
            read = parse_money(item.value)
            if read.amount is not None and read.currency is not None:
                text, info = item.value, read
                details["amount_raw"] = item.line
                details["amount_from"] = "summary"
                break
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
    if amount is None and info is None and raw.get("amount") in (None, ""):
        # No label, no sum in the title: "…, стипендия от 3 000 рублей в месяц" says it plainly.
        for clause in stipend_phrases(summary_lines):
            read = parse_money(clause)
            if read.amount is not None and read.currency is not None:
                info = read
                details.update(amount_from="summary", amount_raw=clause)
                if read.period:
                    details["amount_period"] = read.period
                break
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
    raw: Mapping[str, Any],
    eligibility_text: str,
    summary: str,
    details: dict[str, Any],
    labels: list[Labelled],
    title: str = "",
) -> list[str]:
    """Who may apply, written through ``domain.eligibility`` (the one reader of its keys)."""
    typed = raw.get("eligible_countries")
    if isinstance(typed, list | tuple) and typed:
        codes = [c for c in (country_code(v) for v in typed) if c]
        if codes:
            return list(dict.fromkeys(codes))
    text = eligibility_text
    info = eligible_countries(eligibility_text) if eligibility_text.strip() else None
    if info is None:
        # "Who can apply: …" lines say who may apply as plainly as an eligibility field does.
        lines = "\n".join(item.line for item in labels if item.fact == "eligibility")
        info = eligible_countries(lines) if lines else None
        text = lines
        if info is not None and info.known:
            details["eligibility_from"] = "summary"
    if (info is None or not info.known) and summary.strip():
        # Lines stating other facts ("Funding: … for participants from Central Asia") are not
        # about who may apply.
        general = without_labelled(summary, ("amount", "deadline", "level", "host"))
        info = eligible_countries(general, strict=True)
        if info.known and not eligibility_text.strip():
            details["eligibility_from"] = "summary"
        text = eligibility_text if eligibility_text.strip() else (text or general)
    facts = read_who(text or "", title, info)
    return write_eligibility(details, facts)


def _requirements(text: str, title: str, language: str | None, details: dict[str, Any]) -> None:
    """Stage, age, language and GPA requirements, typed (domain.requirements) and stored."""
    age = find_age_requirement(text)
    if not age.known:
        age = find_age_requirement(title)  # "Young Researchers Award (under 35)"
    languages, language_evidence = find_language_requirement_items(text)
    gpa = find_min_gpa(text)
    stage = find_stage(text, title)
    written = Requirements(
        stage=_in_language(stage, language),
        age=_in_language(age, language),
        languages=languages,
        language_evidence=_evidence_in(language_evidence, language),
        gpa=GpaRequirement(gpa.minimum, gpa.scale) if gpa else None,
    )
    write_requirements(details, written)


def _evidence_in(evidence: Evidence | None, language: str | None) -> Evidence | None:
    # A short sentence may not say its language; the record's then stands.
    if evidence is None or evidence.language or not language:
        return evidence
    return Evidence(evidence.text, language)


def _in_language(requirement, language: str | None):  # type: ignore[no-untyped-def]
    evidence = _evidence_in(requirement.evidence, language)
    return replace(requirement, evidence=evidence) if evidence is not requirement.evidence else requirement


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


def _levels(
    raw: Mapping[str, Any], title: str, eligibility: str, summary: str, labels: list[Labelled]
) -> list[Level]:
    typed = raw.get("levels")
    if isinstance(typed, list | tuple) and typed:
        levels = [lv for lv in (level_of(v) for v in typed) if lv is not None]
        if levels:
            return list(dict.fromkeys(levels))
    level_lines = "; ".join(item.value for item in labels if item.fact == "level")
    for text in (raw.get("level_text"), level_lines, title, eligibility, summary):
        levels = find_levels(text)
        if levels:
            return levels
    return []


def _host_institution(
    raw: Mapping[str, Any], title: str, summary: str, details: dict[str, Any]
) -> str | None:
    given = clean(raw.get("host_institution"))
    if given:
        return given
    found = find_host_institution(title)
    where = "title"
    if found is None:
        found, where = find_host_institution(summary, summary=True), "summary"
    if found is None:
        return None
    details["host_institution_from"] = where
    details["host_institution_evidence"] = found.evidence
    return found.name


def _language(
    raw: Mapping[str, Any], title: str, summary: str, details: dict[str, Any]
) -> str | None:
    # A feed's channel language is only a default: an item in Cyrillic or Uzbek says otherwise.
    declared = clean(raw.get("language")).lower()
    language = item_language(declared, f"{title}. {summary}")
    if declared and language and not declared.startswith(language):
        details["language_declared"] = declared
    return language
