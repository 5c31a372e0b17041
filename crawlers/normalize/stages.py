"""Career-stage requirements in en/ru/uz: degree held, final year, years since the doctorate, R1-R4.

"applicants who hold or will soon hold a master's degree", "open to final-year bachelor
students", "no more than 7 years after the doctorate", "early-career researchers (R1–R2)",
"наличие степени магистра", "не более 5 лет после защиты диссертации", "magistr darajasiga
ega bo'lgan". Read sentence by sentence; the deciding sentence is kept as evidence.
"""

from __future__ import annotations

import re

from crawlers.normalize.text import detect_language, fold, sentences
from domain.requirements import Evidence, StageRequirement

_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "одного": 1, "двух": 2, "трех": 3, "трёх": 3,
    "четырех": 4, "четырёх": 4, "пяти": 5, "шести": 6, "семи": 7, "восьми": 8, "десяти": 10,
    "bir": 1, "ikki": 2, "uch": 3, "to'rt": 4, "besh": 5, "olti": 6, "yetti": 7,
    "sakkiz": 8, "o'n": 10,
}  # fmt: skip
_N = r"(?P<n>\d{1,2}|" + "|".join(sorted(_NUMBERS, key=len, reverse=True)) + r")"
_DOCTORATE = (
    r"(?:ph\.? ?d|doctora\w*|doctoral degree|диссертац\w*|кандидатск\w*|степен\w*|phd|"
    r"doktorlik|falsafa doktori|fan nomzodi|dissertatsiya\w*)"
)
_YEARS_SINCE = (
    re.compile(
        rf"(?:no more than|not more than|up to|at most|within|less than|fewer than|maximum of|"
        rf"max\.?)\s+{_N}\s+years?\s+(?:after|since|of|from|following|post)\b[^.;]{{0,50}}?"
        rf"{_DOCTORATE}"
    ),
    re.compile(rf"{_DOCTORATE}[^.;]{{0,60}}?\b(?:within|in) the (?:last|past|previous) {_N} years"),
    re.compile(rf"{_N}\s+years?\s+(?:or less|at most|maximum)\s+(?:after|since)[^.;]{{0,40}}?{_DOCTORATE}"),
    re.compile(rf"(?:up to|no more than)\s+{_N}\s+years?\s+post-?\s?(?:ph\.? ?d|doctora)"),
    re.compile(rf"не более\s+{_N}\s+лет\s+(?:после|с момента|со дня)[^.;]{{0,60}}?{_DOCTORATE}"),
    re.compile(rf"{_DOCTORATE}[^.;]{{0,60}}?прошло не более\s+{_N}\s+лет"),
    re.compile(rf"{_DOCTORATE}[^.;]{{0,60}}?не ранее(?: чем)?\s+(?:за\s+)?{_N}\s+лет"),
    re.compile(
        rf"{_DOCTORATE}[^.;]{{0,80}}?\b{_N}\s+yil(?:dan)?\s+(?:oshmagan|ko'p bo'lmagan|"
        r"ortiq bo'lmagan|ko'p vaqt o'tmagan|o'tmagan)"
    ),
)
_DEGREES = (
    ("doctorate", r"ph\.? ?d\b|doctorate|doctoral degree|кандидат\w* наук|степен\w* (?:phd|доктора)|"
     r"доктор\w* (?:наук|философии)|falsafa doktori|fan nomzodi|phd darajasi|doktorlik darajasi"),
    ("master", r"master'?s?\b|m\.? ?sc\b|магистр\w*|magistr\w*"),
    ("bachelor", r"bachelor'?s?\b|undergraduate degree|first degree|бакалавр\w*|bakalavr\w*"),
)  # fmt: skip
# A degree word naming studies, not a degree held ("with master students", "PhD programme").
_NOT_HELD = (
    r"(?!\s*(?:students?|programm?e?s?|courses?|studies|study|scholarships?|thesis|level|"
    r"candidates?|positions?|mentors?|supervisors?|schools?|researchers?|fellows?|студент\w*|программ\w*|talaba\w*|dastur\w*))"
)
_DEGREE = "|".join(f"(?P<{name}>(?:{pattern}){_NOT_HELD})" for name, pattern in _DEGREES)
_HOLD = (
    r"\b(?:hold|holds|holding|holders? of|have|has|having|possess\w*|obtained|completed|earned|"
    r"been awarded|require[sd]?|requiring|graduates? (?:of|with)|"
    r"(?:applicants?|candidates?|students?|researchers?|scientists?|those|persons|individuals) with)\b|"
    r"(?:requirements?|eligibility|qualifications?|требования|talablar|talab)\s*:|"
    r"имеющ\w*|облада\w*|налич\w*|с дипломом|со? степенью|получивш\w*|окончивш\w*|"
    r"требуется|необходим\w*|должны иметь|выпускник\w*"
)
_HOLD_BEFORE = re.compile(rf"(?:{_HOLD})[^.;]{{0,45}}?(?:{_DEGREE})")
_HOLD_AFTER = re.compile(
    rf"(?:{_DEGREE})[^.;]{{0,30}}?(?:\bdegree (?:is )?required|\bholders\b|\bgraduates\b|"
    r"\bis required|\bor equivalent is required|diplom\w* (?:ega|bor|talab)|darajasiga ega|"
    r"daraja\w* (?:ega|talab)|\bega\b|tamomlagan|bitiruvchi\w*|диплом\w*)"
)
_SOON = re.compile(
    r"will (?:soon )?(?:hold|have|obtain|complete|receive|be awarded)|expect\w* to (?:hold|obtain|"
    r"complete|receive|graduate)|about to|due to (?:complete|graduate)|soon to|"
    r"before the start|by the start|in the final year|final[- ]year|"
    r"завершающ\w*|заканчивающ\w*|получающ\w*|получат|до начала|выпускного курса|"
    r"tamomlaydigan|tamomlayotgan|yakunlaydigan|yakunlayotgan|bitiruvchi kurs"
)
_FINAL_YEAR = (
    (re.compile(
        r"(?:final|last|graduating)[- ]year (?:of (?:a |their |the )?)?(?:bachelor|undergraduate)|"
        r"(?:bachelor|undergraduate)\w*(?: degree)? students? (?:in|of) (?:their|the) (?:final|last) year|"
        r"graduating (?:bachelor|undergraduate|seniors)|"
        r"(?:последнего|выпускного|четв[её]ртого|4-го) курса бакалавриат\w*|"
        r"бакалавриат\w* (?:последнего|выпускного) курса|"
        r"bakalavr\w* (?:bitiruvchi|oxirgi|so'nggi|4-) ?kurs|"
        r"(?:bitiruvchi|oxirgi|so'nggi) kurs bakalavr\w*"
    ), "bachelor"),
    (re.compile(
        r"(?:final|last)[- ]year (?:of (?:a |their |the )?)?master|"
        r"(?:последнего|выпускного) курса магистратур\w*|magistratura\w* (?:bitiruvchi|oxirgi) kurs"
    ), "master"),
)  # fmt: skip
_GRADUATES_TOO = re.compile(r"recent graduates|or graduates|и выпускник|и недавних выпускник|va bitiruvchi")
_R_RANGE = re.compile(r"\br\s?([1-4])\s*(?:[-–—]|to|and|or|,|/|или|и|va|yoki)\s*r\s?([1-4])\b")
_R_ONE = re.compile(r"\br([1-4])\b")
_R_CONTEXT = re.compile(r"research|career|profile|stage|исследовател|учен|tadqiqotchi|olim")
_R_WORDS = (
    ("R1", r"first[- ]stage researcher|исследовател\w* начального этапа"),
    ("R2", r"recogni[sz]ed researcher|признанн\w* исследовател"),
    ("R3", r"established researcher|состоявш\w* исследовател"),
    ("R4", r"leading researcher|ведущ\w* исследовател"),
)


def find_stage(text: object, title: object = "") -> StageRequirement:
    """Stage conditions the call sets for applicants (empty when none); never raises."""
    try:
        return _find(str(text or ""), str(title or ""))
    except Exception:  # never crash a crawl on odd input
        return StageRequirement()


def _find(text: str, title: str) -> StageRequirement:
    holds = soon = None
    current: tuple[str, ...] = ()
    final_year = False
    max_years = None
    profiles: tuple[str, ...] = ()
    evidence: str | None = None
    for sentence in [*sentences(title), *sentences(text)]:
        folded = fold(sentence)
        found = False
        if max_years is None:
            max_years = _years_since(folded)
            found |= max_years is not None
        if not current:
            for pattern, level in _FINAL_YEAR:
                if pattern.search(folded):
                    if _GRADUATES_TOO.search(folded):
                        holds, soon = holds or level, True
                    else:
                        current, final_year = (level,), True
                    found = True
                    break
        if holds is None and not (found and current):
            degree = _degree_held(folded)
            if degree:
                holds, soon, found = degree, bool(_SOON.search(folded)), True
        if not profiles:
            profiles = _researcher_profiles(folded)
            found |= bool(profiles)
        if found and evidence is None:
            evidence = sentence
    if not (holds or current or max_years is not None or profiles):
        return StageRequirement()
    language = detect_language(evidence) if evidence else None
    return StageRequirement(
        holds=holds,
        soon=bool(soon),
        current=current,
        final_year=final_year,
        max_years_since_doctorate=max_years,
        researcher_profiles=profiles,
        evidence=Evidence(" ".join(evidence.split())[:240], language) if evidence else None,
    )


def _years_since(folded: str) -> int | None:
    for pattern in _YEARS_SINCE:
        match = pattern.search(folded)
        if match:
            raw = match.group("n")
            value = int(raw) if raw.isdigit() else _NUMBERS.get(raw)
            if value is not None and 0 < value <= 20:
                return value
    return None


def _degree_held(folded: str) -> str | None:
    # "master's programme for bachelor's degree holders": the degree next to the verb counts.
    for pattern in (_HOLD_BEFORE, _HOLD_AFTER):
        for match in pattern.finditer(folded):
            for name, _ in _DEGREES:
                if match.group(name):
                    return name
    return None


def _researcher_profiles(folded: str) -> tuple[str, ...]:
    ranged = _R_RANGE.search(folded)
    if ranged and _R_CONTEXT.search(folded):
        low, high = sorted((int(ranged.group(1)), int(ranged.group(2))))
        return tuple(f"R{i}" for i in range(low, high + 1))
    named = tuple(name for name, pattern in _R_WORDS if re.search(pattern, folded))
    if named:
        return named
    if _R_CONTEXT.search(folded):
        return tuple(dict.fromkeys(f"R{m}" for m in _R_ONE.findall(folded)))
    return ()
