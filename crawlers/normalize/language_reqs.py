"""Language test minimums (IELTS, TOEFL, Duolingo, PTE, Cambridge, TOEIC, CEFR levels) in en/ru/uz.

Keys are the canonical ones of ``domain.language_levels``: a scored test's name ("IELTS",
"TOEFL iBT", "TOEFL ITP") or a language's English name with a CEFR level ("English": "B2");
"CEFR" alone when the text does not say which language.
"""

import re

from crawlers.normalize.text import detect_language, fold, sentences
from domain.language_levels import LANGUAGE_NAMES, LANGUAGE_STEMS, LEVEL_CERTIFICATES
from domain.requirements import Evidence, LanguageRequirement, language_requirement

_NUMBER = r"(\d{1,3}(?:[.,]\d)?)"
# Test -> (pattern up to its score, lowest and highest valid score).
_TESTS: dict[str, tuple[re.Pattern[str], float, float]] = {
    "IELTS": (re.compile(rf"\bielts\b[^\d\n;]{{0,40}}?{_NUMBER}"), 1, 9),
    "TOEFL iBT": (re.compile(rf"\btoefl\b(?: ?ibt)?[^\d\n;]{{0,40}}?{_NUMBER}"), 0, 120),
    "TOEFL ITP": (
        re.compile(rf"\btoefl\b(?: ?pbt| ?itp| ?paper)[^\d\n;]{{0,40}}?{_NUMBER}"), 310, 677
    ),
    "Duolingo": (re.compile(rf"\bduolingo\b[^\d\n;]{{0,40}}?{_NUMBER}"), 10, 160),
    "PTE": (re.compile(rf"\bpte\b(?: academic)?[^\d\n;]{{0,40}}?{_NUMBER}"), 10, 90),
    "Cambridge": (
        re.compile(rf"cambridge english scale[^\d\n;]{{0,40}}?{_NUMBER}"), 80, 230
    ),
    "TOEIC": (re.compile(rf"\btoeic\b[^\d\n;]{{0,40}}?{_NUMBER}"), 10, 990),
}
_CEFR = re.compile(r"(?<![\w])([abc][12])(?![\w])(?:\s*(?:level|уровень|уровня|daraja\w*))?")
_CEFR_CONTEXT = re.compile(
    r"cefr|level|уровень|уровня|уровне|daraja|proficien|language|язык|til|certificate|"
    r"сертификат|sertifikat|zertifikat|goethe|delf|dalf|dele|torfl|трки|english|англ|ingliz|инглиз|german|немец|nemis|french|француз|russian|русск"
)


def find_language_requirements(text: object) -> dict[str, float | str]:
    """Minimum scores such as {"IELTS": 6.5, "TOEFL iBT": 90, "CEFR-de": "B1"}; never raises."""
    try:
        return _find(fold(text))
    except Exception:  # never crash a crawl on odd input
        return {}


def _find(folded: str) -> dict[str, float | str]:
    found: dict[str, float | str] = {}
    for test, (pattern, low, high) in _TESTS.items():
        for match in pattern.finditer(folded):
            value = float(match.group(1).replace(",", "."))
            if low <= value <= high:
                whole = value.is_integer() and test != "IELTS"
                found.setdefault(test, int(value) if whole else value)
                break
    if "TOEFL ITP" in found and found.get("TOEFL iBT") == found["TOEFL ITP"]:
        del found["TOEFL iBT"]  # "TOEFL PBT 550" was read by both patterns
    if isinstance(found.get("TOEFL iBT"), int | float) and found["TOEFL iBT"] > 120:
        del found["TOEFL iBT"]
    for match in _CEFR.finditer(folded):
        window = folded[max(0, match.start() - 40):match.end() + 40]
        if not _CEFR_CONTEXT.search(window):
            continue  # "A1" alone may be a room, a grade or a paper size
        language = _language_near(folded, match.start(), match.end())
        key = LANGUAGE_NAMES[language] if language else "CEFR"
        found.setdefault(key, match.group(1).upper())
    return found


def _language_near(folded: str, start: int, end: int) -> str | None:
    """The language named closest to a CEFR level (within 40 characters either side)."""
    best: tuple[int, str] | None = None
    for code, stems in (*LANGUAGE_STEMS, *LEVEL_CERTIFICATES):
        for match in re.finditer(stems, folded[max(0, start - 40):end + 40]):
            at = match.start() + max(0, start - 40)
            stop = match.end() + max(0, start - 40)
            distance = start - stop if at < start else at - end
            if stems.endswith(r"\bcefr\b") and code == "en":
                continue  # "CEFR" itself names no language
            if best is None or distance < best[0]:
                best = (distance, code)
    return best[1] if best else None


def find_language_requirement_items(
    text: object,
) -> tuple[tuple[LanguageRequirement, ...], Evidence | None]:
    """The typed alternatives and the first sentence that states one; never raises."""
    try:
        found = find_language_requirements(text)
        if not found:
            return (), None
        items = tuple(r for r in (language_requirement(k, v) for k, v in found.items()) if r)
        evidence = next(
            (s for s in sentences(str(text)) if find_language_requirements(s)), None
        )
    except Exception:  # never crash a crawl on odd input
        return (), None
    if evidence is None:
        return items, None
    return items, Evidence(" ".join(evidence.split())[:240], detect_language(evidence))
