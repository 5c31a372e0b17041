"""Metrics: hand-computed values, the qrels parser's error reporting, the paper's loss."""

import math

import pytest

from matcher.metrics import (
    average_precision,
    evaluate,
    ineligible_share,
    loss_parts,
    ndcg_at,
    paired_bootstrap,
    pairwise_loss,
    parse_qrels,
    recall_at,
)


def test_parse_qrels_keeps_good_lines_and_reports_bad_ones():
    text = "# judged\np1 0 a 2\np1 0 b 0\n\np2 0 a x\np2 a\np2 0 c 1\np2 0 c 3\np3 0 d nan\n"
    got = parse_qrels(text, "mine.qrels")
    assert got.judgments == {"p1": {"a": 2.0, "b": 0.0}, "p2": {"c": 3.0}}
    assert got.problems == [
        "mine.qrels line 5: grade 'x' is not a number",
        "mine.qrels line 6: expected 4 fields 'query 0 doc grade', got 2",
        "mine.qrels line 9: grade 'nan' is not finite",
    ]


def test_ndcg_by_hand():
    grades = {"a": 3, "b": 2, "c": 1}
    assert ndcg_at(["a", "b", "c"], grades) == pytest.approx(1.0)
    ideal = 3 + 2 / math.log2(3) + 1 / 2
    got = 1 / 1 + 0 + 3 / 2  # c, x (unjudged), a
    assert ndcg_at(["c", "x", "a"], grades) == pytest.approx(got / ideal)
    assert ndcg_at(["a"], {"a": 0}) == 0.0
    assert ndcg_at(["a", "b"], grades, k=1) == pytest.approx(1.0)


def test_average_precision_and_recall_by_hand():
    assert average_precision(["a", "x", "b", "y"], {"a", "b", "z"}) == pytest.approx(
        (1 / 1 + 2 / 3) / 3
    )
    assert recall_at(["a", "x", "b"], {"a", "b", "z"}, k=2) == pytest.approx(1 / 3)
    assert average_precision(["a"], set()) == 0.0


def test_ineligible_share_counts_top_k_entries():
    rankings = {"p": ["a", "b", "c"], "q": ["a"]}
    assert ineligible_share(rankings, {("p", "b"), ("q", "z")}, k=2) == pytest.approx(1 / 3)


def test_evaluate_lists_unknown_ids_and_scores_the_rest():
    judgments = {"p": {"a": 2, "gone": 1}, "ghost": {"a": 1}}
    report = evaluate({"p": ["a", "b"]}, judgments, known_docs={"a", "b"})
    assert report.queries == 1
    assert report.unknown_queries == ["ghost"]
    assert report.unknown_docs == ["gone"]
    assert report.ndcg10 == pytest.approx(1.0)
    assert report.map == pytest.approx(1.0)


def test_pairwise_loss_extremes():
    judgments = {"p": {"a": 5, "b": 3, "c": 1}}
    assert pairwise_loss({"p": {"a": 3, "b": 2, "c": 1}}, judgments) == 0.0
    assert pairwise_loss({"p": {"a": 1, "b": 2, "c": 3}}, judgments) == 1.0
    assert pairwise_loss({"p": {"a": 1, "b": 1, "c": 1}}, judgments) == 0.5
    assert pairwise_loss({}, judgments) == 0.5  # unscored = all tied
    # one swapped pair weighs its grade difference: (b, c) differ by 2 out of 2 + 4 + 2
    assert pairwise_loss({"p": {"a": 3, "b": 1, "c": 2}}, judgments) == pytest.approx(2 / 8)


def test_paired_bootstrap_sign_and_interval():
    judgments = {f"q{i}": {"a": 2, "b": 1} for i in range(30)}
    good = loss_parts({q: {"a": 1, "b": 0} for q in judgments}, judgments)
    bad = loss_parts({q: {"a": 0, "b": 1} for q in judgments}, judgments)
    diff, low, high = paired_bootstrap(bad, good, rounds=500)
    assert diff == 1.0 and low == high == 1.0
