"""Language test minimums (IELTS, TOEFL, Duolingo, PTE, CEFR levels) written in en/ru/uz text."""

import re

from crawlers.normalize.text import fold

_NUMBER = r"(\d{1,3}(?:[.,]\d)?)"
# Test -> (pattern up to its score, lowest and highest valid score).
_TESTS: dict[str, tuple[re.Pattern[str], float, float]] = {
    "IELTS": (re.compile(rf"\bielts\b[^\d\n;]{{0,40}}?{_NUMBER}"), 1, 9),
    "TOEFL iBT": (re.compile(rf"\btoefl\b(?: ?ibt)?[^\d\n;]{{0,40}}?{_NUMBER}"), 0, 120),
    "TOEFL PBT": (
        re.compile(rf"\btoefl\b(?: ?pbt| ?itp| ?paper)[^\d\n;]{{0,40}}?{_NUMBER}"), 310, 677
    ),
    "Duolingo": (re.compile(rf"\bduolingo\b[^\d\n;]{{0,40}}?{_NUMBER}"), 10, 160),
    "PTE": (re.compile(rf"\bpte\b(?: academic)?[^\d\n;]{{0,40}}?{_NUMBER}"), 10, 90),
}
_CEFR = re.compile(r"(?<![\w])([abc][12])(?![\w])(?:\s*(?:level|уровень|уровня|daraja\w*))?")
_LANGUAGES: tuple[tuple[str, str], ...] = (
    ("en", r"english|английск|ingliz|инглиз"), ("de", r"german|немецк|nemis|немис"),
    ("fr", r"french|французск|fransuz"), ("ru", r"russian|русск|rus tili"),
    ("es", r"spanish|испанск|ispan"), ("it", r"italian|итальянск|italyan"),
    ("zh", r"chinese|китайск|xitoy"), ("ja", r"japanese|японск|yapon"),
    ("ko", r"korean|корейск|koreys"), ("tr", r"turkish|турецк|turk tili"),
    ("uz", r"uzbek|узбекск|o'zbek tili"),
)
_CEFR_CONTEXT = re.compile(r"cefr|level|уровень|уровня|daraja|proficien|language|язык|til")


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
    if "TOEFL PBT" in found and found.get("TOEFL iBT") == found["TOEFL PBT"]:
        del found["TOEFL iBT"]  # "TOEFL PBT 550" was read by both patterns
    for match in _CEFR.finditer(folded):
        window = folded[max(0, match.start() - 40):match.end() + 40]
        if not _CEFR_CONTEXT.search(window):
            continue  # "A1" alone may be a room, a grade or a paper size
        language = next((code for code, p in _LANGUAGES if re.search(p, window)), None)
        key = f"CEFR-{language}" if language else "CEFR"
        found.setdefault(key, match.group(1).upper())
    return found
