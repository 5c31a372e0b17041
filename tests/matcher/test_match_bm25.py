"""BM25 index: textbook scores, corpus-wide statistics, title above summary, appends."""

import math

import numpy as np

from matcher.bm25 import TextIndex
from matcher.tokenize import tokenize


def _reference_bm25(query, docs, k1=1.2, b=0.75):
    """Plain-Python BM25 (Lucene idf) over single-field documents, for comparison."""
    tokenized = [tokenize(d) for d in docs]
    avg = sum(map(len, tokenized)) / len(tokenized)
    scores = []
    for doc in tokenized:
        s = 0.0
        for term in set(tokenize(query)):
            tf = doc.count(term)
            df = sum(term in d for d in tokenized)
            idf = math.log(1 + (len(docs) - df + 0.5) / (df + 0.5))
            s += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(doc) / avg))
        scores.append(s)
    return scores


def test_scores_equal_textbook_bm25():
    docs = [
        "solar energy grant for engineers",
        "machine learning fellowship",
        "solar solar photovoltaics summer school",
        "history of art exchange",
    ]
    index = TextIndex()
    index.add([[(d, 1.0)] for d in docs])
    got = index.score(index.query_matrix([tokenize("solar photovoltaics")])).toarray()[0]
    np.testing.assert_allclose(got, _reference_bm25("solar photovoltaics", docs), rtol=1e-5)


def test_title_weighted_above_summary():
    index = TextIndex()
    index.add([[("robotics", 2.5), ("a call", 1.0)], [("a call", 2.5), ("robotics", 1.0)]])
    scores = index.score(index.query_matrix([["robotic"]])).toarray()[0]
    assert scores[0] > scores[1] > 0


def test_appending_documents_updates_corpus_statistics():
    index = TextIndex()
    index.add([[("water management", 1.0)], [("water policy", 1.0)]])
    index.weights()
    before = index.idf_[index.vocab["water"]]
    index.add([[("energy policy", 1.0)], [("energy markets", 1.0)]])
    index.weights()
    assert index.n_docs == 4
    assert index.idf_[index.vocab["water"]] > before  # rarer in the bigger corpus
    scores = index.score(index.query_matrix([["energy"]])).toarray()[0]
    assert scores[:2].tolist() == [0, 0] and (scores[2:] > 0).all()


def test_repeated_query_terms_are_damped_and_unknown_terms_ignored():
    index = TextIndex()
    index.add([[("quantum computing", 1.0)], [("quantum optics", 1.0)]])
    q = index.query_matrix([["quantum"] * 4 + ["nonexistent"]])
    assert q.nnz == 1
    assert math.isclose(float(q.data[0]), 1 + math.log(4), rel_tol=1e-6)
