"""Reasons (codes with parameters) for eligibility decisions and boosts, quoting the call's evidence."""

from __future__ import annotations

import re
from datetime import date

from domain import Level, OpportunityRecord, Profile
from domain import country_groups as regions
from domain import eligibility as who
from domain.language_levels import LANGUAGE_NAMES, TEST_LANGUAGE
from domain.reasons import RULES, Reason, reason
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


def _levels(opp: OpportunityRecord) -> list[str]:
    return [str(level) for level in opp.levels]


def country_reason(
    code: int, opp: OpportunityRecord, profile: Profile, allowed: frozenset[str], rule: int
) -> Reason | None:
    """Reason for the nationality/residence decision."""
    if code == CountryCode.LISTED:
        mine = profile.citizenship if rule == 0 else profile.residence
        if rule == 2:
            mine = profile.citizenship if profile.citizenship in allowed else profile.residence
        quote = evidence(opp, "countries", hint=regions.country_name(mine or ""))
        return reason("country.listed", rule=RULES[rule], country=mine or "", quote=quote)
    if code == CountryCode.ANY:
        return reason("country.any", quote=evidence(opp, "countries"))
    if code == CountryCode.UNSTATED:
        return reason("country.unstated")
    if code == CountryCode.NO_PROFILE:
        return reason("country.no_profile", rule=RULES[rule], countries=sorted(allowed))
    if code == CountryCode.RESIDENCE_UNKNOWN:
        where = sorted(who.read(opp.details).residence)
        return reason("residence.unknown", countries=where, quote=evidence(opp, who.RESIDENCE))
    if code == CountryCode.EMPLOYER_UNKNOWN:
        where = sorted(who.read(opp.details).employment)
        return reason("employer.unknown", countries=where, quote=evidence(opp, who.EMPLOYMENT))
    if code == CountryCode.UNREADABLE and who.read(opp.details).nationalities_open:
        quote = evidence(opp, "countries")
        return reason("country.open_list", countries=sorted(allowed), quote=quote)
    if code == CountryCode.UNREADABLE:
        listed = ", ".join(str(c) for c in opp.eligible_countries)
        return reason("country.unreadable", quote=evidence(opp, "countries") or listed)
    return None


def place_reasons(opp: OpportunityRecord, profile: Profile, employer: str | None) -> list[Reason]:
    """Reasons for a residence or employer-location rule the person meets."""
    stated = who.read(opp.details)
    out = []
    if stated.residence and profile.residence in stated.residence:
        quote = evidence(opp, who.RESIDENCE)
        out.append(reason("residence.ok", country=profile.residence, quote=quote))
    if stated.employment and employer in stated.employment:
        quote = evidence(opp, who.EMPLOYMENT)
        out.append(reason("employer.ok", country=employer, quote=quote))
    return out


def level_reason(code: int, opp: OpportunityRecord, profile: Profile) -> Reason | None:
    """Reason for the level/role decision (only the ones worth saying)."""
    if code == LevelCode.INSTITUTION_CALL:
        return reason("institution_call", quote=evidence(opp, who.APPLICANT))
    if code == LevelCode.CHECK_ROLE:
        quote = evidence(opp, "level")
        return reason("level.check_role", levels=_levels(opp), role=str(profile.role), quote=quote)
    if code == LevelCode.CHECK_STAGE:
        return requirement_reasons.stage_check_reason(opp, evidence(opp, "level"))
    if code == LevelCode.MATCH and opp.levels and Level.ANY not in opp.levels:
        return reason("level.match", levels=_levels(opp))
    return None


def age_reason(code: int, opp: OpportunityRecord, lo: float, hi: float) -> Reason | None:
    """Age limit met, or not checkable (no birth date)."""
    if code not in (LimitCode.OK, LimitCode.UNKNOWN):
        return None
    quote = evidence(opp, "age")
    return requirement_reasons.age_reason(code == LimitCode.OK, opp, lo, hi, quote)


def language_reason(
    code: int, opp: OpportunityRecord, required: dict[str, float], held: dict[str, float]
) -> Reason | None:
    """Language requirement met (by which result), or what is missing."""
    if code not in (LimitCode.OK, LimitCode.UNKNOWN):
        return None
    met = None
    if code == LimitCode.OK:
        for name, value in required.items():
            band = held_interval(held, name)
            if band is not None and band[0] >= value - 1e-6:
                met = name if name in held else LANGUAGE_NAMES[TEST_LANGUAGE[name]]
                break
    return requirement_reasons.language_reason(met, required, held, evidence(opp, "language"))


def gpa_reason(code: int, opp: OpportunityRecord, profile: Profile, need: float) -> Reason | None:
    if code == LimitCode.NONE:
        return None
    quote = evidence(opp, "gpa")
    raw = profile.details.get("gpa")
    if code == LimitCode.OK:
        return reason("gpa.ok", gpa=str(raw), need=need, quote=quote)
    if code == LimitCode.UNKNOWN:
        if raw is None:
            return reason("gpa.missing", need=need, quote=quote)
        return reason("gpa.unreadable", need=need, gpa=repr(raw), quote=quote)
    return None


def deadline_reason(deadline: date | None, today: date, soon_days: int) -> Reason | None:
    """ "deadline in 12 days" for calls closing within ``soon_days``."""
    if deadline is None:
        return None
    days = (deadline - today).days
    return None if days > soon_days else reason("deadline", days=days)


def rank_reason(rank: HostRank) -> Reason:
    """ "host ranked 151–200 in THE 2022"."""
    return reason("host_rank", rank=rank.text, system=ranking_name(rank.system), year=rank.year)


_SPACES = re.compile(r"\s+")


def title_of(text: str, most: int = 80) -> str:
    """A publication title fit for a one-line reason."""
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"
