"""Parsers for the numbers eligibility compares: GPAs, language-test results, CEFR levels."""

from __future__ import annotations

import math
import re

from domain.language_levels import (
    CEFR_VALUE,
    LANGUAGE_NAMES,
    SCORE_TABLE,
    TEST_LANGUAGE,
    cefr_value,
    language_code,
    level_of_score,
    score_band,
    test_key,
)

CEFR = CEFR_VALUE
_CEFR_NAMES = {v: k for k, v in CEFR.items()}
# How a requirement or a held score is named in a reason: the test, else the language.
_SHOWN_TESTS = {"TOEFL iBT": "TOEFL"}


def test_name(name: str) -> str:
    """Canonical key: "toefl iBT" -> "TOEFL iBT", "English"/"CEFR-en"/"английский" -> "English";
    other names upper-cased with spaces removed (a test we do not know is still compared
    with the same test in a profile)."""
    test = test_key(name)
    if test is not None:
        return test
    code = language_code(name)
    if code is not None and name.strip().upper() != "CEFR":
        return LANGUAGE_NAMES[code]
    return re.sub(r"[\s_\-]+", "", name.strip().upper())


def test_value(value: object) -> float:
    """A score as a number: 6.5 -> 6.5, "90" -> 90.0, "B2" -> 4.0 (CEFR); NaN when unreadable."""
    if isinstance(value, bool):
        return math.nan
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip().upper()
        if text in CEFR:
            return CEFR[text]
        try:
            return float(text.replace(",", "."))
        except ValueError:
            level = cefr_value(text)  # "C1 Advanced", "B2 (CEFR)"
            return level if level is not None else math.nan
    return math.nan


def profile_tests(raw: dict | None) -> dict[str, float]:
    """A profile's ``language_tests`` as canonical key -> number, with English CEFR derived
    from the scored tests (``domain.language_levels``) when the profile does not state it."""
    tests: dict[str, float] = {}
    for name, value in (raw or {}).items():
        key = test_name(str(name))
        number = test_value(value)
        if math.isnan(number):
            continue
        if key in SCORE_TABLE and isinstance(value, str) and value.strip().upper() in CEFR:
            key = LANGUAGE_NAMES[TEST_LANGUAGE[key]]  # {"IELTS": "B2"} states a level
        tests[key] = number
    derived = [
        level
        for test in SCORE_TABLE
        if test in tests
        for level in [level_of_score(test, tests[test])]
        if level is not None
    ]
    if derived and "English" not in tests:
        tests["English"] = max(derived)
    return tests


def held_interval(held: dict[str, float], required: str) -> tuple[float, float] | None:
    """What a person's results say about ``required`` (a test or a language), as the lowest
    and highest value on its scale they can be: exact when they hold it, a CEFR band through
    the table otherwise; None when nothing is known."""
    if required in held:
        return held[required], held[required]
    if required in SCORE_TABLE:
        level = held.get(LANGUAGE_NAMES[TEST_LANGUAGE[required]])
        return score_band(required, level) if level is not None else None
    return None


def format_test(name: str, value: float) -> str:
    """Human form of a requirement: ("IELTS", 6.5) -> "IELTS 6.5", ("German", 4) -> "German B2"."""
    if name not in SCORE_TABLE and value in _CEFR_NAMES:
        shown = name.title() if name.isupper() else name
        return f"{shown} {_CEFR_NAMES[value]}"
    return f"{_SHOWN_TESTS.get(name, name)} {value:g}"


_FRACTION = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:/|out of|из|dan)\s*(\d+(?:[.,]\d+)?)\s*$", re.I)


def gpa_fraction(value: object) -> float:
    """A GPA as a fraction of the scale's maximum: "3.6/4" -> 0.9, "85/100" -> 0.85.

    A bare number is read on the usual scale it fits (<=1 fraction, <=4, <=5, <=10, <=100);
    NaN when unreadable, so the match is flagged "check eligibility" instead of passed.
    """
    if isinstance(value, bool) or value is None:
        return math.nan
    if isinstance(value, str):
        match = _FRACTION.match(value)
        if match:
            got, top = (float(g.replace(",", ".")) for g in match.groups())
            return got / top if top > 0 and got <= top else math.nan
        try:
            value = float(value.replace(",", "."))
        except ValueError:
            return math.nan
    if not isinstance(value, int | float) or value < 0:
        return math.nan
    for scale in (1.0, 4.0, 5.0, 10.0, 100.0):
        if value <= scale:
            return float(value) / scale
    return math.nan
