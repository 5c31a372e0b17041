"""Host universities named in titles and summaries ("at the Technical University of Munich",
"в Казанском федеральном университете", "Seul milliy universitetida"), as names; no lookup.

Only a name in a host position counts: after "at"/"hosted by" (English), in the prepositional
case after "в" (Russian), with a locative suffix (Uzbek), or as the value of a "Host:" label.
"Partner universities", "a German university" and other common nouns are not names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawlers.normalize.labels import labelled
from crawlers.normalize.text import clean, sentences


@dataclass(frozen=True, slots=True)
class HostMention:
    """A host institution's name as read, and the sentence or line that names it."""

    name: str
    evidence: str


# --- English: a run of capitalised words holding an institution word, after "at". ---
_EN_AT = re.compile(
    r"\b(?:at|hosted by|held at|based at|host(?:ed)? at|hosts?:|host institution:|"
    r"host university:)\s+(?:the\s+)?",
    re.IGNORECASE,
)
_EN_KEYWORDS = frozenset({
    "university", "universität", "universitat", "université", "universidad", "universidade",
    "università", "universiteit", "universitet", "universiti", "institute", "institut", "college",
    "polytechnic", "politecnico", "politécnica", "polytechnique", "hochschule", "academy",
    "akademie", "école", "ecole",
})
_EN_CONNECTORS = frozenset({
    "of", "for", "the", "and", "&", "de", "di", "del", "della", "der", "des", "du", "la", "le",
    "für", "fur", "y", "e",
})
# Common nouns written with a capital in titles: "Partner University" is no one's name.
_GENERIC = frozenset({
    "partner", "partners", "host", "home", "participating", "member", "selected", "leading",
    "top", "any", "foreign", "international", "public", "private", "our", "your", "their",
    "a", "an", "one", "each", "accredited", "eligible", "recognised", "recognized", "same",
    "other", "another", "research", "european", "german", "british", "american", "national",
    "state", "technical", "applied", "sciences", "science", "technology",
})
_TOKEN_END = re.compile(r"[,;:.!?)\]»\"”]+$")


def _english_name(text: str, start: int) -> str | None:
    """The institution name starting at ``start``: capitalised words and connectors."""
    taken: list[str] = []
    seen_keyword = False
    for raw_token in text[start:start + 160].split(" ")[:12]:
        if not raw_token:
            break
        token = _TOKEN_END.sub("", raw_token)
        ended = token != raw_token
        low = token.lower()
        if not token or token[0] in "([«\"“":
            break
        if low in _EN_CONNECTORS:
            if low == "and" and not seen_keyword:
                break  # "MIT and Harvard University": two names, not one
            taken.append(token)
        elif token[0].isupper() or (token[0].isdigit() and taken):
            taken.append(token)
            seen_keyword |= low in _EN_KEYWORDS
        else:
            break
        if ended:
            break
    while taken and taken[-1].lower() in _EN_CONNECTORS:
        taken.pop()
    if not seen_keyword:
        return None
    if all(t.lower() in _EN_KEYWORDS | _EN_CONNECTORS | _GENERIC for t in taken):
        return None
    return " ".join(taken)


# --- Russian: prepositional case after "в"/"во", turned back to the nominative. ---
_RU_NOUNS = {"университете": "университет", "институте": "институт", "академии": "академия",
             "консерватории": "консерватория", "политехе": "политех"}
_RU_AT = re.compile(
    r"(?<![\w-])(?:в|во|на базе)\s+"
    r"(?P<adj>(?:[А-ЯЁа-яё-]+(?:ом|ем|ой|ей)\s+){0,4})"
    r"(?P<noun>(?i:университете|институте|академии|консерватории|политехе))"
    r"(?P<tail>\s+(?:им\.|имени)\s*(?:[А-ЯЁ]\.\s*){0,2}[А-ЯЁ][а-яё-]+|\s+[А-ЯЁ]{2,}\b|"
    r"\s+«[^»]{2,60}»)?"
)


def _ru_nominative(adjective: str) -> str:
    """"Казанском" -> "Казанский", "федеральном" -> "федеральный", "Российской" -> "Российская"."""
    for ending, nominative in (
        ("ском", "ский"), ("цком", "цкий"), ("ком", "кий"), ("гом", "гий"), ("хом", "хий"),
        ("ом", "ый"), ("ем", "ий"), ("ской", "ская"), ("ой", "ая"), ("ей", "яя"),
    ):
        if adjective.endswith(ending):
            return adjective[: -len(ending)] + nominative
    return adjective


def _russian_name(match: re.Match[str]) -> str | None:
    adjectives = match.group("adj").split()
    noun = match.group("noun")
    tail = " ".join((match.group("tail") or "").split())
    if not tail and noun[:1].isupper():  # "в Университете Иннополис": the name follows
        follower = re.match(r"\s+([А-ЯЁ][а-яё-]+)", match.string[match.end():])
        tail = follower.group(1) if follower else ""
    if not tail and not any(w[:1].isupper() for w in adjectives):
        return None  # "в нашем университете", "в государственном университете": no name
    base = _RU_NOUNS[noun.lower()]
    noun = base.capitalize() if noun[:1].isupper() else base
    return " ".join([*(_ru_nominative(a) for a in adjectives), noun, *([tail] if tail else [])])


# --- Uzbek: "... universitetida" (locative), name words before the noun. ---
_UZ_AT = re.compile(
    r"(?P<noun>universitet|institut|akademiya|университет|институт|академия)"
    r"(?P<poss>i|si|и|си)(?:da|ga|dan|ning|ni|да|га|дан|нинг|ни)\b",
    re.IGNORECASE,
)
# Lower-case words that belong to Uzbek university names ("Toshkent davlat texnika universiteti").
_UZ_NAME_WORDS = frozenset({
    "davlat", "texnika", "texnologiya", "texnologiyalari", "texnologiyalar", "milliy", "xalqaro",
    "pedagogika", "iqtisodiyot", "tibbiyot", "axborot", "agrar", "islom", "jahon", "tillari",
    "sharqshunoslik", "irrigatsiya", "kimyo-texnologiya", "arxitektura-qurilish", "energetika",
    "nomidagi", "va", "fan", "muhandislik", "qurilish", "transport", "yo'llari",
    "давлат", "техника", "миллий", "халқаро", "технологиялар", "номидаги", "ва", "педагогика",
    "иқтисодиёт", "тиббиёт", "ахборот", "аграр",
})
_UZ_WORD = re.compile(r"[^\W\d_][\w'ʻ‘’-]*$")
_UZ_INFLECTED = re.compile(r"(?:lar|lari|da|ga|ni|ning|dagi|dan|лар|да|га|ни|нинг|даги|дан)$")


def _uzbek_name(text: str, match: re.Match[str]) -> str | None:
    words = text[max(0, match.start() - 120):match.start()].split()
    if text[match.start() - 1:match.start()] not in (" ", ""):
        return None  # the noun is part of a longer word
    taken: list[str] = []
    for word in reversed(words[-6:]):
        if not _UZ_WORD.match(word) or word[-1] in ",;:.!?»)":
            break
        if word[:1].isupper() or word.lower() in _UZ_NAME_WORDS:
            taken.insert(0, word)
        else:
            break
    # A leading word with a case or plural suffix is the sentence's, not the name's.
    while taken and (not taken[0][:1].isupper() or _UZ_INFLECTED.search(taken[0].lower())):
        taken.pop(0)
    if not taken:
        return None
    return " ".join([*taken, match.group("noun") + match.group("poss")])


# In a summary, "at the National Institute of Diabetes…" is the funder's own institute: an
# institute or academy counts there only as a place of research and teaching.
_RESEARCH_INSTITUTE = re.compile(r"\b(?:Technology|Science|Sciences|Engineering|Technical)\b")
_UNIVERSITY_WORD = re.compile(
    r"(?i)universit|college|polytechn|politecn|politécn|hochschule|école|ecole|университет|"
    r"институт|академи|universitet|institut|akademiya"
)


def find_host_institution(text: object, *, summary: bool = False) -> HostMention | None:
    """The host university ``text`` names (a title, or a summary when ``summary``); never raises."""
    try:
        return _find(text if isinstance(text, str) else "", summary)
    except Exception:  # a normaliser must never crash a crawl
        return None


# Words without which no text names a host (a quick check before the sentence-by-sentence one).
_ANY_HOST_WORD = re.compile(
    r"universit|institut|college|polytechn|politecn|politécn|hochschule|academ|akadem|[ée]cole|"
    r"университет|институт|академи|консерватори|политех|\bhost|принимающ|qabul qiluvchi|"
    r"қабул қилувчи",
    re.IGNORECASE,
)


def _find(text: str, summary: bool) -> HostMention | None:
    if not _ANY_HOST_WORD.search(text):
        return None
    for item in labelled(text, "host"):
        name = _name_in(item.value, anywhere=True)
        if name:
            return HostMention(name, item.line)
    for sentence in sentences(text):
        name = _name_in(clean(sentence), anywhere=False)
        if name and (not summary or _is_university(name)):
            return HostMention(name, clean(sentence))
    return None


def _is_university(name: str) -> bool:
    english_institute = re.search(r"\b(?:Institute|Institut|Academy|Akademie)\b", name)
    if english_institute and not re.search(
        r"(?i)universit|college|polytechn|politecn|hochschule", name
    ):
        return bool(_RESEARCH_INSTITUTE.search(name))
    return bool(_UNIVERSITY_WORD.search(name))


def _name_in(text: str, *, anywhere: bool) -> str | None:
    starts = [0] if anywhere else []
    starts += [m.end() for m in _EN_AT.finditer(text)]
    if anywhere:  # a label's value: any capitalised word may start the name
        starts += [m.start() for m in re.finditer(r"(?<=\s)[A-Z]", text)]
    for start in starts:
        name = _english_name(text, start)
        if name:
            return name
    for match in _RU_AT.finditer(text):
        name = _russian_name(match)
        if name:
            return name
    for match in _UZ_AT.finditer(text):
        name = _uzbek_name(text, match)
        if name:
            return name
    if anywhere and 3 <= len(text) <= 80 and len(sentences(text)) == 1:
        return text  # "Принимающая организация: МГТУ им. Н. Э. Баумана" names the host itself
    return None
