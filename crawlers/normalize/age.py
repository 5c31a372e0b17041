"""Age limits ("under 35", "не старше 30 лет", "35 yoshgacha") as inclusive bounds, and the day
they are judged on ("by the closing date", "на момент подачи", "as of 1 September 2027")."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from crawlers.normalize.dates import find_dates
from crawlers.normalize.text import detect_language, fold, sentences
from domain.requirements import AgeRequirement, Evidence

_N = r"(\d{2})"
_YEARS = r"(?:\s*(?:years?|yrs|лет|год\w*|yosh\w*|ёш\w*))?"
# (pattern, which bound, adjustment): "under 35" means at most 34; "not older than 35" means 35.
_RULES: tuple[tuple[re.Pattern[str], str, int], ...] = (
    (re.compile(
        rf"(?:aged?|ages|age of|возрасте|yoshdagi|yoshi)?\s*{_N}\s*(?:-|–|to|до)\s*{_N}{_YEARS}"
        r"(?=\s*(?:old|of age|age|лет|года|yosh|ёш|\)|,|\.|$))"
    ), "range", 0),
    (re.compile(rf"\bbetween (?:the ages of )?{_N} and {_N}"), "range", 0),
    (re.compile(
        rf"\b(?:under|younger than|below the age of|less than){_YEARS}\s*(?:the age of\s*)?{_N}"
    ), "max", -1),
    (re.compile(
        r"\b(?:not older than|no older than|maximum age(?: of| is|:)?|age limit(?: of| is|:)?|"
        rf"up to the age of|at most){_YEARS}\s*{_N}"
    ), "max", 0),
    (re.compile(rf"{_N}{_YEARS}\s*(?:of age )?or (?:younger|under|less)"), "max", 0),
    (re.compile(rf"не старше\s*{_N}"), "max", 0),
    (re.compile(rf"(?<!не )(?:младше|моложе)\s*{_N}"), "max", -1),
    (re.compile(rf"до\s*{_N}\s*лет"), "max", -1),
    (re.compile(rf"{_N}\s*(?:yosh|ёш)(?:gacha|гача)"), "max", -1),
    (re.compile(rf"{_N}\s*(?:yosh|ёш)(?:dan|дан) oshmagan"), "max", 0),
    (re.compile(
        r"\b(?:at least|(?<!not )(?<!no )(?:over|older than)|minimum age(?: of| is|:)?)"
        rf"{_YEARS}\s*{_N}"
    ), "min", 0),
    (re.compile(rf"{_N}{_YEARS}\s*(?:of age )?or (?:older|over|above)"), "min", 0),
    (re.compile(rf"не (?:моложе|младше)\s*{_N}"), "min", 0),
    (re.compile(rf"(?<!не )старше\s*{_N}"), "min", 1),
    (re.compile(rf"{_N}\s*(?:yosh|ёш)(?:dan|дан) (?:katta|oshgan)"), "min", 0),
)
# Negated bounds read first, their words then blanked so "not 31 or older" is not a minimum.
_NEGATED: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(rf"(?:not|never) (?:yet )?(?:have )?(?:reached|turned|attained) (?:the age of )?{_N}"), -1),
    (re.compile(rf"(?:not|n't) (?:be )?(?:aged )?{_N}{_YEARS}\s*(?:of age )?(?:or|and) (?:older|over|above)"), -1),
    (re.compile(rf"(?:not|n't) (?:be )?(?:older|more) than{_YEARS}\s*{_N}"), 0),
    (re.compile(rf"(?:not|n't) exceed(?:ing)?(?: the age of| an age of)?\s*{_N}"), 0),
    (re.compile(rf"не достигш\w*(?: возраста)?\s*{_N}"), -1),
    (re.compile(rf"(?:возраст\w*|лет)[^.;]{{0,25}}?не (?:более|превыша\w*)\s*{_N}"), 0),
    (re.compile(rf"не более\s*{_N}\s*лет(?! (?:после|с момента|со дня|опыт|стаж))"), 0),
    (re.compile(rf"до\s*{_N}\s*лет\s*включительно"), 0),
    (re.compile(rf"(?:yosh|ёш)\w*\s+{_N}\s*(?:-?dan|-?дан|-?yoshdan)\s+(?:oshmagan|oshmasligi|ortiq bo'lmagan|katta bo'lmagan|oshmasin)"), 0),
    (re.compile(rf"{_N}\s*(?:yosh|ёш)(?:dan|дан) (?:katta bo'lmagan|ortiq bo'lmagan|oshmasligi)"), 0),
    (re.compile(rf"(?:yosh|ёш)\w*\s+{_N}\s*(?:-?dan|-?дан)\s+(?:kichik|past)"), -1),
    (re.compile(rf"(?:up to|aged up to){_YEARS}\s*{_N}\s*(?:years?|yrs)(?: old| of age)?"), 0),
    (re.compile(rf"{_N}{_YEARS}\s*(?:of age )?and (?:younger|under)"), 0),
    (re.compile(rf"\b(?:must be )?below{_YEARS}\s*(?:the age of\s*)?{_N}"), -1),
)
_AGE_WORD = re.compile(
    r"\bage|\baged|years? old|yrs|возраст|лет|года|моложе|младше|старше|достиг|yosh|ёш|older|"
    r"younger|under|reached|turned|below"
)


@dataclass(frozen=True, slots=True)
class AgeLimits:
    """Inclusive age bounds an applicant must meet; None when not stated."""

    min_age: int | None = None
    max_age: int | None = None

    @property
    def known(self) -> bool:
        """True when a bound was read."""
        return self.min_age is not None or self.max_age is not None


def find_age_limits(text: object) -> AgeLimits:
    """Read age bounds from eligibility text; never raises."""
    try:
        folded = fold(text)
    except Exception:  # never crash a crawl on odd input
        return AgeLimits()
    low: int | None = None
    high: int | None = None
    if not _AGE_WORD.search(folded):
        return AgeLimits()
    for pattern, adjust in _NEGATED:
        match = pattern.search(folded)
        if match and high is None and 10 <= int(match.group(1)) <= 99:
            high = int(match.group(1)) + adjust
            folded = folded[: match.start()] + " " * (match.end() - match.start()) + folded[match.end():]
    for pattern, bound, adjust in _RULES:
        match = pattern.search(folded)
        if not match:
            continue
        if bound == "range":
            first, second = int(match.group(1)), int(match.group(2))
            if 10 <= first < second <= 99:
                low = low if low is not None else first
                high = high if high is not None else second
        elif bound == "max" and high is None and 10 <= int(match.group(1)) <= 99:
            high = int(match.group(1)) + adjust
        elif bound == "min" and low is None and 10 <= int(match.group(1)) <= 99:
            low = int(match.group(1)) + adjust
    if low is not None and high is not None and low > high:
        return AgeLimits()  # contradictory reading: unknown rather than wrong
    return AgeLimits(low, high)


# The day an age is judged on, when the call says it.
_REF_DEADLINE = re.compile(
    r"closing date|the deadline|application deadline|deadline for (?:applications|submission)|"
    r"end of the (?:call|application period)|on the last day|"
    r"(?:дату|день|момент) (?:окончания|завершения)|окончани\w* (?:при[её]ма|срока)|"
    r"muddat\w* (?:tugash|oxir)|qabul (?:muddati )?tugaguni|tugash sanasi"
)
_REF_APPLICATION = re.compile(
    r"(?:time|date|day|moment) of (?:the )?(?:application|submission|applying)|when applying|"
    r"on application|момент подачи|дату подачи|день подачи|момент представления|"
    r"ariza (?:topshirish|berish) (?:vaqtida|paytida|sanasida|kuni)|hujjat\w* topshirish (?:vaqtida|paytida)"
)
_REF_YEAR_END = re.compile(
    r"31(?:st)? (?:of )?december (?:of )?(?:the|this) (?:year|calendar year)|"
    r"31 декабря (?:текущего |того )?года(?! \d)|31 декабря года|"
    r"joriy yil\w* 31[- ]dekabr|yilning 31[- ]dekabr"
)
_REF_DATE_BEFORE = re.compile(
    r"(?:as of|as at|on|by|at|по состоянию на|на)\s*$|^(?:\s*(?:holatiga|holatida|holat bo'yicha))"
)
_BORN = re.compile(
    r"born (?P<rel>on or after|after|in or after|no earlier than|not before)\s+(?P<rest>[^.;]{4,40})|"
    r"(?:родивш\w*|рожд[её]нн\w*|года рождения)\s+(?P<rel_ru>не ранее|после|начиная с)\s+(?P<rest_ru>[^.;]{4,40})|"
    r"(?P<rest_uz>[^.;]{4,30}?)\s+(?:dan keyin|va undan keyin) tug'ilgan"
)


def find_age_requirement(text: object) -> AgeRequirement:
    """Age bounds, the day they are judged on and the deciding sentence; never raises."""
    try:
        return _age_requirement(str(text or ""))
    except Exception:  # never crash a crawl on odd input
        return AgeRequirement()


def _age_requirement(text: str) -> AgeRequirement:
    limits, evidence, reference = AgeLimits(), None, None
    born = None
    for sentence in sentences(text):
        folded = fold(sentence)
        if born is None:
            born = _born_after(folded)
            if born is not None and evidence is None:
                evidence = sentence
        if not limits.known:
            limits = find_age_limits(sentence)
            if limits.known:
                evidence = sentence
                reference = _reference(folded) or reference
                continue
        if _AGE_WORD.search(folded) and reference is None and (limits.known or born):
            reference = _reference(folded)
    if not limits.known and born is None:
        return AgeRequirement()
    language = detect_language(evidence) if evidence else None
    return AgeRequirement(
        min_age=limits.min_age,
        max_age=limits.max_age,
        reference=reference or "deadline",
        born_on_or_after=born,
        evidence=Evidence(" ".join(evidence.split())[:240], language) if evidence else None,
    )


def _reference(folded: str) -> str | date | None:
    if _REF_YEAR_END.search(folded):
        return "year_end"
    for start, end, day, _ in find_dates(folded):
        if _REF_DATE_BEFORE.search(folded[max(0, start - 25):start]) or _REF_DATE_BEFORE.search(
            folded[end:end + 15]
        ):
            return day
    if _REF_APPLICATION.search(folded):
        return "application"
    if _REF_DEADLINE.search(folded):
        return "deadline"
    return None


def _born_after(folded: str) -> date | None:
    match = _BORN.search(folded)
    if not match:
        return None
    rest = match.group("rest") or match.group("rest_ru") or match.group("rest_uz") or ""
    found = find_dates(rest)
    if found:
        day = found[0][2]
    else:
        year = re.search(r"\b(19\d{2}|20\d{2})\b", rest)
        if not year:
            return None
        day = date(int(year.group(1)), 1, 1)
        if match.group("rel") == "after" or match.group("rel_ru") == "после":
            return date(day.year + 1, 1, 1)  # "born after 1994": from 1995
        return day
    strict = match.group("rel") == "after" or match.group("rel_ru") == "после"
    uz_after = match.group("rest_uz") is not None
    return day + timedelta(days=1) if strict or uz_after else day
