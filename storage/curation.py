"""Staff curation (featured, hidden, notes, recommendations) and people's feedback."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from domain import Profile
from storage.bulk import bulk_upsert
from storage.clock import utcnow
from storage.models import CurationFlag, Feedback, Recommendation

_FLAGS = CurationFlag.__table__
_RECS = Recommendation.__table__
_FEEDBACK = Feedback.__table__
NOT_RELEVANT = "not-relevant"


def set_flags(
    engine: Engine,
    opportunity_id: str,
    *,
    featured: bool | None = None,
    hidden: bool | None = None,
    note: str | None = None,
    by: str | None = None,
) -> None:
    """Change the given marks of one opportunity; the others stay as they were. ``by`` is
    who did it (an account's address, or ``cli:USER``)."""
    with engine.begin() as conn:
        old = (
            conn.execute(select(_FLAGS).where(_FLAGS.c.opportunity_id == opportunity_id))
            .mappings()
            .first()
        )
        row = (
            dict(old)
            if old
            else {
                "opportunity_id": opportunity_id,
                "featured": False,
                "hidden": False,
                "note": None,
            }
        )
        if featured is not None:
            row["featured"] = featured
        if hidden is not None:
            row["hidden"] = hidden
        if note is not None:
            row["note"] = note or None  # an empty note removes it
        row["updated_at"] = utcnow()
        row["updated_by"] = by
        bulk_upsert(conn, _FLAGS, [row], keys=["opportunity_id"])


def recommend(
    engine: Engine,
    opportunity_id: str,
    *,
    profile_id: str = "",
    group: str = "",
    note: str | None = None,
    by: str | None = None,
) -> None:
    """Recommend an opportunity to a person or a group (again: the note, time and who are
    updated)."""
    if bool(profile_id) == bool(group):
        raise ValueError("recommend to exactly one of a profile or a group")
    row = {
        "opportunity_id": opportunity_id,
        "profile_id": profile_id,
        "group_name": group,
        "note": note,
        "created_at": utcnow(),
        "created_by": by,
    }
    with engine.begin() as conn:
        bulk_upsert(
            conn, _RECS, [row], keys=["opportunity_id", "profile_id", "group_name"],
            update=["note", "created_at", "created_by"],
        )  # fmt: skip


def add_feedback(
    engine: Engine, profile_id: str, opportunity_id: str, verdict: str = NOT_RELEVANT
) -> None:
    """Record a person's verdict on an opportunity (the latest one counts)."""
    row = {
        "profile_id": profile_id,
        "opportunity_id": opportunity_id,
        "verdict": verdict,
        "created_at": utcnow(),
    }
    with engine.begin() as conn:
        bulk_upsert(conn, _FEEDBACK, [row], keys=["profile_id", "opportunity_id"])


def load_curation(engine: Engine, profiles: list[Profile]) -> dict[str, Any]:
    """What the matcher takes: featured ids, recommended and muted ids per profile (groups
    expanded through each profile's ``groups``), plus the hidden ids and notes."""
    with engine.connect() as conn:
        flags = list(conn.execute(select(_FLAGS)).mappings())
        recs = list(conn.execute(select(_RECS)).mappings())
        feedback = list(conn.execute(select(_FEEDBACK)).mappings())
    members: dict[str, list[str]] = defaultdict(list)
    for p in profiles:
        for group in p.details.get("groups") or []:
            members[group].append(p.id)
    recommended: dict[str, set[str]] = defaultdict(set)
    for r in recs:
        for pid in [r["profile_id"]] if r["profile_id"] else members.get(r["group_name"], []):
            recommended[pid].add(r["opportunity_id"])
    muted: dict[str, set[str]] = defaultdict(set)
    for f in feedback:
        if f["verdict"] == NOT_RELEVANT:
            muted[f["profile_id"]].add(f["opportunity_id"])
    return {
        "featured": {f["opportunity_id"] for f in flags if f["featured"]},
        "hidden": {f["opportunity_id"] for f in flags if f["hidden"]},
        "notes": {f["opportunity_id"]: f["note"] for f in flags if f["note"]},
        "recommended": dict(recommended),
        "muted": dict(muted),
    }


def list_curation(engine: Engine) -> list[dict[str, Any]]:
    """Every curated opportunity with its marks and recommendations, for staff to review."""
    with engine.connect() as conn:
        flags = {f["opportunity_id"]: dict(f) for f in conn.execute(select(_FLAGS)).mappings()}
        recs = list(conn.execute(select(_RECS).order_by(_RECS.c.id)).mappings())
    out: dict[str, dict[str, Any]] = {oid: {**f, "recommended_to": []} for oid, f in flags.items()}
    for r in recs:
        entry = out.setdefault(
            r["opportunity_id"],
            {
                "opportunity_id": r["opportunity_id"],
                "featured": False,
                "hidden": False,
                "note": None,
                "updated_at": None,
                "updated_by": None,
                "recommended_to": [],
            },
        )
        entry["recommended_to"].append(r["profile_id"] or f"group:{r['group_name']}")
        entry.setdefault("recommendations", []).append(dict(r))
    return [out[k] for k in sorted(out)]


def curation_changed_since(
    engine: Engine, since: datetime, profiles: list[Profile]
) -> tuple[set[str], set[str]]:
    """What staff and people changed after ``since``: the opportunities whose marks changed
    (they concern everyone) and the profiles a recommendation or feedback concerns."""
    with engine.connect() as conn:
        opps = set(
            conn.execute(
                select(_FLAGS.c.opportunity_id).where(_FLAGS.c.updated_at > since)
            ).scalars()
        )
        recs = list(conn.execute(select(_RECS).where(_RECS.c.created_at > since)).mappings())
        muted = set(
            conn.execute(
                select(_FEEDBACK.c.profile_id).where(_FEEDBACK.c.created_at > since)
            ).scalars()
        )
    groups = {r["group_name"] for r in recs if r["group_name"]}
    people = (
        {r["profile_id"] for r in recs if r["profile_id"]}
        | muted
        | {p.id for p in profiles if groups & set(p.details.get("groups") or [])}
    )
    return opps, people
