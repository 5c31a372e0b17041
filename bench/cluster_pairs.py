"""Merge precision and recall of crawlers/clustering on labelled real pairs (docs/sources.md).

Reads the EU topics of ../shared in three formats (tests/crawlers/clustering_pairs), clusters
all of them together, and checks each labelled pair: ``merge`` pairs (one topic in two formats)
must share a cluster, ``apart`` pairs (different topics, one deadline, near-identical titles)
must not. ``--label`` rewrites pairs.csv from the rules below (ids and labels only).
Run: ``PYTHONPATH=$PWD python bench/cluster_pairs.py [--label]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rapidfuzz import fuzz  # noqa: E402

from tests.crawlers.clustering_pairs.real_records import (  # noqa: E402
    PAIRS,
    load_pairs,
    measure,
    real_records,
)

SHARED = Path(os.environ.get("RADAR_SHARED_DIR", REPO.parent / "shared"))
# Different topics count as look-alikes from this title similarity (token_sort_ratio) up.
LOOK_ALIKE = 70
# How many different-topic pairs of the global run to label (most similar titles first).
APART_PAIRS = 120


def label(records, topic_of) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """The labelled pairs, from the topic identifiers the formats share (see the module doc).

    - ``merge``: one topic in CORDIS and in the SEDIA page or the EU grants feed;
    - ``apart``: a topic of the SEDIA page / EU feed and a different CORDIS topic with the same
      deadline that is a sibling of one call (``...-01-01`` / ``...-01-02``) or has a look-alike
      title, most similar titles first;
    - ``apart-two-sites``: two CORDIS topics with one deadline and near-identical titles, judged
      as if two different sites had posted them (the same-source rule cannot help there).
    """
    cordis = [r for r in records if r.source == "cordis-open-calls"]
    others = [r for r in records if r.source != "cordis-open-calls"]
    by_topic = {topic_of[r.id]: r for r in cordis}
    merge = [
        (o.id, by_topic[topic_of[o.id]].id, "merge") for o in others if topic_of[o.id] in by_topic
    ]
    apart = []
    for o in others:
        for c in cordis:
            if topic_of[o.id] == topic_of[c.id] or not o.deadline or o.deadline != c.deadline:
                continue
            ratio = fuzz.token_sort_ratio(o.title.casefold(), c.title.casefold())
            if _call(topic_of[o.id]) == _call(topic_of[c.id]) or ratio >= LOOK_ALIKE - 10:
                apart.append((ratio, o.id, c.id))
    apart.sort(key=lambda x: (-x[0], x[1], x[2]))
    twins = []
    for i, a in enumerate(cordis):
        for b in cordis[i + 1 :]:
            if a.deadline and a.deadline == b.deadline:
                ratio = fuzz.token_sort_ratio(a.title.casefold(), b.title.casefold())
                if ratio >= LOOK_ALIKE:
                    twins.append((ratio, a.id, b.id))
    twins.sort(key=lambda x: (-x[0], x[1], x[2]))
    return (
        sorted(merge)
        + [(a, b, "apart") for _, a, b in apart[:APART_PAIRS]]
        + [(a, b, "apart-two-sites") for _, a, b in twins]
    )


def _call(topic: str) -> str:
    return topic.rsplit("-", 1)[0]


def without_ids(record):  # type: ignore[no-untyped-def]
    """The record with no identifier to go by: no external id, an address without the code."""
    details = {k: v for k, v in record.details.items() if k != "external_id"}
    url = f"https://{record.source}.example/{zlib.crc32(record.id.encode())}"
    return dataclasses.replace(record, url=url, details=details)


def main() -> None:
    """Print the measure (or rewrite the labels with --label)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", action="store_true", help="rewrite pairs.csv from the rules")
    parser.add_argument(
        "--no-ids", action="store_true",
        help="hide the identifiers (external ids, codes in addresses): the other evidence alone",
    )  # fmt: skip
    args = parser.parse_args()
    records, topic_of = real_records(SHARED)
    if args.no_ids:
        records = [without_ids(r) for r in records]
    if args.label:
        rows = label(records, topic_of)
        PAIRS.write_text(
            "pair,left,right,label\n" + "".join(f"p{i:03d},{a},{b},{lab}\n" for i, (a, b, lab) in enumerate(rows, 1)),
            encoding="utf-8",
        )  # fmt: skip
        print(f"wrote {len(rows)} pairs to {PAIRS}")
    result = measure(records, load_pairs())
    for key, value in result.items():
        print(f"{key:22} {value:.3f}" if isinstance(value, float) else f"{key:22} {value}")


if __name__ == "__main__":
    main()
