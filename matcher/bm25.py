"""BM25 over opportunity fields with corpus-wide statistics, as scipy sparse matrices."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from matcher.stem import stem
from matcher.tokenize import GENERIC_QUERY_WEIGHT, is_generic, keep, raw_words

# Title weighted above summary (BM25F-style: field term frequencies are summed with weights
# before saturation). Values chosen on tests/matcher/judged (see docs/matching.md).
# Concepts (matcher.glossary) count like a field mention: enough to carry a call across
# languages, not more than the words themselves within one language.
FIELD_WEIGHTS = {"title": 2.5, "summary": 1.0, "fields": 1.5, "funder": 0.5, "concepts": 1.5}
K1 = 1.2
B = 0.75
_READY = "\x00"  # marks a ready term among the words of a batch
_BATCH = 2048  # documents counted at a time: their words as Python strings stay small


def idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    """Lucene's BM25 idf: always positive, so a term in every document still counts a little."""
    return np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)


class Words(list):
    """A text field already split by ``matcher.tokenize.raw_words`` (indexed like its text)."""


@dataclass
class TextIndex:
    """Weighted term frequencies of every document and the vocabulary they share.

    Documents can be appended (``add``); BM25 weights are recomputed from the stored term
    frequencies, so corpus statistics always cover the whole corpus.
    """

    vocab: dict[str, int] = field(default_factory=dict)
    tf: sp.csr_matrix = field(default_factory=lambda: sp.csr_matrix((0, 0), dtype=np.float32))
    k1: float = K1
    b: float = B
    terms: list[str] = field(default_factory=list)
    _word_ids: dict[str, int] = field(default_factory=dict)  # also ready terms, marked
    idf_: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    _weights: sp.csr_matrix | None = None
    _unit: sp.csr_matrix | None = None
    _scale: np.ndarray | None = None

    @property
    def n_docs(self) -> int:
        return self.tf.shape[0]

    def add(self, docs: Iterable[Sequence[tuple[str | Sequence[str], float]]]) -> None:
        """Append documents, each a sequence of (text, weight) field pairs. A field given as
        a list holds ready terms (glossary concepts), indexed as they are.

        Term ids are given in order of first appearance, as a document-by-document loop
        would (tests/matcher/test_match_speedups.py compares the two): the Python work is one
        pass over the words, the counting numpy's.
        """
        rows, cols, sums = [], [], []
        n_new = 0
        batch: list = []
        for n_new, fields in enumerate(docs, start=1):
            batch.append(fields)
            if len(batch) == _BATCH:
                self._count(batch, n_new - len(batch), rows, cols, sums)
                batch = []
        self._count(batch, n_new - len(batch), rows, cols, sums)
        new = sp.csr_matrix(
            (
                np.concatenate(sums).astype(np.float32),
                np.concatenate(cols),
                np.concatenate(
                    [[0], np.cumsum(np.bincount(np.concatenate(rows), minlength=n_new))]
                ),
            ),
            shape=(n_new, len(self.vocab)),
            dtype=np.float32,
        )
        start = self.n_docs
        old = self.tf
        old.resize((start, len(self.vocab)))
        self.tf = sp.vstack([old, new], format="csr", dtype=np.float32)
        assert self.tf.shape[0] == start + n_new
        self._weights = None
        self._unit = None

    def _count(self, batch: list, first_row: int, rows: list, cols: list, sums: list) -> None:
        """Weighted term counts of a batch of documents as sorted (row, term, sum) arrays."""
        items: list[str] = []  # every word and ready term, in document order
        doc_of = array("q")
        weight_of = array("d")
        for i, fields in enumerate(batch, start=first_row):
            for text, weight in fields:
                if not text:
                    continue
                # ready terms get a prefix no word can have (words are \w+)
                if isinstance(text, Words):
                    found = text
                elif isinstance(text, str):
                    found = raw_words(text)
                else:
                    found = [_READY + t for t in text]
                items.extend(found)
                doc_of.extend([i] * len(found))
                weight_of.extend([weight] * len(found))
        ids = self._term_ids(items)
        kept = ids >= 0
        ids, at = ids[kept], np.frombuffer(doc_of, np.int64)[kept]
        width = max(len(self.vocab), 1)
        # sorted (document, term) keys: the canonical CSR order a COO -> CSR conversion gives
        distinct, inverse = np.unique(at * width + ids, return_inverse=True)
        weights = np.frombuffer(weight_of, np.float64)[kept]
        sums.append(np.bincount(inverse.ravel(), weights=weights, minlength=len(distinct)))
        rows.append(distinct // width)
        cols.append(distinct % width)

    def _term_ids(self, items: list[str]) -> np.ndarray:
        """Term id of every item (-1 = not indexed); new terms numbered by first appearance.

        Known items are looked up in C (``map``); only the unknown ones, in order, in Python.
        """
        known = self._word_ids
        ids = list(map(known.get, items))
        if None in ids:
            for at in [k for k, tid in enumerate(ids) if tid is None]:
                item = items[at]
                tid = known.get(item)
                if tid is None:
                    tid = self._new_item(item)
                ids[at] = tid
        return np.array(ids, np.int64)

    def _new_item(self, item: str) -> int:
        if not item.startswith(_READY):
            return self._term_of(item)
        vocab = self.vocab
        token = item[1:]
        tid = vocab.get(token)
        if tid is None:
            tid = vocab[token] = len(vocab)
            self.terms.append(token)
        if len(self._word_ids) < 5_000_000:  # bound memory on adversarial input
            self._word_ids[item] = tid
        return tid

    def _term_of(self, word: str) -> int:
        tid = -1
        if keep(word):
            token = stem(word)
            tid = self.vocab.get(token, -1)
            if tid < 0:
                tid = self.vocab[token] = len(self.vocab)
                self.terms.append(token)
        if len(self._word_ids) < 5_000_000:  # bound memory on adversarial input
            self._word_ids[word] = tid
        return tid

    def weights(self) -> sp.csr_matrix:
        """BM25 document-term weights (docs x vocabulary)."""
        if self._weights is None:
            tf = self.tf.tocsr(copy=True)
            n_docs = max(self.n_docs, 1)
            df = np.bincount(tf.indices, minlength=tf.shape[1])
            doc_len = np.asarray(tf.sum(axis=1)).ravel()
            avg = float(doc_len.mean()) if doc_len.size and doc_len.mean() > 0 else 1.0
            norm = self.k1 * (1.0 - self.b + self.b * doc_len / avg)
            row_norm = np.repeat(norm, np.diff(tf.indptr)).astype(np.float32)
            self.idf_ = idf(df, n_docs)
            tf.data = (
                self.idf_[tf.indices] * tf.data * (self.k1 + 1.0) / (tf.data + row_norm)
            ).astype(np.float32)
            self._weights = tf
        return self._weights

    def unit_weights(self) -> sp.csr_matrix:
        """Weights with rows scaled to unit length, for cosine similarity between documents."""
        if self._unit is None:
            w = self.weights()
            norms = np.sqrt(np.asarray(w.multiply(w).sum(axis=1)).ravel())
            norms[norms == 0] = 1.0
            self._unit = sp.csr_matrix(sp.diags(1.0 / norms) @ w, dtype=np.float32)
        return self._unit

    def query_matrix(
        self, token_lists: Sequence[Sequence[str]], plain: bool = False
    ) -> sp.csr_matrix:
        """Query-term weights (queries x vocabulary); tokens unknown to the corpus are dropped.

        A repeated query term counts ``1 + log(count)``: a long publication should not let one
        word dominate. A generic word ("research", "international") counts
        ``GENERIC_QUERY_WEIGHT`` of that (``plain``: as any word, for baselines).
        """
        scale = self._generic_scale() if not plain else np.ones(len(self.terms), np.float32)
        indptr = [0]
        cols: list[int] = []
        vals: list[float] = []
        for tokens in token_lists:
            counts: dict[int, int] = {}
            for token in tokens:
                tid = self.vocab.get(token)
                if tid is not None:
                    counts[tid] = counts.get(tid, 0) + 1
            cols.extend(counts)
            vals.extend(counts.values())
            indptr.append(len(cols))
        data = np.asarray(vals, dtype=np.float32)
        data = 1.0 + np.log(np.maximum(data, 1.0))
        data *= scale[np.asarray(cols, dtype=np.int64)] if cols else 1.0
        return sp.csr_matrix(
            (data, np.asarray(cols, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
            shape=(len(token_lists), len(self.vocab)),
            dtype=np.float32,
        )

    def _generic_scale(self) -> np.ndarray:
        """Per term, what a query counts it for (cached; grows with the vocabulary)."""
        scale = self._scale
        if scale is None or len(scale) != len(self.terms):
            scale = np.ones(len(self.terms), np.float32)
            generic = [i for i, t in enumerate(self.terms) if is_generic(t)]
            scale[generic] = GENERIC_QUERY_WEIGHT
            self._scale = scale
        return scale

    def generic_terms(self) -> np.ndarray:
        """Term ids of the generic words (sorted)."""
        return np.flatnonzero(self._generic_scale() < 1.0)

    def score(self, queries: sp.csr_matrix) -> sp.csr_matrix:
        """BM25 scores of every query against every document in one sparse product."""
        return (queries @ self.weights().T).tocsr()
