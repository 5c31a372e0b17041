"""Reasons about a call's age, language and career-stage requirements, as codes with parameters.

The surfaces render them in the reader's language (``feeds.reasons``); the requirement is
quoted with the call's own sentence, whatever language that is in.
"""

from __future__ import annotations

from datetime import date

from domain.language_levels import LANGUAGE_NAMES, SCORE_TABLE, TEST_LANGUAGE
from domain.reasons import Reason, reason
from domain.requirements import read_requirements
from matcher.scores import format_test, held_interval


def _number(value: float) -> float | None:
    return None if value != value else float(value)  # NaN != NaN: no limit on that side


def test_pair(name: str, value: float) -> list[str]:
    """["English", "B2"] / ["IELTS", "6.5"]: the name (a language is translated when shown)
    and the level as the call writes it."""
    label, _, level = format_test(name, value).rpartition(" ")
    return [label, level]


def age_reason(met: bool, opp, lo: float, hi: float, quote: str | None) -> Reason:
    """The age limit met (``met``) or not checkable without a birth date."""
    age = read_requirements(opp.details).age
    reference = age.reference
    return reason(
        "age.ok" if met else "age.unknown",
        lo=_number(lo),
        hi=_number(hi),
        born=age.born_on_or_after.isoformat() if age.born_on_or_after else None,
        reference=reference.isoformat() if isinstance(reference, date) else reference,
        quote=quote,
    )


def language_reason(
    met: str | None, required: dict[str, float], held: dict[str, float], quote: str | None
) -> Reason:
    """The language requirement met by ``met`` (a held key), else what is missing."""
    asked = [test_pair(n, v) for n, v in required.items()]
    if met is not None:
        return reason("language.ok", asked=asked, shown=test_pair(met, held[met]), quote=quote)
    for name, value in required.items():
        band = held_interval(held, name)
        if band is not None and band[0] < band[1] and band[0] < value - 1e-6 <= band[1]:
            own = LANGUAGE_NAMES[TEST_LANGUAGE[name]]
            top = round(band[1], 3)
            return reason(
                "language.near",
                asked=asked,
                mine=test_pair(own, held[own]),
                test=format_test(name, 0).rsplit(" ", 1)[0],
                low=f"{band[0]:g}",
                top=None if top >= SCORE_TABLE[name][1] else f"{top:g}",
                quote=quote,
            )
    return reason("language.none", asked=asked, quote=quote)


def stage_check_reason(opp, quote: str | None) -> Reason:
    """The "check eligibility" reason of a stage requirement the profile cannot settle."""
    stage = read_requirements(opp.details).stage
    profiles = None
    if stage.researcher_profiles:
        ends = (stage.researcher_profiles[0], stage.researcher_profiles[-1])
        profiles = ends[0] if ends[0] == ends[1] else "–".join(ends)
    return reason(
        "stage.check",
        holds=stage.holds or None,
        soon=bool(stage.soon),
        current=list(stage.current),
        final_year=bool(stage.final_year),
        years=stage.max_years_since_doctorate,
        profiles=profiles,
        quote=quote,
    )
