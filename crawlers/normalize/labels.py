"""Facts written as labelled lines in a summary ("Deadline: …", "Срок подачи: …", "Topshirish muddati: …").

Feeds and blog posts carry no typed fields: the deadline, the money and who may apply sit in
the summary as "Label: value" lines (one per <li> once the markup is stripped, or run together
on one line when it was collapsed). Only known labels in English, Russian and Uzbek are read;
a value runs to the end of its line or to the next known label, never further.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawlers.normalize.text import strip_control

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
    text = strip_control(raw).translate(_APOSTROPHES)
    found = [m for m in _LABEL.finditer(text) if _is_label(text, m)]
    items: list[Labelled] = []
    for index, match in enumerate(found):
        end = found[index + 1].start("label") if index + 1 < len(found) else len(text)
        newline = text.find("\n", match.end(), end)
        end = newline if newline >= 0 else end
        value = " ".join(text[match.end():end].split()).strip(" ;,")
        fact = next(name for name in LABELS if match.group(name))
        if value and fact != "other":
            label = " ".join(match.group("label").split())
            line = " ".join(text[match.start("label"):end].split()).strip(" ;,")
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
