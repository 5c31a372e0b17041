"""The fast paths of the matcher give exactly what the straightforward ones give."""

from collections import Counter

import numpy as np

from matcher.bm25 import TextIndex
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
    import scipy.sparse as sp

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
