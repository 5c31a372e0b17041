"""The matching engine: an index over opportunities that ranks them for any set of profiles."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from domain import InstitutionRecord, Match, OpportunityRecord, Profile
from matcher import explain
from matcher.bm25 import FIELD_WEIGHTS, TextIndex
from matcher.eligibility import (
    COUNTRY_SEVERITY,
    LEVEL_SEVERITY,
    SEVERITY_TO_ELIGIBILITY,
    PairCodes,
    country_codes,
    level_codes,
)
from matcher.facts import KINDS, OpportunityFacts, ProfileFacts
from matcher.interests import ProfileQuery, matched_phrases, profile_query

# Ranking knobs. Relevance is the BM25 score divided by the best score the profile's query
# could reach, so it is comparable between a full and an incremental run.
CHECK_FACTOR = 0.85  # "check eligibility" ranks a little below "eligible" at equal relevance
RECOMMENDED_BONUS = 1.0  # staff recommendations go first (relevance is below 1)
FEATURED_BOOST = 0.2
FUNDED_BOOST = 0.1
CLOSING_SOON_BOOST = 0.1
CLOSING_SOON_DAYS = 14
DEADLINE_SHOWN_DAYS = 30
PREFERRED_COUNTRY_BOOST = 0.1
WANTED_KIND_BOOST = 0.1
PAIR_BOOST_MAX = PREFERRED_COUNTRY_BOOST + WANTED_KIND_BOOST
RANK_BOOSTS = ((100, 0.25), (200, 0.2), (500, 0.12), (1000, 0.06))  # top 1000 only
MIN_RELEVANCE = 0.0
NO_TEXT_RELEVANCE = 0.01  # a profile with no interests still sees what it can apply for
PUBLICATION_TOP = 3  # mean of the top-3 publication similarities
MUTE_SIMILARITY = 0.3  # cosine above which a call counts as "similar" to a muted one
MUTE_PENALTY = 0.5  # how much a fully similar call is lowered
CELLS_PER_CHUNK = 8_000_000  # dense score cells per chunk of profiles (~32 MB float32)


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


def document_fields(opp: OpportunityRecord) -> list[tuple[str, float]]:
    """The weighted text fields of an opportunity that relevance is computed on."""
    return [
        (opp.title or "", FIELD_WEIGHTS["title"]),
        (opp.summary or "", FIELD_WEIGHTS["summary"]),
        (" ".join(opp.fields), FIELD_WEIGHTS["fields"]),
        (opp.funder or "", FIELD_WEIGHTS["funder"]),
    ]


def _rank_boost(lower: np.ndarray) -> np.ndarray:
    boost = np.zeros(lower.shape, np.float32)
    for bound, value in reversed(RANK_BOOSTS):
        boost[(lower > 0) & (lower <= bound)] = value
    return boost


class MatchIndex:
    """Opportunities prepared for matching: text index, eligibility facts, host ranks.

    Build once, then ``match`` any profiles (all of them, or one after an edit), optionally
    against only some opportunities (the new ones after a crawl). ``add`` appends new or
    changed opportunities without re-reading the rest.
    """

    def __init__(
        self,
        opportunities: Sequence[OpportunityRecord],
        institutions: Sequence[InstitutionRecord] | None = None,
    ):
        self.institutions = list(institutions or [])
        self.records: list[OpportunityRecord] = []
        self.text = TextIndex()
        self.alive = np.zeros(0, bool)
        self.facts = OpportunityFacts.build([], self.institutions)
        self.add(opportunities)

    def add(self, opportunities: Iterable[OpportunityRecord]) -> None:
        """Append opportunities; one whose id is already indexed replaces the old version."""
        new = list(opportunities)
        if not new:
            return
        by_id = self.facts.index if self.records else {}
        alive = np.concatenate([self.alive, np.ones(len(new), bool)])
        for opp in new:
            old = by_id.get(opp.id)
            if old is not None:
                alive[old] = False
        self.text.add(document_fields(opp) for opp in new)
        self.records.extend(new)
        self.alive = alive
        self.facts = OpportunityFacts.build(self.records, self.institutions)
        self.facts.index = {opp.id: i for i, opp in enumerate(self.records) if alive[i]}
        self._doc_terms: dict[int, dict[str, float]] = {}
        self._level_cache: dict[tuple, np.ndarray] = {}
        self._country_cache: dict[tuple, np.ndarray] = {}

    # -- per-opportunity values -------------------------------------------------------------

    def _doc_weights(self, o: int) -> dict[str, float]:
        cached = self._doc_terms.get(o)
        if cached is None:
            w = self.text.weights()
            start, end = w.indptr[o], w.indptr[o + 1]
            terms = self.text.terms
            pairs = zip(w.indices[start:end], w.data[start:end], strict=True)
            cached = {terms[t]: float(v) for t, v in pairs}
            self._doc_terms[o] = cached
        return cached

    def _codes_for(self, pf: ProfileFacts, i: int) -> tuple[np.ndarray, np.ndarray]:
        sig = pf.signature(i)
        level = self._level_cache.get(sig[:5])
        if level is None:
            level = self._level_cache[sig[:5]] = level_codes(self.facts, pf, i)
        country = self._country_cache.get(sig[5:])
        if country is None:
            country = self._country_cache[sig[5:]] = country_codes(self.facts, pf, i)
        return level, country

    # -- matching -------------------------------------------------------------------------

    def match(
        self,
        profiles: Sequence[Profile],
        today: date,
        *,
        curation: Mapping | Curation | None = None,
        limit: int = 50,
        only: Iterable[str] | None = None,
    ) -> list[Match]:
        """Ranked matches for every profile (ranks 1..N, at most ``limit`` each).

        With ``only``, just those opportunity ids are considered (incremental scoring after a
        crawl); scores stay comparable with a full run because corpus statistics are global.
        """
        cur = curation if isinstance(curation, Curation) else Curation.from_dict(curation)
        if not profiles or not self.records:
            return []
        run = _Run(self, profiles, today, cur, limit, only)
        return run.execute()


class _Run:
    """One call of ``MatchIndex.match``: the state shared by its chunks."""

    def __init__(self, index: MatchIndex, profiles, today, cur: Curation, limit, only):
        self.index = index
        self.facts = index.facts
        self.today = today
        self.cur = cur
        self.limit = max(0, int(limit))
        self.pf = ProfileFacts.build(profiles)
        self.queries: list[ProfileQuery] = [profile_query(p) for p in profiles]
        self.any_preferred = any(self.pf.preferred)
        usable = self.facts.open_on(today) & index.alive
        if only is not None:
            wanted = np.zeros(len(usable), bool)
            for opp_id in only:
                j = self.facts.index.get(opp_id)
                if j is not None:
                    wanted[j] = True
            usable &= wanted
        self.cols = np.flatnonzero(usable)
        weights = index.text.weights()
        self.weights_t = weights[self.cols].T.tocsr()
        self.best_term = index.text.idf_ * (index.text.k1 + 1.0)
        self._prepare_boosts()

    def _prepare_boosts(self) -> None:
        f, cols, today = self.facts, self.cols, self.today
        self.rank_boost = _rank_boost(f.host_rank_lower[cols])
        self.featured = np.isin(cols, [f.index[i] for i in self.cur.featured if i in f.index])
        dl = f.deadline[cols]
        days = np.where(dl >= 0, dl - today.toordinal(), 10**6)
        self.closing = days <= CLOSING_SOON_DAYS
        self.opp_boost = (
            self.rank_boost
            + FEATURED_BOOST * self.featured
            + FUNDED_BOOST * f.fully_funded[cols]
            + CLOSING_SOON_BOOST * self.closing
        ).astype(np.float32)
        self.col_of = {int(o): c for c, o in enumerate(cols)}
        self.kind_bit = (1 << f.kind[cols].astype(np.int64)).astype(np.int64)
        self.host_country = f.host_country[cols]

    def _cols_of(self, ids: Iterable[str]) -> np.ndarray:
        out = []
        for opp_id in ids:
            j = self.facts.index.get(opp_id)
            if j is not None and j in self.col_of:
                out.append(self.col_of[j])
        return np.asarray(out, np.int64)

    def execute(self) -> list[Match]:
        n_cols = len(self.cols)
        matches: list[Match] = []
        if n_cols == 0 or self.limit == 0:
            return matches
        start = 0
        n = len(self.queries)
        while start < n:
            rows = 0
            end = start
            while end < n and (end == start or rows * n_cols < CELLS_PER_CHUNK):
                rows += 1 + len(self.queries[end].publications)
                end += 1
            matches.extend(self._chunk(start, end))
            start = end
        return matches

    # -- one chunk of profiles ------------------------------------------------------------

    def _relevance(self, start: int, end: int):
        """Normalised relevance (profiles x usable opportunities) and publication scores."""
        text = self.index.text
        token_lists = [self.queries[i].tokens for i in range(start, end)]
        pub_owner = []
        for i in range(start, end):
            for pub in self.queries[i].publications:
                token_lists.append(pub.tokens)
                pub_owner.append(i - start)
        q = text.query_matrix(token_lists)
        best = q @ self.best_term
        raw = (q @ self.weights_t).toarray()
        with np.errstate(divide="ignore", invalid="ignore"):
            norm = np.where(best[:, None] > 0, raw / best[:, None], 0.0).astype(np.float32)
        n = end - start
        rel = norm[:n].copy()
        pubs = norm[n:]
        pub_owner = np.asarray(pub_owner, np.int64)
        for r in np.unique(pub_owner):
            rows = pubs[pub_owner == r]
            top = min(PUBLICATION_TOP, rows.shape[0])
            agg = -np.partition(-rows, top - 1, axis=0)[:top].mean(axis=0)
            rel[r] += agg
        for r in range(n):
            if not self.queries[start + r].tokens and not (pub_owner == r).any():
                rel[r] = NO_TEXT_RELEVANCE
        return rel, pubs, pub_owner

    def _mute_factor(self, profile_id: str) -> tuple[np.ndarray | None, np.ndarray]:
        """Columns muted outright, and a multiplier lowering calls similar to muted ones."""
        muted = self.cur.muted.get(profile_id)
        ones = np.ones(len(self.cols), np.float32)
        if not muted:
            return None, ones
        rows = [self.facts.index[m] for m in muted if m in self.facts.index]
        if not rows:
            return self._cols_of(muted), ones
        unit = self.index.text.unit_weights()
        sim = (unit[self.cols] @ unit[rows].T).toarray().max(axis=1)
        excess = np.clip((sim - MUTE_SIMILARITY) / (1.0 - MUTE_SIMILARITY), 0.0, 1.0)
        return self._cols_of(muted), (1.0 - MUTE_PENALTY * excess).astype(np.float32)

    def _chunk(self, start: int, end: int) -> list[Match]:
        pf = self.pf
        rel, pubs, pub_owner = self._relevance(start, end)
        n = end - start
        level = np.empty(rel.shape, np.int8)
        country = np.empty(rel.shape, np.int8)
        rec = np.zeros(rel.shape, bool)
        mute_mult = np.ones(rel.shape, np.float32)
        for r in range(n):
            i = start + r
            lv, ct = self._codes_for(i)
            level[r] = lv
            country[r] = ct
            pid = pf.profiles[i].id
            if pid in self.cur.recommended:
                rec[r, self._cols_of(self.cur.recommended[pid])] = True
            muted_cols, factor = self._mute_factor(pid)
            if muted_cols is not None:
                factor[muted_cols] = 0.0
                rel[r, muted_cols] = 0.0
                rec[r, muted_cols] = False
            mute_mult[r] = factor
        allowed = (LEVEL_SEVERITY[level] < 2) & (COUNTRY_SEVERITY[country] < 2)
        rel *= mute_mult
        relevant = (rel > MIN_RELEVANCE) & (mute_mult > 0)
        upper = np.where(
            allowed & (relevant | rec),
            rel * (1.0 + self.opp_boost + PAIR_BOOST_MAX) + RECOMMENDED_BONUS * rec,
            0.0,
        ).astype(np.float32)
        ctx = _ChunkContext(start, rel, level, country, rec, mute_mult, pubs, pub_owner)
        return self._select(ctx, upper)

    def _codes_for(self, i: int):
        level, country = self.index._codes_for(self.pf, i)
        return level[self.cols], country[self.cols]

    def _select(self, ctx: _ChunkContext, upper: np.ndarray) -> list[Match]:
        n, n_cols = upper.shape
        take = min(n_cols, self.limit * 3 + 16)
        if take < n_cols:
            part = np.argpartition(-upper, take, axis=1)
            cand = part[:, :take]
            beyond = np.take_along_axis(upper, part[:, take : take + 1], axis=1).ravel()
        else:
            cand = np.tile(np.arange(n_cols), (n, 1))
            beyond = np.zeros(n, np.float32)
        rows = np.repeat(np.arange(n), cand.shape[1])
        flat = cand.ravel()
        final, severity, codes = self._final(ctx, rows, flat, upper)
        final = final.reshape(cand.shape)
        matches: list[Match] = []
        for r in range(n):
            order = np.argsort(-final[r], kind="stable")
            valid = order[final[r, order] > 0][: self.limit]
            kth = final[r, valid[-1]] if len(valid) == self.limit else 0.0
            if beyond[r] > 0 and kth < beyond[r]:
                # The bound did not prove the top-k complete: redo this row on every column.
                cols = np.flatnonzero(upper[r] > 0)
                f, sev, cds = self._final(ctx, np.full(len(cols), r), cols, upper)
                order = np.argsort(-f, kind="stable")
                keep = order[f[order] > 0][: self.limit]
                matches.extend(self._matches(ctx, r, cols[keep], f[keep], sev[keep], cds, keep))
            else:
                pick = r * cand.shape[1] + valid
                matches.extend(
                    self._matches(
                        ctx, r, cand[r, valid], final[r, valid], severity[pick], codes, pick
                    )
                )
        return matches

    def _final(self, ctx: _ChunkContext, r: np.ndarray, c: np.ndarray, upper: np.ndarray):
        """Exact scores (0 = not shown) and eligibility of the (row, column) pairs."""
        p = ctx.start + r
        o = self.cols[c]
        codes = PairCodes.compute(
            self.facts, self.pf, p, o, ctx.level[r, c], ctx.country[r, c], self.today
        )
        pair_boost = (
            WANTED_KIND_BOOST * ((self.pf.target_kinds[p] & self.kind_bit[c]) != 0)
        ).astype(np.float32)
        if self.any_preferred:
            preferred = np.fromiter(
                (
                    self.host_country[ci] in self.pf.preferred[pi]
                    for pi, ci in zip(p, c, strict=True)
                ),
                bool,
                count=len(p),
            )
            pair_boost += PREFERRED_COUNTRY_BOOST * preferred
        rel = ctx.rel[r, c]
        score = rel * (1.0 + self.opp_boost[c] + pair_boost)
        score = np.where(codes.severity == 1, score * CHECK_FACTOR, score)
        score = score + RECOMMENDED_BONUS * ctx.rec[r, c]
        shown = (upper[r, c] > 0) & (codes.severity < 2)
        return np.where(shown, score, 0.0).astype(np.float32), codes.severity, codes

    def _matches(self, ctx, r, cols, scores, severity, codes: PairCodes, pick) -> list[Match]:
        i = ctx.start + r
        profile = self.pf.profiles[i]
        out = []
        for rank, (c, score, sev, k) in enumerate(
            zip(cols, scores, severity, pick, strict=True), start=1
        ):
            o = int(self.cols[c])
            out.append(
                Match(
                    profile_id=profile.id,
                    opportunity_id=self.facts.records[o].id,
                    score=round(float(score), 6),
                    rank=rank,
                    eligibility=SEVERITY_TO_ELIGIBILITY[int(sev)],
                    reasons=self._reasons(ctx, r, int(c), o, codes, int(k)),
                )
            )
        return out

    def _reasons(self, ctx, r: int, c: int, o: int, codes: PairCodes, k: int) -> list[str]:
        i = ctx.start + r
        profile = self.pf.profiles[i]
        query = self.queries[i]
        opp = self.facts.records[o]
        f = self.facts
        reasons: list[str] = []
        if ctx.rec[r, c]:
            reasons.append("recommended to you by the international office")
        phrases = matched_phrases(query.phrases, self.index._doc_weights(o))
        if phrases:
            reasons.append("matches your interests: " + ", ".join(phrases))
        owned = np.flatnonzero(ctx.pub_owner == r)
        if owned.size:
            best = owned[np.argmax(ctx.pubs[owned, c])]
            if ctx.pubs[best, c] > 0:
                title = query.publications[int(best - owned[0])].title
                reasons.append(f"close to your publication “{explain.title_of(title)}”")
        if not query.tokens and not query.publications:
            reasons.append("your profile lists no interests yet: showing calls you can apply for")
        for text in (
            explain.country_reason(
                codes.country[k], opp, profile, f.country_sets[o], int(f.rule[o])
            ),
            explain.level_reason(codes.level[k], opp, profile),
            explain.age_reason(codes.age[k], opp, float(f.min_age[o]), float(f.max_age[o])),
            explain.language_reason(
                codes.language[k],
                opp,
                {
                    t: float(f.test_req[o, j])
                    for j, t in enumerate(f.tests)
                    if f.test_req[o, j] == f.test_req[o, j]
                },
                self.pf.tests[i],
            ),
            explain.gpa_reason(codes.gpa[k], opp, profile, float(f.min_gpa[o])),
        ):
            if text:
                reasons.append(text)
        deadline = explain.deadline_reason(opp.deadline, self.today, DEADLINE_SHOWN_DAYS)
        if deadline:
            reasons.append(deadline)
        rank = f.host_rank[o]
        if rank is not None and rank.lower <= 1000:
            reasons.append(explain.rank_reason(rank))
        if f.fully_funded[o]:
            reasons.append("fully funded")
        if self.featured[c]:
            reasons.append("featured by the international office")
        if self.kind_bit[c] & int(self.pf.target_kinds[i]):
            reasons.append(f"a {KINDS[int(f.kind[o])]}, as you asked")
        if self.pf.preferred[i] and self.host_country[c] in self.pf.preferred[i]:
            reasons.append(
                f"in a country you prefer: {explain.regions.country_name(self.host_country[c])}"
            )
        if ctx.mute[r, c] < 1.0:
            reasons.append("lowered: similar to a call you marked not relevant")
        return reasons


@dataclass
class _ChunkContext:
    start: int
    rel: np.ndarray
    level: np.ndarray
    country: np.ndarray
    rec: np.ndarray
    mute: np.ndarray
    pubs: np.ndarray
    pub_owner: np.ndarray
