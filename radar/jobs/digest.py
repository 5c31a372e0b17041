"""Digest job: render each profile's digest; write it as .eml files or send it over SMTP."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from feeds import render_digest
from radar.config import Settings
from radar.jobs.common import Progress, no_progress
from radar.jobs.publish import feed_name
from radar.mail import build_message, send_message
from storage import repository as repo


@dataclass
class DigestSummary:
    """What a digest run did."""

    written: list[Path] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # already sent for this period
    failed: dict[str, str] = field(default_factory=dict)


def digest_key(frequency: str, today: date) -> str:
    """The period a digest covers: one per day, or one per ISO week."""
    if frequency == "daily":
        return today.isoformat()
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def run_digests(
    engine: Engine,
    settings: Settings,
    today: date,
    *,
    out: Path | None = None,
    send: bool = False,
    limit: int = 10,
    progress: Progress = no_progress,
) -> DigestSummary:
    """Write digests to ``out`` (one .eml per profile) and/or send them; a period is sent once."""
    summary = DigestSummary()
    hidden = repo.load_curation(engine, [])["hidden"]  # staff hid these from everyone
    opportunities = {
        o.id: o
        for o in repo.load_opportunities(engine, open_on=today, canonical_only=True)
        if o.id not in hidden
    }
    for profile in repo.load_profiles(engine):
        frequency = profile.details.get("digest", "weekly")
        entries = [
            (m, opportunities[m.opportunity_id])
            for m in repo.load_matches(engine, profile.id)
            if m.opportunity_id in opportunities
        ][:limit]
        digest = render_digest(profile, entries, today=today, base_url=settings.base_url)
        msg = build_message(settings, profile, digest)
        if out is not None:
            path = Path(out) / f"{feed_name(profile.id)}.eml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(msg.as_bytes())
            summary.written.append(path)
        if send:
            _send_once(engine, settings, profile, msg, entries, frequency, today, summary)
        progress(1, profile.id)
    return summary


def _send_once(engine, settings, profile, msg, entries, frequency, today, summary) -> None:  # type: ignore[no-untyped-def]
    if frequency == "off" or not profile.email or not entries:
        summary.skipped.append(profile.id)
        return
    send_id = repo.claim_digest(
        engine, profile.id, digest_key(frequency, today), "smtp", [o.id for _, o in entries]
    )
    if send_id is None:
        summary.skipped.append(profile.id)
        return
    try:
        send_message(settings, msg)
    except OSError as exc:  # SMTP errors are OSErrors too; recorded, the next run retries
        repo.finish_digest(engine, send_id, ok=False, error=f"{type(exc).__name__}: {exc}")
        summary.failed[profile.id] = str(exc)
        return
    repo.finish_digest(engine, send_id, ok=True)
    summary.sent.append(profile.id)
