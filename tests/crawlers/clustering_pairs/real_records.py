"""Real EU topics in three formats (../shared), as records: the SEDIA page, the EU grants feed, CORDIS.

The SEDIA search page and the community EU grants feed are read with the raw-item builders of
tests/crawlers/normalize/test_real_records.py; the CORDIS/SEDIA open-calls dump (evaldata, 629
topics, JSON objects one after another) is mapped here field by field. Every record goes through
the real normaliser. Nothing from ../shared is copied into the project: only pair ids are kept.
"""

from __future__ import annotations

import dataclasses
import gzip
import importlib.util
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from crawlers.clustering import cluster
from crawlers.normalize.opportunity import normalize_opportunity
from domain import OpportunityRecord

HERE = Path(__file__).resolve().parent
PAIRS = HERE / "pairs.csv"
TODAY = date(2026, 9, 1)  # the feeds' refresh dates are August 2026


def _records_module():  # type: ignore[no-untyped-def]
    path = HERE.parent / "normalize" / "test_real_records.py"
    spec = importlib.util.spec_from_file_location("cluster_real_records_source", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def cordis_rows(path: Path) -> list[dict[str, Any]]:
    """The dump's objects (concatenated JSON, with a byte-order mark)."""
    text = gzip.decompress(path.read_bytes()).decode("utf-8-sig")
    decoder, i, rows = json.JSONDecoder(), 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return rows
        row, i = decoder.raw_decode(text, i)
        rows.append(row)


def cordis_items(path: Path) -> dict[str, dict[str, Any]]:
    """One raw item per topic, fields as the dump writes them."""
    return {
        row["topicId"]: {
            "source": "cordis-open-calls",
            "external_id": row["topicId"],
            "url": row["portalUrl"],
            "title": row["title"],
            "summary": row.get("description") or "",
            "deadline": row.get("deadline") or "",
            "amount": row.get("budgetMax"),
            "currency": "EUR",
            "status": row.get("callStatus") or "",
        }
        for row in cordis_rows(path)
    }


def real_records(shared: Path) -> tuple[list[OpportunityRecord], dict[str, str]]:
    """Every record of the three formats, and each record id's topic identifier."""
    fixtures = shared / "fixtures"
    module = _records_module()
    module.FIXTURES = fixtures
    formats = [
        module.sedia_items(),
        module.eu_feed_items(),
        cordis_items(shared / "evaldata" / "cordis_open_calls" / "open.jsonl.gz"),
    ]
    records, topic_of = [], {}
    for items in formats:
        for topic, raw in items.items():
            record = normalize_opportunity(raw, today=TODAY)
            records.append(record)
            topic_of[record.id] = topic
    return records, topic_of


def load_pairs() -> list[tuple[str, str, str, str]]:
    """(pair id, left record id, right record id, label) with label merge or apart."""
    lines = PAIRS.read_text(encoding="utf-8").splitlines()[1:]
    return [tuple(line.split(",")) for line in lines if line]  # type: ignore[misc]


def as_other_site(record):  # type: ignore[no-untyped-def]
    """The record as a second site would post it: another source, the same content."""
    return dataclasses.replace(
        record, id="repost/" + record.id, source="repost", details=dict(record.details)
    )


def measure(records, pairs) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Recall on merge pairs; share of apart pairs kept apart; precision of all merges judged."""
    mapping = cluster(records)
    by_id = {r.id: r for r in records}
    merge = [(a, b) for _, a, b, lab in pairs if lab == "merge"]
    apart = [(a, b) for _, a, b, lab in pairs if lab == "apart"]
    twins = [(a, b) for _, a, b, lab in pairs if lab == "apart-two-sites"]
    merged = sum(mapping[a] == mapping[b] for a, b in merge)
    wrong = sum(mapping[a] == mapping[b] for a, b in apart)
    wrong_twins = 0
    for a, b in twins:
        repost = as_other_site(by_id[b])
        pair = cluster([by_id[a], repost])
        wrong_twins += pair[a] == pair[repost.id]
    judged_apart = len(apart) + len(twins)
    wrongly = wrong + wrong_twins
    return {
        "merge_pairs": len(merge), "merged": merged, "recall": merged / len(merge),
        "apart_pairs": len(apart), "apart_two_sites_pairs": len(twins), "wrongly_merged": wrongly,
        "precision_apart": (judged_apart - wrongly) / judged_apart,
        "precision": merged / (merged + wrongly) if merged + wrongly else 1.0,
    }  # fmt: skip
