"""Digest job: each person's news since their last digest, written as .eml or sent over SMTP."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from email.headerregistry import Address
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine

from domain import Profile
from feeds import render_digest
from feeds.digest import DigestLinks
from feeds.text import one_line
from radar.config import Settings
from radar.jobs.common import Progress, no_progress, open_calls
from radar.jobs.digest_content import DigestContent, digest_content
from radar.jobs.publish import feed_name
from radar.mail import AddressError, Mailer, SendError, build_message, message_id, recipient
from storage import repository as repo

# Dry-run files are previews staff may pass around: they must not open anyone's page.
PREVIEW_TOKEN = "preview-token-not-valid"


@dataclass
class DigestSummary:
    """What a digest run did."""

    written: list[Path] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # off, no address, or already sent
    nothing_new: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # temporary: the next run retries
    rejected: dict[str, str] = field(default_factory=dict)  # 5xx, now or before: not sent
    invalid: dict[str, str] = field(default_factory=dict)  # the stored address is unusable
    unknown: list[dict] = field(default_factory=list)  # a crash mid-send: never resent

    @property
    def all_failed(self) -> bool:
        """Sends were attempted and none went out."""
        return not self.sent and bool(self.failed or self.rejected)


def digest_key(frequency: str, today: date) -> str:
    """The period a digest covers: one per day, or one per ISO week."""
    if frequency == "daily":
        return today.isoformat()
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def parse_period(text: str) -> date:
    """``2026-12-01`` → that day; ``2026-W49`` → the Monday of that ISO week."""
    text = text.strip()
    try:
        if "-W" in text.upper():
            year, _, week = text.upper().partition("-W")
            return date.fromisocalendar(int(year), int(week), 1)
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"period {text!r} is neither a date (2026-12-01) nor an ISO week (2026-W49)"
        ) from None


def private_links(settings: Settings, token: str, content: DigestContent) -> DigestLinks:
    """The person's token URLs: their page, unsubscribe, and "not relevant" per item."""
    base = f"{settings.base_url.rstrip('/')}/p/{token}"
    ids = [r.id for _, r in content.new] + [r.id for _, r, *_ in content.closing + content.changed]
    return DigestLinks(
        page=f"{base}/",
        unsubscribe=f"{base}/unsubscribe",
        not_relevant={oid: f"{base}/not-relevant?o={quote(oid, safe='')}" for oid in ids},
    )


def run_digests(
    engine: Engine,
    settings: Settings,
    today: date,
    *,
    out: Path | None = None,
    send: bool = False,
    only: list[str] | None = None,
    limit: int = 10,
    progress: Progress = no_progress,
    now: datetime | None = None,
) -> DigestSummary:
    """Write digests to ``out`` (a dry run: one .eml per person, nothing recorded) and/or
    send them, once per person and period."""
    summary = DigestSummary()
    if send:
        summary.unknown = repo.mark_orphans_unknown(engine)
    profiles = repo.load_profiles(engine, ids=only)
    curation = repo.load_curation(engine, profiles)
    opportunities = {
        o.id: o
        for o in open_calls(engine, today, settings.timezone, now)
        if o.id not in curation["hidden"]
    }
    rejected = repo.rejected_addresses(engine) if send else {}
    with Mailer(settings) as mailer:
        for profile in profiles:
            try:
                _one(engine, mailer, profile, today, opportunities, curation, rejected,
                     out=out, send=send, limit=limit, summary=summary)  # fmt: skip
            except AddressError as exc:
                summary.invalid[profile.id] = str(exc)
            except Exception as exc:  # one broken profile must not stop everyone's digest
                summary.failed[profile.id] = f"{type(exc).__name__}: {exc}"
            progress(1, profile.id)
    return summary


def _one(  # type: ignore[no-untyped-def]
    engine,
    mailer: Mailer,
    profile: Profile,
    today,
    opportunities,
    curation,
    rejected,
    *,
    out,
    send,
    limit,
    summary,
) -> None:
    settings = mailer.settings
    frequency = profile.details.get("digest", "weekly")
    if send and (frequency == "off" or not profile.email):
        summary.skipped.append(profile.id)
        return
    to = recipient(profile) if (send or profile.email) else None
    if send and to is not None and to.addr_spec.lower() in rejected:
        summary.rejected[profile.id] = (
            f"{to.addr_spec} was refused: {rejected[to.addr_spec.lower()]}"
        )
        return
    content = digest_content(
        matches=repo.load_matches(engine, profile.id),
        opportunities=opportunities,
        recommended=repo.recommendations_for(engine, profile),
        muted=curation["muted"].get(profile.id, set()),
        history=repo.delivered_sections(engine, profile.id),
        today=today,
        reminder_days=profile.details.get("reminder_days"),
        limit=limit,
    )
    if not content:
        summary.nothing_new.append(profile.id)
        return
    key = digest_key(frequency, today)
    if out is not None:
        msg = _message(settings, profile, to, content, today, key, PREVIEW_TOKEN)
        path = Path(out) / f"{feed_name(profile.id)}.eml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(msg.as_bytes())
        summary.written.append(path)
    if send:
        _send_once(engine, mailer, profile, to, content, today, key, summary)


def _message(settings, profile, to, content, today, key, token):  # type: ignore[no-untyped-def]
    links = private_links(settings, token, content)
    digest = render_digest(
        profile, content.new, today=today, base_url=settings.base_url,
        recommended=content.recommended, closing=[(m, r) for m, r, _ in content.closing],
        changed=content.changed, links=links,
    )  # fmt: skip
    if to is None:  # a dry run of a person without an address: show who it is for
        to = Address(display_name=one_line(profile.name), addr_spec="no-address@invalid")
    return build_message(
        settings, to, digest, msgid=message_id(settings, profile.id, key),
        unsubscribe_url=links.unsubscribe,
    )  # fmt: skip


def _send_once(engine, mailer, profile, to, content, today, key, summary) -> None:  # type: ignore[no-untyped-def]
    settings = mailer.settings
    record = content.record()
    msgid = message_id(settings, profile.id, key)
    send_id = repo.claim_digest(
        engine, profile.id, key, "smtp", record["new"], sections=record, message_id=msgid
    )
    if send_id is None:
        summary.skipped.append(profile.id)
        return
    token = repo.issue_token(engine, profile.id)
    msg = _message(settings, profile, to, content, today, key, token)
    repo.mark_sending(engine, send_id)
    error = _deliver(mailer, msg, to)
    if error is None:
        repo.finish_digest(engine, send_id, ok=True)
        summary.sent.append(profile.id)
        return
    repo.finish_digest(engine, send_id, ok=False, error=error.detail)
    if error.permanent:
        repo.reject_address(engine, to.addr_spec, error.detail)
        summary.rejected[profile.id] = f"{to.addr_spec} was refused: {error.detail}"
    else:
        summary.failed[profile.id] = error.detail


def _deliver(mailer: Mailer, msg, to) -> SendError | None:  # type: ignore[no-untyped-def]
    """Send, retrying temporary (4xx, network) failures with exponential backoff."""
    attempts = max(mailer.settings.smtp_attempts, 1)
    for attempt in range(attempts):
        try:
            mailer.send(msg, to)
            return None
        except SendError as exc:
            if exc.permanent or attempt == attempts - 1:
                return exc
            time.sleep(mailer.settings.smtp_backoff * 2**attempt)
    return None  # pragma: no cover - the loop always returns
