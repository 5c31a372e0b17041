"""Sentence vectors kept by text hash: in memory, and optionally in a folder of .npz batches."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

MAX_ENTRIES = 500_000  # ~0.8 GB at 384 float32 dimensions; the oldest entries go first


def text_key(model_id: str, text: str) -> str:
    """Cache key of one text: a hash of the model and the exact text (a changed call gets a
    new key, so an edited opportunity is embedded again and an unchanged one never is)."""
    return hashlib.sha256(f"{model_id}\0{text}".encode()).hexdigest()[:32]


class EmbeddingCache:
    """Vectors by key. With ``folder``, every batch of new vectors is also written there as one
    ``.npz`` file (written to a temporary name, then renamed, so a crash leaves no half file)
    and all files are read back on first use: a restarted service does not embed again."""

    def __init__(self, folder: str | Path | None = None, max_entries: int = MAX_ENTRIES):
        self.folder = Path(folder) if folder is not None else None
        self.max_entries = max_entries
        self._vectors: dict[str, np.ndarray] = {}
        self._loaded = self.folder is None

    def __len__(self) -> int:
        self._load()
        return len(self._vectors)

    def get_many(self, keys: Sequence[str]) -> list[np.ndarray | None]:
        self._load()
        return [self._vectors.get(k) for k in keys]

    def put_many(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        if not len(keys):
            return
        self._load()
        vectors = np.asarray(vectors, np.float32)
        self._remember(keys, vectors)
        if self.folder is not None:
            self._write(keys, vectors)

    def _remember(self, keys: Iterable[str], vectors: np.ndarray) -> None:
        for key, vec in zip(keys, vectors, strict=True):
            self._vectors.pop(key, None)
            self._vectors[key] = vec
        overflow = len(self._vectors) - self.max_entries
        if overflow > 0:  # dicts keep insertion order: drop the oldest
            for key in list(self._vectors)[:overflow]:
                del self._vectors[key]

    def _write(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        assert self.folder is not None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            name = hashlib.sha256("\n".join(keys).encode()).hexdigest()[:24] + ".npz"
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, keys=np.asarray(keys, dtype="U32"), vectors=vectors)
            os.replace(tmp, self.folder / name)
        except OSError as exc:  # a full or read-only disk costs speed next time, never the run
            log.warning("embedding cache: could not write to %s: %s", self.folder, exc)

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        assert self.folder is not None
        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.glob("*.npz")):
            try:
                with np.load(path, allow_pickle=False) as data:
                    keys, vectors = data["keys"], data["vectors"]
                if vectors.ndim != 2 or len(keys) != len(vectors):
                    raise ValueError(f"{len(keys)} keys for vectors of shape {vectors.shape}")
            except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
                log.warning("embedding cache: skipping unreadable %s: %s", path, exc)
                continue
            self._remember(keys.tolist(), vectors.astype(np.float32))
