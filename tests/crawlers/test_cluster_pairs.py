"""Merge precision and recall on labelled real pairs: EU topics in three formats (../shared).

The labels (tests/crawlers/clustering_pairs/pairs.csv, ids only) come from the topic
identifiers the formats share; ``bench/cluster_pairs.py`` prints the same numbers.
"""

from __future__ import annotations

import pytest

from tests.conftest import shared_path
from tests.crawlers.clustering_pairs.real_records import load_pairs, measure, real_records

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def test_labelled_real_pairs_merge_precision_and_recall():
    shared_path("evaldata", "cordis_open_calls", "open.jsonl.gz")
    fixtures = shared_path("fixtures", "eu-funding-tenders")
    records, _ = real_records(fixtures.parents[1])
    pairs = load_pairs()
    labels = [label for *_, label in pairs]
    assert len(pairs) >= 60 and labels.count("merge") >= 30 and labels.count("apart") >= 30
    ids = {r.id for r in records}
    assert all(a in ids and b in ids for _, a, b, _ in pairs), "a labelled record is missing"
    result = measure(records, pairs)
    assert result["precision_apart"] == 1.0, result
    assert result["recall"] >= 0.9, result
