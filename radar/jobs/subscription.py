"""A person's own subscription settings (the subscribe page): check, store, rescore."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from sqlalchemy import Engine

from domain import Kind, Profile
from feeds.messages import SUPPORTED_LANGUAGES
from radar.profile_files import iso_country
from storage import repository as repo

FREQUENCIES = ("daily", "weekly", "off")
DEFAULT_REMINDERS = [14, 3]  # radar/profile_files.py's default
MAX_ITEMS = 30  # a few dozen fields or countries is a lot; a longer list is a broken form
MAX_TEXT = 2000


@dataclass(frozen=True)
class Problem:
    """One bad form value: which field, what is wrong (a code the page words), the value."""

    field: str
    code: str
    value: str = ""


@dataclass
class Subscription:
    """What the subscribe page shows and edits."""

    kinds: list[str]
    fields: list[str]
    countries: list[str]
    frequency: str
    language: str
    reminder_days: list[int]
    problems: list[Problem] = field(default_factory=list)


def current(profile: Profile) -> Subscription:
    """The person's settings as stored."""
    excluded = set(profile.details.get("excluded_kinds") or [])
    return Subscription(
        kinds=[k.value for k in Kind if k.value not in excluded],
        fields=list(profile.fields),
        countries=list(profile.details.get("preferred_countries") or []),
        frequency=profile.details.get("digest") or "weekly",
        language=profile.language,
        reminder_days=list(profile.details.get("reminder_days") or DEFAULT_REMINDERS),
    )


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def parse(form: dict[str, list[str]]) -> Subscription:
    """The form's values checked; ``problems`` lists every bad one (nothing is stored then)."""
    problems: list[Problem] = []
    kinds = form.get("kinds", [])
    known = {k.value for k in Kind}
    problems += [Problem("kinds", "unknown_kind", k) for k in kinds if k not in known]
    fields = _split(_one(form, "fields"))
    countries: list[str] = []
    for name in _split(_one(form, "countries")):
        try:
            countries.append(iso_country(name))
        except ValueError:
            problems.append(Problem("countries", "unknown_country", name))
    frequency, language = _one(form, "frequency"), _one(form, "language")
    if frequency not in FREQUENCIES:
        problems.append(Problem("frequency", "unknown_frequency", frequency))
    if language not in SUPPORTED_LANGUAGES:
        problems.append(Problem("language", "unknown_language", language))
    reminders = _reminders(_one(form, "reminder_days"), problems)
    for name, items in (("fields", fields), ("countries", countries), ("reminder_days", reminders)):
        if len(items) > MAX_ITEMS:
            problems.append(Problem(name, "too_many", str(MAX_ITEMS)))
    return Subscription(sorted(set(kinds) & known), fields, list(dict.fromkeys(countries)),
                        frequency, language, reminders, problems)  # fmt: skip


def _one(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name) or [""]
    return values[0].strip()[:MAX_TEXT]


def _reminders(text: str, problems: list[Problem]) -> list[int]:
    days: list[int] = []
    for part in _split(text):
        if not part.isdigit() or not 0 <= int(part) <= 365:
            problems.append(Problem("reminder_days", "bad_days", part))
        else:
            days.append(int(part))
    return sorted(set(days), reverse=True)


def save(engine: Engine, profile: Profile, wanted: Subscription) -> bool:
    """Store the settings; True when something changed. A changed profile gets a new
    ``updated_at``, which the next incremental match rescores (radar.jobs.match)."""
    if wanted.problems:
        raise ValueError("a subscription with problems is not stored")
    excluded = [k.value for k in Kind if k.value not in wanted.kinds]
    details = {**profile.details, "excluded_kinds": excluded, "digest": wanted.frequency,
               "preferred_countries": wanted.countries, "reminder_days": wanted.reminder_days}  # fmt: skip
    changed = dataclasses.replace(
        profile, fields=wanted.fields, language=wanted.language, details=details
    )
    return repo.upsert_profiles(engine, [changed]).updated > 0


def regenerate_token(engine: Engine, profile_id: str) -> str:
    """A new private token; every older one stops working at once."""
    return repo.issue_token(engine, profile_id, revoke_others=True)
