"""The staff opportunity browser: query-string filters checked, full-text search, sort, pages,
and one opportunity with its sources, history and curation."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from domain import Kind, Level, OpportunityRecord
from storage import repository as repo

PER_PAGE = 25
STATUSES = ("open", "closed", "any")
CURATED = ("", "featured", "hidden", "visible")
SORTS = ("deadline", "relevance")
WINDOWS = (0, 7, 30, 90, 365)  # "due within N days"; 0 = any deadline


class BrowseError(ValueError):
    """A filter value the browser does not accept; the message names it."""


@dataclass
class BrowseQuery:
    """The browser's filters, as checked values."""

    q: str = ""
    kind: str = ""
    level: str = ""
    country: str = ""
    source: str = ""
    status: str = "open"
    curated: str = ""
    within: int = 0
    sort: str = "deadline"
    page: int = 1


@dataclass
class BrowsePage:
    """One page of results and what the form needs to redraw itself."""

    query: BrowseQuery
    items: list[OpportunityRecord]
    total: int
    pages: int
    flags: dict[str, dict] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=lambda: [k.value for k in Kind])
    levels: list[str] = field(default_factory=lambda: [v.value for v in Level])


def parse_query(args: dict[str, str]) -> BrowseQuery:
    """Filters from a query string; raises BrowseError naming the first bad one."""
    query = BrowseQuery(
        q=args.get("q", "").strip()[:200],
        kind=_choice(args, "kind", ["", *(k.value for k in Kind)]),
        level=_choice(args, "level", ["", *(v.value for v in Level)]),
        country=args.get("country", "").strip().upper(),
        source=args.get("source", "").strip()[:100],
        status=_choice(args, "status", STATUSES, "open"),
        curated=_choice(args, "curated", CURATED),
        within=_number(args, "within", 0),
        sort=_choice(args, "sort", SORTS, "deadline"),
        page=_number(args, "page", 1),
    )
    if query.country and not (len(query.country) == 2 and query.country.isalpha()):
        raise BrowseError(f"country must be a two-letter code such as DE, not {query.country!r}")
    if "\x00" in query.source:  # PostgreSQL refuses NUL in a string: a 400, not a 500
        raise BrowseError("source must not contain NUL characters")
    if query.within not in WINDOWS:
        raise BrowseError(f"within must be one of {', '.join(map(str, WINDOWS))} days")
    if query.page < 1:
        raise BrowseError("page must be 1 or more")
    return query


def _choice(args: dict[str, str], name: str, allowed, default: str = "") -> str:  # type: ignore[no-untyped-def]
    value = args.get(name, default) or default
    if value not in allowed:
        raise BrowseError(
            f"{name} {value[:40]!r} is not one of: {', '.join(a for a in allowed if a)}"
        )
    return value


def _number(args: dict[str, str], name: str, default: int) -> int:
    raw = args.get(name, "") or str(default)
    if not raw.isdigit() or len(raw) > 6:
        raise BrowseError(f"{name} must be a whole number, not {raw[:20]!r}")
    return int(raw)


def browse(engine: Engine, query: BrowseQuery, today: date) -> BrowsePage:
    """One page of canonical opportunities matching ``query``; hidden ones are included and
    marked (staff see everything) unless the curated filter says otherwise."""
    records, flags = search(engine, query, today)
    pages = max(1, math.ceil(len(records) / PER_PAGE))
    start = (min(query.page, pages) - 1) * PER_PAGE
    return BrowsePage(query, records[start : start + PER_PAGE], len(records), pages, flags,
                      repo.source_names(engine))  # fmt: skip


def search(
    engine: Engine, query: BrowseQuery, today: date
) -> tuple[list[OpportunityRecord], dict[str, dict]]:
    """Every canonical opportunity matching ``query`` (all pages), sorted, with the curation
    flags by id: the one filter implementation of the browser and the JSON API."""
    filters = repo.SearchFilters(
        words=query.q, kind=query.kind, host_country=query.country, source=query.source,
        status=query.status, today=today,
        deadline_to=today + timedelta(days=query.within) if query.within else None,
    )  # fmt: skip
    scores = dict(repo.search_ids(engine, filters))
    flags = {c["opportunity_id"]: c for c in repo.list_curation(engine)}
    keep = {
        "": lambda i: True,
        "featured": lambda i: flags.get(i, {}).get("featured", False),
        "hidden": lambda i: flags.get(i, {}).get("hidden", False),
        "visible": lambda i: not flags.get(i, {}).get("hidden", False),
    }[query.curated]
    records = [
        o for o in repo.load_opportunities(engine, ids=[i for i in scores if keep(i)])
        if not query.level or query.level in {lv.value for lv in o.levels}
    ]  # fmt: skip
    records.sort(key=lambda o: _order(o, scores, query.sort))
    return records, flags


def _order(o: OpportunityRecord, scores: dict[str, float], sort: str) -> tuple:
    by_deadline = (o.deadline is None, o.deadline or date.max, o.title)
    return (-scores.get(o.id, 0.0), *by_deadline) if sort == "relevance" else by_deadline


def opportunity_detail(engine: Engine, opportunity_id: str) -> dict[str, Any] | None:
    """One opportunity with its copies on other sites, change history and curation."""
    found = repo.load_opportunities(engine, ids=[opportunity_id])
    if not found:
        return None
    record = found[0]
    flags = {c["opportunity_id"]: c for c in repo.list_curation(engine)}
    vanished = record.details.get("vanished_since")
    return {
        "o": record,
        "copies": repo.copies_of(engine, opportunity_id),
        "merge": (record.details.get("cluster") or {}),
        "changes": repo.opportunity_changes(engine, opportunity_id),
        "last_verified": repo.last_verified(engine, opportunity_id),
        "curation": flags.get(opportunity_id),
        "vanished": datetime.fromisoformat(vanished) if isinstance(vanished, str) else None,
    }
