"""Who may apply, as one typed contract: normalisers write it into ``details``, the matcher reads it.

``OpportunityRecord.details`` keeps these facts (no migration): this module is the only code
that knows their keys. ``write(details, facts)`` stores an ``EligibilityFacts``;
``read(details)`` gives it back, also from records stored before the typed facts existed.

Fields for more facts (career stages, age with its reference date, language requirements,
GPA) are added to ``EligibilityFacts`` with their key in ``_KEYS``; a field with a default
keeps every stored record readable.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any


class Applicant(StrEnum):
    """Who submits the application."""

    INDIVIDUAL = "individual"  # a person applies for themselves
    INSTITUTION = "institution"  # an organisation (university, company...) applies
    EITHER = "either"


@dataclass(frozen=True, slots=True)
class Evidence:
    """The call's sentence a fact was read from, and that sentence's language."""

    text: str
    language: str | None = None


# Topics an evidence sentence can be about (details["eligibility_evidence"] keys).
NATIONALITY, RESIDENCE, EMPLOYMENT, APPLICANT = "countries", "residence", "employment", "applicant"


@dataclass(frozen=True, slots=True)
class EligibilityFacts:
    """Who may apply to one call; empty tuples and None mean "the call does not say"."""

    nationalities: tuple[str, ...] = ()  # ISO alpha-2 allowed (groups expanded)
    nationality_groups: tuple[str, ...] = ()  # domain.country_groups keys that produced them
    any_nationality: bool = False
    # "countries such as A, B and C" with no group named: the list gives examples, so a
    # nationality missing from it is "check", not "not eligible"
    nationalities_open: bool = False
    excluded: tuple[str, ...] = ()  # nationalities that may not apply
    excluded_groups: tuple[str, ...] = ()
    residence: tuple[str, ...] = ()  # must live in one of these (citizenship aside)
    residence_groups: tuple[str, ...] = ()
    employment: tuple[str, ...] = ()  # must work at an institution located in one of these
    employment_groups: tuple[str, ...] = ()
    applicant: Applicant | None = None
    evidence: Mapping[str, Evidence] = field(default_factory=dict)  # topic -> sentence
    language: str | None = None  # language of the text the facts were read from

    @property
    def says_nationality(self) -> bool:
        """True when the call states something about nationality."""
        return bool(self.nationalities or self.any_nationality or self.excluded)

    def with_evidence(self, topic: str, text: str | None) -> EligibilityFacts:
        """A copy with ``text`` as the evidence of ``topic`` (unchanged when empty)."""
        if not text:
            return self
        return replace(self, evidence={**self.evidence, topic: Evidence(text, self.language)})


# details key of each field; the nationality list itself is OpportunityRecord.eligible_countries.
_KEYS = {
    "nationality_groups": "eligibility_regions",
    "any_nationality": "any_nationality",
    "nationalities_open": "nationalities_open",
    "excluded": "excluded_countries",
    "excluded_groups": "excluded_regions",
    "residence": "residence_countries",
    "residence_groups": "residence_regions",
    "employment": "employment_countries",
    "employment_groups": "employment_regions",
    "applicant": "applicant_type",
    "language": "eligibility_language",
}
EVIDENCE_KEY = "eligibility_evidence"


def write(details: MutableMapping[str, Any], facts: EligibilityFacts) -> list[str]:
    """Store ``facts`` in ``details``; returns the list for ``eligible_countries``.

    Only what is known is written. Evidence is one string when only nationality has some
    (the form older records have), else a dict by topic.
    """
    for name, key in _KEYS.items():
        value = getattr(facts, name)
        if value:
            details[key] = list(value) if isinstance(value, tuple) else str(value) if isinstance(
                value, Applicant
            ) else value
    texts = {topic: ev.text for topic, ev in facts.evidence.items() if ev.text}
    if set(texts) == {NATIONALITY}:
        details[EVIDENCE_KEY] = texts[NATIONALITY]
    elif texts:
        details[EVIDENCE_KEY] = texts
    return [] if facts.any_nationality else list(facts.nationalities)


def _codes(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(v).strip().upper() for v in value if str(v).strip())


def _names(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(v) for v in value if str(v).strip())


def evidence_of(details: Mapping[str, Any] | None, topic: str) -> str | None:
    """The evidence sentence of ``topic`` in ``details`` (a plain string is nationality's)."""
    raw = (details or {}).get(EVIDENCE_KEY)
    if isinstance(raw, str):
        return raw if topic == NATIONALITY and raw.strip() else None
    if isinstance(raw, Mapping):
        text = raw.get(topic)
        return text if isinstance(text, str) and text.strip() else None
    return None


def read(details: Mapping[str, Any] | None, eligible_countries: list[str] | None = None):
    """The ``EligibilityFacts`` stored in ``details`` (and the record's country list)."""
    details = details or {}
    language = details.get("eligibility_language")
    try:
        applicant = Applicant(str(details.get("applicant_type"))) if details.get(
            "applicant_type"
        ) else None
    except ValueError:
        applicant = None
    evidence = {}
    for topic in (NATIONALITY, RESIDENCE, EMPLOYMENT, APPLICANT):
        text = evidence_of(details, topic)
        if text:
            evidence[topic] = Evidence(text, language if isinstance(language, str) else None)
    return EligibilityFacts(
        nationalities=_codes(eligible_countries or []),
        nationality_groups=_names(details.get("eligibility_regions")),
        any_nationality=bool(details.get("any_nationality")),
        nationalities_open=details.get("nationalities_open") is True,
        excluded=_codes(details.get("excluded_countries")),
        excluded_groups=_names(details.get("excluded_regions")),
        residence=_codes(details.get("residence_countries")),
        residence_groups=_names(details.get("residence_regions")),
        employment=_codes(details.get("employment_countries")),
        employment_groups=_names(details.get("employment_regions")),
        applicant=applicant,
        evidence=evidence,
        language=language if isinstance(language, str) else None,
    )


def field_names() -> tuple[str, ...]:
    """Names of every fact (for tests that every field round-trips)."""
    return tuple(f.name for f in fields(EligibilityFacts))


def evidence_text(details: Mapping[str, Any] | None) -> str | None:
    """Every evidence sentence in one string (nationality first), for exports and listings."""
    texts = [evidence_of(details, t) for t in (NATIONALITY, RESIDENCE, EMPLOYMENT, APPLICANT)]
    joined = " | ".join(dict.fromkeys(t for t in texts if t))
    return joined or None
