"""Our judged set (8 profiles x 44 calls, traps, ru/uz calls): metrics floors, zero ineligible."""

import importlib.util
from pathlib import Path

import pytest

from matcher import match_profiles

HERE = Path(__file__).parent / "judged"


@pytest.fixture(scope="module")
def judged():
    spec = importlib.util.spec_from_file_location("judged_evaluate", HERE / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_set_is_big_enough_and_has_traps(judged):
    profiles, opps = judged.load_profiles(), judged.load_opportunities()
    assert len(profiles) >= 8 and len(opps) >= 40
    assert {o.language for o in opps} >= {"ru", "uz"}
    assert {p.role.value for p in profiles} == {"faculty", "student", "staff"}
    assert len(judged.load_ineligible()) >= 15


def test_final_matcher_floors_and_beats_baselines(judged):
    reports = judged.run_all()
    final, bm25, tfidf = reports.values()
    assert final.queries == 8 and not final.unknown_docs
    # floors a little under the measured values (0.970 / 0.951 / 0.951, docs/matching.md)
    assert final.ndcg10 >= 0.9
    assert final.map >= 0.85
    assert final.recall20 >= 0.85
    assert final.ineligible_top10 == 0.0
    assert final.ndcg10 > max(bm25.ndcg10, tfidf.ndcg10)
    # the baselines do fall into the traps, so the zero above is earned
    assert bm25.ineligible_top10 > 0 and tfidf.ineligible_top10 > 0


def test_no_ineligible_pair_shown_at_any_rank(judged):
    profiles, opps = judged.load_profiles(), judged.load_opportunities()
    shown = {
        (m.profile_id, m.opportunity_id)
        for m in match_profiles(profiles, opps, judged.TODAY, limit=1000)
    }
    assert not shown & judged.load_ineligible()


def test_blind_split_written_before_the_rules_scores_like_the_own_set(judged):
    """The blind part (judged/blind) was judged before the relevance rules changed and never
    used while tuning; its floors sit under the measured values (docs/matching.md)."""
    folder = judged.BLIND
    profiles = judged.load_profiles(folder / "profiles.json")
    opps = judged.load_opportunities(folder / "opportunities.json")
    assert {o.language for o in opps} >= {"en", "ru", "uz"}
    assert {p.language for p in profiles} >= {"en", "ru", "uz"}
    final, bm25, tfidf = judged.run_all(folder=folder).values()
    assert final.queries == len(profiles) and not final.unknown_docs
    assert final.ineligible_top10 == 0.0
    assert final.ndcg10 >= 0.9
    assert final.ndcg10 > max(bm25.ndcg10, tfidf.ndcg10)
