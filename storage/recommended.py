"""Staff recommendations for one person (directly or through their groups), with the notes."""

from __future__ import annotations

from sqlalchemy import Engine, or_, select

from domain import Profile
from storage.models import Recommendation

_RECS = Recommendation.__table__


def recommendations_for(engine: Engine, profile: Profile) -> dict[str, str | None]:
    """Opportunity id → the staff note (None without one); a direct note beats a group's."""
    groups = list(profile.details.get("groups") or [])
    stmt = select(_RECS).where(
        or_(_RECS.c.profile_id == profile.id, _RECS.c.group_name.in_(groups) if groups else False)
    ).order_by(_RECS.c.id)
    out: dict[str, str | None] = {}
    with engine.connect() as conn:
        for r in conn.execute(stmt).mappings():
            if r["profile_id"] or not out.get(r["opportunity_id"]):
                out[r["opportunity_id"]] = r["note"] or out.get(r["opportunity_id"])
    return out


def group_recommendations(engine: Engine) -> dict[str, list[str]]:
    """Group name → the opportunity ids staff recommended to it, oldest first."""
    stmt = select(_RECS.c.group_name, _RECS.c.opportunity_id).where(_RECS.c.group_name != "")
    out: dict[str, list[str]] = {}
    with engine.connect() as conn:
        for group, oid in conn.execute(stmt.order_by(_RECS.c.id)):
            out.setdefault(group, []).append(oid)
    return out
