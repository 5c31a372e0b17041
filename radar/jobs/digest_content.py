"""What one person's next digest says: new since their last one, closing soon, moved deadlines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from domain import Eligibility, Match, OpportunityRecord

DEFAULT_REMINDER_DAYS = (14, 3)


@dataclass
class DigestContent:
    """The sections of one digest, and the record the next digest is computed against."""

    new: list[tuple[Match, OpportunityRecord]] = field(default_factory=list)
    recommended: dict[str, str | None] = field(default_factory=dict)  # id -> staff note
    closing: list[tuple[Match | None, OpportunityRecord, int]] = field(default_factory=list)
    changed: list[tuple[Match | None, OpportunityRecord, date | None]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.new or self.closing or self.changed)

    def record(self) -> dict:
        """What is stored in the send log (JSON): ids per section and the deadlines told."""
        mentioned = [r for _, r in self.new] + [r for _, r, _ in self.closing]
        mentioned += [r for _, r, _ in self.changed]
        return {
            "new": [r.id for _, r in self.new],
            "closing": {r.id: days for _, r, days in self.closing},
            "changed": {r.id: _iso(old) for _, r, old in self.changed},
            "deadlines": {r.id: _iso(r.deadline) for r in mentioned},
        }


@dataclass
class _History:
    told: set[str] = field(default_factory=set)
    deadlines: dict[str, str | None] = field(default_factory=dict)
    reminded: dict[str, int] = field(default_factory=dict)  # smallest threshold reminded


def _history(sections: list[dict]) -> _History:
    h = _History()
    for s in sections:  # oldest first, so later deadlines win
        h.told.update(s.get("new") or [])
        h.deadlines.update(s.get("deadlines") or {})
        for oid, days in (s.get("closing") or {}).items():
            h.reminded[oid] = min(days, h.reminded.get(oid, days))
    return h


def digest_content(
    *,
    matches: list[Match],
    opportunities: dict[str, OpportunityRecord],
    recommended: dict[str, str | None],
    muted: set[str],
    history: list[dict],
    today: date,
    reminder_days: list[int] | None,
    limit: int,
) -> DigestContent:
    """The next digest of one person from their matches and what earlier digests said.

    ``opportunities`` holds the open, not hidden calls; muted ones are never shown.
    """
    past = _history(history)
    content = DigestContent()
    shown = {oid for oid in opportunities if oid not in muted}
    by_id = {m.opportunity_id: m for m in matches}
    picks = [oid for oid in recommended if oid in shown and oid not in past.told]
    for oid in picks:
        match = by_id.get(oid) or Match("", oid, 0.0, 0, Eligibility.CHECK, [])
        content.new.append((match, opportunities[oid]))
        content.recommended[oid] = recommended[oid]
    fresh = [m for m in matches if m.opportunity_id in shown and m.opportunity_id not in past.told]
    content.new += [
        (m, opportunities[m.opportunity_id]) for m in fresh if m.opportunity_id not in recommended
    ][: max(limit - len(picks), 0)]
    thresholds = sorted(set(reminder_days or DEFAULT_REMINDER_DAYS))
    for oid in sorted(past.told & shown):
        record, match = opportunities[oid], by_id.get(oid)
        if oid in past.deadlines and past.deadlines[oid] != _iso(record.deadline):
            old = past.deadlines[oid]
            content.changed.append((match, record, date.fromisoformat(old) if old else None))
            continue
        if record.deadline is None:
            continue
        left = (record.deadline - today).days
        due = [t for t in thresholds if t >= left >= 0]
        if due and past.reminded.get(oid, 10**6) > due[0]:
            content.closing.append((match, record, due[0]))
    content.closing.sort(key=lambda c: (c[1].deadline, c[1].id))
    return content


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
