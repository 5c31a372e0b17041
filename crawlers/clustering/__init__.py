"""Cross-source dedupe: the same call published by several sites becomes one cluster.

Pure: records (and staff decisions) in, clusters with the reason of every merge out.

Pairs are found by shared page, identifier, outbound official link, deadline+amount+funder,
body shingles (MinHash) and title similarity (``evidence``). They are joined strongest first,
and two clusters are joined only when no pair across them has a veto (``veto``): one repost
can link a call to its copy but never chain two sibling calls (Lot 1, Lot 2) into one.
Staff decisions win: ``merge`` joins two records whatever the vetoes, ``split`` keeps them apart.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from datasketch import MinHash, MinHashLSH
from rapidfuzz import fuzz, process

from crawlers.clustering.evidence import SAME_FUNDER_TITLE, Evidence, evidence, veto
from crawlers.clustering.features import Features, features
from domain import OpportunityRecord

MERGE, SPLIT = "merge", "split"
AUTO = "radar"  # who decided a merge that no person made
# An outbound link found in more records than this is a site-wide link, not a call's page.
_MAX_LINK_SHARERS = 4
_PERMUTATIONS = 64
_LSH_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Decision:
    """A person's ruling on two records: ``merge`` (one call) or ``split`` (two calls)."""

    left: str
    right: str
    action: str
    by: str
    at: datetime | None = None


@dataclass
class Clusters:
    """``mapping``: id → canonical id; ``merges``: per canonical, how each member joined."""

    mapping: dict[str, str] = field(default_factory=dict)
    merges: dict[str, list[dict]] = field(default_factory=dict)
    splits: dict[str, list[dict]] = field(default_factory=dict)


def cluster(records: Sequence[OpportunityRecord]) -> dict[str, str]:
    """Map every record id to its cluster's canonical id (itself when it stands alone)."""
    return cluster_records(records).mapping


def cluster_records(
    records: Sequence[OpportunityRecord], decisions: Iterable[Decision] = ()
) -> Clusters:
    """Cluster the records, honouring the latest staff decision on each pair."""
    index = {r.id: i for i, r in enumerate(records)}
    feats = [features(r) for r in records]
    rulings = _latest(decisions, index)
    parent = list(range(len(records)))
    members = {i: [i] for i in range(len(records))}
    merges: dict[int, list[dict]] = defaultdict(list)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int, entry: dict) -> None:
        ri, rj = sorted((find(i), find(j)))
        parent[rj] = ri
        members[ri] += members.pop(rj)
        merges[ri] += [*merges.pop(rj, []), entry]

    vetoes: dict[tuple[int, int], str | None] = {}

    def kept_apart(ci: int, cj: int) -> bool:
        for x, y in itertools.product(members[ci], members[cj]):
            key = (min(x, y), max(x, y))
            ruling = rulings.get(key)
            if ruling is not None:
                if ruling.action == SPLIT:
                    return True
                continue
            if key not in vetoes:
                vetoes[key] = veto(records[x], records[y], feats[x], feats[y])
            if vetoes[key]:
                return True
        return False

    for (i, j), ruling in sorted(rulings.items()):
        if ruling.action == MERGE and find(i) != find(j):
            join(i, j, _entry(records, i, j, Evidence("manual", 1.0), ruling))
    for _score, _rule, i, j, found in _edges(records, feats, rulings):
        ci, cj = find(i), find(j)
        if ci != cj and not kept_apart(ci, cj):
            join(i, j, _entry(records, i, j, found, None))
    return _result(records, members, merges, rulings)


def _latest(
    decisions: Iterable[Decision], index: dict[str, int]
) -> dict[tuple[int, int], Decision]:
    # Decisions arrive oldest first; a later one on the same pair replaces it.
    latest: dict[tuple[int, int], Decision] = {}
    for d in decisions:
        if d.left in index and d.right in index and d.left != d.right:
            i, j = index[d.left], index[d.right]
            latest[(min(i, j), max(i, j))] = d
    return latest


def _edges(
    records: Sequence[OpportunityRecord], feats: list[Features], rulings: dict
) -> list[tuple[float, str, int, int, Evidence]]:
    edges = []
    for i, j in sorted(_candidates(records, feats)):
        if (i, j) in rulings or veto(records[i], records[j], feats[i], feats[j]):
            continue
        found = evidence(records[i], records[j], feats[i], feats[j])
        if found is not None:
            edges.append((found.score, found.rule, i, j, found))
    # Strongest first; ties in a stable order so a re-crawl gives the same clusters.
    edges.sort(key=lambda e: (-e[0], e[1], records[e[2]].id, records[e[3]].id))
    return edges


def _candidates(
    records: Sequence[OpportunityRecord], feats: list[Features]
) -> set[tuple[int, int]]:
    """Pairs worth comparing: sharing a page, code, link or facts, or with similar titles/bodies."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, (rec, f) in enumerate(zip(records, feats, strict=True)):
        groups[("url", f.url)].append(i)
        for code in f.own_codes | f.title_codes:
            groups[("code", code)].append(i)
        for link in f.links | {f.url}:
            groups[("link", link)].append(i)
        if rec.deadline and f.funder and rec.amount is not None:
            groups[("facts", rec.deadline, f.funder, rec.amount)].append(i)
    pairs: set[tuple[int, int]] = set()
    for key, group in groups.items():
        if key[0] == "link" and len(group) > _MAX_LINK_SHARERS:
            continue
        pairs.update(itertools.combinations(sorted(set(group)), 2))
    pairs |= _similar_titles(feats) | _similar_bodies(feats)
    return pairs


def _similar_titles(feats: list[Features]) -> set[tuple[int, int]]:
    if len(feats) < 2:
        return set()
    titles = [f.title for f in feats]
    scores = process.cdist(
        titles, titles, scorer=fuzz.token_sort_ratio, score_cutoff=SAME_FUNDER_TITLE,
        dtype=np.uint8, workers=1,
    )  # fmt: skip
    return {(int(i), int(j)) for i, j in zip(*np.nonzero(np.triu(scores, k=1)), strict=True)}


def _similar_bodies(feats: list[Features]) -> set[tuple[int, int]]:
    long_ones = [i for i, f in enumerate(feats) if f.shingles]
    if len(long_ones) < 2:
        return set()
    lsh = MinHashLSH(threshold=_LSH_THRESHOLD, num_perm=_PERMUTATIONS)
    hashes = {}
    for i in long_ones:
        m = MinHash(num_perm=_PERMUTATIONS, seed=1)
        m.update_batch([s.encode("utf-8") for s in feats[i].shingles])
        hashes[i] = m
        lsh.insert(str(i), m)
    pairs = set()
    for i, m in hashes.items():
        for other in lsh.query(m):
            j = int(other)
            if j != i:
                pairs.add((min(i, j), max(i, j)))
    return pairs


def _entry(records, i: int, j: int, found: Evidence, ruling: Decision | None) -> dict:  # type: ignore[no-untyped-def]
    entry = {
        "ids": [records[i].id, records[j].id], "rule": found.rule, "score": found.score,
        "by": ruling.by if ruling else AUTO,
    }  # fmt: skip
    if ruling is not None and ruling.at is not None:
        entry["at"] = ruling.at.isoformat(timespec="seconds")
    return entry


def _result(records, members, merges, rulings) -> Clusters:  # type: ignore[no-untyped-def]
    result = Clusters()
    cluster_of = {}
    for root, group in members.items():
        canonical = max(group, key=lambda k: _fullness(records[k]))
        cid = records[canonical].id
        for k in group:
            result.mapping[records[k].id] = cid
            cluster_of[k] = cid
        if len(group) > 1:
            result.merges[cid] = sorted(merges.get(root, []), key=lambda e: e["ids"])
    for (i, j), ruling in sorted(rulings.items()):
        if ruling.action != SPLIT:
            continue
        entry = {"ids": [records[i].id, records[j].id], "by": ruling.by}
        if ruling.at is not None:
            entry["at"] = ruling.at.isoformat(timespec="seconds")
        for cid in {cluster_of[i], cluster_of[j]}:
            result.splits.setdefault(cid, []).append(entry)
    return result


def _fullness(rec: OpportunityRecord) -> tuple[int, int, str]:
    """Prefer the record with the most facts, then the longer description, then a stable id."""
    facts = (
        sum(
            1
            for v in (rec.funder, rec.deadline, rec.amount, rec.host_institution, rec.host_country)
            if v is not None
        )
        + len(rec.eligible_countries)
        + len(rec.levels)
    )
    return facts, len(rec.summary), _reverse(rec.id)


def _reverse(text: str) -> str:
    # max() picks the largest; inverting the code points makes the smallest id win ties.
    return "".join(chr(0x10FFFF - ord(c)) for c in text)
