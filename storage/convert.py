"""Conversions between ORM rows (as mappings) and domain records."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from domain import (
    InstitutionRecord,
    Kind,
    Level,
    OpportunityRecord,
    Profile,
    RankEntry,
    Role,
    Status,
)

# Columns whose change makes an opportunity "updated" (first/last seen do not).
CONTENT_FIELDS = (
    "url", "title", "summary", "kind", "funder", "host_institution", "host_country",
    "eligible_countries", "levels", "fields", "amount", "currency", "deadline", "status",
    "language", "published", "details",
)  # fmt: skip


def opportunity_to_row(rec: OpportunityRecord) -> dict[str, Any]:
    """The column values of an opportunity record (enums as their string values)."""
    return {
        "id": rec.id,
        "source": rec.source,
        "url": rec.url,
        "title": rec.title,
        "summary": rec.summary or "",
        "kind": str(rec.kind),
        "funder": rec.funder,
        "host_institution": rec.host_institution,
        "host_country": rec.host_country,
        "eligible_countries": list(rec.eligible_countries),
        "levels": [str(level) for level in rec.levels],
        "fields": list(rec.fields),
        "amount": rec.amount,
        "currency": rec.currency,
        "deadline": rec.deadline,
        "status": str(rec.status),
        "language": rec.language,
        "published": rec.published,
        "details": dict(rec.details),
    }


# Keys of ``details`` that we derive after a crawl; they are not the source's content.
DERIVED_DETAILS = ("also_seen_at", "vanished_since", "cluster")


def content_hash(row: Mapping[str, Any]) -> str:
    """A digest of the content columns, to tell updated from unchanged."""
    payload = {k: row.get(k) for k in CONTENT_FIELDS}
    details = payload.get("details") or {}
    payload["details"] = {k: v for k, v in details.items() if k not in DERIVED_DETAILS}
    blob = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def row_to_opportunity(row: Mapping[str, Any]) -> OpportunityRecord:
    """Build the domain record from a row mapping."""
    return OpportunityRecord(
        id=row["id"],
        source=row["source"],
        url=row["url"],
        title=row["title"],
        summary=row["summary"] or "",
        kind=_enum(Kind, row["kind"], Kind.OTHER),
        funder=row["funder"],
        host_institution=row["host_institution"],
        host_country=row["host_country"],
        eligible_countries=list(row["eligible_countries"] or []),
        levels=[_enum(Level, v, Level.ANY) for v in row["levels"] or []],
        fields=list(row["fields"] or []),
        amount=row["amount"],
        currency=row["currency"],
        deadline=row["deadline"],
        status=_enum(Status, row["status"], Status.UNKNOWN),
        language=row["language"],
        published=row["published"],
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
        last_changed=row["last_changed"],
        details=dict(row["details"] or {}),
    )


def profile_to_row(p: Profile) -> dict[str, Any]:
    """The column values of a profile."""
    return {
        "id": p.id,
        "name": p.name,
        "email": p.email,
        "role": str(p.role),
        "language": p.language,
        "interests": p.interests,
        "keywords": list(p.keywords),
        "fields": list(p.fields),
        "level": str(p.level) if p.level else None,
        "target_levels": [str(t) for t in p.target_levels],
        "citizenship": p.citizenship,
        "residence": p.residence,
        "birth_date": p.birth_date,
        "details": dict(p.details),
    }


def row_to_profile(row: Mapping[str, Any]) -> Profile:
    """Build the domain profile from a row mapping."""
    return Profile(
        id=row["id"],
        name=row["name"],
        role=_enum(Role, row["role"], Role.STUDENT),
        email=row["email"],
        language=row["language"] or "en",
        interests=row["interests"] or "",
        keywords=list(row["keywords"] or []),
        fields=list(row["fields"] or []),
        level=_enum(Level, row["level"], None) if row["level"] else None,
        target_levels=list(row["target_levels"] or []),
        citizenship=row["citizenship"],
        residence=row["residence"],
        birth_date=row["birth_date"],
        details=dict(row["details"] or {}),
        updated_at=row["updated_at"],
    )


def rows_to_institution(
    row: Mapping[str, Any], ranks: list[Mapping[str, Any]]
) -> InstitutionRecord:
    """Build the domain institution from its row and rank rows."""
    return InstitutionRecord(
        id=row["id"],
        name=row["name"],
        country=row["country"],
        url=row["url"],
        aliases=list(row["aliases"] or []),
        subjects=list(row["subjects"] or []),
        ranks=[
            RankEntry(
                system=r["system"], year=r["year"], rank=r["rank"], rank_lower=r["rank_lower"]
            )
            for r in ranks
        ],
    )


def _enum(enum_type, value, default):  # type: ignore[no-untyped-def]
    try:
        return enum_type(value)
    except ValueError:
        return default
