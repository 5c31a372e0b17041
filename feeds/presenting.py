"""What a reader sees of one opportunity: cleaned, localised display values for the templates."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import date

from babel.numbers import format_decimal
from markupsafe import Markup

from domain import Eligibility, Match, OpportunityRecord
from feeds.i18n import Texts
from feeds.reasons import render_all
from feeds.text import html_to_text, one_line, safe_url, shorten, summary_html

SUMMARY_TEXT_LIMIT = 400


@dataclass(frozen=True, slots=True)
class Shown:
    """Display values of one opportunity (and its match), already cleaned for any output."""

    id: str
    title: str
    url: str | None
    summary_html: Markup
    summary_text: str
    deadline: str
    amount: str | None
    funder: str | None
    host: str | None
    kind: str
    levels: list[str]
    fields: list[str]
    score: str | None
    reasons: list[str]
    check_eligibility: bool


def show(
    record: OpportunityRecord,
    match: Match | None,
    texts: Texts,
    *,
    today: date | None = None,
    base_url: str | None = None,
) -> Shown:
    """Clean and localise one record; ``today`` adds "N days left" (digests only: feeds stay
    byte-stable, so they never show anything relative to the day they were built)."""
    shown = render_all(match.reasons, texts.language) if match else []
    reasons = [one_line(reason) for reason in shown]
    return Shown(
        id=record.id,
        title=one_line(record.title) or record.id,
        url=safe_url(record.url, base_url),
        # summary_html() returns nh3-sanitised HTML, so marking it safe is sound.
        summary_html=Markup(summary_html(record.summary)),
        summary_text=shorten(html_to_text(record.summary), SUMMARY_TEXT_LIMIT),
        deadline=texts.deadline(record.deadline, today),
        # A monthly stipend shown bare would read as the whole award.
        amount=texts.amount(
            record.amount, one_line(record.currency) or None, record.details.get("amount_period")
        ),
        funder=one_line(record.funder) or None,
        host=_host(record, texts),
        kind=texts.kind(record.kind),
        levels=[texts.level(level) for level in record.levels],
        fields=[f for f in (one_line(field) for field in record.fields) if f],
        score=_score(match, texts),
        reasons=[reason for reason in reasons if reason],
        check_eligibility=bool(match and match.eligibility == Eligibility.CHECK),
    )


def _host(record: OpportunityRecord, texts: Texts) -> str | None:
    country = one_line(record.host_country).upper() or None
    if country:
        country = texts.country(country)
    parts = [part for part in (one_line(record.host_institution), country) if part]
    return ", ".join(parts) or None


def _score(match: Match | None, texts: Texts) -> str | None:
    if match is None:
        return None
    return format_decimal(match.score, format="0.00", locale=texts.language)


def was(record, changes, texts: Texts) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """{"deadline" | "amount": "was …"} for the fields whose latest change is recorded."""
    out: dict[str, str] = {}
    old_deadline = (changes or {}).get("deadline")
    if old_deadline and str(record.deadline) != old_deadline:
        with suppress(ValueError):  # an unreadable old value says nothing
            old = texts.deadline(date.fromisoformat(old_deadline))
            out["deadline"] = texts("deadline_was", old=old)
    old_amount = (changes or {}).get("amount")
    if old_amount and str(record.amount) != old_amount:
        try:
            shown = texts.amount(float(old_amount), one_line(record.currency) or None)
        except ValueError:
            shown = None
        if shown:
            out["amount"] = texts("deadline_was", old=shown)
    return out
