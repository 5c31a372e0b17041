"""Parsers for the numbers eligibility compares: GPAs, language-test results, CEFR levels."""

from __future__ import annotations

import math
import re

CEFR = {"A1": 1.0, "A2": 2.0, "B1": 3.0, "B2": 4.0, "C1": 5.0, "C2": 6.0}
_CEFR_NAMES = {v: k for k, v in CEFR.items()}
# Tests reported as numbers; anything else with a value 1..6 is a language at a CEFR level.
_SCORED_TESTS = frozenset({"IELTS", "TOEFL", "TESTDAF", "DUOLINGO", "PTE", "GRE", "GMAT", "SAT"})
# Test names people write differently; keys are upper-cased with spaces removed.
_TEST_ALIASES = {
    "TOEFLIBT": "TOEFL",
    "IBT": "TOEFL",
    "IELTSACADEMIC": "IELTS",
    "ENGLISH": "ENGLISH",
    "АНГЛИЙСКИЙ": "ENGLISH",
    "INGLIZ": "ENGLISH",
    "РУССКИЙ": "RUSSIAN",
    "RUS": "RUSSIAN",
    "DEUTSCH": "GERMAN",
    "НЕМЕЦКИЙ": "GERMAN",
    "TESTDAF": "TESTDAF",
}
# Lower bounds of the CEFR level an English test score shows (published concordance tables,
# rounded). Lets "English B2" be met by an IELTS score without asking the person twice.
_IELTS_CEFR = ((8.5, 6.0), (7.0, 5.0), (5.5, 4.0), (4.0, 3.0))
_TOEFL_CEFR = ((114, 6.0), (95, 5.0), (72, 4.0), (42, 3.0))


def test_name(name: str) -> str:
    """Canonical test key: "toefl iBT" -> "TOEFL", "English" -> "ENGLISH"."""
    key = re.sub(r"[\s_\-]+", "", name.strip().upper())
    return _TEST_ALIASES.get(key, key)


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
            return math.nan
    return math.nan


def profile_tests(raw: dict | None) -> dict[str, float]:
    """A profile's ``language_tests`` as canonical key -> number, with English CEFR derived."""
    tests: dict[str, float] = {}
    for name, value in (raw or {}).items():
        number = test_value(value)
        if not math.isnan(number):
            tests[test_name(str(name))] = number
    derived = [
        cefr
        for key, table in (("IELTS", _IELTS_CEFR), ("TOEFL", _TOEFL_CEFR))
        if key in tests
        for bound, cefr in table
        if tests[key] >= bound
    ]
    if derived and "ENGLISH" not in tests:
        tests["ENGLISH"] = max(derived)
    return tests


def format_test(name: str, value: float) -> str:
    """Human form of a requirement: ("IELTS", 6.5) -> "IELTS 6.5", ("GERMAN", 4) -> "German B2"."""
    if name not in _SCORED_TESTS and value in _CEFR_NAMES:
        return f"{name.title()} {_CEFR_NAMES[value]}"
    return f"{name} {value:g}"


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
