"""Countries: names in en/ru/uz, demonyms and regions to ISO alpha-2, and who may apply.

Names come from pycountry (English, plus its Russian and Uzbek translations) and our own
aliases; Russian case endings and Uzbek suffixes are undone when matching ("граждане
Узбекистана", "Germaniyada"). Demonyms count only before a word about people. A country
naming a currency ("1 500 AQSh dollari", "долларов США") is no mention. The evidence kept for
who may apply is the one deciding sentence, cut at clause boundaries to about 200 characters.
"""

from __future__ import annotations

import gettext
import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from crawlers.normalize.country_names import (
    ABBREVIATIONS,
    ALIASES,
    ANY_NATIONALITY_PHRASES,
    DEMONYM_NOUNS,
    DEMONYMS,
)
from crawlers.normalize.text import clean, clean_lines, fold, sentences
from domain import country_groups

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_MAX_WORDS = 7
# Declined Russian words whose stem, with a nominative ending, could name a country by accident.
_STOP = frozenset({"того", "мали", "перу", "гана", "оман"})
_RU_ENDINGS = ("ией", "ого", "его", "ому", "ему", "ии", "ию", "ия", "ей", "ой", "ом", "ем", "ах",
               "ам", "ую", "ая", "ые", "ых", "ым", "а", "я", "и", "у", "ю", "е", "ы", "ь")
_RU_NOMINATIVE = ("", "а", "я", "ия", "ь", "ая", "ий", "ый", "ие", "ые")
_UZ_SUFFIXES = ("dagi", "dan", "da", "ga", "ning", "ni", "lik", "liklar", "даги", "дан", "да",
                "га", "нинг", "ни", "лик", "гача", "gacha")
_CYRILLIC = re.compile(r"[а-яёўқғҳ]")


@dataclass(frozen=True, slots=True)
class Mention:
    """A country or region named in text; ``negated`` for "non-U.S." style mentions."""

    value: str  # ISO alpha-2, or a group key of domain.country_groups
    is_region: bool
    start: int
    end: int
    negated: bool = False
    about_people: bool = False  # a demonym phrase such as "Uzbek citizens"

    @property
    def codes(self) -> frozenset[str]:
        """The ISO codes this mention stands for."""
        return country_groups.members(self.value) if self.is_region else frozenset({self.value})


@dataclass(frozen=True, slots=True)
class EligibilityInfo:
    """Who may apply, read from eligibility sentences; nothing known when nothing was read."""

    raw: str
    countries: tuple[str, ...] = ()
    any_nationality: bool = False
    excluded: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    evidence: str | None = None

    @property
    def known(self) -> bool:
        """True when the text said something about nationality."""
        return bool(self.countries or self.any_nationality or self.excluded)


def _translations(language: str):
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:  # a pycountry build without that locale: English names still work
        return gettext.NullTranslations()


def _key(name: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(fold(name)))


@lru_cache(maxsize=1)
def _index() -> dict[tuple[str, ...], str]:
    """Token tuple of each known name -> "C:XX" country, "D:XX" demonym or "R:region"."""
    index: dict[tuple[str, ...], str] = {}
    translations = [_translations("ru"), _translations("uz")]
    for country in pycountry.countries:
        names = {getattr(country, a, None) for a in ("name", "official_name", "common_name")}
        names.discard(None)
        for name in list(names):
            names |= {t.gettext(name) for t in translations}
        for name in names:
            key = _key(name)
            if key and not (len(key) == 1 and (len(key[0]) <= 3 or key[0] in _STOP)):
                index.setdefault(key, f"C:{country.alpha_2}")
    for name, code in ALIASES.items():
        index[_key(name)] = f"C:{code}"
    for demonym, code in DEMONYMS.items():
        for noun in DEMONYM_NOUNS:
            index[(*_key(demonym), noun)] = f"D:{code}"
    for group in country_groups.groups().values():
        for names in group.names.values():
            for phrase in names:
                index.setdefault(_key(phrase), f"R:{group.key}")
    return index


@lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    return frozenset(key[0] for key in _index())


@lru_cache(maxsize=4096)
def _variants(word: str) -> tuple[str, ...]:
    """The word and the dictionary forms it may be a declined or suffixed form of."""
    forms = [word]
    if word.endswith("'s"):
        forms.append(word[:-2])
    for suffix in _UZ_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            forms.append(word[: -len(suffix)])
    if _CYRILLIC.search(word):
        for base in list(forms):
            for ending in _RU_ENDINGS:
                stem = base[: -len(ending)]
                if base.endswith(ending) and len(stem) >= 4:
                    forms.extend(stem + n for n in _RU_NOMINATIVE)
    return tuple(dict.fromkeys(f for f in forms if f not in _STOP or f == word))


def find_mentions(text: object) -> list[Mention]:
    """Every country or region named in ``text``, in order; never raises."""
    try:
        return _find_mentions(clean(text))
    except Exception:  # a normaliser must never crash a crawl
        return []


def _find_mentions(text: str) -> list[Mention]:
    folded = fold(text)
    index, first = _index(), _first_words()
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]
    mentions: list[Mention] = []
    i = 0
    while i < len(tokens):
        found = None
        if any(v in first for v in _variants(tokens[i][0])):
            for n in range(min(_MAX_WORDS, len(tokens) - i), 0, -1):
                window = tokens[i:i + n]
                for combo in itertools.product(*(_variants(t[0]) for t in window)):
                    if combo in index:
                        found = (index[combo], window[0][1], window[-1][2], n)
                        break
                if found:
                    break
        if found:
            value, start, end, n = found
            negated = _negated(folded, start)
            kind = value[0]
            mentions.append(Mention(value[2:], kind == "R", start, end, negated, kind == "D"))
            i += n
        else:
            i += 1
    # An abbreviation inside a phrase already read ("DAC" in "DAC list") is not a second mention.
    mentions.extend(
        a for a in _abbreviations(text, folded)
        if not any(m.start <= a.start < m.end for m in mentions)
    )
    mentions.extend(
        e for e in _establishment_mentions(folded)
        if not any(m.start <= e.start < m.end for m in mentions)
    )
    return sorted(
        (m for m in mentions if not _names_a_currency(folded, m)), key=lambda m: m.start
    )


# EU calls write "legal entities established in Member States, associated countries…" without
# saying "EU": after "established/located in", these bare names are the EU's.
_ESTABLISHED = re.compile(r"\b(?:established|located|based|registered) in\b")
_EU_BARE = re.compile(
    r"\b(?:(?:eu |the eu |the )?member states?|the union|the eu|associated countr(?:y|ies)"
    r"(?: to horizon europe)?)\b"
)


def _establishment_mentions(folded: str) -> list[Mention]:
    anchor = _ESTABLISHED.search(folded)
    if anchor is None:
        return []
    found = []
    for match in _EU_BARE.finditer(folded, anchor.end()):
        key = "horizon-europe-associated" if "associated" in match.group() else "eu-member-states"
        found.append(Mention(key, True, match.start(), match.end()))
    return found


# "1 500 AQSh dollari", "US$ 2,000", "долларов США": the country names a currency, not a place.
_CURRENCY_AFTER = re.compile(r"^\s?(?:\$|dollar|dollor|доллар|долл\b)")
_CURRENCY_BEFORE = re.compile(r"(?:dollar|dollor|доллар|долл)[^\W\d_]*\.?\s?$")


def _names_a_currency(folded: str, mention: Mention) -> bool:
    return bool(
        _CURRENCY_AFTER.match(folded[mention.end:mention.end + 8])
        or _CURRENCY_BEFORE.search(folded[max(0, mention.start - 14):mention.start])
    )


@lru_cache(maxsize=1)
def _group_abbreviations() -> dict[str, str]:
    return {a: g.key for g in country_groups.groups().values() for a in g.abbreviations}


@lru_cache(maxsize=1)
def _abbreviation_pattern() -> re.Pattern[str]:
    names = sorted({*ABBREVIATIONS, *_group_abbreviations()}, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(" + "|".join(re.escape(a) for a in names) + r")(?![\w])")


def _abbreviations(text: str, folded: str) -> list[Mention]:
    letters = [c for c in text if c.isalpha()]
    shouting = letters and sum(c.isupper() for c in letters) > 0.6 * len(letters)
    found = []
    regions = _group_abbreviations()
    for match in _abbreviation_pattern().finditer(text):
        token = match.group(1)
        if shouting and "." not in token:
            continue  # in all-caps text "US" may be the pronoun
        if token in ABBREVIATIONS:
            found.append(Mention(ABBREVIATIONS[token], False, match.start(), match.end(),
                                 _negated(folded, match.start())))
        else:
            found.append(Mention(regions[token], True, match.start(), match.end()))
    return found


def _negated(folded: str, start: int) -> bool:
    return folded[max(0, start - 4):start] in ("non-", "non ") or folded[:start].endswith("non-")


def country_code(text: object) -> str | None:
    """ISO alpha-2 of a text naming one country ("Germany", "DEU", "Берлин, Германия"), else None.

    None when the text names no country, only a region, or several different countries.
    """
    raw = clean(text)
    if not raw:
        return None
    if re.fullmatch(r"[A-Za-z]{2,3}", raw):
        try:
            return pycountry.countries.lookup(raw).alpha_2
        except LookupError:
            pass
    codes = {m.value for m in find_mentions(raw) if not m.is_region}
    return codes.pop() if len(codes) == 1 else None


_HOST_BEFORE = re.compile(r"(?:\bin|\bat|,|–|—|\bв|\bво)\s*(?:the\s+)?$")


def host_country_in(text: object) -> str | None:
    """The country a title says a call is held in ("... at Manchester, UK", "... in Ireland").

    Only a country right after "in", "at", "в" or a comma counts, so "Scholarships for
    Uzbekistan citizens" names no host; several different such countries give None.
    """
    try:
        raw = clean(text)
        folded = fold(raw)
        codes = {
            m.value for m in _find_mentions(raw)
            if not m.is_region and not m.about_people and _HOST_BEFORE.search(folded[:m.start])
        }
    except Exception:  # never crash a crawl on odd input
        return None
    return codes.pop() if len(codes) == 1 else None


_ANY = re.compile(ANY_NATIONALITY_PHRASES)
_EXCEPT_AFTER = re.compile(
    r"\bexcept(?: for)?\b|\bexcluding\b|\bother than\b|with the exception of|\bbut not\b|"
    r"\bкроме\b|за исключением|\bисключая\b"
)
_EXCEPT_BEFORE = re.compile(r"\btashqari\b|\bmustasno\b|\bташқари\b|\bмустасно\b")
_NEGATIVE = re.compile(
    r"not eligible|ineligible|\bare excluded\b|\bis excluded\b|can ?not apply|may not apply|"
    r"\bexcludes\b|\bare not allowed\b|\bare barred\b|\bshall not be eligible\b|"
    r"ishtirok eta olmaydi|qabul qilinmaydi|ruxsat etilmaydi|ariza bera olmaydi|"
    r"не могут (?:подать|участвовать|претендовать)|не вправе|"
    r"not (?:be )?(?:open|available) to|not accepted|не могут|не имеют права|не допускаются|"
    r"не принимаются|не рассматриваются|mumkin emas|qatnasha olmaydi|topshira olmaydi|"
    r"huquqiga ega emas|мумкин эмас"
)
_CUE = re.compile(
    r"citizen|nationals?\b|nationality|resident|\bfrom\b|applicant|eligib|open to|countr|passport|"
    r"\bapply\b|подать|заявк|могут участвовать|ariza|topshir|qatnash|"
    r"граждан|резидент|\bиз\b|стран|государств|fuqaro|davlat|mamlakat|rezident|фуқаро|давлат|"
    r"student|candidate|participant|студент|кандидат|"
    r"участник|talaba|nomzod|ishtirokchi|талаба|номзод|"
    # people and bodies that apply: "professor-o'qituvchilari of Uzbek universities"
    r"institution|organi[sz]ation|universit|researcher|faculty|professor|lecturer|\bstaff\b|"
    r"учрежден|организац|университет|\bвуз|преподават|исследоват|сотрудник|"
    r"muassasa|tashkilot|o'qituvchi|xodim|olim|муассаса|ташкилот|ўқитувчи|ходим|олим"
)


# Words that make a sentence of a general description (an abstract) about who may apply.
_STRONG_CUE = re.compile(
    r"citizens? of|nationals of|nationality|passport|eligib|open to|may apply|can apply|who wish|"
    r"\bstudents?\b|applicants?|candidates|граждан|студент|абитуриент|могут подать|fuqaro|"
    r"talaba|ariza|nomzod|фуқаро"
)


_FOR_BEFORE = re.compile(r"\b(?:for|from|to|для|из)\s+(?:the\s+)?$")


def _about_applicants(folded: str, mentions: list[Mention]) -> bool:
    """A cue outside the places named ("students from X"), or "for/from" right before one."""
    rest = folded
    for mention in reversed(mentions):
        rest = rest[:mention.start] + " " + rest[mention.end:]
    if _STRONG_CUE.search(rest):
        return True
    return any(_FOR_BEFORE.search(folded[max(0, m.start - 12):m.start]) for m in mentions)


def eligible_countries(text: object, *, strict: bool = False) -> EligibilityInfo:
    """Which nationalities may apply, with the sentence that says so; never raises.

    ``any_nationality`` is set for "open to all nationalities" (and for "X citizens are not
    eligible", with X in ``excluded``); ``countries`` lists ISO codes, regions expanded.
    ``strict`` is for general descriptions (summaries, abstracts), where a sentence counts only
    with a word about applicants ("students from", "citizens of", "eligible").
    """
    raw = clean(text)
    try:
        return _eligible(raw, clean_lines(text), strict)
    except Exception:  # unknown, raw kept, rather than a crashed crawl
        return EligibilityInfo(raw=raw)


def _eligible(raw: str, lines: str, strict: bool) -> EligibilityInfo:
    included: set[str] = set()
    excluded: set[str] = set()
    regions: list[str] = []
    read: list[tuple[str, tuple[int, int], set[str], set[str], int]] = []
    any_nationality = False
    for line, offset, sentence in _sentences_in_lines(lines):
        folded = fold(sentence)
        if _NOT_NATIONALITY.search(folded) and not _LIMITED.search(folded):
            continue  # "must not have resided in the Netherlands": a mobility rule
        mentions = _find_mentions(sentence)
        said_any = _said_any(folded, mentions)
        if not mentions and said_any is None:
            continue
        if strict and not _about_applicants(folded, mentions):
            continue  # an abstract naming "the U.S." or "EU citizens" says nothing about applicants
        if mentions and said_any is None and not _CUE.search(folded) and not any(
            m.is_region or m.about_people for m in mentions
        ):
            continue  # a place named without a word about who applies: not eligibility
        inc, exc, foreign_ok = _classify(folded, mentions)
        if not (inc or exc or said_any is not None or foreign_ok):
            continue
        any_nationality |= said_any is not None or foreign_ok
        included |= inc
        excluded |= exc
        regions += [m.value for m in mentions if m.is_region]
        anchor = said_any if said_any is not None else (mentions[0].start if mentions else 0)
        anchor_end = max([anchor + 1, *(m.end for m in mentions)])
        if len(sentence) < _SHORT_SENTENCE and len(line) > len(sentence):
            # "…staff of partner universities; all nationalities": the part needs its sentence.
            sentence, anchor, anchor_end = line, anchor + offset, anchor_end + offset
        # How plainly it says "anyone": a phrase ("open to all nationalities") beats a
        # "non-U.S. entities" item in a list of organisation types.
        plain = 2 if said_any is not None else int(foreign_ok)
        read.append((sentence, (anchor, anchor_end), inc, exc, plain))
    if excluded and not included:
        any_nationality = True  # "X citizens are not eligible": everyone else may apply
    countries = () if any_nationality else tuple(sorted(included - excluded))
    return EligibilityInfo(
        raw=raw,
        countries=countries,
        any_nationality=any_nationality,
        excluded=tuple(sorted(excluded - (included if not any_nationality else set()))),
        regions=tuple(dict.fromkeys(regions)),
        evidence=_deciding(read, any_nationality),
    )


_SHORT_SENTENCE = 60


def _sentences_in_lines(text: str) -> list[tuple[str, int, str]]:
    """(full sentence, where the part starts in it, part) for each ";"-part of each sentence.

    Parts are read one by one ("Open to X; Y citizens are not eligible"); the full sentence
    is the evidence when a part alone is too short to say anything ("…; all nationalities").
    """
    found = []
    for line in text.split("\n"):
        for full in sentences(line, at_semicolons=False):
            position = 0
            for part in sentences(full):
                start = full.find(part, position)
                position = max(start, position)
                found.append((full, max(start, 0), part))
    return found


# Residence and mobility rules name a country without saying who may apply by nationality.
_NOT_NATIONALITY = re.compile(
    r"\bnot (?:have )?(?:resided|lived)|must not have (?:resided|lived|carried out)|"
    r"mobility rule|не (?:должен|должна|должны) (?:был\w* )?прожива|не проживал|"
    r"yashamagan bo'lishi|istiqomat qilmagan|"
    # additions to a list given elsewhere ("entities established in the USA are [also]
    # eligible to receive Union funding") and consortium make-up ("at least three partners
    # from different Member States") restrict nobody
    r"eligible (?:to receive|for) (?:union )?funding|exceptionally (?:eligible|participate)|"
    r"(?:percentage|share|\d+ ?%) of (?:their|his|her) working time|"
    r"\b(?:directly or indirectly )?controlled by\b|"
    r"\bat least (?:one|two|three|four|five|\d+)\b[^.;]{0,120}\b(?:different|each from)\b"
)
# A rule that limits who takes part wins over an aside in the same (run-on) sentence.
_LIMITED = re.compile(r"\b(?:limited|restricted) to\b|\bonly\b|ограничен\w*|faqat\b|только\b")
# "всех стран СНГ", "all countries of Central Asia": "all" is scoped by the region after it.
_SCOPE_AFTER = re.compile(r"^\W{0,2}(?:(?:of|in|from|of the|in the|из|в|во)\s+)?$")
EVIDENCE_MAX = 200


def _said_any(folded: str, mentions: list[Mention]) -> int | None:
    """Where the sentence says "any nationality" unscoped by a place after it, else None."""
    for match in _ANY.finditer(folded):
        scoped = any(
            m.start >= match.end() and _SCOPE_AFTER.match(folded[match.end():m.start])
            for m in mentions
        )
        if not scoped:
            return match.start()
    return None


def _deciding(
    read: list[tuple[str, tuple[int, int], set[str], set[str], int]], any_nationality: bool
) -> str | None:
    """The one sentence the answer rests on, cut to about EVIDENCE_MAX characters."""
    if any_nationality:
        best = max((r[4] for r in read), default=0)
        chosen = next((r for r in read if best and r[4] == best), None) or next(
            (r for r in read if r[3]), None
        )
    else:
        chosen = next((r for r in read if r[2]), None)
    if chosen is None:
        return None
    return shorten(chosen[0], *chosen[1])


_CLAUSE_END = re.compile(r"(?<=[;,:])\s+|\s+[—–]\s+")


def shorten(sentence: str, start: int = 0, end: int = 0, limit: int = EVIDENCE_MAX) -> str:
    """``sentence`` if short, else its clauses around ``start``–``end`` within ``limit`` chars.

    Clauses end at ",", ";", ":" or a dash; a cut end is marked with "…".
    """
    sentence = clean(sentence).rstrip(" ;,")
    if len(sentence) <= limit:
        return sentence
    cuts = [0, *(m.end() for m in _CLAUSE_END.finditer(sentence)), len(sentence)]
    clauses = [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1) if cuts[i] < cuts[i + 1]]

    def index_of(position: int) -> int:
        return next((i for i, (a, b) in enumerate(clauses) if a <= position < b), 0)

    first = index_of(start)
    last = max(first, index_of(max(start, end - 1)))
    while clauses[last][1] - clauses[first][0] > limit - 2 and last > first:
        last -= 1  # the decisive span alone is too long: keep its beginning
    while True:  # grow by whole clauses, the one after first ("…, and be citizens of X")
        if last + 1 < len(clauses) and clauses[last + 1][1] - clauses[first][0] <= limit - 2:
            last += 1
        elif first > 0 and clauses[last][1] - clauses[first - 1][0] <= limit - 2:
            first -= 1
        else:
            break
    begin, finish = clauses[first][0], clauses[last][1]
    if finish - begin > limit - 2:  # one clause alone is too long: cut at a word near the start
        begin = max(begin, start - limit // 3)
        space = sentence.rfind(" ", 0, begin)
        begin = space + 1 if space >= 0 else begin
        space = sentence.rfind(" ", begin, begin + limit - 2)
        finish = space if space > begin else begin + limit - 2
    text = sentence[begin:finish].strip(" ;,:—–")
    return ("…" if begin > 0 else "") + text + ("…" if finish < len(sentence) else "")


# A country named as where the study happens, not who may apply: "The United Kingdom's
# University of Sheffield", "Loughborough University, UK", "study in Germany".
_HOST_CONTEXT_BEFORE = re.compile(
    r"(?:universit\w*|college|institute|school|academy)\W*$|"
    r"\b(?:study|studies|studying|held|located|based|hosted|takes? place|учиться|обучение|"
    r"o'qish)\b(?:\s+\S+){0,4}\s+(?:in|at|в|во)\s+(?:the\s+)?$"
)


def _is_host_mention(folded: str, mention: Mention) -> bool:
    if mention.about_people or mention.negated:
        return False
    possessive = folded[mention.start:mention.end].endswith("'s") or folded[
        mention.end:mention.end + 2
    ] == "'s"
    return possessive or bool(
        _HOST_CONTEXT_BEFORE.search(folded[max(0, mention.start - 60):mention.start])
    )


def _classify(folded: str, mentions: list[Mention]) -> tuple[set[str], set[str], bool]:
    """Split one sentence's mentions into included and excluded codes."""
    included: set[str] = set()
    excluded: set[str] = set()
    mentions = [m for m in mentions if not _is_host_mention(folded, m)]
    if _NEGATIVE.search(folded):
        negated = [m for m in mentions if m.negated]
        if negated:  # "non-U.S. entities are not eligible": only the U.S. may apply
            return set().union(*(m.codes for m in negated)), set(), False
        return set(), set().union(*(m.codes for m in mentions)) if mentions else set(), False
    after = _EXCEPT_AFTER.search(folded)
    before = _EXCEPT_BEFORE.search(folded)
    foreign_ok = False
    for mention in mentions:
        if mention.negated:
            foreign_ok = True  # "non-U.S. organisations are eligible": foreigners welcome
        elif (after and mention.start > after.start()) or (before and mention.end < before.start()):
            excluded |= mention.codes
        else:
            included |= mention.codes
    return included, excluded, foreign_ok
