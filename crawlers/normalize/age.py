"""Age limits ("under 35", "не старше 30 лет", "35 yoshgacha") as inclusive minimum/maximum."""

import re
from dataclasses import dataclass

from crawlers.normalize.text import fold

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
_AGE_WORD = re.compile(r"\bage|\baged|years? old|yrs|возраст|лет|yosh|ёш|older|younger|under")


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
