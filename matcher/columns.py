"""The opportunity side of a matching run: usable columns, split BM25 weights, boosts."""

from __future__ import annotations

from datetime import date

import numpy as np
import scipy.sparse as sp

from matcher.bm25 import TextIndex
from matcher.eligibility import country_codes, level_codes
from matcher.facts import OpportunityFacts, ProfileFacts

FEATURED_BOOST = 0.2
FUNDED_BOOST = 0.1
CLOSING_SOON_BOOST = 0.1
CLOSING_SOON_DAYS = 14
RANK_BOOSTS = ((100, 0.25), (200, 0.2), (500, 0.12), (1000, 0.06))  # top 1000 only
# Terms in at least this share of the usable documents are scored by a dense matrix product
# (BLAS) instead of a sparse one: their postings are long, and sparse products building a
# nearly dense result are several times slower. Capped by DENSE_BYTES of memory.
DENSE_SHARE = 0.02
DENSE_BYTES = 256 * 2**20


def rank_boost(lower: np.ndarray) -> np.ndarray:
    """Boost by the host's best rank (0 = unranked or outside the top 1000)."""
    boost = np.zeros(lower.shape, np.float32)
    for bound, value in reversed(RANK_BOOSTS):
        boost[(lower > 0) & (lower <= bound)] = value
    return boost


class Columns:
    """Everything a run needs per usable opportunity (a "column" of the score matrix).

    Built once per (index version, day, subset) and reused, so rescoring one profile does
    not redo the corpus-sized work.
    """

    def __init__(
        self, text: TextIndex, facts: OpportunityFacts, usable: np.ndarray, today: date | None
    ):
        self.facts = facts
        self.today = today
        self.cols = np.flatnonzero(usable)
        self.n = len(self.cols)
        weights_t = text.weights()[self.cols].T.tocsr()  # vocabulary x columns
        self.best_term = text.idf_ * (text.k1 + 1.0)
        self._split(weights_t)
        self.rank_boost = rank_boost(facts.host_rank_lower[self.cols])
        self.funded = facts.fully_funded[self.cols]
        dl = facts.deadline[self.cols]
        if today is None:  # relevance-only runs: no day, nothing is closing
            self.closing = np.zeros(self.n, bool)
        else:
            self.closing = (dl >= 0) & (dl - today.toordinal() <= CLOSING_SOON_DAYS)
        self.base_boost = (
            self.rank_boost + FUNDED_BOOST * self.funded + CLOSING_SOON_BOOST * self.closing
        ).astype(np.float32)
        self.kind_bit = (1 << facts.kind[self.cols].astype(np.int64)).astype(np.int64)
        self.host_country = facts.host_country[self.cols]
        self._level: dict[tuple, np.ndarray] = {}
        self._country: dict[tuple, np.ndarray] = {}
        self.vectors: np.ndarray | None = None  # sentence vectors (columns x dims), semantic only
        self.open_topic = np.zeros(self.n, bool)  # names no topic: open to any field

    def _split(self, weights_t: sp.csr_matrix) -> None:
        postings = np.diff(weights_t.indptr)
        frequent = np.flatnonzero(postings >= max(2, DENSE_SHARE * self.n))
        most = DENSE_BYTES // max(4 * self.n, 1)
        if len(frequent) > most:
            frequent = frequent[np.argsort(-postings[frequent], kind="stable")[:most]]
        self.head = np.sort(frequent)
        self.is_head = np.zeros(weights_t.shape[0], bool)
        self.is_head[self.head] = True
        self.head_weights = weights_t[self.head].toarray()  # dense: head terms x columns
        tail = weights_t.copy()
        rows = np.repeat(np.arange(tail.shape[0]), postings)
        tail.data[self.is_head[rows]] = 0.0
        tail.eliminate_zeros()
        self.tail_weights = tail

    def scores(self, queries: sp.csr_matrix) -> np.ndarray:
        """Dense BM25 scores (queries x columns): BLAS for frequent terms, sparse for the rest."""
        # sparse x dense: a query has few frequent terms, so a dense GEMM would waste its work
        out = np.asarray(queries[:, self.head] @ self.head_weights, dtype=np.float32)
        tail_q = queries.copy()
        tail_q.data[self.is_head[tail_q.indices]] = 0.0
        tail_q.eliminate_zeros()
        if tail_q.nnz:
            out += (tail_q @ self.tail_weights).toarray()
        return out

    def position(self, opp_rows: np.ndarray) -> np.ndarray:
        """Column of each opportunity row, -1 where that row is not usable in this run."""
        opp_rows = np.asarray(opp_rows, np.int64)
        if self.n == 0:
            return np.full(len(opp_rows), -1, np.int64)
        at = np.minimum(np.searchsorted(self.cols, opp_rows), self.n - 1)
        return np.where(self.cols[at] == opp_rows, at, -1)

    def codes(self, pf: ProfileFacts, i: int) -> tuple[np.ndarray, np.ndarray]:
        """Level/role/kind and country codes of profile ``i`` for every column, cached by the
        profile's signature (most people share one with many others)."""
        sig = pf.signature(i)
        key = (*sig[:5], pf.stage_signature(i))
        level = self._level.get(key)
        if level is None:
            level = self._level[key] = level_codes(self.facts, pf, i, self.today)[self.cols]
        where = (sig[5], sig[6], sig[9])  # citizenship, residence, employer country
        country = self._country.get(where)
        if country is None:
            country = self._country[where] = country_codes(self.facts, pf, i)[self.cols]
        return level, country
