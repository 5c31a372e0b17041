"""One matching run: relevance for chunks of profiles, eligibility, exact top-k, Match objects."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import scipy.sparse as sp

from domain import Match, Profile
from matcher import reasons as reasons_mod
from matcher.columns import FEATURED_BOOST, Columns
from matcher.eligibility import (
    COUNTRY_SEVERITY,
    LEVEL_SEVERITY,
    SEVERITY_TO_ELIGIBILITY,
    PairCodes,
)
from matcher.facts import ProfileFacts
from matcher.interests import ProfileQuery, matched_phrases, profile_query
from matcher.semantic import embedded

# Relevance is the BM25 score divided by the best score the profile's query could reach, so
# it lies in [0, 1) and is comparable between a full and an incremental run.
# "check eligibility" ranks below "eligible" of similar relevance: a check call needs a
# clearly better topic fit (about 1.5x) to pass a call the person can surely apply to.
CHECK_FACTOR = 0.65
RECOMMENDED_BONUS = 1.0  # staff recommendations go first (relevance is below 1)
PREFERRED_COUNTRY_BOOST = 0.1
WANTED_KIND_BOOST = 0.1
# Relevance floor: below it (after the eligibility factor) a call is not shown. A call that meets the person only through
# generic words ("research", "international": matcher.tokenize.GENERIC) or one broad field
# stays under it; one real topic word or concept lies well above (own judged set and blind
# split: every relevant pair that scores at all is >= 0.077, most others 0.01-0.05).
MIN_RELEVANCE = 0.03
NO_TEXT_RELEVANCE = 0.04  # a profile with no interests still sees what it can apply for
# A call that names no topic at all (a scholarship "in any field", a visiting-scholar
# programme) fits everyone it admits: shown above the floor, below any topical match.
OPEN_TOPIC_RELEVANCE = 0.04
PUBLICATION_TOP = 3  # a profile's publications count by the mean of their top-3 similarities
MUTE_SIMILARITY = 0.3  # cosine above which a call counts as "similar" to a muted one
MUTE_PENALTY = 0.5  # how much a fully similar call is lowered
CELLS_PER_CHUNK = 4_000_000  # dense score cells per chunk of profiles
SAMPLE_COLUMNS = 2048  # columns sampled to pick each row's candidate threshold


@dataclass
class Curation:
    """Staff and user signals: featured for all, recommended to a person, muted by a person."""

    featured: frozenset[str] = frozenset()
    recommended: Mapping[str, frozenset[str]] = field(default_factory=dict)
    muted: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, raw: Mapping | None) -> Curation:
        raw = raw or {}
        return cls(
            featured=frozenset(raw.get("featured") or ()),
            recommended={k: frozenset(v) for k, v in (raw.get("recommended") or {}).items()},
            muted={k: frozenset(v) for k, v in (raw.get("muted") or {}).items()},
        )


@dataclass
class Relevance:
    """Relevance of a chunk of profiles and the parts the reasons name."""

    rel: np.ndarray  # rows x columns
    pubs: np.ndarray  # lexical similarity of each publication row x columns (for reasons)
    pub_rows: dict[int, np.ndarray]  # profile row -> its publication rows
    meaning: np.ndarray | None = None  # dense similarity of the interests (semantic only)
    pub_meaning: np.ndarray | None = None  # dense similarity of each publication row


def _aggregate(sim: np.ndarray, n: int, pub_rows: Mapping[int, np.ndarray]) -> np.ndarray:
    """Rows ``:n`` (the interests) plus, per profile, the mean of its top-3 publication rows."""
    rel = sim[:n]
    pubs = sim[n:]
    for r, rows in pub_rows.items():
        top = min(PUBLICATION_TOP, len(rows))
        rel[r] += -np.partition(-pubs[rows], top - 1, axis=0)[:top].mean(axis=0)
    return rel


@dataclass
class _Chunk:
    start: int
    rel: np.ndarray  # normalised relevance (after muting), rows x columns
    sig: np.ndarray  # each row's signature slot in the run's gate/code tables
    rec: np.ndarray  # rows x columns, recommended
    lowered: np.ndarray  # rows x columns, lowered for similarity to a muted call
    scored: Relevance


class Run:
    """Matches a list of profiles against the usable columns of an index."""

    def __init__(
        self,
        index,
        columns: Columns,
        profiles: Sequence[Profile],
        today: date | None,
        curation: Curation,
        limit: int,
        above: Mapping[str, float] | None = None,
    ):
        self.index = index
        self.columns = columns
        self.facts = columns.facts
        self.today = today
        self.cur = curation
        self.limit = max(0, int(limit))
        self.above = above or {}
        self.pf = ProfileFacts.build(profiles)
        self.queries: list[ProfileQuery] = [profile_query(p) for p in profiles]
        self.semantic = index.semantic if columns.vectors is not None else None
        if self.semantic is not None:
            self._embed_profiles()
        self.featured = np.zeros(columns.n, bool)
        self.featured[self._positions(curation.featured)] = True
        self.opp_boost = (columns.base_boost + FEATURED_BOOST * self.featured).astype(np.float32)
        self._slots: dict[tuple, int] = {}
        self._reason_cache: dict = {}
        self._gates: list[np.ndarray] = []
        self._cat: list[tuple[np.ndarray, np.ndarray]] = []
        self._generic_weights = None  # generic terms x columns (BM25), built on first need
        self._lookup: np.ndarray | None = None  # term -> position in a block, -1 elsewhere

    def _embed_profiles(self) -> None:
        """Sentence vectors of every profile's interests and publications (cached by text)."""
        counts = [len(q.publications) for q in self.queries]
        self.pub_offset = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        # interests are embedded only when their weight uses the dense side (off by default)
        dense_interests = self.semantic.interest_lexical_weight < 1.0
        texts = [q.text if q.tokens and dense_interests else "" for q in self.queries]
        texts += [pub.text for q in self.queries for pub in q.publications]
        vectors = self.semantic.embed(texts)
        self.vectors, self.pub_vectors = vectors[: len(self.queries)], vectors[len(self.queries) :]

    def _positions(self, ids: Iterable[str]) -> np.ndarray:
        rows = [self.facts.index[i] for i in ids if i in self.facts.index]
        pos = self.columns.position(np.asarray(rows, np.int64))
        return pos[pos >= 0]

    def _slot(self, i: int) -> int:
        """Signature slot of profile ``i``: its per-column gate = (0 | 0.85 | 1) x (1 + boosts)
        and its level/country codes, shared by every profile with the same signature."""
        sig = self.pf.signature(i)
        slot = self._slots.get(sig)
        if slot is None:
            level, country = self.columns.codes(self.pf, i)
            severity = np.maximum(LEVEL_SEVERITY[level], COUNTRY_SEVERITY[country])
            factor = np.choose(severity, [1.0, CHECK_FACTOR, 0.0]).astype(np.float32)
            boost = 1.0 + self.opp_boost
            if self.pf.target_kinds[i]:
                boost = boost + WANTED_KIND_BOOST * ((self.columns.kind_bit & sig[7]) != 0)
            if self.pf.preferred[i]:
                boost = boost + PREFERRED_COUNTRY_BOOST * np.isin(
                    self.columns.host_country, list(self.pf.preferred[i])
                )
            slot = self._slots[sig] = len(self._gates)
            self._gates.append((factor * boost).astype(np.float32))
            self._cat.append((level, country))
        return slot

    def _gate_table(self) -> np.ndarray:
        """All gates as one array, rebuilt only when new signatures appeared."""
        if getattr(self, "_table", None) is None or len(self._table) != len(self._gates):
            self._table = np.stack(self._gates)
        return self._table

    # -- relevance ------------------------------------------------------------------------

    def relevance(self, start: int, end: int) -> Relevance:
        """Relevance (profiles x columns) of profiles ``start:end``: the interests' similarity
        plus the mean of the top-3 publication similarities. A similarity is lexical, or with
        semantic similarity on, ``a * lexical + (1 - a) * dense`` where the model can read
        both texts."""
        text = self.index.text
        token_lists = [self.queries[i].tokens for i in range(start, end)]
        owner: list[int] = []
        for i in range(start, end):
            for pub in self.queries[i].publications:
                token_lists.append(pub.tokens)
                owner.append(i - start)
        q = text.query_matrix(token_lists)
        best = q @ self.columns.best_term
        norm = self.columns.scores(q)
        self._drop_generic_only(q, norm)
        scale = np.divide(1.0, best, out=np.zeros_like(best), where=best > 0).astype(np.float32)
        norm *= scale[:, None]
        n = end - start
        owners = np.asarray(owner, np.int64)
        pub_rows = {int(r): np.flatnonzero(owners == r) for r in np.unique(owners)}
        out = Relevance(norm[:n], norm[n:], pub_rows)
        if self.semantic is not None:
            first, last = self.pub_offset[start], self.pub_offset[end]
            vectors = np.concatenate([self.vectors[start:end], self.pub_vectors[first:last]])
            if embedded(vectors).any():  # else (no publications, interests lexical) skip it all
                sim = self.semantic.similarity(vectors, self.columns.vectors)
                out.meaning, out.pub_meaning = sim[:n], sim[n:]
                norm = self.semantic.blend(norm, sim, vectors, self.columns.vectors, n)
        out.rel = rel = _aggregate(norm, n, pub_rows)
        open_topic = self.columns.open_topic
        if open_topic.any():
            rel[:, open_topic] = np.maximum(rel[:, open_topic], OPEN_TOPIC_RELEVANCE)
        for r in range(n):
            if not self.queries[start + r].tokens and r not in pub_rows:
                rel[r] = NO_TEXT_RELEVANCE
        return out

    def _drop_generic_only(self, q, norm: np.ndarray) -> None:
        """Zero the pairs whose score comes only from generic words ("research",
        "international"): they order calls that share a topic, never make a match."""
        generic = self.index.text.generic_terms()
        if not generic.size:
            return
        q_gen = q[:, generic]
        if not q_gen.nnz:
            return
        if self._generic_weights is None:  # generic terms x columns, once
            self._generic_weights = self.index.text.weights()[self.columns.cols][:, generic].T
        gen = sp.csr_matrix(q_gen @ self._generic_weights).toarray()
        norm[norm <= gen * (1.0 + 1e-5) + 1e-9] = 0.0

    def _similar_to_muted(self, muted_rows: list[int]) -> np.ndarray:
        unit = self.index.text.unit_weights()
        sim = (unit[self.columns.cols] @ unit[muted_rows].T).toarray().max(axis=1)
        excess = np.clip((sim - MUTE_SIMILARITY) / (1.0 - MUTE_SIMILARITY), 0.0, 1.0)
        return (1.0 - MUTE_PENALTY * excess).astype(np.float32)

    # -- chunks ---------------------------------------------------------------------------

    def execute(self) -> list[Match]:
        n_cols = self.columns.n
        matches: list[Match] = []
        if n_cols == 0 or self.limit == 0 or not self.queries:
            return matches
        start, n = 0, len(self.queries)
        while start < n:
            end, rows = start, 0
            while end < n and (end == start or (rows + 1) * n_cols <= CELLS_PER_CHUNK):
                rows += 1 + len(self.queries[end].publications)
                end += 1
            matches.extend(self._chunk(start, end))
            start = end
        return matches

    def _chunk(self, start: int, end: int) -> list[Match]:
        pf, n_cols = self.pf, self.columns.n
        scored = self.relevance(start, end)
        rel = scored.rel
        n = end - start
        sig = np.array([self._slot(start + r) for r in range(n)], np.int64)
        rec = np.zeros(rel.shape, bool)
        lowered = np.zeros(rel.shape, bool)
        dropped: dict[int, np.ndarray] = {}
        for r in range(n):
            pid = pf.profiles[start + r].id
            if pid in self.cur.recommended:
                rec[r, self._positions(self.cur.recommended[pid])] = True
            muted = self.cur.muted.get(pid)
            if muted:
                rows = [self.facts.index[m] for m in muted if m in self.facts.index]
                factor = self._similar_to_muted(rows) if rows else np.ones(n_cols, np.float32)
                factor[self._positions(muted)] = 0.0
                rel[r] *= factor
                lowered[r] = (factor < 1.0) & (factor > 0.0)
                rec[r] &= factor > 0.0
                dropped[r] = factor == 0.0
        gates = self._gate_table()
        upper = rel * gates[sig]  # one gather: eligibility gate x boosts, per signature
        if rec.any():
            rows = np.flatnonzero(rec.any(axis=1))
            open_gate = gates[sig[rows]] > 0
            upper[rows] += RECOMMENDED_BONUS * (rec[rows] & open_gate)
        if MIN_RELEVANCE > 0:  # on the gated score: a "check" call needs a little more
            upper[(upper <= MIN_RELEVANCE) & ~rec] = 0.0
        for r, gone in dropped.items():
            upper[r, gone] = 0.0
        chunk = _Chunk(start, rel, sig, rec, lowered, scored)
        return self._select(chunk, upper)

    # -- exact top-k ------------------------------------------------------------------------

    def _select(self, chunk: _Chunk, upper: np.ndarray) -> list[Match]:
        """Top ``limit`` per row by exact score. An exact score is at or below its upper bound
        (age, language and GPA limits may add "check" or drop the pair), so the candidates
        are the pairs with the best bounds, widened for a row until its k-th exact score is
        at least the bound of everything left out."""
        n, n_cols = upper.shape
        take = min(n_cols, 2 * self.limit + 16)
        pending = np.arange(n)
        picked: dict[int, tuple] = {}
        while pending.size:
            sub = upper[pending]
            threshold = self._threshold(sub, take)
            k_rows, cols = np.nonzero((sub >= threshold[:, None]) & (sub > 0))
            rows = pending[k_rows]
            score, codes = self._exact(chunk, rows, cols, upper[rows, cols])
            order = np.lexsort((cols, -score, k_rows))
            order = order[score[order] > 0]
            k_sorted = k_rows[order]
            first = np.searchsorted(k_sorted, np.arange(len(pending)))
            last = np.searchsorted(k_sorted, np.arange(len(pending)), side="right")
            still = []
            for k, r in enumerate(pending.tolist()):
                mine = order[first[k] : min(last[k], first[k] + self.limit)]
                floor = self.above.get(self.pf.profiles[chunk.start + r].id)
                if floor is not None:
                    floor -= 1e-6  # stored scores are rounded to 6 decimals
                    mine = mine[score[mine] >= floor]
                complete = (
                    take >= n_cols
                    or threshold[k] <= 0
                    or (len(mine) == self.limit and score[mine[-1]] >= threshold[k])
                    or (floor is not None and floor >= threshold[k])
                )
                if complete:
                    picked[r] = (cols[mine], score[mine], codes, mine)
                else:
                    still.append(r)
            pending = np.asarray(still, np.int64)
            take = min(n_cols, take * 4)
        out: list[Match] = []
        for r in range(n):
            if r in picked:
                out.extend(self._matches(chunk, r, *picked[r]))
        return out

    def _threshold(self, sub: np.ndarray, take: int) -> np.ndarray:
        """Per row, a bound that about ``take`` columns reach. Any value is correct (the
        completeness check widens when it was too high); a sample makes it cheap."""
        n_cols = sub.shape[1]
        if take * 4 >= n_cols:
            return np.zeros(len(sub), np.float32)
        if n_cols <= 4 * SAMPLE_COLUMNS:
            return np.partition(sub, n_cols - take, axis=1)[:, n_cols - take]
        sample = sub[:, self._sample(n_cols)]
        # aim at twice ``take`` so one round usually suffices
        at = max(0, SAMPLE_COLUMNS - int(np.ceil(2 * take * SAMPLE_COLUMNS / n_cols)) - 1)
        return np.partition(sample, at, axis=1)[:, at]

    def _sample(self, n_cols: int) -> np.ndarray:
        if getattr(self, "_sampled", None) is None or len(self._sampled_from) != n_cols:
            rng = np.random.default_rng(0)
            self._sampled = np.sort(rng.choice(n_cols, SAMPLE_COLUMNS, replace=False))
            self._sampled_from = range(n_cols)
        return self._sampled

    def _exact(self, chunk: _Chunk, r: np.ndarray, c: np.ndarray, upper: np.ndarray):
        """Exact scores (0 = not shown) and the criteria codes of (row, column) pairs."""
        p = chunk.start + r
        o = self.columns.cols[c]
        slots = chunk.sig[r]
        level = np.empty(len(r), np.int8)
        country = np.empty(len(r), np.int8)
        for slot in np.unique(slots):
            at = slots == slot
            level[at] = self._cat[slot][0][c[at]]
            country[at] = self._cat[slot][1][c[at]]
        codes = PairCodes.compute(self.facts, self.pf, p, o, level, country, self.today)
        categorical = np.maximum(LEVEL_SEVERITY[level], COUNTRY_SEVERITY[country])
        # the bound already holds the categorical "check" factor; add it once if the
        # numeric limits are what make the pair "check"
        adjust = np.where(
            codes.severity == 2,
            0.0,
            np.where((codes.severity == 1) & (categorical == 0), CHECK_FACTOR, 1.0),
        )
        bonus = RECOMMENDED_BONUS * chunk.rec[r, c]
        score = (upper - bonus) * adjust + np.where(codes.severity < 2, bonus, 0.0)
        return score.astype(np.float32), codes

    def _block(self, rows: np.ndarray, terms: np.ndarray) -> np.ndarray:
        """``weights[rows][:, terms]`` as a dense array (distinct ``terms``), gathered from
        the CSR arrays directly: scipy's two fancy indexings cost more than the work."""
        w = self.index.text.weights()
        if self._lookup is None or len(self._lookup) != w.shape[1]:
            self._lookup = np.full(w.shape[1], -1, np.int64)
        starts, lens = w.indptr[rows], np.diff(w.indptr)[rows]
        offsets = np.cumsum(lens) - lens
        at = np.arange(int(lens.sum())) - np.repeat(offsets, lens) + np.repeat(starts, lens)
        self._lookup[terms] = np.arange(len(terms))
        col = self._lookup[w.indices[at]]
        self._lookup[terms] = -1
        kept = col >= 0
        out = np.zeros((len(rows), len(terms)), np.float32)
        out[np.repeat(np.arange(len(rows)), lens)[kept], col[kept]] = w.data[at[kept]]
        return out

    def _matches(self, chunk: _Chunk, r: int, cs, scores, codes: PairCodes, ks) -> list[Match]:
        i = chunk.start + r
        profile = self.pf.profiles[i]
        query = self.queries[i]
        cs = np.asarray(cs, np.int64)
        ks = np.asarray(ks, np.int64)
        opp_rows = self.columns.cols[cs]
        text = self.index.text
        layout = query.layout(text.vocab)
        if len(layout[0]):
            weights = self._block(opp_rows, layout[0])
            phrases = matched_phrases(query, layout, weights, text.terms)
        else:
            phrases = [[] for _ in cs]
        scored = chunk.scored
        owned = scored.pub_rows.get(r)
        none = [None] * len(cs)
        pub_best = pub_score = meaning = pub_meaning = none
        if owned is not None:
            pub_block = scored.pubs[owned][:, cs]
            pub_best = pub_block.argmax(axis=0).tolist()
            pub_score = pub_block.max(axis=0).tolist()
        if scored.meaning is not None:
            meaning = scored.meaning[r, cs].tolist() if query.tokens else none
            if owned is not None:
                block = scored.pub_meaning[owned][:, cs]
                pub_meaning = list(
                    zip(block.argmax(axis=0).tolist(), block.max(axis=0).tolist(), strict=True)
                )
        columns = zip(
            opp_rows.tolist(),
            np.asarray(scores).tolist(),
            codes.country[ks].tolist(),
            codes.level[ks].tolist(),
            codes.age[ks].tolist(),
            codes.language[ks].tolist(),
            codes.gpa[ks].tolist(),
            codes.severity[ks].tolist(),
            chunk.rec[r, cs].tolist(),
            self.featured[cs].tolist(),
            ((self.columns.kind_bit[cs] & int(self.pf.target_kinds[i])) != 0).tolist(),
            [h in self.pf.preferred[i] for h in self.columns.host_country[cs]],
            chunk.lowered[r, cs].tolist(),
            pub_best,
            pub_score,
            meaning,
            pub_meaning,
            phrases,
            strict=True,
        )
        out = []
        for rank, (
            o,
            score,
            country,
            level,
            age,
            language,
            gpa,
            sev,
            rec,
            featured,
            kind,
            pref,
            lowered,
            best,
            best_score,
            close,
            pub_close,
            shown,
        ) in enumerate(columns, start=1):
            pair = reasons_mod.PairFacts(
                country,
                level,
                age,
                language,
                gpa,
                rec,
                featured,
                kind,
                pref,
                lowered,
                best,
                best_score,
                close,
                pub_close,
            )
            opp = self.facts.records[o]
            out.append(
                Match(
                    profile_id=profile.id,
                    opportunity_id=opp.id,
                    score=round(score, 6),
                    rank=rank,
                    eligibility=SEVERITY_TO_ELIGIBILITY[sev],
                    reasons=reasons_mod.build(
                        profile,
                        query,
                        self.pf.tests[i],
                        opp,
                        o,
                        self.facts,
                        shown,
                        pair,
                        self.today,
                        self._reason_cache,
                    ),
                )
            )
        return out
