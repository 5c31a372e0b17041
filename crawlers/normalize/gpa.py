"""Minimum grade point average ("GPA of at least 3.0/4.0", "средний балл не ниже 4,5")."""

import re
from dataclasses import dataclass

from crawlers.normalize.text import fold

_GPA = re.compile(
    r"(?:\bc?gpa\b|grade point average|средн\w+ балл\w*|o'rtacha ball\w*|ўртача балл\w*)"
    r"[^\d\n;]{0,40}?(?P<value>\d{1,3}(?:[.,]\d{1,2})?)"
    r"(?:\s*(?:/|out of|из|dan)\s*(?P<scale>\d{1,3}(?:[.,]\d)?))?"
)


@dataclass(frozen=True, slots=True)
class GpaRequirement:
    """A minimum GPA and the scale it is on (None when the text does not say)."""

    minimum: float
    scale: float | None = None


def find_min_gpa(text: object) -> GpaRequirement | None:
    """The minimum GPA a call asks for, else None; never raises."""
    try:
        match = _GPA.search(fold(text))
    except Exception:  # never crash a crawl on odd input
        return None
    if not match:
        return None
    value = float(match.group("value").replace(",", "."))
    scale = float(match.group("scale").replace(",", ".")) if match.group("scale") else None
    if scale is not None and not value <= scale:
        return None
    if scale is None and value > 5:
        return None  # 0-100 or 0-20 scales need their scale written to be read safely
    return GpaRequirement(value, scale)
