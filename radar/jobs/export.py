"""Export job: opportunities, institutions or matches as JSON Lines or CSV (docs/export.md)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import IO, Any

from sqlalchemy import Engine

from domain.eligibility import evidence_text
from domain.reasons import Reason
from feeds.reasons import render_all
from matcher.partners import host_index
from storage import repository as repo

OPPORTUNITY_FIELDS = (
    "id", "source", "url", "title", "kind", "funder", "host_institution", "host_country",
    "eligible_countries", "levels", "fields", "amount", "currency", "deadline", "status",
    "language", "first_seen", "last_seen", "summary", "eligibility_evidence", "host_rank",
    "also_seen_at", "fully_funded", "deadline_raw", "amount_raw", "cluster",
    "amount_period", "opens",
)  # fmt: skip
INSTITUTION_FIELDS = ("id", "name", "country", "url", "aliases", "ranks", "subjects")
MATCH_FIELDS = (
    "profile_id", "opportunity_id", "score", "rank", "eligibility", "reasons", "reason_codes",
    "reasons_local",
)  # fmt: skip
WHAT = ("opportunities", "institutions", "matches")


def export_rows(engine: Engine, what: str) -> tuple[tuple[str, ...], Iterator[dict[str, Any]]]:
    """The field names and rows of one export."""
    if what == "opportunities":
        return OPPORTUNITY_FIELDS, _opportunities(engine)
    if what == "institutions":
        return INSTITUTION_FIELDS, _institutions(engine)
    if what == "matches":
        return MATCH_FIELDS, _matches(engine)
    raise ValueError(f"unknown export {what!r}; expected one of {', '.join(WHAT)}")


def write_export(
    rows: Iterable[dict[str, Any]], fields: tuple[str, ...], fmt: str, out: IO[str]
) -> int:
    """Write rows as jsonl or csv (lists and objects JSON-encoded in CSV cells); returns the count."""
    count = 0
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
            count += 1
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(fields))
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in fields})
            count += 1
    else:
        raise ValueError(f"unknown format {fmt!r}; expected jsonl or csv")
    return count


def _opportunities(engine: Engine) -> Iterator[dict[str, Any]]:
    institutions = repo.load_institutions(engine)
    opportunities = repo.load_opportunities(engine, canonical_only=True)
    # Host names on calls are written freely; link them to ranked institutions by name/alias.
    by_id = {i.id: i for i in institutions}
    host_of = {
        o.id: by_id[inst_id]
        for inst_id, hosted in host_index(institutions, opportunities).items()
        for o in hosted
    }
    for o in opportunities:
        host = host_of.get(o.id)
        yield {
            "id": o.id,
            "source": o.source,
            "url": o.url,
            "title": o.title,
            "kind": str(o.kind),
            "funder": o.funder,
            "host_institution": o.host_institution,
            "host_country": o.host_country,
            "eligible_countries": o.eligible_countries,
            "levels": [str(x) for x in o.levels],
            "fields": o.fields,
            "amount": o.amount,
            "currency": o.currency,
            "deadline": o.deadline,
            "status": str(o.status),
            "language": o.language,
            "first_seen": o.first_seen,
            "last_seen": o.last_seen,
            "summary": o.summary,
            "eligibility_evidence": evidence_text(o.details),
            "host_rank": _best_rank(host) if host else None,
            "also_seen_at": o.details.get("also_seen_at", []),
            "fully_funded": o.details.get("fully_funded"),
            "deadline_raw": o.details.get("deadline_raw"),
            "amount_raw": o.details.get("amount_raw"),
            "cluster": o.details.get("cluster"),
            "amount_period": o.details.get("amount_period"),
            "opens": o.details.get("opens"),
        }


def _best_rank(inst) -> dict[str, Any] | None:  # type: ignore[no-untyped-def]
    ranked = [r for r in inst.ranks if r.rank_lower is not None]
    if not ranked:
        return None
    best = min(ranked, key=lambda r: (r.rank_lower, -r.year))
    return {"system": best.system, "year": best.year, "rank": best.rank}


def _institutions(engine: Engine) -> Iterator[dict[str, Any]]:
    for i in repo.load_institutions(engine):
        ranks: dict[str, dict[str, Any]] = {}
        for r in sorted(i.ranks, key=lambda r: r.year):
            ranks[r.system] = {"year": r.year, "rank": r.rank, "rank_lower": r.rank_lower}
        yield {
            "id": i.id, "name": i.name, "country": i.country, "url": i.url,
            "aliases": i.aliases, "ranks": ranks, "subjects": i.subjects,
        }  # fmt: skip


def _matches(engine: Engine) -> Iterator[dict[str, Any]]:
    language = {p.id: p.language for p in repo.load_profiles(engine)}
    for m in repo.load_matches(engine):
        yield {
            "profile_id": m.profile_id,
            "opportunity_id": m.opportunity_id,
            "score": round(m.score, 6),
            "rank": m.rank,
            "eligibility": str(m.eligibility),
            # English, as before codes existed; scripts read reason_codes
            "reasons": render_all(m.reasons, "en"),
            "reason_codes": [r.to_json() for r in m.reasons if isinstance(r, Reason)],
            "reasons_local": render_all(m.reasons, language.get(m.profile_id)),
        }


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
