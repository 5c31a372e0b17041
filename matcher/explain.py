"""Human-readable reasons for eligibility decisions and boosts, quoting the call's evidence."""

from __future__ import annotations

import re
from datetime import date

from domain import Level, OpportunityRecord, Profile
from domain import country_groups as regions
from domain import eligibility as who
from domain.language_levels import LANGUAGE_NAMES, TEST_LANGUAGE
from domain.vocabulary import ranking_name
from matcher import requirement_reasons
from matcher.eligibility import CountryCode, LevelCode, LimitCode
from matcher.facts import HostRank
from matcher.scores import held_interval

_EVIDENCE_KEYS = {
    "countries": ("countries", "country", "nationality", "citizenship", "residence"),
    "level": ("level", "levels", "role"),
    "age": ("age",),
    "language": ("language", "languages", "language_requirements"),
    "gpa": ("gpa", "grades"),
}
_QUOTE_MAX = 140


def evidence(opp: OpportunityRecord, topic: str, hint: str | None = None) -> str | None:
    """The call's sentence that decided ``topic``, shortened around ``hint`` when long.

    ``details["eligibility_evidence"]`` is either one string (taken as the nationality
    sentence) or a dict keyed by topic.
    """
    details = opp.details or {}
    raw = details.get("eligibility_evidence")
    sentence = None
    own = details.get("requirement_evidence")  # written by domain.requirements
    if topic in ("level", "age", "language", "gpa") and isinstance(own, dict):
        found = own.get(topic)
        text = found.get("text") if isinstance(found, dict) else found
        if isinstance(text, str) and text.strip():
            return _shorten(" ".join(text.split()), hint)
    if topic in (who.RESIDENCE, who.EMPLOYMENT, who.APPLICANT):
        sentence = who.evidence_of(opp.details, topic)
    elif isinstance(raw, str):
        sentence = raw if topic == "countries" else None
    elif isinstance(raw, dict):
        for key in _EVIDENCE_KEYS[topic]:
            if isinstance(raw.get(key), str) and raw[key].strip():
                sentence = raw[key]
                break
    if not sentence:
        return None
    return _shorten(" ".join(sentence.split()), hint)


def _shorten(sentence: str, hint: str | None) -> str:
    if len(sentence) <= _QUOTE_MAX:
        return sentence
    at = sentence.lower().find(hint.lower()) if hint else -1
    if at < 0:
        return sentence[: _QUOTE_MAX - 1].rstrip() + "…"
    start = max(0, at - _QUOTE_MAX // 2)
    end = min(len(sentence), start + _QUOTE_MAX)
    return (
        ("…" if start else "") + sentence[start:end].strip() + ("…" if end < len(sentence) else "")
    )


def _quoted(text: str | None) -> str:
    return f' ("{text}")' if text else ""


def _names(codes: list[str], most: int = 4) -> str:
    names = sorted(regions.country_name(c) for c in codes)
    if len(names) > most:
        return ", ".join(names[:most]) + f" and {len(names) - most} more"
    return ", ".join(names)


_WHO = {0: "citizens of", 1: "residents of", 2: "citizens or residents of"}


def country_reason(
    code: int, opp: OpportunityRecord, profile: Profile, allowed: frozenset[str], rule: int
) -> str | None:
    """Reason for the nationality/residence decision."""
    if code == CountryCode.LISTED:
        mine = profile.citizenship if rule == 0 else profile.residence
        if rule == 2:
            mine = profile.citizenship if profile.citizenship in allowed else profile.residence
        name = regions.country_name(mine or "")
        quote = evidence(opp, "countries", hint=name)
        return f"eligible: open to {_WHO[rule]} {name}{_quoted(quote)}"
    if code == CountryCode.ANY:
        return f"eligible: open to all nationalities{_quoted(evidence(opp, 'countries'))}"
    if code == CountryCode.UNSTATED:
        return "check eligibility: the call does not say which nationalities may apply"
    if code == CountryCode.NO_PROFILE:
        what = "citizenship" if rule != 1 else "country of residence"
        return (
            f"check eligibility: open to {_WHO[rule]} {_names(sorted(allowed))}; "
            f"your profile does not give your {what}"
        )
    if code == CountryCode.RESIDENCE_UNKNOWN:
        where = _names(sorted(who.read(opp.details).residence))
        return (
            f"check eligibility: open to residents of {where}; your profile does not give "
            f"your country of residence{_quoted(evidence(opp, who.RESIDENCE))}"
        )
    if code == CountryCode.EMPLOYER_UNKNOWN:
        where = _names(sorted(who.read(opp.details).employment))
        return (
            f"check eligibility: open to people working at an institution in {where}; your "
            f"profile does not say where you work{_quoted(evidence(opp, who.EMPLOYMENT))}"
        )
    if code == CountryCode.UNREADABLE:
        listed = ", ".join(str(c) for c in opp.eligible_countries)
        quote = evidence(opp, "countries") or listed
        return f'check eligibility: the call limits who may apply ("{quote}")'
    return None


def place_reasons(opp: OpportunityRecord, profile: Profile, employer: str | None) -> list[str]:
    """Reasons for a residence or employer-location rule the person meets."""
    stated = who.read(opp.details)
    out = []
    if stated.residence and profile.residence in stated.residence:
        name = regions.country_name(profile.residence)
        out.append(f"eligible: open to residents of {name}{_quoted(evidence(opp, who.RESIDENCE))}")
    if stated.employment and employer in stated.employment:
        name = regions.country_name(employer)
        quote = _quoted(evidence(opp, who.EMPLOYMENT))
        out.append(f"eligible: open to people working at an institution in {name}{quote}")
    return out


def level_reason(code: int, opp: OpportunityRecord, profile: Profile) -> str | None:
    """Reason for the level/role decision (only the ones worth saying)."""
    if code == LevelCode.INSTITUTION_CALL:
        return (
            "a call your institution can apply to: the applicant is an organisation, not a "
            f"person{_quoted(evidence(opp, who.APPLICANT))}"
        )
    if code == LevelCode.CHECK_ROLE:
        levels = ", ".join(str(level) for level in opp.levels)
        quote = evidence(opp, "level")
        return (
            f"check eligibility: the call is for students ({levels}) and you are "
            f"{profile.role}{_quoted(quote)}"
        )
    if code == LevelCode.CHECK_STAGE:
        quote = _quoted(evidence(opp, "level"))
        return requirement_reasons.stage_check_text(opp, profile.language, quote)
    if code == LevelCode.MATCH and opp.levels and Level.ANY not in opp.levels:
        return f"for {', '.join(str(level) for level in opp.levels)}"
    return None


def age_reason(
    code: int, opp: OpportunityRecord, lo: float, hi: float, language: str | None = "en"
) -> str | None:
    """Age limit met, or not checkable (no birth date), in the reader's language."""
    if code not in (LimitCode.OK, LimitCode.UNKNOWN):
        return None
    quote = _quoted(evidence(opp, "age"))
    return requirement_reasons.age_text(code == LimitCode.OK, opp, lo, hi, language, quote)


def language_reason(
    code: int,
    opp: OpportunityRecord,
    required: dict[str, float],
    held: dict[str, float],
    language: str | None = "en",
) -> str | None:
    """Language requirement met (by which result), or what is missing, in the reader's language."""
    if code not in (LimitCode.OK, LimitCode.UNKNOWN):
        return None
    quote = _quoted(evidence(opp, "language"))
    met = None
    if code == LimitCode.OK:
        for name, value in required.items():
            band = held_interval(held, name)
            if band is not None and band[0] >= value - 1e-6:
                met = name if name in held else LANGUAGE_NAMES[TEST_LANGUAGE[name]]
                break
    return requirement_reasons.language_text(met, required, held, language, quote)


def gpa_reason(code: int, opp: OpportunityRecord, profile: Profile, need: float) -> str | None:
    if code == LimitCode.NONE:
        return None
    quote = _quoted(evidence(opp, "gpa"))
    if code == LimitCode.OK:
        mine = profile.details.get("gpa")
        return f"eligible: GPA {mine} meets the minimum of {need:.0%} of the scale{quote}"
    if code == LimitCode.UNKNOWN:
        raw = profile.details.get("gpa")
        why = "has no GPA" if raw is None else f"has a GPA we cannot read ({raw!r})"
        return (
            f"check eligibility: asks for a GPA of at least {need:.0%} of the scale; "
            f"your profile {why}{quote}"
        )
    return None


def deadline_reason(deadline: date | None, today: date, soon_days: int) -> str | None:
    """ "deadline in 12 days" for calls closing within ``soon_days``."""
    if deadline is None:
        return None
    days = (deadline - today).days
    if days > soon_days:
        return None
    if days == 0:
        return "deadline today"
    if days == 1:
        return "deadline tomorrow"
    return f"deadline in {days} days"


def rank_reason(rank: HostRank) -> str:
    """ "host ranked 151–200 in THE 2022"."""
    return f"host ranked {rank.text} in {ranking_name(rank.system)} {rank.year}"


_SPACES = re.compile(r"\s+")


def title_of(text: str, most: int = 80) -> str:
    """A publication title fit for a one-line reason."""
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"
