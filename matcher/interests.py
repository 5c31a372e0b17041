"""A profile's words as scoring queries, and the phrases shown in "matches your interests"."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from domain import Profile
from matcher.tokenize import tokenize, words

_SPLIT = re.compile(r"[,;.\n()\[\]/|]+|\s(?:and|и|va|ва|or|или|yoki)\s", re.IGNORECASE)
_LONG_PHRASE = 5  # words; longer pieces of free text are shown word by word


@dataclass(slots=True)
class Phrase:
    """Something the person wrote, and the stems that make it match."""

    text: str
    stems: frozenset[str]


@dataclass(slots=True)
class Publication:
    title: str
    tokens: list[str]


@dataclass(slots=True)
class ProfileQuery:
    """What a profile asks for: interest tokens, display phrases, publications."""

    tokens: list[str]
    phrases: list[Phrase]
    publications: list[Publication]


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
            stems = frozenset(tokenize(part))
            if stems and part.lower() not in seen:
                seen.add(part.lower())
                phrases.append(Phrase(part, stems))
    return phrases


def publication_text(pub: Mapping) -> str:
    """Title, abstract and keywords of one publication as one text."""
    keywords = pub.get("keywords") or []
    if isinstance(keywords, str):
        keywords = [keywords]
    return " ".join(
        [str(pub.get("title") or ""), str(pub.get("abstract") or ""), *map(str, keywords)]
    )


def profile_query(profile: Profile) -> ProfileQuery:
    """Tokens and phrases of a profile; publications kept apart (scored one by one)."""
    pubs = []
    for pub in (profile.details or {}).get("publications") or []:
        if isinstance(pub, Mapping):
            tokens = tokenize(publication_text(pub))
            if tokens:
                pubs.append(Publication(str(pub.get("title") or "untitled"), tokens))
    return ProfileQuery(tokenize(profile.text()), _phrases(profile), pubs)


def matched_phrases(
    phrases: list[Phrase], doc_weights: Mapping[str, float], most: int = 3
) -> list[str]:
    """The person's phrases that contribute most to this opportunity's score."""
    scored = []
    for order, phrase in enumerate(phrases):
        weight = sum(doc_weights.get(stem, 0.0) for stem in phrase.stems)
        if weight > 0:
            scored.append((-weight, order, phrase.text))
    scored.sort()
    return [text for _, _, text in scored[:most]]
