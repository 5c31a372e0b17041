"""What each scheduled job does (crawl then refresh, digests, expiry, health summary, alerts).

Each returns a one-line result for the job-run record and ``radar schedule --list``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from domain import clock
from matcher.deadlines import first_open_day
from radar.config import Settings, load_settings
from radar.jobs import steps
from radar.jobs.common import open_database, semantic_for, today
from radar.jobs.crawl import run_crawl
from radar.jobs.digest import run_digests
from radar.jobs.match import run_match
from radar.jobs.publish import publish_feeds
from radar.jobs.staff_mail import breakage_message, health_summary_message, send_to_staff
from storage import repository as repo
from storage import source_alerts

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
BROKEN = ("failing", "paused")


@dataclass(frozen=True)
class JobContext:
    """What a job needs beyond its arguments: the settings (feeds folder, SMTP, staff...)."""

    settings: Settings

    @property
    def feeds(self) -> Path:
        """Where feeds are republished."""
        return Path(self.settings.feeds_dir)


def run_job(
    kind: str,
    params: Sequence[str] = (),
    *,
    ctx: JobContext | None = None,
    slots: Sequence[datetime] = (),
) -> str:
    """Run one job of ``kind``; ``slots`` are the scheduled moments this run stands for
    (several when missed slots are caught up at once). Without a context, the settings come
    from radar.toml and RADAR_* (as in a worker process)."""
    ctx = ctx or JobContext(load_settings())
    slots = list(slots) or [clock.now()]
    if kind == "crawl":
        return crawl_and_refresh(ctx, list(params))
    if kind == "digests":
        return send_digests(ctx, slots)
    # The finer steps of a job fanned out to Celery workers (radar.jobs.pipelines).
    if kind == "crawl-source":
        return steps.crawl_source(ctx.settings, params[0])
    if kind == "rematch-shard":
        return steps.rematch_shard(ctx.settings, int(params[0]), int(params[1]))
    if kind == "publish":
        return publish_and_alert(ctx)
    if kind == "digest-batch":
        return send_digests(ctx, slots, batch=(int(params[0]), int(params[1])))
    if kind == "expire":
        return expire(ctx)
    if kind == "health-summary":
        return mail_health_summary(ctx)
    raise ValueError(f"unknown job kind {kind!r}")


def crawl_and_refresh(ctx: JobContext, names: list[str]) -> str:
    """Crawl these sources (a subprocess each), then rematch, republish and alert staff."""
    settings = ctx.settings
    summary = run_crawl(settings, settings.sources, only=names)
    counts: dict[str, int] = {}
    for result in summary.results:
        counts[result["status"]] = counts.get(result["status"], 0) + 1
    with open_database(settings, migrate=False) as engine:
        day = today(settings)
        matched = run_match(
            engine, day, limit=settings.match_limit, timezone=settings.timezone,
            semantic=semantic_for(settings),
        )  # fmt: skip
    statuses = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    return (
        f"crawled {len(summary.results)} sources ({statuses or 'none'}); "
        f"{matched.matches} matches; {publish_and_alert(ctx)}"
    )


def publish_and_alert(ctx: JobContext) -> str:
    """Republish the feeds and mail staff about sources that broke."""
    settings = ctx.settings
    with open_database(settings, migrate=False) as engine:
        feeds = publish_feeds(
            engine, ctx.feeds, today(settings), settings.base_url, timezone=settings.timezone
        )
        alerts = alert_breakage(engine, settings)
    return f"{len(feeds.files)} feed files; {alerts}"


def send_digests(
    ctx: JobContext, slots: Sequence[datetime], batch: tuple[int, int] | None = None
) -> str:
    """Daily digests every day; weekly ones when a slot falls on the digest weekday. With
    ``batch`` (shard, shards), only that batch of people (a Celery digest-batch step)."""
    settings = ctx.settings
    weekly_due = any(_weekday(slot, settings.timezone) == settings.digest_weekday for slot in slots)
    frequencies = {"daily", "weekly"} if weekly_due else {"daily"}
    with open_database(settings, migrate=False) as engine:
        ids = [
            p.id
            for p in repo.load_profiles(engine)
            if p.details.get("digest", "weekly") in frequencies
            and (batch is None or steps.shard_of(p.id, batch[1]) == batch[0])
        ]
        summary = run_digests(engine, settings, today(settings), send=True, only=ids)
    which = "" if batch is None else f"batch {steps.shard_label(*batch)}: "
    return (
        f"{which}{'daily and weekly' if weekly_due else 'daily'} digests: "
        f"{len(summary.sent)} sent, {len(summary.skipped)} skipped, {len(summary.failed)} failed"
    )


def expire(ctx: JobContext) -> str:
    """Mark calls past their deadline expired and republish the feeds without them."""
    settings = ctx.settings
    with open_database(settings, migrate=False) as engine:
        day = today(settings)
        # expired only once no zone can still be before its deadline; the feeds decide at
        # the instant (matcher.deadlines)
        count = repo.expire_past(engine, first_open_day(day))
        feeds = publish_feeds(
            engine, ctx.feeds, day, settings.base_url, timezone=settings.timezone
        )
    return f"{count} calls expired; {len(feeds.files)} feed files"


def mail_health_summary(ctx: JobContext) -> str:
    """Mail staff the last seven days of crawl runs, per source."""
    settings = ctx.settings
    if not settings.staff_emails:
        return "not sent: no staff_emails set (RADAR_STAFF_EMAILS)"
    until = clock.utcnow()
    since = until - timedelta(days=7)
    with open_database(settings, migrate=False) as engine:
        summary = repo.health_summary(engine, since, until)
    send_to_staff(settings, health_summary_message(settings, summary, since, until))
    broken = sum(s["health"] in BROKEN for s in summary)
    return f"summary of {len(summary)} sources ({broken} failing or paused) sent to staff"


def alert_breakage(engine: Engine, settings: Settings) -> str:
    """Mail staff once for each source that turned failing or paused since the last alert."""
    if not settings.staff_emails:
        return "no breakage alerts: no staff_emails set"
    told = source_alerts.alerted_health(engine)
    sent, problems = [], []
    since = clock.utcnow() - timedelta(days=30)
    for source in repo.health_summary(engine, since):
        name, health = source["name"], source["health"]
        if health not in BROKEN:
            if name in told:
                source_alerts.clear_alert(engine, name)
            continue
        if told.get(name) == health:
            continue
        try:
            send_to_staff(settings, breakage_message(settings, source))
        except OSError as exc:  # not recorded: the next crawl job tries again
            problems.append(f"{name}: {exc}")
            continue
        # Recorded after sending: a crash in between repeats an alert rather than losing it.
        source_alerts.record_alert(engine, name, health)
        sent.append(f"{name} {health}")
    text = f"alerts sent: {', '.join(sent)}" if sent else "no new breakage"
    return text + (f"; alerts not sent: {'; '.join(problems)}" if problems else "")


def _weekday(slot: datetime, timezone: str) -> str:
    return WEEKDAYS[slot.astimezone(ZoneInfo(timezone)).weekday()]
