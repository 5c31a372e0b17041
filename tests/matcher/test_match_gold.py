"""Relevance on the reviewer-expertise gold standard (../shared/evaldata), when present."""

import importlib.util
from pathlib import Path

import pytest

from matcher.metrics import pairwise_loss

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "evaldata" / "reviewer_expertise_gold"

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def gold():
    if not (DATA / "qrels.tsv").exists():
        pytest.skip(f"reviewer-expertise gold standard not found at {DATA} (../shared absent)")
    spec = importlib.util.spec_from_file_location("eval_gold", ROOT / "bench" / "eval_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module, module.load(DATA)


def test_loss_reproduces_published_numbers(gold):
    _, (_, _, judgments, baselines) = gold
    # README: TPMS 0.281, SPECTER 0.272, SPECTER+MFR 0.238 on d_20_1
    assert pairwise_loss(baselines["tpms"], judgments) == pytest.approx(0.281, abs=0.001)
    assert pairwise_loss(baselines["specter"], judgments) == pytest.approx(0.272, abs=0.001)
    assert pairwise_loss(baselines["specter_mfr"], judgments) == pytest.approx(0.238, abs=0.0015)


def test_lexical_matcher_meets_the_goal(gold):
    module, (profiles, opps, judgments, _) = gold
    loss = pairwise_loss(module.matcher_scores(profiles, opps), judgments)
    assert loss <= 0.265
