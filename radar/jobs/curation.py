"""Curation as the web and the CLI do it: one action, attributed, then applied at once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from domain import Profile
from radar.config import Settings
from radar.jobs.common import semantic_for, today
from radar.jobs.errors import JobError
from radar.jobs.match import MatchSummary, run_match
from storage import repository as repo

ACTIONS = ("feature", "unfeature", "hide", "unhide", "note", "recommend")
MAX_NOTE = 2000


class CurationError(JobError):
    """The action cannot be done; nothing was written. The message says why."""


def curate(
    engine: Engine, opportunity_id: str, action: str, *, by: str, note: str = "", target: str = ""
) -> None:
    """Apply one staff action to an opportunity, recording ``by`` (who) and the time."""
    if not repo.load_opportunities(engine, ids=[opportunity_id]):
        raise CurationError(f"No opportunity {opportunity_id!r}: pick one from the list.",
                            "no_opportunity", id=opportunity_id)  # fmt: skip
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise CurationError("The note is longer than 2,000 characters; shorten it.",
                            "note_too_long", max=MAX_NOTE)  # fmt: skip
    if action in ("feature", "unfeature"):
        repo.set_flags(engine, opportunity_id, featured=action == "feature", by=by)
    elif action in ("hide", "unhide"):
        # A reason given with "hide" is kept as the note, so others see why.
        reason = note if action == "hide" and note else None
        repo.set_flags(engine, opportunity_id, hidden=action == "hide", note=reason, by=by)
    elif action == "note":
        repo.set_flags(engine, opportunity_id, note=note, by=by)
    elif action == "recommend":
        _recommend(engine, opportunity_id, target, note, by)
    else:
        raise CurationError(f"Unknown action {action!r}.", "unknown_action", action=action)


def _recommend(engine: Engine, opportunity_id: str, target: str, note: str, by: str) -> None:
    kind, _, name = target.partition(":")
    profiles = repo.load_profiles(engine)
    if kind == "profile" and name in {p.id for p in profiles}:
        repo.recommend(engine, opportunity_id, profile_id=name, note=note or None, by=by)
    elif kind == "group" and name in {g for p in profiles for g in p.details.get("groups") or []}:
        repo.recommend(engine, opportunity_id, group=name, note=note or None, by=by)
    else:
        raise CurationError(f"Recommend to whom? {target!r} is neither a known person nor a group.",
                            "unknown_target", target=target)  # fmt: skip


def mute(engine: Engine, profile_id: str, opportunity_id: str) -> None:
    """A person's "not relevant" on one opportunity."""
    repo.add_feedback(engine, profile_id, opportunity_id)


def muted_for(engine: Engine, profile: Profile) -> set[str]:
    """The opportunities a person said are not relevant to them."""
    return repo.load_curation(engine, [profile])["muted"].get(profile.id, set())


def apply_now(engine: Engine, settings: Settings) -> MatchSummary:
    """An incremental match run: rescores the people the latest curation and feedback
    concern (and whatever else changed), so pages, feeds and digests show it at once."""
    return run_match(engine, today(settings), limit=settings.match_limit,
                     timezone=settings.timezone, semantic=semantic_for(settings))  # fmt: skip


def curation_overview(engine: Engine) -> list[dict[str, Any]]:
    """Every curated opportunity with its marks, who changed them last and when."""
    return repo.list_curation(engine)
