"""A profile's words as scoring queries, and the phrases shown in "matches your interests"."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from domain import Profile
from matcher.glossary import CONCEPT, FIELD, concepts
from matcher.stem import stem
from matcher.tokenize import is_generic, tokenize, words

_SPLIT = re.compile(r"[,;.\n()\[\]/|]+|\s(?:and|и|va|ва|or|или|yoki)\s", re.IGNORECASE)
_LONG_PHRASE = 5  # words; longer pieces of free text are shown word by word


@dataclass(slots=True)
class Phrase:
    """Something the person wrote, the stems and glossary concepts that make it match (never
    a generic word), and its words by stem."""

    text: str
    stems: frozenset[str]
    words: dict[str, str]

    @property
    def size(self) -> int:
        """Words that count for the "at least half matched" rule (concepts do not)."""
        return max(1, sum(not s.startswith(CONCEPT) for s in self.stems))


@dataclass(slots=True)
class Publication:
    title: str
    tokens: list[str]
    text: str = ""  # title, abstract and keywords as sentences (what the dense model reads)


@dataclass(slots=True)
class ProfileQuery:
    """What a profile asks for: interest tokens, display phrases, publications."""

    tokens: list[str]
    phrases: list[Phrase]
    publications: list[Publication]
    text: str = ""  # the interests, keywords and fields as written (what the dense model reads)
    _layout: tuple | None = None

    def layout(self, vocab: Mapping[str, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Term ids of the phrase stems the corpus knows, a stems x phrases matrix (1 for a
        word, the phrase's size for a concept: a concept met shows the whole phrase), and
        each phrase's number of words (for the "at least half matched" rule)."""
        if self._layout is None:
            stems = sorted({s for p in self.phrases for s in p.stems if s in vocab})
            col = {s: j for j, s in enumerate(stems)}
            member = np.zeros((len(stems), len(self.phrases)), np.float32)
            for k, phrase in enumerate(self.phrases):
                for s in phrase.stems:
                    if s in col:
                        member[col[s], k] = phrase.size if s.startswith(CONCEPT) else 1.0
            sizes = np.array([p.size for p in self.phrases], np.float32)
            ids = np.array([vocab[s] for s in stems], np.int64)
            self._layout = (ids, member, sizes)
        return self._layout


def _phrases(profile: Profile) -> list[Phrase]:
    pieces = [*profile.keywords, *profile.fields, *_SPLIT.split(profile.interests or "")]
    phrases: list[Phrase] = []
    seen: set[str] = set()
    for piece in pieces:
        text = " ".join(str(piece).split())
        if not text:
            continue
        parts = [text] if len(text.split()) <= _LONG_PHRASE else words(text)
        for part in parts:
            stems, by_stem = _part(part)
            if stems and part.lower() not in seen:
                seen.add(part.lower())
                phrases.append(Phrase(part, stems, dict(by_stem)))
    return phrases


@lru_cache(maxsize=65_536)
def _part(part: str) -> tuple[frozenset[str], tuple[tuple[str, str], ...]]:
    """The stems and concepts of one piece of a profile (many profiles repeat the same
    keywords and words), and its words by stem."""
    by_stem = {s: w for w in reversed(words(part)) if not is_generic(s := stem(w))}
    topics = [c for c in concepts(part) if not c.startswith(FIELD)]
    return frozenset([*by_stem, *topics]), tuple(by_stem.items())


def sentences(*parts: object) -> str:
    """Non-empty parts joined as sentences: "Title. Abstract. kw1, kw2" (the tokens are the
    same as with spaces; a sentence model reads the title as a title)."""
    kept = [" ".join(str(p).split()) for p in parts if p is not None and str(p).strip()]
    return ". ".join([k.rstrip(".") for k in kept[:-1]] + kept[-1:])


def publication_text(pub: Mapping) -> str:
    """Title, abstract and keywords of one publication as one text."""
    keywords = pub.get("keywords") or []
    if isinstance(keywords, str):
        keywords = [keywords]
    return sentences(pub.get("title"), pub.get("abstract"), ", ".join(map(str, keywords)))


def profile_query(profile: Profile) -> ProfileQuery:
    """Tokens and phrases of a profile; publications kept apart (scored one by one)."""
    pubs = []
    for pub in (profile.details or {}).get("publications") or []:
        if isinstance(pub, Mapping):
            text = publication_text(pub)
            tokens = tokenize(text) + concepts(text)
            if tokens:
                pubs.append(Publication(str(pub.get("title") or "untitled"), tokens, text))
    text = sentences(profile.interests, ", ".join(profile.keywords), ", ".join(profile.fields))
    words_of = profile.text()
    return ProfileQuery(tokenize(words_of) + concepts(words_of), _phrases(profile), pubs, text)


def matched_phrases(
    query: ProfileQuery,
    layout: tuple[np.ndarray, np.ndarray, np.ndarray],
    term_weights: np.ndarray,
    terms: Sequence[str],
    most: int = 3,
) -> list[list[str]]:
    """For each opportunity, the person's phrases that contribute most to its score.

    ``term_weights`` is opportunities x the ``layout`` stems (BM25 weights). A phrase is
    shown whole when at least half of its words match; otherwise only its matching words are,
    so "low-resource languages" never claims a match made by "resources" alone.
    """
    ids, member, sizes = layout
    contrib = term_weights @ (member > 0)
    positive = term_weights > 0
    hits = positive.astype(np.float32) @ member
    whole = (2 * hits >= sizes).tolist()
    # one stable sort for every row, then plain lists: this runs for every shown match
    order = np.argsort(-contrib, axis=1, kind="stable").tolist()
    contrib = contrib.tolist()
    out = []
    for d, row in enumerate(contrib):
        shown: list[str] = []
        seen: set[str] = set()
        matched = None
        for k in order[d]:
            if row[k] <= 0 or len(shown) == most:
                break
            phrase = query.phrases[k]
            if whole[d][k]:
                text = phrase.text
            else:
                if matched is None:
                    matched = {terms[t] for t in ids[positive[d]].tolist()}
                text = " ".join(w for s, w in phrase.words.items() if s in matched)
            if text.lower() not in seen:
                seen.add(text.lower())
                shown.append(text)
        out.append(shown)
    return out
