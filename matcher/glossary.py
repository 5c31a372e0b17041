"""Topic concepts found in any of English, Russian and Uzbek text, as language-free tokens."""

from __future__ import annotations

import re
from collections.abc import Iterable

from matcher.glossary_terms import ANY_FIELD, CALL_WORDS, TERMS
from matcher.tokenize import is_generic, keep, normalise, raw_words, stem

CONCEPT = "~"  # concept tokens start with it; no word does (words are \w+)
FIELD = "~f:"  # broad field (an id of the fields vocabulary)

# Uzbek Cyrillic (and Russian, where the letters coincide) to Uzbek Latin without apostrophes,
# so the Latin phrases of the glossary also read "кутубхона" as "kutubxona" and Russian
# loanwords ("информатика", "катализ") as their Uzbek spelling.
_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "j", "з": "z",
        "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
        "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "ts", "ч": "ch",
        "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "yu", "я": "ya",
        "ў": "o", "қ": "q", "ғ": "g", "ҳ": "h",
    }
)  # fmt: skip


_Phrase = tuple[tuple[str, ...], tuple[bool, ...], str]  # word prefixes, whole-word flags, concept


def _parse(table: str) -> tuple[dict[str, str], list[_Phrase]]:
    broad: dict[str, str] = {}
    phrases = []
    for line in table.strip().splitlines():
        concept, field, alternatives = (part.strip() for part in line.split("|"))
        broad[concept] = field
        for alt in alternatives.split(","):
            words = normalise(alt).translate(_LATIN).split()
            # Uzbek Cyrillic "ё" is "yo", but normalising folds it to "е" (right for Russian):
            # a Latin "yo" also matches the "e" that Cyrillic text becomes
            variants = {tuple(words), tuple(w.replace("yo", "e") for w in words)}
            for variant in sorted(variants) if words else ():
                whole = tuple(w.endswith("=") for w in variant)
                phrases.append((tuple(w.rstrip("=") for w in variant), whole, concept))
    return broad, phrases


BROAD, _PHRASES = _parse(TERMS)
_FIRST: dict[str, list[_Phrase]] = {}
for _phrase in _PHRASES:
    _FIRST.setdefault(_phrase[0][0], []).append(_phrase)
_LENGTHS = sorted({len(p) for p in _FIRST})
# word -> phrases whose first prefix it starts with (cached: a corpus repeats its words)
_STARTS: dict[str, tuple[_Phrase, ...]] = {}
_STARTERS: set[str] = set()  # the cached words that start at least one phrase
_SEEN: set[str] = set()  # the cached words (set - set is fast; set - dict walks the dict)


def _starting(word: str) -> tuple[_Phrase, ...]:
    hit = _STARTS.get(word)
    if hit is None:
        found = []
        for n in _LENGTHS:
            if n > len(word):
                break
            for phrase in _FIRST.get(word[:n], ()):
                if not phrase[1][0] or len(word) == n:
                    found.append(phrase)
        hit = tuple(found)
        if len(_STARTS) < 2_000_000:  # bound memory on adversarial input
            _STARTS[word] = hit
            _SEEN.add(word)
            if hit:
                _STARTERS.add(word)
    return hit


def _fits(word: str, prefix: str, whole: bool) -> bool:
    return word == prefix if whole else word.startswith(prefix)


def concept_ids(text: str) -> set[str]:
    """Glossary concepts named in ``text`` (each with its broad field)."""
    return concept_ids_of_words(raw_words(text))


def concept_ids_of_words(raw: list[str]) -> set[str]:
    """``concept_ids`` of a text already split by ``raw_words``."""
    words = [w if w.isascii() else w.translate(_LATIN) for w in raw]
    found: set[str] = set()
    starts = _STARTS
    # most words start no phrase: find the few that do among the distinct words first,
    # with set operations (a word not cached yet is looked up once)
    distinct = set(words)
    starting = distinct & _STARTERS
    for word in distinct - _SEEN:
        if _starting(word):
            starting.add(word)
    if not starting:
        return found
    for i, word in enumerate(words):
        if word not in starting:
            continue
        hits = starts.get(word)
        for prefixes, whole, concept in hits if hits is not None else _starting(word):
            if concept in found or i + len(prefixes) > len(words):
                continue
            if all(_fits(words[i + k], prefixes[k], whole[k]) for k in range(1, len(prefixes))):
                found.add(concept)
    return found


def concepts(text: str, fields: Iterable[str] = (), words: list[str] | None = None) -> list[str]:
    """Concept tokens of a text: one per glossary concept and one per broad field (also the
    given ``fields`` ids, e.g. a call's stored fields). ``words``: the text's ``raw_words``
    when the caller has them already."""
    if words is None:
        words = raw_words(text) if text else []
    ids = concept_ids_of_words(words)
    broad = {BROAD[c] for c in ids} | set(fields)
    return sorted(CONCEPT + c for c in ids) + sorted(FIELD + f for f in broad)


def is_concept(token: str) -> bool:
    return token.startswith(CONCEPT)


# one regex: a few dozen phrases searched in C, not word by word in Python
_ANY_FIELD = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        r"\w*\W+".join(re.escape(w) for w in normalise(p).split())
        for p in ANY_FIELD.replace("\n", " ").split(",")
        if p.strip()
    )
    + ")"
)
_CALL_WORDS = tuple(sorted(set(normalise(CALL_WORDS).split())))


def names_no_topic(title: str, summary: str, topics: list[str]) -> bool:
    """Whether a call is open to any field: no glossary concept, and it says "any field" or
    its title holds only words about the sort of call (scholarship, master's, abroad...)."""
    if topics:
        return False
    if _ANY_FIELD.search(normalise(f"{title} {summary}")):
        return True
    content = [w for w in raw_words(title) if keep(w) and not is_generic(stem(w))]
    return bool(content) and all(w.startswith(_CALL_WORDS) or w.isdigit() for w in content)
