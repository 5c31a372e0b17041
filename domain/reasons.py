"""The reason vocabulary: each reason is a code with parameters, rendered where it is shown.

The matcher says *what* holds (``Reason("country.listed", {"country": "UZ", ...})``); the
surfaces (digests, feeds, calendars, web, CLI, export) render it in the reader's language
from the catalogues in ``feeds/locale``. Parameters are JSON values only (stored as is):
country codes are ISO 3166 alpha-2, levels and kinds are vocabulary values, ``quote`` is the
call's own sentence in its own language, never translated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# code → the parameters it carries (every one always present; ``None`` when not applicable).
CODES: dict[str, tuple[str, ...]] = {
    # why relevant
    "recommended": (),
    "interests": ("phrases",),
    "meaning": (),
    "publication": ("title",),
    "publication_meaning": ("title",),
    "no_interests": (),
    # nationality, residence, employer (rule: citizens | residents | either)
    "country.listed": ("rule", "country", "quote"),
    "country.any": ("quote",),
    "country.unstated": (),
    "country.no_profile": ("rule", "countries"),
    "country.unreadable": ("quote",),
    "country.open_list": ("countries", "quote"),  # "such as A, B": examples, yours not named
    "residence.unknown": ("countries", "quote"),
    "residence.ok": ("country", "quote"),
    "employer.unknown": ("countries", "quote"),
    "employer.ok": ("country", "quote"),
    # applicant type, level, career stage
    "institution_call": ("quote",),
    "level.check_role": ("levels", "role", "quote"),
    "level.match": ("levels",),
    "stage.check": ("holds", "soon", "current", "final_year", "years", "profiles", "quote"),
    # age (lo/hi: numbers or None; born: ISO day; reference: application | year_end | ISO day)
    "age.ok": ("lo", "hi", "born", "reference", "quote"),
    "age.unknown": ("lo", "hi", "born", "reference", "quote"),
    # language: asked/shown/mine are [name, level] pairs ("English", "B2") / ("IELTS", "6.5")
    "language.ok": ("asked", "shown", "quote"),
    "language.none": ("asked", "quote"),
    "language.near": ("asked", "mine", "test", "low", "top", "quote"),
    # GPA (need: fraction of the scale's maximum)
    "gpa.ok": ("gpa", "need", "quote"),
    "gpa.missing": ("need", "quote"),
    "gpa.unreadable": ("need", "gpa", "quote"),
    # the same for everyone shown the call
    "deadline": ("days",),
    "host_rank": ("rank", "system", "year"),
    "fully_funded": (),
    "featured": (),
    "wanted_kind": ("kind",),
    "preferred_country": ("country",),
    "lowered": (),
    # a reason stored as plain text by an older version: shown as written
    "text": ("text",),
}
# Country rules of "country.listed" / "country.no_profile", by the matcher's rule number.
RULES = ("citizens", "residents", "either")


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason: a code of ``CODES`` and its parameters."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


def reason(code: str, **params: Any) -> Reason:
    """A reason, checked against the vocabulary (a typo is a bug, not a silent English text)."""
    expected = CODES.get(code)
    if expected is None:
        raise ValueError(f"unknown reason code {code!r}")
    if set(params) != set(expected):
        raise ValueError(f"reason {code!r} takes {expected}, got {tuple(sorted(params))}")
    return Reason(code, params)


def from_json(value: Any) -> Reason:
    """A stored reason: ``{"code", "params"}``; a plain string (older rows) becomes "text"."""
    if isinstance(value, str):
        return Reason("text", {"text": value})
    if isinstance(value, dict) and value.get("code") in CODES:
        params = value.get("params")
        return Reason(value["code"], dict(params) if isinstance(params, dict) else {})
    return Reason("text", {"text": str(value)})
