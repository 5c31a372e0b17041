"""One institution per real university across rankings: match by normalised name and country.

THE, QS, ARWU and Webometrics spell the same university differently ("Massachusetts Institute
of Technology" / "... (MIT)", "LMU Munich" / "Ludwig-Maximilians-Universität München",
"Universitat de Barcelona" / "University of Barcelona"). ``resolve`` is pure: it takes the
institutions a crawl produced and those already known, and returns the new ones merged onto
the known ones (their ids, names kept; other spellings kept as aliases; ranks gathered).

Matching, most certain first: the same normalised name or alias in the same country; then a
rapidfuzz token-sort ratio of at least ``FUZZY_THRESHOLD`` between normalised names (or
aliases) in the same country. An institution without a country is only matched exactly, so
two universities of one name in different countries are never merged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz, process

from domain.records import InstitutionRecord

#: token-sort ratio (0-100) from which two normalised names in one country are one university
FUZZY_THRESHOLD = 93
#: every word of the shorter name needs a word this close (0-100) in the other: "Salerno" is
#: not "Salento", "Hunan" not "Henan", though their whole names are close
WORD_THRESHOLD = 88
# Where "University of X" and "X University" are different places ("University of Miami" and
# "Miami University", "University of Washington" and "Washington University" in the US;
# "Jinan University" and "University of Jinan" in China), word order counts.
_WORD_ORDER_COUNTS = frozenset({"US", "CN"})

# "Universität", "Universidad", "Université"... all mean university; "Univ." is short for it.
_UNIVERSITY = re.compile(
    r"\b(?:univ|universitat|universite|universidad|universidade|universita|universitet|"
    r"universiteit|universitaet|uniwersytet|universitas|universiti)\b"
)
_TECHNOLOGY = re.compile(r"\b(?:tech|technological|technologie|tecnologia|tecnologico)\b")
# Words that make two otherwise equal names two institutions ("Southeast"/"Southwest
# University", "X Medical University"/"X University", "Paris 1"/"Paris 8").
_DISTINGUISHING = frozenset({
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "northern", "southern", "eastern", "western", "central", "medical", "technical",
    "technology", "agricultural", "pedagogical", "normal", "polytechnic", "state", "national",
    "federal", "international", "open", "catholic", "women",
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13",
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
})
_STOPWORDS = frozenset({
    "the", "of", "at", "in", "and", "for", "de", "del", "della", "di", "du", "des", "la", "le",
    "les", "los", "das", "der", "die", "fur", "y", "e", "a", "do", "da", "dos", "zu",
})
_PARENTHESES = re.compile(r"\([^)]*\)")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalized_name(name: str) -> str:
    """A university name reduced to its distinctive words (accents, case, articles removed)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    text = _PARENTHESES.sub(" ", text)
    text = _NON_WORD.sub(" ", text)
    text = _UNIVERSITY.sub("university", text)
    text = _TECHNOLOGY.sub("technology", text)
    return " ".join(word for word in text.split() if word not in _STOPWORDS)


def acronym_in_parentheses(name: str) -> str | None:
    """"MIT" from "Massachusetts Institute of Technology (MIT)": kept as an alias."""
    match = re.search(r"\(([A-Za-z0-9&.\-]{2,12})\)\s*$", name)
    if not match:
        return None
    letters = [ch for ch in match.group(1) if ch.isalpha()]
    # An acronym is mostly capitals ("MIT", "UC3M", "KazNU"); "(Barcelona)" is a place.
    capitals = sum(ch.isupper() for ch in letters)
    return match.group(1) if capitals >= 2 and capitals * 2 >= len(letters) else None


@dataclass
class _Entry:
    """A resolved institution being built, and the normalised names it answers to."""

    record: InstitutionRecord
    keys: set[str] = field(default_factory=set)
    # (system, year) ranks given to this entry by records of the current batch: one ranking
    # lists a university once, so a second record with the same ranking is another university.
    claimed: set[tuple[str, int]] = field(default_factory=set)

    def free_for(self, record: InstitutionRecord) -> bool:
        """False when the record's ranking already ranked this entry under another record."""
        return not self.claimed.intersection((r.system, r.year) for r in record.ranks)


class _Index:
    """Institutions by normalised name (and by country), for exact and fuzzy look-ups."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[_Entry]] = {}
        self.by_country: dict[str | None, dict[str, _Entry]] = {}

    def add(self, entry: _Entry, names: Iterable[str]) -> None:
        country = entry.record.country
        for name in names:
            key = normalized_name(name)
            if not key or key in entry.keys:
                continue
            entry.keys.add(key)
            self.by_key.setdefault(key, []).append(entry)
            self.by_country.setdefault(country, {}).setdefault(key, entry)

    def find(self, record: InstitutionRecord) -> _Entry | None:
        names = [record.name, *record.aliases]
        keys = [k for k in (normalized_name(n) for n in names) if k]
        for key in keys:
            entries = [e for e in self.by_key.get(key, []) if e.free_for(record)]
            same_country = [e for e in entries if e.record.country == record.country]
            if same_country:
                return same_country[0]
            # One side without a country: the name must point at a single institution.
            open_country = [
                e for e in entries if record.country is None or e.record.country is None
            ]
            if len(open_country) == 1:
                return open_country[0]
        if record.country is None:
            return None  # without a country, only an exact name is safe
        candidates = self.by_country.get(record.country)
        if not candidates:
            return None
        scorer = fuzz.ratio if record.country in _WORD_ORDER_COUNTS else fuzz.token_sort_ratio
        for key in keys:
            for other, _score, _ in process.extract(
                key, candidates.keys(), scorer=scorer, score_cutoff=FUZZY_THRESHOLD, limit=5
            ):
                if _same_words(key, other) and candidates[other].free_for(record):
                    return candidates[other]
        return None


def _same_words(one: str, other: str) -> bool:
    """The two names pair their words one to one (spelling variants allowed), and agree on
    every word that tells sister institutions apart (directions, numbers, "medical"...)."""
    words_one, words_other = one.split(), other.split()
    if _DISTINGUISHING.intersection(words_one) != _DISTINGUISHING.intersection(words_other):
        return False
    shorter, longer = sorted((words_one, words_other), key=len)
    unused = list(longer)
    for word in shorter:
        match = next((c for c in unused if c == word), None) or max(
            unused, key=lambda c: fuzz.ratio(word, c), default=None
        )
        if match is None or fuzz.ratio(word, match) < WORD_THRESHOLD:
            return False
        unused.remove(match)
    # A word only the longer name has must be the other's initials ("KAIST", "KIT", "USI").
    return all(_is_initialism(word, shorter) for word in unused)


def _is_initialism(word: str, words: list[str]) -> bool:
    initials = iter(w[0] for w in words)
    return len(word) >= 2 and all(letter in initials for letter in word)


def resolve(
    new: list[InstitutionRecord], known: list[InstitutionRecord]
) -> list[InstitutionRecord]:
    """The ``new`` institutions merged onto ``known`` ones (and onto each other).

    Returns one record per distinct institution among ``new``: a match keeps the known
    record's id, name, country and URL (filled where it had none), gains the other spellings
    as aliases and every rank (one per system and year, the newest reading winning). Records
    that match nothing keep their own id. ``known`` is not modified.
    """
    index = _Index()
    for record in known:
        entry = _Entry(_copy(record))
        index.add(entry, [record.name, *record.aliases])
    resolved: dict[str, _Entry] = {}
    for record in new:
        entry = index.find(record)
        if entry is None:
            entry = _Entry(_copy(record))
            index.add(entry, _names_of(record))
            entry.record.aliases = _aliases(entry.record, [])
        else:
            _merge(entry.record, record)
            index.add(entry, _names_of(record))
        entry.claimed.update((r.system, r.year) for r in record.ranks)
        resolved[entry.record.id] = entry
    return [entry.record for entry in resolved.values()]


def _names_of(record: InstitutionRecord) -> list[str]:
    acronym = acronym_in_parentheses(record.name)
    return [record.name, *record.aliases, *([acronym] if acronym else [])]


def _merge(target: InstitutionRecord, other: InstitutionRecord) -> None:
    target.country = target.country or other.country
    target.url = target.url or other.url
    target.aliases = _aliases(target, _names_of(other))
    if hasattr(target, "subjects"):
        target.subjects = list(dict.fromkeys([*target.subjects, *other.subjects]))
    ranks = {(r.system, r.year): r for r in target.ranks}
    for rank in other.ranks:
        ranks[(rank.system, rank.year)] = rank
    target.ranks = sorted(ranks.values(), key=lambda r: (r.system, r.year))


def _aliases(record: InstitutionRecord, more: list[str]) -> list[str]:
    """Every other spelling once (an acronym in the name's parentheses included)."""
    names = [*record.aliases, *more]
    acronym = acronym_in_parentheses(record.name)
    if acronym:
        names.append(acronym)
    seen = {record.name.casefold()}
    aliases = []
    for name in names:
        cleaned = " ".join(name.split())
        if cleaned and cleaned.casefold() not in seen:
            seen.add(cleaned.casefold())
            aliases.append(cleaned)
    return aliases


def _copy(record: InstitutionRecord) -> InstitutionRecord:
    """A copy whose lists can change without touching the caller's record."""
    copied = replace(
        record, ranks=[replace(rank) for rank in record.ranks], aliases=list(record.aliases)
    )
    for name in ("subjects",):  # any other list field the record type has
        if isinstance(getattr(copied, name, None), list):
            setattr(copied, name, list(getattr(copied, name)))
    return copied
