"""What the read-only JSON API shows: visible calls through the browser's filters, institutions
with their ranks, and one person's matches by their token, as plain JSON-ready dicts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine

from domain import InstitutionRecord, Match, OpportunityRecord
from feeds.reasons import render_all
from radar.jobs.browse import BrowseError, parse_query, search
from radar.jobs.curation import muted_for
from radar.jobs.visible import visible_opportunities
from storage import repository as repo

MAX_LIMIT = 100
DEFAULT_LIMIT = 25
PAGING = ("limit", "offset", "page")
# The browser's filters minus status and curated: the API only ever shows open, not hidden calls.
OPPORTUNITY_FILTERS = ("q", "kind", "level", "country", "source", "within", "sort")
INSTITUTION_FILTERS = ("country", "max_rank")
# Stricter than the browser's form (which sends empty fields): what the OpenAPI document says.
CHOICES = ("kind", "level", "country", "within", "sort")
COUNTRY = re.compile(r"[A-Za-z]{2}")


class ApiError(ValueError):
    """A query the API refuses (400); the message names the parameter."""


@dataclass(frozen=True)
class Paging:
    """Which slice of the results: ``limit`` items from ``offset``."""

    limit: int
    offset: int

    def page(self, items: list) -> list:  # type: ignore[type-arg]
        return items[self.offset : self.offset + self.limit]


def parse_paging(args: dict[str, str]) -> Paging:
    """``limit`` (1-100), ``offset`` and ``page``: items from ``offset + (page - 1) * limit``
    (so either alone works as expected, and both together still mean one thing); raises
    ApiError."""
    limit = _whole(args, "limit", DEFAULT_LIMIT)
    if not 1 <= limit <= MAX_LIMIT:
        raise ApiError(f"limit must be between 1 and {MAX_LIMIT}")
    page = _whole(args, "page", 1)
    if page < 1:
        raise ApiError("page must be 1 or more")
    return Paging(limit, _whole(args, "offset", 0) + (page - 1) * limit)


def _whole(args: dict[str, str], name: str, default: int) -> int:
    raw = args.get(name, str(default))
    if not raw.isascii() or not raw.isdigit() or len(raw) > 6:
        raise ApiError(f"{name} must be a whole number of at most 6 digits, not {raw[:20]!r}")
    return int(raw)


def _check_params(args: dict[str, str], allowed: tuple[str, ...]) -> None:
    # Unknown names refused: a misspelt filter would otherwise silently return everything.
    unknown = sorted(set(args) - set(allowed) - set(PAGING))
    if unknown:
        raise ApiError(f"unknown parameter {unknown[0][:40]!r}; known: {', '.join(allowed + PAGING)}")
    for name in CHOICES:
        if name in args and not args[name]:
            raise ApiError(f"{name} is empty; leave it out for no filter")
    if "country" in args and not COUNTRY.fullmatch(args["country"]):
        raise ApiError(f"country must be a two-letter code such as DE, not {args['country'][:20]!r}")


def opportunities(engine: Engine, args: dict[str, str], today: date, timezone: str) -> dict:
    """Open, not hidden calls through the browser's filters, one page and the total."""
    _check_params(args, OPPORTUNITY_FILTERS)
    paging = parse_paging(args)
    filters = {k: v for k, v in args.items() if k in OPPORTUNITY_FILTERS}
    try:
        query = parse_query({**filters, "status": "open", "curated": "visible"})
    except BrowseError as exc:
        raise ApiError(str(exc)) from exc
    records, flags = search(engine, query, today)
    # The browser judges "open" by day; the one definition also knows the deadline's hour.
    visible = {o.id for o in visible_opportunities(engine, today, timezone)}
    found = [o for o in records if o.id in visible]
    return {
        "total": len(found), "limit": paging.limit, "offset": paging.offset,
        "items": [opportunity_json(o, flags) for o in paging.page(found)],
    }  # fmt: skip


def opportunity(engine: Engine, opportunity_id: str, today: date, timezone: str) -> dict | None:
    """One open, not hidden call; None for anything else (unknown, closed, hidden, a copy)."""
    for o in visible_opportunities(engine, today, timezone):
        if o.id == opportunity_id:
            flags = {c["opportunity_id"]: c for c in repo.list_curation(engine)}
            return opportunity_json(o, flags)
    return None


def opportunity_json(o: OpportunityRecord, flags: dict[str, dict]) -> dict[str, Any]:
    """The public fields of one call (no staff notes, no stored details)."""
    return {
        "id": o.id, "url": o.url, "source": o.source, "title": o.title, "summary": o.summary,
        "kind": o.kind.value, "funder": o.funder, "host_institution": o.host_institution,
        "host_country": o.host_country, "eligible_countries": list(o.eligible_countries),
        "levels": [lv.value for lv in o.levels], "fields": list(o.fields),
        "amount": o.amount, "currency": o.currency,
        "deadline": o.deadline.isoformat() if o.deadline else None,
        "status": o.status.value, "language": o.language, "first_seen": _instant(o.first_seen),
        "featured": bool(flags.get(o.id, {}).get("featured", False)),
    }  # fmt: skip


def _instant(moment: datetime | None) -> str | None:
    # Stored instants are naive UTC; RFC 3339 wants the offset.
    if moment is None:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def institutions(engine: Engine, args: dict[str, str]) -> dict:
    """Institutions with their ranks per system and year; ``country`` and ``max_rank``
    (some rank, in any system and year, at or better than N) narrow them."""
    _check_params(args, INSTITUTION_FILTERS)
    paging = parse_paging(args)
    country = args.get("country", "").upper()
    max_rank = _whole(args, "max_rank", 0) if "max_rank" in args else None
    if max_rank is not None and max_rank < 1:
        raise ApiError("max_rank must be 1 or more")
    found = [
        i for i in repo.load_institutions(engine)
        if (not country or (i.country or "").upper() == country)
        and (max_rank is None or any(r.rank_lower is not None and r.rank_lower <= max_rank
                                     for r in i.ranks))
    ]  # fmt: skip
    return {
        "total": len(found), "limit": paging.limit, "offset": paging.offset,
        "items": [institution_json(i) for i in paging.page(found)],
    }  # fmt: skip


def institution_json(i: InstitutionRecord) -> dict[str, Any]:
    """One institution and its ranks (a band keeps its text in ``rank``)."""
    return {
        "id": i.id, "name": i.name, "country": i.country, "url": i.url,
        "aliases": list(i.aliases),
        "ranks": [{"system": r.system, "year": r.year, "rank": r.rank, "rank_lower": r.rank_lower}
                  for r in i.ranks],
    }  # fmt: skip


def person_matches(engine: Engine, token: str, today: date, timezone: str) -> dict | None:
    """The token's person's visible, not muted matches with reasons as codes and as text in
    their language; None for a malformed, unknown or revoked token."""
    profile_id = repo.profile_for_token(engine, token)
    found = repo.load_profiles(engine, ids=[profile_id]) if profile_id else []
    if not found:
        return None
    profile = found[0]
    calls = {o.id: o for o in visible_opportunities(engine, today, timezone)}
    flags = {c["opportunity_id"]: c for c in repo.list_curation(engine)}
    muted = muted_for(engine, profile)
    shown = [m for m in repo.load_matches(engine, profile.id)
             if m.opportunity_id in calls and m.opportunity_id not in muted]  # fmt: skip
    return {
        "language": profile.language,
        "matches": [_match_json(m, calls[m.opportunity_id], flags, profile.language)
                    for m in shown],
    }  # fmt: skip


def _match_json(m: Match, o: OpportunityRecord, flags: dict[str, dict], language: str) -> dict:
    texts = render_all(m.reasons, language)
    # storage reads older plain-text reasons back as code "text" with the text as parameter
    reasons = [{"code": r.code, "params": dict(r.params), "text": t}
               for r, t in zip(m.reasons, texts, strict=True)]  # fmt: skip
    return {
        "rank": m.rank, "score": m.score, "eligibility": m.eligibility.value,
        "reasons": reasons, "opportunity": opportunity_json(o, flags),
    }  # fmt: skip
