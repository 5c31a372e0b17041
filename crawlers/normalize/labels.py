"""Facts written as labelled lines in summaries ("Deadline: …", "Срок подачи: …", "Muddati: …").

Feeds and blog posts carry no typed fields: the deadline, the money and who may apply sit in
the summary as "Label: value" lines (one per <li> once the markup is stripped, or run together
on one line when it was collapsed). Only known labels in English, Russian and Uzbek are read;
a value runs to the end of its line or to the next known label, never further.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawlers.normalize.text import sentences, strip_control

# Uzbek is written with several look-alike apostrophes; they are unified (1:1, so positions hold).
_APOSTROPHES = str.maketrans({"ʻ": "'", "‘": "'", "’": "'", "`": "'", "ʼ": "'", "´": "'"})

_UZ_DEADLINE_WORDS = (
    r"(?:(?:hujjatlarni|hujjatlar|arizalarni|arizalar|ariza|ro'yxatdan|o'tish|topshirish|"
    r"qabul|qilish|oxirgi|nominatsiya)\s+){0,3}muddati?"
)
_UZ_CYRILLIC_DEADLINE_WORDS = (
    r"(?:(?:ҳужжатларни|ҳужжатлар|аризаларни|ариза|рўйхатдан|ўтиш|топшириш|қабул|қилиш|"
    r"охирги)\s+){0,3}муддати?"
)
# Fact -> label words (matched case-insensitively, apostrophes unified). Longer forms first.
LABELS: dict[str, str] = {
    "deadline": (
        r"(?:application|applications|nomination|registration|submission|final|closing|abstract|"
        r"proposal)\s+deadlines?|deadlines?(?:\s+(?:for|to)\s+(?:applications?|apply|submission))?|"
        r"closing date|due date|apply by|applications? due|"
        r"срок(?:и)?\s+(?:подачи|при[её]ма|представления)(?:\s+(?:заявок|заявки|документов|"
        r"тезисов|работ))?|крайний срок|дедлайн|при[её]м заявок до|"
        + _UZ_DEADLINE_WORDS + "|" + _UZ_CYRILLIC_DEADLINE_WORDS
    ),
    "amount": (
        r"funding|grant amount|award amount|amount|award|value|stipend|"
        r"scholarship(?:\s+(?:amount|value))?|prizes?|financial support|"
        r"размер(?:\s+(?:стипендии|гранта|финансирования|премии|выплат\w*))?|финансирование|"
        r"сумма(?:\s+гранта)?|стипендия|призы|призовой фонд|"
        r"(?:stipendiya|grant)(?:\s+miqdori)?|miqdori|moliyalashtirish|sovrinlar|sovrin|"
        r"стипендия\s+миқдори|грант\s+миқдори|молиялаштириш|совринлар|мукофот\w*"
    ),
    "eligibility": (
        r"who\s+(?:can|may|could|should)\s+apply|eligibility(?:\s+(?:criteria|requirements))?|"
        r"eligible\s+(?:applicants|candidates|countries)|requirements|open to|"
        r"кто может (?:подать(?: заявку)?|участвовать|принять участие)|"
        r"требования(?:\s+к\s+(?:участникам|кандидатам|заявителям))?|"
        r"kim(?:lar)?\s+(?:ariza\s+)?(?:topshirishi|ishtirok\s+etishi|qatnashishi)\s+mumkin|"
        r"kimlar uchun|(?:nomzodlarga|ishtirokchilarga)\s+talablar|talablar|"
        r"ким(?:лар)?\s+(?:ариза\s+)?(?:топшириши|иштирок\s+этиши)\s+мумкин|кимлар учун|талаблар"
    ),
    "level": (
        r"(?:study|degree|academic)\s+levels?|levels?|уровень(?:\s+(?:обучения|образования))?|"
        r"(?:ta'lim\s+)?darajasi|daraja|даража"
    ),
    "host": (
        r"host(?:\s+(?:institution|university|organi[sz]ation))?|"
        r"принимающ(?:ая|ий)\s+(?:организация|вуз|университет|сторона)|"
        r"qabul\s+qiluvchi\s+(?:tashkilot|universitet|oliygoh)|қабул\s+қилувчи\s+ташкилот"
    ),
    # Not read, but they end the value before them when lines were run together.
    "other": (
        r"courses?|fields?(?:\s+of\s+study)?|duration|location|venue|country|type|funder|"
        r"organi[sz]er|benefits|how to apply|documents|contacts?|note|dates?|"
        r"условия|направления|организатор|страна|тип|контакты|"
        r"yo'nalishlar|tashkilotchi|turi|davlat|shartlar|"
        r"йўналишлар|ташкилотчи|тури|давлат"
    ),
}
_LABEL = re.compile(
    r"(?P<lead>^|(?<=[\s(;.,]))(?P<label>"
    + "|".join(f"(?P<{fact}>{pattern})" for fact, pattern in LABELS.items())
    + r")\s*:\s*",
    re.IGNORECASE | re.MULTILINE,
)
_BULLETS = frozenset(" \t•·▪►*-–—")


@dataclass(frozen=True, slots=True)
class Labelled:
    """One labelled line: the fact it states, its value, and the line as written (evidence)."""

    fact: str  # deadline, amount, eligibility, level, host
    label: str
    value: str
    line: str


def labelled_lines(text: object) -> list[Labelled]:
    """Every known "Label: value" in ``text``, in order; never raises."""
    try:
        return _labelled(text if isinstance(text, str) else "")
    except Exception:  # a normaliser must never crash a crawl
        return []


def labelled(text: object, fact: str) -> list[Labelled]:
    """The labelled lines stating ``fact`` (deadline, amount, eligibility, level, host)."""
    return [item for item in labelled_lines(text) if item.fact == fact]


def _labelled(raw: str) -> list[Labelled]:
    original = strip_control(raw)
    items: list[Labelled] = []
    # Matched on a copy with apostrophes unified (same length); values are taken as written.
    for match, following in _matches(original):
        end = _value_end(original, match, following)
        value = " ".join(original[match.end():end].split()).strip(" ;,")
        fact = next(name for name in LABELS if match.group(name))
        if value and fact != "other":
            label = " ".join(original[match.start("label"):match.end("label")].split())
            line = " ".join(original[match.start("label"):end].split()).strip(" ;,")
            items.append(Labelled(fact, label, value, line))
    return items


def _is_label(text: str, match: re.Match[str]) -> bool:
    """At a line start any case counts; inside a run-on line only a capitalised label does."""
    start = match.start("label")
    while start > 0 and text[start - 1] in _BULLETS:
        start -= 1
    if start == 0 or text[start - 1] == "\n":
        return True
    return match.group("label")[:1].isupper()


# A sentence that states a deadline in words, without a "Deadline:" label.
_DEADLINE_PHRASE = re.compile(
    r"\bdeadline\b|\bdue (?:by|on|date)\b|\bapply by\b|\bclosing date\b|"
    r"\bapplications? (?:close|closes|must be (?:submitted|received)|"
    r"(?:are |is )?(?:accepted|open) until)|\bsubmit\w*\b[^.]{0,60}\b(?:by|before|no later than)\b|"
    r"срок (?:подачи|при[её]ма)|крайний срок|(?:заявки|документы) принимаются до|"
    r"при[её]м (?:заявок|документов) (?:\w+ )?до|подать заявку (?:можно )?до|"
    r"muddati|gacha qabul qilinadi|gacha topshiri|муддати|гача қабул",
    re.IGNORECASE,
)


def deadline_phrases(text: object) -> list[str]:
    """Sentences that say in words when applications close ("Applications are due by …")."""
    try:
        plain = (text if isinstance(text, str) else "").translate(_APOSTROPHES)
        return [s for s in sentences(plain) if _DEADLINE_PHRASE.search(s)]
    except Exception:  # a normaliser must never crash a crawl
        return []


def without_labelled(text: object, facts: tuple[str, ...]) -> str:
    """``text`` with the labelled values of ``facts`` blanked (line breaks kept).

    "Funding: €400 travel grant for participants from Central Asia" says who gets the money,
    not who may apply; a general reading of the summary must not take it for eligibility.
    """
    try:
        original = strip_control(text if isinstance(text, str) else "")
        spans = [
            (m.start("label"), _value_end(original, m, following))
            for m, following in _matches(original)
            if next(name for name in LABELS if m.group(name)) in facts
        ]
    except Exception:  # a normaliser must never crash a crawl
        return text if isinstance(text, str) else ""
    for start, end in reversed(spans):
        original = original[:start] + " " * (end - start) + original[end:]
    return original


_LABEL_REACH = 70  # the longest label ("Hujjatlarni qabul qilish muddati") fits well within


def _matches(original: str) -> list[tuple[re.Match[str], int]]:
    """Each label with where the next one starts; only the text just before a colon is tried."""
    text = original.translate(_APOSTROPHES)
    found = []
    previous = 0
    colon = text.find(":")
    while colon >= 0:
        match = _LABEL.search(text, max(previous, colon - _LABEL_REACH), colon + 1)
        if match and _is_label(text, match):
            found.append(_LABEL.match(text, match.start()) or match)
        previous = colon + 1
        colon = text.find(":", previous)
    return [
        (m, found[i + 1].start("label") if i + 1 < len(found) else len(text))
        for i, m in enumerate(found)
    ]


def _value_end(text: str, match: re.Match[str], following: int) -> int:
    newline = text.find("\n", match.end(), following)
    return newline if newline >= 0 else following


# "a monthly stipend of CNY 3,000", "стипендия от 3 000 рублей в месяц", "oylik stipendiya 2 mln".
_STIPEND = re.compile(r"\b(?:stipend|stipendiya|стипенди)\w*", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[;\n]|(?<=[.!?])\s")
_SUM_NEAR = 30  # the sum must follow the word closely, or it is some other number


def stipend_phrases(text: object) -> list[str]:
    """Clauses that state a stipend in words, from the stipend word to the clause's end."""
    try:
        plain = text if isinstance(text, str) else ""
        found = []
        for match in _STIPEND.finditer(plain):
            end = _CLAUSE_END.search(plain, match.end())
            # The word before says the period: "a monthly stipend", "oylik stipendiya".
            before = plain[max(0, match.start() - 20):match.start()]
            before = re.split(r"[,;:.!?\n]", before)[-1].split()[-1:]
            start = match.start() - len(before[0]) - 1 if before else match.start()
            clause = plain[max(start, 0):end.start() if end else len(plain)]
            after = plain[match.end():match.end() + _SUM_NEAR]
            if re.search(r"\d", re.split(r"[;\n]", after)[0]):
                found.append(" ".join(clause.split()))
        return found
    except Exception:  # a normaliser must never crash a crawl
        return []
