"""Which public feeds `radar publish` writes and which calls each holds, in one pass per facet."""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from domain import Kind, Level, OpportunityRecord
from feeds.items import FeedItem

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_LEVELS = [level for level in Level if level is not Level.ANY]


@dataclass(frozen=True)
class PlannedFeed:
    """One public feed: its path without extension, id, title, its open calls, and ``pool``,
    every stored call it could hold (to date it by the data when it is empty)."""

    rel: str
    spec_id: str
    title: str
    items: list[OpportunityRecord]
    pool: list[OpportunityRecord] | None
    listed: bool = False  # in index.opml


def feed_name(key: str) -> str:
    """A file-safe name for a profile id or kind (ids are already mostly safe)."""
    return _UNSAFE.sub("-", key).strip("-") or "feed"


def plan_feeds(
    everything: list[OpportunityRecord], visible: list[OpportunityRecord],
    featured: set[str], groups: dict[str, list[str]],
) -> list[PlannedFeed]:  # fmt: skip
    """all, one per kind, level, host country, staff picks and group. Countries and groups
    come from every stored call, not only open ones, so a feed whose last call closed is
    rewritten empty instead of left stale."""
    # The OPML lists the kind feeds only: they split "all" with no overlap, so readers that
    # keep one copy of an entry id across feeds (newsboat) lose nothing (docs/feeds.md).
    plan = [PlannedFeed("all", "all", "Opportunity Radar — all open opportunities", visible, None)]
    facets = [
        ("kind", [k.value for k in Kind], lambda o: [o.kind.value], "{}", True),
        ("level", [lv.value for lv in _LEVELS], _levels, "{}", False),
        ("country", sorted(set(_flat(everything, _country))), _country, "hosted in {}", False),
    ]  # fmt: skip
    for folder, names, keys_of, title, listed in facets:
        shown, stored = _index(visible, keys_of), _index(everything, keys_of)
        for name in names:
            plan.append(PlannedFeed(f"{folder}/{name}", f"{folder}:{name}",
                                    f"Opportunity Radar — {title.format(name)}",
                                    shown.get(name, []), stored.get(name, []), listed))  # fmt: skip
    plan.append(_chosen("picks", "picks", "Opportunity Radar — staff picks", featured,
                        visible, everything))  # fmt: skip
    for group, ids in sorted(groups.items()):
        name = feed_name(group)
        plan.append(_chosen(f"group/{name}", f"group:{name}",
                            f"Opportunity Radar — recommended for {group}", set(ids),
                            visible, everything))  # fmt: skip
    return plan


def window(ext: str, items: list[OpportunityRecord], limit: int,
           newest: Callable[[OpportunityRecord], tuple] | None = None) -> list[OpportunityRecord]:  # fmt: skip
    """The entries of one file, at most ``limit``. A calendar holds the deadlines coming
    soonest; a feed the calls that changed last (what a reader has not seen), closing
    soonest first. ``newest`` is :func:`recency` or a memo of it."""
    if ext == "ics":
        return sorted((o for o in items if o.deadline), key=lambda o: (o.deadline, o.id))[:limit]
    if len(items) > limit:
        items = heapq.nlargest(limit, items, key=newest or recency)
    return by_deadline(items)


def recency(o: OpportunityRecord) -> tuple:
    """Sort key of "changed last": the entry's updated time, then the id (a stable order)."""
    return (FeedItem(o).updated, o.id)


def by_deadline(items: Iterable[OpportunityRecord]) -> list[OpportunityRecord]:
    # Closing soonest first; open-ended calls last.
    return sorted(items, key=lambda o: (o.deadline is None, o.deadline or date.max, o.id))


def _levels(o: OpportunityRecord) -> list[str]:
    # A call open to any level belongs in every level's feed.
    chosen = _LEVELS if Level.ANY in o.levels else [lv for lv in _LEVELS if lv in o.levels]
    return [lv.value for lv in chosen]


def _country(o: OpportunityRecord) -> list[str]:
    return [feed_name(o.host_country.upper())] if o.host_country else []


def _flat(records: list[OpportunityRecord], keys_of: Callable) -> Iterable[str]:
    for o in records:
        yield from keys_of(o)


def _index(records: list[OpportunityRecord], keys_of: Callable) -> dict[str, list]:
    index: dict[str, list[OpportunityRecord]] = {}
    for o in records:
        for key in keys_of(o):
            index.setdefault(key, []).append(o)
    return index


def _chosen(rel: str, spec_id: str, title: str, ids: set[str],
            visible: list[OpportunityRecord], everything: list[OpportunityRecord]) -> PlannedFeed:  # fmt: skip
    return PlannedFeed(rel, spec_id, title, [o for o in visible if o.id in ids],
                       [o for o in everything if o.id in ids])  # fmt: skip
