"""The fast paths of the matcher give exactly what the straightforward ones give."""

import random
from collections import Counter
from datetime import date, timedelta

import numpy as np
import scipy.sparse as sp

from domain import Eligibility, Kind, Level, OpportunityRecord, Profile, Role
from matcher import MatchIndex, reasons
from matcher.bm25 import TextIndex
from matcher.eligibility import SEVERITY_TO_ELIGIBILITY
from matcher.ranking import MIN_RELEVANCE, Curation, Run, _Chunk
from matcher.tokenize import raw_words

DOCS = [
    [("Solar energy grant", 2.5), ("for engineers; solar cells and solar farms", 1.0)],
    [("", 2.5), ("Машинное обучение, машинного обучения", 1.0), (["~ml", "~f:cs"], 1.5)],
    [
        ("bars bar barring", 0.1),
        ("the of and", 1.0),
        (["~ml"], 0.3),
        ("bar", 0.7),
        ("barring bars", 1.0),
    ],
    [],
    [("O'qish va o‘qituvchilar 2025 x", 1.0), ("solar", 0.5)],
]


def _reference_add(index: TextIndex, docs) -> None:
    """The document-by-document loop the vectorised ``TextIndex.add`` replaced."""
    rows, cols, vals = [], [], []
    start = index.n_docs
    for i, fields in enumerate(docs):
        counts: dict[int, float] = {}
        for text, weight in fields:
            if not text:
                continue
            if not isinstance(text, str):
                for token in text:
                    tid = index.vocab.get(token)
                    if tid is None:
                        tid = index.vocab[token] = len(index.vocab)
                        index.terms.append(token)
                    counts[tid] = counts.get(tid, 0.0) + weight
                continue
            for word, count in Counter(raw_words(text)).items():
                tid = index._word_ids.get(word)
                if tid is None:
                    tid = index._term_of(word)
                if tid >= 0:
                    counts[tid] = counts.get(tid, 0.0) + weight * count
        rows += [i] * len(counts)
        cols += list(counts)
        vals += list(counts.values())
    new = sp.csr_matrix(
        (np.array(vals, np.float32), (np.array(rows, np.int64), np.array(cols, np.int64))),
        shape=(len(docs), len(index.vocab)),
    )
    old = index.tf
    old.resize((start, len(index.vocab)))
    index.tf = sp.vstack([old, new], format="csr", dtype=np.float32)


def _same_index(a: TextIndex, b: TextIndex) -> None:
    assert a.vocab == b.vocab and a.terms == b.terms
    words = {w: t for w, t in a._word_ids.items() if not w.startswith("\x00")}  # ready terms
    assert words == b._word_ids
    assert a.tf.shape == b.tf.shape
    np.testing.assert_array_equal(a.tf.indptr, b.tf.indptr)
    np.testing.assert_array_equal(a.tf.indices, b.tf.indices)  # same order within rows
    np.testing.assert_array_equal(a.tf.data, b.tf.data)


def test_vectorised_add_builds_the_reference_index_in_batches():
    fast, slow = TextIndex(), TextIndex()
    for batch in (DOCS[:2], DOCS[2:], [], DOCS[1:3]):
        fast.add(batch)
        _reference_add(slow, batch)
        _same_index(fast, slow)
    assert fast.tf.nnz > 20 and "~ml" in fast.vocab


# -- ranking and reasons ----------------------------------------------------------------------

TODAY = date(2025, 3, 8)
_TEXT = (
    "solar energy photovoltaic machine learning water policy history art robotics quantum "
    "optics climate health medicine economics law physics chemistry biology education "
    "энергетика машинное обучение suv resurslari tarix sun'iy intellekt"
)
WORDS = _TEXT.split()
COUNTRY_LISTS = [[], ["UZ"], ["KZ", "KG"], ["Central Asia"], ["EU"], ["Atlantis"], ["UZ", "DE"]]
EVIDENCE = [
    None,
    "Open to citizens of Central Asia.",
    {"nationality": "Nationals of the listed countries.", "residence": "Residents of Uzbekistan."},
    {"employment": "Staff of an institution located in Kazakhstan or Uzbekistan."},
    {"applicant": "The applicant is the university."},
]


def _details(rng: random.Random) -> dict:
    """Eligibility facts in every form the reasons read, combined at random."""
    d: dict = {}
    pick = rng.random
    if pick() < 0.3:
        d["any_nationality"] = True
    if pick() < 0.3:
        d["max_age"] = rng.choice([25, 30, 35, 40])
        d["age_reference"] = rng.choice(["deadline", "application", "year_end", "2025-12-31"])
    if pick() < 0.1:
        d["born_on_or_after"] = rng.choice(["1990-01-01", "1995-06-15"])
    if pick() < 0.3:
        d["language_requirements"] = rng.choice(
            [{"IELTS": 6.5}, {"TOEFL iBT": 90, "IELTS": 7.0}, {"English": "C1"}, {"German": "B1"}]
        )
    if pick() < 0.2:
        d["min_gpa"] = rng.choice([3.0, 0.8, 75])
        if pick() < 0.5:
            d["min_gpa_scale"] = rng.choice([4, 5, 100])
    if pick() < 0.2:
        d["stage"] = rng.choice(
            [{"holds": "master", "soon": True}, {"current": ["bachelor"], "final_year": True},
             {"max_years_since_doctorate": 7}, {"researcher_profiles": ["R1", "R2"]}]
        )  # fmt: skip
    if pick() < 0.2:
        d["residence_countries"] = rng.choice([["UZ"], ["KZ"], ["UZ", "TJ"]])
    if pick() < 0.15:
        d["employment_countries"] = rng.choice([["UZ"], ["KZ", "UZ"]])
    if pick() < 0.1:
        d["excluded_countries"] = rng.choice([["RU"], ["UZ"]])
    if pick() < 0.15:
        d["applicant_type"] = rng.choice(["institution", "individual", "either"])
    if pick() < 0.2:
        d["fully_funded"] = True
    evidence = rng.choice(EVIDENCE)
    if evidence:
        d["eligibility_evidence"] = evidence
    return d


def _corpus(seed: int, n_opps: int, n_profiles: int):
    rng = random.Random(seed)
    text = lambda k: " ".join(rng.choice(WORDS) for _ in range(k))  # noqa: E731
    opps = [
        OpportunityRecord(
            id=f"eq/{i}", source="eq", url=f"https://example.org/{i}", title=text(4),
            summary=text(rng.randint(0, 30)), fields=[text(1)] if rng.random() < 0.5 else [],
            funder=f"Funder {i % 7}", kind=rng.choice(list(Kind)),
            levels=rng.sample(list(Level), rng.randint(0, 2)),
            eligible_countries=rng.choice(COUNTRY_LISTS),
            host_institution=f"University {rng.randint(0, 40)}",
            host_country=rng.choice(["DE", "FR", "UZ", ""]),
            deadline=rng.choice([None, TODAY + timedelta(days=rng.randint(-5, 200))]),
            details=_details(rng),
        )
        for i in range(n_opps)
    ]  # fmt: skip
    profiles = []
    for i in range(n_profiles):
        role = rng.choice(list(Role))
        details: dict = {}
        if rng.random() < 0.5:
            details["language_tests"] = rng.choice(
                [{"IELTS": 6.5}, {"TOEFL": 95}, {"English": "B2"}]
            )
        if rng.random() < 0.5:
            details["gpa"] = rng.choice(["3.6/4", "85/100", 3.1, "excellent"])
        if rng.random() < 0.3:
            details["employer_country"] = rng.choice(["UZ", "KZ"])
        if rng.random() < 0.2:
            details["preferred_countries"] = ["DE"]
        if rng.random() < 0.2:
            details["doctorate_year"] = rng.choice([2012, 2020])
        profiles.append(
            Profile(
                id=f"p{i}", name=f"P {i}", role=role,
                level=rng.choice([None, *ROLE_LEVELS[role]]),
                interests=text(rng.randint(0, 8)) if rng.random() < 0.9 else "",
                keywords=[text(2)] if rng.random() < 0.5 else [],
                target_levels=rng.choice([[], ["master"], ["phd", "exchange"]]),
                citizenship=rng.choice(["UZ", "KZ", "RU", None]),
                residence=rng.choice(["UZ", "KZ", None]),
                birth_date=rng.choice([None, date(rng.randint(1970, 2005), 6, 15)]),
                language=rng.choice(["en", "ru", "uz"]),
                details=details,
            )
        )  # fmt: skip
    return opps, profiles


ROLE_LEVELS = {
    Role.STUDENT: [Level.BACHELOR, Level.MASTER, Level.PHD],
    Role.FACULTY: [Level.FACULTY, Level.POSTDOC],
    Role.STAFF: [Level.STAFF],
}


def _reference_phrases(query, layout, weights, terms, most=3):
    """``matched_phrases`` as it was: one row at a time."""
    ids, member, sizes = layout
    contrib = weights @ (member > 0)
    whole = 2 * ((weights > 0).astype(np.float32) @ member) >= sizes
    out = []
    for d in range(weights.shape[0]):
        shown, seen = [], set()
        for k in np.argsort(-contrib[d], kind="stable"):
            if contrib[d, k] <= 0 or len(shown) == most:
                break
            phrase = query.phrases[k]
            if whole[d, k]:
                text = phrase.text
            else:
                matched = {terms[t] for t, w in zip(ids, weights[d], strict=True) if w > 0}
                text = " ".join(w for s, w in phrase.words.items() if s in matched)
            if text.lower() not in seen:
                seen.add(text.lower())
                shown.append(text)
        out.append(shown)
    return out


def _reference_matches(index: MatchIndex, profiles, limit: int) -> list[tuple]:
    """Every pair scored exactly (no candidate bound), sorted, cut at ``limit``; reasons
    built pair by pair with no cache, phrase weights read through scipy indexing."""
    cols = index.columns(TODAY)
    run = Run(index, cols, profiles, TODAY, Curation(), limit)
    text = index.text
    out = []
    for i, profile in enumerate(profiles):
        scored = run.relevance(i, i + 1)
        slot = run._slot(i)
        upper = scored.rel[0] * run._gate_table()[slot]
        upper[upper <= MIN_RELEVANCE] = 0.0
        c = np.flatnonzero(upper > 0)
        chunk = _Chunk(i, scored.rel, np.array([slot]), np.zeros((1, cols.n), bool),
                       np.zeros((1, cols.n), bool), scored)  # fmt: skip
        score, codes = run._exact(chunk, np.zeros(len(c), np.int64), c, upper[c])
        order = [k for k in np.lexsort((c, -score)) if score[k] > 0][:limit]
        query = run.queries[i]
        layout = query.layout(text.vocab)
        rows = cols.cols[c[order]]
        weights = text.weights()[rows][:, layout[0]].toarray() if len(layout[0]) else None
        phrases = (
            _reference_phrases(query, layout, weights, text.terms)
            if weights is not None
            else [[] for _ in order]
        )
        for rank, (k, shown) in enumerate(zip(order, phrases, strict=True), start=1):
            o = int(cols.cols[c[k]])
            pair = reasons.PairFacts(
                int(codes.country[k]), int(codes.level[k]), int(codes.age[k]),
                int(codes.language[k]), int(codes.gpa[k]), False, False,
                bool(cols.kind_bit[c[k]] & int(run.pf.target_kinds[i])),
                cols.host_country[c[k]] in run.pf.preferred[i], False, None, None,
            )  # fmt: skip
            texts = reasons.build(
                profile, query, run.pf.tests[i], index.facts.records[o], o, index.facts,
                shown, pair, TODAY, {},
            )  # fmt: skip
            sev = int(codes.severity[k])
            out.append((profile.id, index.facts.records[o].id, rank, round(float(score[k]), 6),
                        SEVERITY_TO_ELIGIBILITY[sev], texts))  # fmt: skip
    return out


def test_matches_equal_the_exhaustive_uncached_reference():
    opps, profiles = _corpus(7, 600, 80)
    index = MatchIndex(opps)
    limit = 12  # below most profiles' eligible count, so the candidate bound is exercised
    got = [
        (m.profile_id, m.opportunity_id, m.rank, m.score, m.eligibility, m.reasons)
        for m in index.match(profiles, TODAY, limit=limit)
    ]
    want = _reference_matches(index, profiles, limit)
    assert len(got) > 400 and len({g[1] for g in got}) > 100
    assert {g[4] for g in got} == {Eligibility.ELIGIBLE, Eligibility.CHECK}
    assert sum(len(g[5]) for g in got) > 3 * len(got)  # reasons of several kinds
    for a, b in zip(got, want, strict=True):
        assert a == b
