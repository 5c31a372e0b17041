"""Match writes (replace a profile's matches atomically) and reads."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Engine, delete, select

from domain import Eligibility, Match
from domain.reasons import Reason, from_json
from storage.models import MatchRow

_TABLE = MatchRow.__table__


def replace_matches(
    engine: Engine, matches: Sequence[Match], profile_ids: Iterable[str], computed_at: datetime
) -> int:
    """Replace the stored matches of ``profile_ids`` with ``matches`` in one transaction."""
    ids = list(profile_ids)
    rows = [
        {
            "profile_id": m.profile_id,
            "opportunity_id": m.opportunity_id,
            "score": float(m.score),
            "rank": m.rank,
            "eligibility": str(m.eligibility),
            "reasons": [_stored(r) for r in m.reasons],
            "computed_at": computed_at,
        }
        for m in matches
    ]
    with engine.begin() as conn:
        for start in range(0, len(ids), 500):
            conn.execute(delete(_TABLE).where(_TABLE.c.profile_id.in_(ids[start : start + 500])))
        for start in range(0, len(rows), 1000):
            conn.execute(_TABLE.insert(), rows[start : start + 1000])
    return len(rows)


def load_matches(engine: Engine, profile_id: str | None = None) -> list[Match]:
    """Stored matches, by profile then rank."""
    stmt = select(_TABLE).order_by(_TABLE.c.profile_id, _TABLE.c.rank)
    if profile_id is not None:
        stmt = stmt.where(_TABLE.c.profile_id == profile_id)
    with engine.connect() as conn:
        return [
            Match(
                profile_id=r["profile_id"],
                opportunity_id=r["opportunity_id"],
                score=r["score"],
                rank=r["rank"],
                eligibility=Eligibility(r["eligibility"]),
                reasons=[from_json(x) for x in r["reasons"] or []],
                computed_at=r["computed_at"],
            )
            for r in conn.execute(stmt).mappings()
        ]


def _stored(item: Reason | str) -> object:
    return item.to_json() if isinstance(item, Reason) else item
