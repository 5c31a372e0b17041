"""Typed applicant requirements of a call: career stage, age, language, GPA, with evidence.

The normaliser builds these from text and writes them with ``write_requirements``; the matcher
reads them with ``read_requirements``. Nobody else reads or writes the ``details`` keys below,
so how they are stored can change in one place.

``details`` keys written (present only when known):
- ``min_age``/``max_age`` (inclusive), ``age_reference`` ("deadline", "application",
  "year_end" or an ISO date), ``born_on_or_after`` (ISO date);
- ``language_requirements``: alternatives, test or language name -> minimum, e.g.
  ``{"IELTS": 6.5, "TOEFL iBT": 90, "English": "C1", "German": "B1"}``;
- ``min_gpa``, ``min_gpa_scale``;
- ``stage``: ``{"holds": "master", "soon": true, "current": ["bachelor"], "final_year": true,
  "max_years_since_doctorate": 7, "researcher_profiles": ["R1", "R2"]}``;
- ``requirement_evidence``: {"age"|"language"|"level"|"gpa": {"text": ..., "language": ...}}.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.language_levels import CEFR_VALUE, LANGUAGE_NAMES, cefr_value, language_code, test_key

DEGREE_RANK = {"bachelor": 1, "master": 2, "doctorate": 3}
AGE_REFERENCES = ("deadline", "application", "year_end")


@dataclass(frozen=True, slots=True)
class Evidence:
    """The sentence a requirement was read from, and its language ("en", "ru", "uz")."""

    text: str
    language: str | None = None


@dataclass(frozen=True, slots=True)
class StageRequirement:
    """Who may apply by career stage.

    ``holds``: the lowest degree an applicant must already hold ("bachelor", "master",
    "doctorate"); ``soon``: or will complete it before the start. ``current``: the levels
    (domain.vocabulary.Level values) an applicant must be at now, e.g. ("bachelor",) with
    ``final_year`` for "final-year bachelor students". ``max_years_since_doctorate``: N in
    "no more than N years after the doctorate". ``researcher_profiles``: EU R1..R4 stages.
    """

    holds: str | None = None
    soon: bool = False
    current: tuple[str, ...] = ()
    final_year: bool = False
    max_years_since_doctorate: int | None = None
    researcher_profiles: tuple[str, ...] = ()
    evidence: Evidence | None = None

    @property
    def known(self) -> bool:
        """True when any stage condition was read."""
        return bool(
            self.holds or self.current or self.max_years_since_doctorate is not None
            or self.researcher_profiles
        )


@dataclass(frozen=True, slots=True)
class AgeRequirement:
    """Inclusive age bounds and the day they are judged on.

    ``reference``: "deadline" (the closing date; also the default when the call says
    nothing), "application" (the day one applies: any day up to the deadline), "year_end"
    (31 December of the deadline's year) or a fixed date. ``born_on_or_after`` is the other
    way calls say it ("born on or after 1 January 1995").
    """

    min_age: int | None = None
    max_age: int | None = None
    reference: str | date = "deadline"
    born_on_or_after: date | None = None
    evidence: Evidence | None = None

    @property
    def known(self) -> bool:
        """True when a bound was read."""
        return (
            self.min_age is not None or self.max_age is not None
            or self.born_on_or_after is not None
        )


@dataclass(frozen=True, slots=True)
class LanguageRequirement:
    """One accepted proof of language skill; a call's list of them are alternatives.

    ``test`` is a scored test from ``domain.language_levels.SCORE_TABLE`` ("IELTS") with a
    numeric ``minimum``, or None with ``language`` (ISO code) and a CEFR ``minimum`` ("B2").
    """

    minimum: float | str
    test: str | None = None
    language: str | None = None

    @property
    def key(self) -> str:
        """The stored key: the test's name, else the language's English name, else "CEFR"."""
        if self.test:
            return self.test
        return LANGUAGE_NAMES.get(self.language or "", "CEFR")


@dataclass(frozen=True, slots=True)
class GpaRequirement:
    """A minimum GPA and its scale (None when not written)."""

    minimum: float
    scale: float | None = None


@dataclass(frozen=True, slots=True)
class Requirements:
    """Everything a call asks of an applicant beyond nationality and applicant type."""

    stage: StageRequirement = field(default_factory=StageRequirement)
    age: AgeRequirement = field(default_factory=AgeRequirement)
    languages: tuple[LanguageRequirement, ...] = ()
    language_evidence: Evidence | None = None
    gpa: GpaRequirement | None = None
    gpa_evidence: Evidence | None = None


def write_requirements(details: dict[str, Any], req: Requirements) -> None:
    """Store ``req`` in a record's ``details`` (only what is known)."""
    evidence: dict[str, dict[str, str | None]] = {}
    age = req.age
    if age.min_age is not None:
        details["min_age"] = age.min_age
    if age.max_age is not None:
        details["max_age"] = age.max_age
    if age.born_on_or_after is not None:
        details["born_on_or_after"] = age.born_on_or_after.isoformat()
    if age.known and age.reference != "deadline":
        ref = age.reference
        details["age_reference"] = ref.isoformat() if isinstance(ref, date) else ref
    if age.known and age.evidence:
        evidence["age"] = _evidence_dict(age.evidence)
    if req.languages:
        details["language_requirements"] = {r.key: r.minimum for r in req.languages}
        if req.language_evidence:
            evidence["language"] = _evidence_dict(req.language_evidence)
    if req.gpa is not None:
        details["min_gpa"] = req.gpa.minimum
        if req.gpa.scale is not None:
            details["min_gpa_scale"] = req.gpa.scale
        if req.gpa_evidence:
            evidence["gpa"] = _evidence_dict(req.gpa_evidence)
    stage = req.stage
    if stage.known:
        details["stage"] = _stage_dict(stage)
        if stage.evidence:
            evidence["level"] = _evidence_dict(stage.evidence)
    if evidence:
        details["requirement_evidence"] = evidence


def read_requirements(details: dict[str, Any] | None) -> Requirements:
    """The requirements stored in ``details`` (also older records' keys, e.g. "CEFR-en")."""
    d = details or {}
    ev = d.get("requirement_evidence") if isinstance(d.get("requirement_evidence"), dict) else {}
    age = AgeRequirement(
        min_age=_int(d.get("min_age")),
        max_age=_int(d.get("max_age")),
        reference=_reference(d.get("age_reference")),
        born_on_or_after=_date(d.get("born_on_or_after")),
        evidence=_evidence(ev.get("age")),
    )
    languages = tuple(
        r for r in (
            language_requirement(str(k), v) for k, v in (d.get("language_requirements") or {}).items()
        ) if r is not None
    )  # fmt: skip
    gpa = None
    minimum = _float(d.get("min_gpa"))
    if minimum is not None:
        gpa = GpaRequirement(minimum, _float(d.get("min_gpa_scale")))
    stage_raw = d.get("stage") if isinstance(d.get("stage"), dict) else {}
    stage = StageRequirement(
        holds=stage_raw.get("holds") if stage_raw.get("holds") in DEGREE_RANK else None,
        soon=bool(stage_raw.get("soon")),
        current=tuple(str(c) for c in stage_raw.get("current") or ()),
        final_year=bool(stage_raw.get("final_year")),
        max_years_since_doctorate=_int(stage_raw.get("max_years_since_doctorate")),
        researcher_profiles=tuple(str(r) for r in stage_raw.get("researcher_profiles") or ()),
        evidence=_evidence(ev.get("level")),
    )
    return Requirements(
        stage=stage,
        age=age,
        languages=languages,
        language_evidence=_evidence(ev.get("language")),
        gpa=gpa,
        gpa_evidence=_evidence(ev.get("gpa")),
    )


def language_requirement(name: str, value: object) -> LanguageRequirement | None:
    """("IELTS", 6.5), ("TOEFL", "90"), ("English", "B2"), ("CEFR-en", "B2") as typed."""
    test = test_key(name)
    if test is not None:
        number = _float(value)
        if number is None:
            level = cefr_value(value)  # "IELTS: B2" is a level, whatever the test
            return LanguageRequirement(_cefr(level), None, "en") if level else None
        return LanguageRequirement(number, test, "en")
    level = cefr_value(value)
    if level is None:
        return None
    code = None if name.strip().upper() == "CEFR" else language_code(name)
    return LanguageRequirement(_cefr(level), None, code)


def _cefr(value: float) -> str:
    return next(name for name, v in CEFR_VALUE.items() if v == value)


def _stage_dict(stage: StageRequirement) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if stage.holds:
        out["holds"] = stage.holds
        if stage.soon:
            out["soon"] = True
    if stage.current:
        out["current"] = list(stage.current)
    if stage.final_year:
        out["final_year"] = True
    if stage.max_years_since_doctorate is not None:
        out["max_years_since_doctorate"] = stage.max_years_since_doctorate
    if stage.researcher_profiles:
        out["researcher_profiles"] = list(stage.researcher_profiles)
    return out


def _evidence_dict(ev: Evidence) -> dict[str, str | None]:
    return {"text": ev.text, "language": ev.language}


def _evidence(raw: object) -> Evidence | None:
    if isinstance(raw, dict) and isinstance(raw.get("text"), str) and raw["text"].strip():
        return Evidence(raw["text"], raw.get("language"))
    if isinstance(raw, str) and raw.strip():
        return Evidence(raw)
    return None


def _reference(raw: object) -> str | date:
    if raw in AGE_REFERENCES:
        return str(raw)
    return _date(raw) or "deadline"


def _date(raw: object) -> date | None:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw)[:10]) if raw else None
    except ValueError:
        return None


def _float(raw: object) -> float | None:
    if isinstance(raw, bool) or raw is None:
        return None
    try:
        return float(str(raw).replace(",", "."))
    except ValueError:
        return None


def _int(raw: object) -> int | None:
    number = _float(raw)
    return int(number) if number is not None and number >= 0 else None
