"""Ranking metrics (nDCG@k, MAP, recall@k, ineligible share), the paper's loss, TREC qrels."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

Judgments = dict[str, dict[str, float]]  # query (profile) id -> doc (opportunity) id -> grade


@dataclass
class Qrels:
    """Judgments read from a TREC qrels text, with the lines that could not be read."""

    judgments: Judgments = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def parse_qrels(text: str, source: str = "qrels") -> Qrels:
    """Read ``query 0 doc grade`` lines (whitespace separated; '#' comments, blanks skipped).

    A bad line is reported in ``problems`` ("qrels line 7: grade 'x' is not a number") and
    skipped; the others are kept. A repeated (query, doc) pair keeps the last grade.
    """
    out = Qrels()
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        parts = stripped.split()
        if len(parts) != 4:
            out.problems.append(
                f"{source} line {number}: expected 4 fields 'query 0 doc grade', got {len(parts)}"
            )
            continue
        query, _, doc, grade = parts
        try:
            value = float(grade)
        except ValueError:
            out.problems.append(f"{source} line {number}: grade {grade!r} is not a number")
            continue
        if not math.isfinite(value):
            out.problems.append(f"{source} line {number}: grade {grade!r} is not finite")
            continue
        out.judgments.setdefault(query, {})[doc] = value
    return out


def dcg(gains: Sequence[float]) -> float:
    return float(sum(g / math.log2(i + 2) for i, g in enumerate(gains)))


def ndcg_at(
    ranking: Sequence[str],
    grades: Mapping[str, float],
    k: int = 10,
    gain: Callable[[float], float] = lambda g: g,
) -> float:
    """nDCG@k with linear gain by default; unjudged documents gain 0; 0 when nothing is
    relevant."""
    ideal = dcg(sorted((max(gain(g), 0.0) for g in grades.values()), reverse=True)[:k])
    if ideal <= 0:
        return 0.0
    got = dcg([max(gain(grades.get(d, 0.0)), 0.0) if d in grades else 0.0 for d in ranking[:k]])
    return got / ideal


def average_precision(ranking: Sequence[str], relevant: set[str]) -> float:
    """AP of one ranking; relevant documents never ranked count as misses."""
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for i, doc in enumerate(ranking, start=1):
        if doc in relevant:
            hits += 1
            total += hits / i
    return total / len(relevant)


def recall_at(ranking: Sequence[str], relevant: set[str], k: int = 20) -> float:
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def ineligible_share(
    rankings: Mapping[str, Sequence[str]], ineligible: set[tuple[str, str]], k: int = 10
) -> float:
    """Share of all top-k entries (over every query) that are known to be ineligible."""
    shown = [(q, d) for q, ranking in rankings.items() for d in ranking[:k]]
    if not shown:
        return 0.0
    return sum(pair in ineligible for pair in shown) / len(shown)


@dataclass
class Report:
    """Mean metrics over the judged queries that the run covers."""

    ndcg10: float
    map: float
    recall20: float
    ineligible_top10: float
    queries: int
    unknown_queries: list[str]
    unknown_docs: list[str]

    def as_row(self) -> dict[str, float]:
        return {
            "nDCG@10": self.ndcg10,
            "MAP": self.map,
            "R@20": self.recall20,
            "ineligible@10": self.ineligible_top10,
        }


def evaluate(
    rankings: Mapping[str, Sequence[str]],
    judgments: Judgments,
    *,
    relevant_from: float = 1.0,
    known_docs: Iterable[str] | None = None,
    ineligible: set[tuple[str, str]] | None = None,
) -> Report:
    """Score rankings against judgments (grade >= ``relevant_from`` is relevant for MAP and
    recall). Queries or documents the judgments name but the run does not know are listed,
    not scored, so a stale judgments file still gives numbers on the rest."""
    known = set(known_docs) if known_docs is not None else None
    unknown_docs = sorted(
        {d for grades in judgments.values() for d in grades if known is not None and d not in known}
    )
    unknown_queries = sorted(q for q in judgments if q not in rankings)
    ndcgs, aps, recalls = [], [], []
    for query, grades in judgments.items():
        if query not in rankings:
            continue
        usable = {d: g for d, g in grades.items() if known is None or d in known}
        ranking = list(rankings[query])
        relevant = {d for d, g in usable.items() if g >= relevant_from}
        ndcgs.append(ndcg_at(ranking, usable, 10))
        aps.append(average_precision(ranking, relevant))
        recalls.append(recall_at(ranking, relevant, 20))
    return Report(
        ndcg10=float(np.mean(ndcgs)) if ndcgs else 0.0,
        map=float(np.mean(aps)) if aps else 0.0,
        recall20=float(np.mean(recalls)) if recalls else 0.0,
        ineligible_top10=ineligible_share(rankings, ineligible or set(), 10),
        queries=len(ndcgs),
        unknown_queries=unknown_queries,
        unknown_docs=unknown_docs,
    )


# -- the reviewer-expertise paper's loss --------------------------------------------------------


def loss_parts(
    scores: Mapping[str, Mapping[str, float]], judgments: Judgments
) -> dict[str, tuple[float, float]]:
    """Per query: (penalty, weight). Every pair of judged documents with different grades
    weighs |Δgrade|; a pair predicted in the wrong order adds that weight, a tie half of it.
    A document the run did not score counts as score 0."""
    parts = {}
    for query, grades in judgments.items():
        predicted = scores.get(query, {})
        docs = list(grades)
        penalty = weight = 0.0
        for a in range(len(docs)):
            for b in range(a + 1, len(docs)):
                delta = grades[docs[a]] - grades[docs[b]]
                if delta == 0:
                    continue
                sa, sb = predicted.get(docs[a], 0.0), predicted.get(docs[b], 0.0)
                weight += abs(delta)
                if sa == sb:
                    penalty += abs(delta) / 2
                elif (sa > sb) != (delta > 0):
                    penalty += abs(delta)
        parts[query] = (penalty, weight)
    return parts


def pairwise_loss(scores: Mapping[str, Mapping[str, float]], judgments: Judgments) -> float:
    """The paper's main metric (lower is better; a constant predictor scores 0.5)."""
    parts = loss_parts(scores, judgments).values()
    total = sum(w for _, w in parts)
    return sum(p for p, _ in parts) / total if total else 0.0


def paired_bootstrap(
    a: Mapping[str, tuple[float, float]],
    b: Mapping[str, tuple[float, float]],
    *,
    rounds: int = 10_000,
    seed: int = 0,
) -> tuple[float, float, float]:
    """Loss(a) - loss(b) and its 95% interval, resampling queries with replacement."""
    queries = sorted(set(a) & set(b))
    pa = np.array([a[q][0] for q in queries])
    pb = np.array([b[q][0] for q in queries])
    w = np.array([a[q][1] for q in queries])
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(queries), size=(rounds, len(queries)))
    wsum = w[picks].sum(axis=1)
    diffs = (pa[picks].sum(axis=1) - pb[picks].sum(axis=1)) / np.where(wsum > 0, wsum, 1)
    point = (pa.sum() - pb.sum()) / w.sum() if w.sum() else 0.0
    low, high = np.percentile(diffs, [2.5, 97.5])
    return float(point), float(low), float(high)
