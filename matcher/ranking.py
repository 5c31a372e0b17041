"""One matching run: relevance for chunks of profiles, eligibility, exact top-k, Match objects."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

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

# Relevance is the BM25 score divided by the best score the profile's query could reach, so
# it lies in [0, 1) and is comparable between a full and an incremental run.
CHECK_FACTOR = 0.85  # "check eligibility" ranks a little below "eligible" at equal relevance
RECOMMENDED_BONUS = 1.0  # staff recommendations go first (relevance is below 1)
PREFERRED_COUNTRY_BOOST = 0.1
WANTED_KIND_BOOST = 0.1
MIN_RELEVANCE = 0.0
NO_TEXT_RELEVANCE = 0.01  # a profile with no interests still sees what it can apply for
PUBLICATION_TOP = 3  # a profile's publications count by the mean of their top-3 similarities
MUTE_SIMILARITY = 0.3  # cosine above which a call counts as "similar" to a muted one
MUTE_PENALTY = 0.5  # how much a fully similar call is lowered
CELLS_PER_CHUNK = 4_000_000  # dense score cells per chunk of profiles


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
class _Chunk:
    start: int
    rel: np.ndarray  # normalised relevance (after muting)
    base: np.ndarray  # relevance with boosts, before the "check" factor
    level: np.ndarray
    country: np.ndarray
    rec: np.ndarray
    lowered: np.ndarray
    pair_kind: np.ndarray
    pair_pref: np.ndarray
    pubs: np.ndarray
    pub_rows: dict[int, np.ndarray]


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
    ):
        self.index = index
        self.columns = columns
        self.facts = columns.facts
        self.today = today
        self.cur = curation
        self.limit = max(0, int(limit))
        self.pf = ProfileFacts.build(profiles)
        self.queries: list[ProfileQuery] = [profile_query(p) for p in profiles]
        featured = self._positions(curation.featured)
        self.featured = np.zeros(columns.n, bool)
        self.featured[featured] = True
        self.opp_boost = (columns.base_boost + FEATURED_BOOST * self.featured).astype(np.float32)

    def _positions(self, ids: Iterable[str]) -> np.ndarray:
        rows = [self.facts.index[i] for i in ids if i in self.facts.index]
        pos = self.columns.position(np.asarray(rows, np.int64))
        return pos[pos >= 0]

    # -- relevance ------------------------------------------------------------------------

    def relevance(self, start: int, end: int):
        """Normalised relevance (profiles x columns), publication scores and their owners."""
        text = self.index.text
        token_lists = [self.queries[i].tokens for i in range(start, end)]
        owner: list[int] = []
        for i in range(start, end):
            for pub in self.queries[i].publications:
                token_lists.append(pub.tokens)
                owner.append(i - start)
        q = text.query_matrix(token_lists)
        best = q @ self.columns.best_term
        raw = self.columns.scores(q)
        scale = np.divide(1.0, best, out=np.zeros_like(best), where=best > 0).astype(np.float32)
        norm = raw * scale[:, None]
        n = end - start
        rel = norm[:n]
        pubs = norm[n:]
        owners = np.asarray(owner, np.int64)
        pub_rows: dict[int, np.ndarray] = {}
        for r in np.unique(owners):
            rows = np.flatnonzero(owners == r)
            pub_rows[int(r)] = rows
            top = min(PUBLICATION_TOP, len(rows))
            block = pubs[rows]
            rel[r] += -np.partition(-block, top - 1, axis=0)[:top].mean(axis=0)
        for r in range(n):
            if not self.queries[start + r].tokens and r not in pub_rows:
                rel[r] = NO_TEXT_RELEVANCE
        return rel, pubs, pub_rows

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
        pf, cols = self.pf, self.columns
        rel, pubs, pub_rows = self.relevance(start, end)
        n = end - start
        level = np.empty(rel.shape, np.int8)
        country = np.empty(rel.shape, np.int8)
        for r in range(n):
            level[r], country[r] = cols.codes(pf, start + r)
        rec = np.zeros(rel.shape, bool)
        lowered = np.zeros(rel.shape, bool)
        pair_kind = np.zeros(rel.shape, bool)
        pair_pref = np.zeros(rel.shape, bool)
        allowed = np.maximum(LEVEL_SEVERITY[level], COUNTRY_SEVERITY[country])
        for r in range(n):
            i = start + r
            pid = pf.profiles[i].id
            if pid in self.cur.recommended:
                rec[r, self._positions(self.cur.recommended[pid])] = True
            muted = self.cur.muted.get(pid)
            if muted:
                factor = np.ones(cols.n, np.float32)
                rows = [self.facts.index[m] for m in muted if m in self.facts.index]
                if rows:
                    factor = self._similar_to_muted(rows)
                factor[self._positions(muted)] = 0.0
                rel[r] *= factor
                lowered[r] = (factor < 1.0) & (factor > 0.0)
                rec[r] &= factor > 0.0
                allowed[r, factor == 0.0] = 2
            if pf.target_kinds[i]:
                pair_kind[r] = (cols.kind_bit & int(pf.target_kinds[i])) != 0
            if pf.preferred[i]:
                pair_pref[r] = np.isin(cols.host_country, list(pf.preferred[i]))
        boost = (
            self.opp_boost
            + np.float32(WANTED_KIND_BOOST) * pair_kind
            + np.float32(PREFERRED_COUNTRY_BOOST) * pair_pref
        )
        base = rel * (1.0 + boost)
        check = np.where(allowed == 1, np.float32(CHECK_FACTOR), np.float32(1.0))
        upper = np.where(
            (allowed < 2) & ((rel > MIN_RELEVANCE) | rec),
            base * check + np.float32(RECOMMENDED_BONUS) * rec,
            np.float32(0.0),
        )
        chunk = _Chunk(
            start, rel, base, level, country, rec, lowered, pair_kind, pair_pref, pubs, pub_rows
        )
        return self._select(chunk, upper)

    # -- exact top-k ------------------------------------------------------------------------

    def _select(self, chunk: _Chunk, upper: np.ndarray) -> list[Match]:
        """Top ``limit`` per row by exact score. Exact scores can only be at or below the
        upper bound (numeric limits may add "check" or drop a pair), so candidates are the
        best by bound, widened for a row until its k-th exact score beats the next bound."""
        n, n_cols = upper.shape
        take = min(n_cols, 2 * self.limit + 16)
        pending = np.arange(n)
        matches: dict[int, list[Match]] = {}
        while pending.size:
            sub = upper[pending]
            if take < n_cols:
                part = np.argpartition(-sub, take, axis=1)
                cand = part[:, :take]
                beyond = np.take_along_axis(sub, part[:, take : take + 1], axis=1).ravel()
            else:
                cand = np.broadcast_to(np.arange(n_cols), (len(pending), n_cols))
                beyond = np.zeros(len(pending), np.float32)
            cand_upper = np.take_along_axis(sub, cand, axis=1)
            live = cand_upper > 0
            rows = np.broadcast_to(pending[:, None], cand.shape)[live]
            final = np.zeros(cand.shape, np.float32)
            score, codes = self._exact(chunk, rows, cand[live])
            final[live] = score
            where = np.full(cand.shape, -1, np.int64)
            where[live] = np.arange(live.sum())
            still = []
            for k, r in enumerate(pending):
                shown = np.flatnonzero(final[k] > 0)
                order = shown[np.lexsort((cand[k, shown], -final[k, shown]))][: self.limit]
                complete = (
                    take >= n_cols
                    or beyond[k] <= 0
                    or (len(order) == self.limit and final[k, order[-1]] >= beyond[k])
                )
                if not complete:
                    still.append(r)
                    continue
                matches[int(r)] = self._matches(
                    chunk, int(r), cand[k, order], final[k, order], codes, where[k, order]
                )
            pending = np.asarray(still, np.int64)
            take = min(n_cols, take * 4)
        return [m for r in range(n) for m in matches.get(r, [])]

    def _exact(self, chunk: _Chunk, r: np.ndarray, c: np.ndarray):
        """Exact scores (0 = not shown) and the criteria codes of (row, column) pairs."""
        p = chunk.start + r
        o = self.columns.cols[c]
        codes = PairCodes.compute(
            self.facts, self.pf, p, o, chunk.level[r, c], chunk.country[r, c], self.today
        )
        score = chunk.base[r, c] * np.where(codes.severity == 1, CHECK_FACTOR, 1.0)
        score = score + RECOMMENDED_BONUS * chunk.rec[r, c]
        return np.where(codes.severity < 2, score, 0.0).astype(np.float32), codes

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
            weights = text.weights()[opp_rows][:, layout[0]].toarray()
            phrases = matched_phrases(query, layout, weights, text.terms)
        else:
            phrases = [[] for _ in cs]
        owned = chunk.pub_rows.get(r)
        if owned is not None:
            pub_block = chunk.pubs[owned][:, cs]
            pub_best = pub_block.argmax(axis=0).tolist()
            pub_score = pub_block.max(axis=0).tolist()
        else:
            pub_best = pub_score = [None] * len(cs)
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
            chunk.pair_kind[r, cs].tolist(),
            chunk.pair_pref[r, cs].tolist(),
            chunk.lowered[r, cs].tolist(),
            pub_best,
            pub_score,
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
                    ),
                )
            )
        return out
