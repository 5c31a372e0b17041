"""Evaluation job: score the matcher's rankings for the stored profiles against judgments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from matcher import match_profiles
from matcher.metrics import Report, evaluate, parse_qrels
from storage import repository as repo


@dataclass
class EvalResult:
    """The metrics, and warnings about lines or ids the judgments file got wrong."""

    report: Report
    warnings: list[str] = field(default_factory=list)


def run_eval(
    engine: Engine,
    judgments: Path,
    today: date,
    depth: int = 100,
    semantic=None,  # type: ignore[no-untyped-def]
) -> EvalResult:
    """Rank open opportunities for every judged profile and compare with the judgments.

    Judgments are TREC qrels (``profile_id 0 opportunity_id grade``); a negative grade marks a
    pair judged *ineligible*, which counts towards the ineligible-in-top-10 share.
    """
    qrels = parse_qrels(Path(judgments).read_text(encoding="utf-8"), source=str(judgments))
    warnings = list(qrels.problems)
    profiles = repo.load_profiles(engine, ids=list(qrels.judgments))
    opportunities = repo.load_opportunities(engine, open_on=today, canonical_only=True)
    institutions = repo.load_institutions(engine)
    matches = match_profiles(profiles, opportunities, today, institutions=institutions, limit=depth)
    rankings: dict[str, list[str]] = {p.id: [] for p in profiles}
    for m in sorted(matches, key=lambda m: (m.profile_id, m.rank)):
        rankings[m.profile_id].append(m.opportunity_id)
    stored = {o.id for o in repo.load_opportunities(engine)}
    ineligible = {
        (q, d) for q, grades in qrels.judgments.items() for d, g in grades.items() if g < 0
    }
    positive = {
        q: {d: g for d, g in grades.items() if g >= 0} for q, grades in qrels.judgments.items()
    }
    report = evaluate(rankings, positive, known_docs=stored, ineligible=ineligible)
    if report.unknown_queries:
        warnings.append(
            f"{len(report.unknown_queries)} judged profile(s) are not in the database and were "
            f"not scored: {', '.join(report.unknown_queries[:20])}"
        )
    if report.unknown_docs:
        warnings.append(
            f"{len(report.unknown_docs)} judged opportunity id(s) are not in the database and were "
            f"not scored: {', '.join(report.unknown_docs[:20])}"
        )
    return EvalResult(report, warnings)
