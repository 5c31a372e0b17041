"""Cluster jobs: re-cluster after a crawl, list clusters, and staff's split / merge rulings."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine

from crawlers.clustering import MERGE, SPLIT, Decision, cluster_records
from domain import OpportunityRecord, Status
from storage import repository as repo


class ClusterError(ValueError):
    """A ruling that cannot be applied (unknown id, nothing to split)."""


@dataclass
class ClusterView:
    """One cluster as staff see it: the item shown, its copies, why they joined, what was split."""

    id: str
    title: str
    members: list[OpportunityRecord]
    merges: list[dict]
    splits: list[dict]


def recluster(engine: Engine) -> int:
    """Cluster the open records (with staff rulings) and store it; returns how many are copies."""
    records = _clusterable(engine)
    decisions = [
        Decision(d["left_id"], d["right_id"], d["action"], d["decided_by"], d["decided_at"])
        for d in repo.load_cluster_decisions(engine)
    ]
    result = cluster_records(records, decisions)
    repo.set_canonical(engine, result.mapping, result.merges, result.splits)
    return sum(1 for rid, canonical in result.mapping.items() if rid != canonical)


def list_clusters(engine: Engine, *, only: str | None = None) -> list[ClusterView]:
    """Clusters of more than one record, or with a split (``only``: the one holding that id)."""
    records = repo.load_opportunities(engine)
    by_id = {r.id: r for r in records}
    canonical = repo.load_canonical_ids(engine)
    groups: dict[str, list[OpportunityRecord]] = defaultdict(list)
    for r in records:
        groups[canonical.get(r.id, r.id)].append(r)
    views = []
    for cid, members in sorted(groups.items()):
        head = by_id.get(cid)
        why = (head.details.get("cluster") if head else None) or {}
        if len(members) < 2 and not why:
            continue
        if only and only not in {m.id for m in members}:
            continue
        members.sort(key=lambda m: (m.id != cid, m.id))
        views.append(
            ClusterView(cid, head.title if head else cid, members, why.get("merges", []),
                        why.get("splits", []))
        )  # fmt: skip
    return views


def split_off(engine: Engine, opportunity_id: str, by: str) -> ClusterView:
    """Make one record its own item, kept apart from its cluster's members from now on."""
    views = list_clusters(engine, only=_known(engine, opportunity_id))
    others = [m.id for m in views[0].members if m.id != opportunity_id] if views else []
    if not others:
        raise ClusterError(f"{opportunity_id} is not merged with anything; nothing to split")
    repo.add_cluster_decisions(engine, [(opportunity_id, o) for o in others], SPLIT, by)
    recluster(engine)
    return list_clusters(engine, only=opportunity_id)[0]


def merge_records(engine: Engine, ids: list[str], by: str) -> ClusterView:
    """Make the records one item (the first with each of the others), whatever the evidence."""
    if len(set(ids)) < 2:
        raise ClusterError("give two or more different ids to merge")
    for oid in ids:
        _known(engine, oid)
    repo.add_cluster_decisions(engine, [(ids[0], other) for other in ids[1:]], MERGE, by)
    recluster(engine)
    views = list_clusters(engine, only=ids[0])
    if not views or not set(ids) <= {m.id for m in views[0].members}:
        raise ClusterError("closed or expired calls are not clustered; merge recorded for later")
    return views[0]


def _clusterable(engine: Engine) -> list[OpportunityRecord]:
    return [
        r
        for r in repo.load_opportunities(engine)
        if r.status not in (Status.EXPIRED, Status.CLOSED)
    ]


def _known(engine: Engine, opportunity_id: str) -> str:
    if not repo.load_opportunities(engine, ids=[opportunity_id]):
        raise ClusterError(
            f"no opportunity with id {opportunity_id!r}; `radar export opportunities` lists them"
        )
    return opportunity_id
