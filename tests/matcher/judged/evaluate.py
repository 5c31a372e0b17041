"""Our own judged set: load it, rank it with the matcher and two baselines, print metrics.

Usage: python tests/matcher/judged/evaluate.py [--semantic] [--blind]
(prints the Markdown table for docs/matching.md; --semantic adds the matcher with the semantic
extra, which must be installed; --blind scores the blind split in judged/blind instead, which
was written and judged before any rule was changed and is never used while tuning)
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import numpy as np
import scipy.sparse as sp

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from domain import Kind, Level, OpportunityRecord, Profile, Role, Status  # noqa: E402
from matcher import match_profiles  # noqa: E402
from matcher.bm25 import TextIndex  # noqa: E402
from matcher.metrics import Report, evaluate, parse_qrels  # noqa: E402
from matcher.tokenize import tokenize  # noqa: E402

TODAY = date(2025, 3, 8)
PROFILE_FIELDS = {
    "id",
    "name",
    "email",
    "role",
    "language",
    "interests",
    "keywords",
    "fields",
    "level",
    "target_levels",
    "citizenship",
    "residence",
    "birth_date",
}


def load_profiles(path: Path = HERE / "profiles.json") -> list[Profile]:
    """Profiles in the import JSON shape; keys without a Profile field go to ``details``."""
    profiles = []
    for raw in json.loads(path.read_text()):
        kw = {k: v for k, v in raw.items() if k in PROFILE_FIELDS}
        kw["role"] = Role(kw["role"])
        if kw.get("level"):
            kw["level"] = Level(kw["level"])
        if kw.get("birth_date"):
            kw["birth_date"] = date.fromisoformat(kw["birth_date"])
        profiles.append(
            Profile(**kw, details={k: v for k, v in raw.items() if k not in PROFILE_FIELDS})
        )
    return profiles


def load_opportunities(path: Path = HERE / "opportunities.json") -> list[OpportunityRecord]:
    opps = []
    for raw in json.loads(path.read_text()):
        raw = dict(raw)
        raw["kind"] = Kind(raw.get("kind", "other"))
        raw["levels"] = [Level(v) for v in raw.get("levels", [])]
        raw["status"] = Status(raw.get("status", "open"))
        if raw.get("deadline"):
            raw["deadline"] = date.fromisoformat(raw["deadline"])
        opps.append(OpportunityRecord(**raw))
    return opps


def load_ineligible(path: Path = HERE / "ineligible.txt") -> set[tuple[str, str]]:
    pairs = set()
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            profile, opp, _why = line.split(" ", 2)
            pairs.add((profile, opp))
    return pairs


def matcher_rankings(profiles, opps, semantic=None) -> dict[str, list[str]]:
    rankings: dict[str, list[str]] = {p.id: [] for p in profiles}
    for m in match_profiles(profiles, opps, TODAY, limit=50, semantic=semantic):
        rankings[m.profile_id].append(m.opportunity_id)
    return rankings


def semantic_rankings(interest_weight: float | None = None):
    """The final matcher with the semantic extra: its defaults, or with the dense side also
    used for interests (``interest_weight`` is their lexical weight ``a``)."""

    def rank(profiles, opps) -> dict[str, list[str]]:
        from matcher.semantic import Semantic

        semantic = (
            True if interest_weight is None else Semantic(interest_lexical_weight=interest_weight)
        )
        return matcher_rankings(profiles, opps, semantic=semantic)

    return rank


def _rank(scores: np.ndarray, profiles, opps) -> dict[str, list[str]]:
    out = {}
    for i, p in enumerate(profiles):
        order = np.argsort(-scores[i], kind="stable")
        out[p.id] = [opps[j].id for j in order if scores[i, j] > 0][:50]
    return out


def bm25_title_summary(profiles, opps) -> dict[str, list[str]]:
    """Baseline: plain BM25 over title + summary, no eligibility, no boosts."""
    index = TextIndex()
    index.add([[(o.title, 1.0), (o.summary, 1.0)] for o in opps])
    q = index.query_matrix([tokenize(p.text()) for p in profiles], plain=True)
    return _rank(index.score(q).toarray(), profiles, opps)


def tfidf_cosine(profiles, opps) -> dict[str, list[str]]:
    """Baseline: TF-IDF (smooth idf, l2-normalised) cosine over title + summary + fields."""
    docs = [tokenize(" ".join([o.title, o.summary, *o.fields])) for o in opps]
    vocab: dict[str, int] = {}
    for doc in docs:
        for t in doc:
            vocab.setdefault(t, len(vocab))

    def matrix(token_lists):
        rows, cols = [], []
        for i, tokens in enumerate(token_lists):
            for t in tokens:
                if t in vocab:
                    rows.append(i)
                    cols.append(vocab[t])
        m = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(token_lists), len(vocab)))
        m.sum_duplicates()
        return m

    d = matrix(docs)
    df = np.bincount(d.indices, minlength=len(vocab))
    idf = np.log((1 + len(docs)) / (1 + df)) + 1

    def unit(m):
        m = sp.csr_matrix(m.multiply(idf[None, :]))
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1
        return sp.csr_matrix(sp.diags(1 / norms) @ m)

    q = matrix([tokenize(p.text()) for p in profiles])
    return _rank((unit(q) @ unit(d).T).toarray(), profiles, opps)


SYSTEMS = {
    "final matcher (eligibility + BM25F + publications + boosts)": matcher_rankings,
    "BM25 on title + summary only": bm25_title_summary,
    "TF-IDF cosine": tfidf_cosine,
}


BLIND = HERE / "blind"


def run_all(systems=SYSTEMS, folder: Path = HERE) -> dict[str, Report]:
    profiles = load_profiles(folder / "profiles.json")
    opps = load_opportunities(folder / "opportunities.json")
    qrels = parse_qrels((folder / "qrels.txt").read_text(), "qrels.txt")
    assert not qrels.problems, qrels.problems
    ineligible = load_ineligible(folder / "ineligible.txt")
    known = {o.id for o in opps}
    return {
        name: evaluate(
            system(profiles, opps), qrels.judgments, known_docs=known, ineligible=ineligible
        )
        for name, system in systems.items()
    }


def main(argv: list[str] | None = None) -> None:
    systems = dict(SYSTEMS)
    argv = sys.argv[1:] if argv is None else argv
    folder = BLIND if "--blind" in argv else HERE
    if "--semantic" in argv:
        from matcher.semantic import missing

        if missing():
            raise SystemExit(missing())
        systems["final matcher + semantic extra (defaults: publications only)"] = (
            semantic_rankings()
        )
        for a in (0.5, 0.25):
            systems[f"same, dense also on interests (a = {a})"] = semantic_rankings(a)
    print("| system | nDCG@10 | MAP | R@20 | ineligible in top 10 |")
    print("| --- | --- | --- | --- | --- |")
    for name, r in run_all(systems, folder).items():
        print(
            f"| {name} | {r.ndcg10:.3f} | {r.map:.3f} | {r.recall20:.3f} | "
            f"{r.ineligible_top10:.1%} |"
        )


if __name__ == "__main__":
    main()
