"""One table relating CEFR levels to language-test scores, and the names of languages and tests.

Each row gives the LOWEST score of a test that shows a CEFR level (a score at or above the
bound and below the next one is at that level). Origins (publishers' own alignment tables,
as published in 2023-2025; rounded to the score steps the tests report):

- IELTS (Academic/General, overall band): IELTS partners, "IELTS and the CEFR"
  (ielts.org): B1 4.0, B2 5.5, C1 7.0, C2 8.5.
- TOEFL iBT (0-120 total): ETS, "Mapping the TOEFL iBT test on the CEFR" (Papageorgiou,
  Tannenbaum, Bridgeman & Cho 2015; ets.org/toefl score-users page): A2 ~ not reported,
  B1 42, B2 72, C1 95, C2 114.
- TOEFL ITP / paper-based (310-677): ETS, "TOEFL ITP score descriptors and CEFR": A2 337,
  B1 460, B2 543, C1 627.
- Duolingo English Test (10-160): Duolingo, "DET score interpretation guide"
  (englishtest.duolingo.com/scores): A2 60, B1 85, B2 100, C1 130, C2 155 (approximate).
- PTE Academic (10-90): Pearson, "PTE Academic score guide" (2023): A2 30, B1 43, B2 59,
  C1 76, C2 85.
- Cambridge English Scale (C2 Proficiency, C1 Advanced, B2 First...; 80-230): Cambridge
  University Press & Assessment, "Cambridge English Scale": A2 120, B1 140, B2 160, C1 180,
  C2 200.
- TOEIC Listening & Reading (10-990): ETS, "Mapping the TOEIC tests on the CEFR" (Tannenbaum
  & Wylie 2019): A2 225, B1 550, B2 785, C1 945.

A concordance is an approximation: when a score's level straddles a requirement in another
test (English B2 against "TOEFL iBT 80"), the matcher says "check", never "met" or "not met".
"""

from __future__ import annotations

import re

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
CEFR_VALUE = {name: float(i + 1) for i, name in enumerate(CEFR_LEVELS)}  # A1 1 ... C2 6

# Test -> (lowest and highest possible score, lowest score per CEFR value 2..6 or None).
SCORE_TABLE: dict[str, tuple[float, float, dict[float, float]]] = {
    "IELTS": (0, 9, {3.0: 4.0, 4.0: 5.5, 5.0: 7.0, 6.0: 8.5}),
    "TOEFL iBT": (0, 120, {3.0: 42, 4.0: 72, 5.0: 95, 6.0: 114}),
    "TOEFL ITP": (310, 677, {2.0: 337, 3.0: 460, 4.0: 543, 5.0: 627}),
    "Duolingo": (10, 160, {2.0: 60, 3.0: 85, 4.0: 100, 5.0: 130, 6.0: 155}),
    "PTE": (10, 90, {2.0: 30, 3.0: 43, 4.0: 59, 5.0: 76, 6.0: 85}),
    "Cambridge": (80, 230, {2.0: 120, 3.0: 140, 4.0: 160, 5.0: 180, 6.0: 200}),
    "TOEIC": (10, 990, {2.0: 225, 3.0: 550, 4.0: 785, 5.0: 945}),
}
# Every scored test above measures English.
TEST_LANGUAGE = dict.fromkeys(SCORE_TABLE, "en")

# Language code -> its English name (the stored key), and the stems that name it in en/ru/uz.
LANGUAGE_NAMES = {
    "en": "English", "ru": "Russian", "de": "German", "fr": "French", "es": "Spanish",
    "it": "Italian", "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "tr": "Turkish",
    "uz": "Uzbek", "ar": "Arabic", "pt": "Portuguese", "pl": "Polish", "cs": "Czech",
    "hu": "Hungarian", "nl": "Dutch",
}  # fmt: skip
LANGUAGE_STEMS: tuple[tuple[str, str], ...] = (
    ("en", r"english|англ|ingliz|инглиз"), ("ru", r"russian|русск|rus tili|рус тили"),
    ("de", r"german|deutsch|немецк|nemis|немис"), ("fr", r"french|français|французск|fransuz"),
    ("es", r"spanish|испанск|ispan"), ("it", r"italian|итальянск|italyan"),
    ("zh", r"chinese|mandarin|китайск|xitoy"), ("ja", r"japanese|японск|yapon"),
    ("ko", r"korean|корейск|koreys"), ("tr", r"turkish|турецк|turk tili|turk"),
    ("uz", r"uzbek|узбекск|o'zbek|ўзбек"), ("ar", r"arabic|арабск|arab tili"),
    ("pt", r"portuguese|португальск|portugal tili"), ("pl", r"polish|польск|polyak"),
    ("cs", r"czech|чешск|chex"), ("hu", r"hungarian|венгерск|venger"),
    ("nl", r"dutch|нидерландск|голландск|niderland"),
)  # fmt: skip
# Certificates that state a CEFR level of one language ("Goethe-Zertifikat B2", "DELF B2").
LEVEL_CERTIFICATES: tuple[tuple[str, str], ...] = (
    ("de", r"goethe|testdaf|telc deutsch|dsh"), ("fr", r"delf|dalf|tcf|tef"),
    ("es", r"dele|siele"), ("ru", r"torfl|трки|теу|ткря"), ("it", r"cils|celi|plida"),
    ("en", r"cambridge|cae|cpe|fce|\bket\b|\bpet\b|linguaskill|aptis|\bcefr\b"),
)  # fmt: skip

_TEST_ALIASES = {
    "IELTS": "IELTS", "IELTSACADEMIC": "IELTS", "IELTSGENERAL": "IELTS", "IELTSUKVI": "IELTS",
    "TOEFL": "TOEFL iBT", "TOEFLIBT": "TOEFL iBT", "IBT": "TOEFL iBT", "TOEFLHOMEEDITION": "TOEFL iBT",
    "TOEFLITP": "TOEFL ITP", "TOEFLPBT": "TOEFL ITP", "ITP": "TOEFL ITP", "PBT": "TOEFL ITP",
    "DUOLINGO": "Duolingo", "DET": "Duolingo", "DUOLINGOENGLISHTEST": "Duolingo",
    "PTE": "PTE", "PTEACADEMIC": "PTE", "CAMBRIDGE": "Cambridge", "CAMBRIDGEENGLISH": "Cambridge",
    "CAMBRIDGEENGLISHSCALE": "Cambridge", "CAE": "Cambridge", "CPE": "Cambridge",
    "FCE": "Cambridge", "TOEIC": "TOEIC",
}  # fmt: skip


def language_code(name: str) -> str | None:
    """"English", "английский", "ingliz tili", "CEFR-en", "en" -> "en"; None when not a language."""
    text = name.strip().casefold()
    if text.startswith("cefr-"):
        text = text[5:]
    if text in LANGUAGE_NAMES:
        return text
    for code, stems in LANGUAGE_STEMS:
        if re.search(stems, text):
            return code
    for code, stems in LEVEL_CERTIFICATES:
        if re.search(stems, text) and text not in ("cambridge", "cae", "cpe", "fce"):
            return code
    return None


def test_key(name: str) -> str | None:
    """Canonical scored-test name ("toefl ibt" -> "TOEFL iBT"), else None."""
    key = re.sub(r"[\s_\-.]+", "", name.strip().upper())
    return _TEST_ALIASES.get(key)


def cefr_value(value: object) -> float | None:
    """"B2" / "b2" / "B2 level" -> 4.0; None when not a CEFR level."""
    if not isinstance(value, str):
        return None
    match = re.search(r"(?<![A-Za-z])([ABCabc][12])(?!\d)", value)
    return CEFR_VALUE[match.group(1).upper()] if match else None


def cefr_name(value: float) -> str:
    """4.0 -> "B2"."""
    return CEFR_LEVELS[round(value) - 1]


def level_of_score(test: str, score: float) -> float | None:
    """The CEFR value a score shows (IELTS 6.5 -> 4.0 = B2); None below the table."""
    bounds = SCORE_TABLE[test][2]
    reached = [level for level, low in bounds.items() if score >= low - 1e-9]
    return max(reached) if reached else None


def score_band(test: str, level: float) -> tuple[float, float]:
    """Scores of ``test`` that show CEFR ``level``: (lowest, highest); NaN-free, clipped to
    the test's scale. A level below the table's first row has (scale minimum, first bound)."""
    low_scale, high_scale, bounds = SCORE_TABLE[test]
    low = bounds.get(level)
    if low is None:
        low = low_scale if level < min(bounds) else max(bounds.values())
    higher = [b for lv, b in bounds.items() if lv > level]
    high = min(higher) - 1e-6 if higher else high_scale
    return float(low), float(high)
