"""Publish job: public RSS, Atom and iCalendar feeds (all, per kind) and their OPML; personal feeds."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine

from domain import Kind, Level, OpportunityRecord, Profile
from feeds import FeedSpec, render_atom, render_ics, render_opml, render_rss
from feeds.items import FeedItem
from radar.jobs.common import Progress, no_progress, open_calls
from radar.jobs.digest_content import DEFAULT_REMINDER_DAYS
from storage import repository as repo

RENDERERS = {"rss": render_rss, "atom": render_atom, "ics": render_ics}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class PublishSummary:
    """Which feed files were written."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)  # same bytes: left untouched


def feed_name(key: str) -> str:
    """A file-safe name for a profile id or kind (ids are already mostly safe)."""
    return _UNSAFE.sub("-", key).strip("-") or "feed"


def publish_feeds(
    engine: Engine,
    out: Path,
    today: date,
    base_url: str,
    progress: Progress = no_progress,
    *,
    timezone: str = "UTC",
    now: datetime | None = None,
) -> PublishSummary:
    """Write the public feeds under ``out`` (all, one per kind) and their OPML; a file is
    rewritten only when its bytes change (so Last-Modified and ETag stay for readers).

    Personal feeds are not files: the web app renders them behind the person's private
    token (docs/privacy.md), so nothing here names a person.
    """
    out = Path(out)
    base = base_url.rstrip("/")
    summary = PublishSummary(out)
    opportunities = _visible(engine, today, timezone, now)
    sequences = repo.deadline_moves(engine)
    changes = repo.previous_values(engine)
    everything = repo.load_opportunities(engine, canonical_only=True)
    outlines: list[tuple[str, str]] = []

    def write(rel: str, spec_id: str, title: str, items: list, listed: bool = True,
              pool: list[OpportunityRecord] | None = None) -> None:  # fmt: skip
        # ``pool``: every stored call this feed could hold (to date it when it is empty).
        for ext in RENDERERS:
            spec = FeedSpec(
                id=spec_id, title=title, link=base + "/", self_url=f"{base}/feeds/{rel}.{ext}",
                description=title, updated=None if items else _empty_since(pool, everything),
                changes=changes,
            )  # fmt: skip
            _write_if_changed(out / f"{rel}.{ext}", _render(ext, spec, items, sequences), summary)
        if listed:
            outlines.append((title, f"{base}/feeds/{rel}.atom"))

    # The OPML lists the kind feeds only: they split "all" with no overlap, so readers that
    # keep one copy of an entry id across feeds (newsboat) lose nothing (docs/feeds.md).
    all_items = _by_deadline(opportunities)
    write("all", "all", "Opportunity Radar — all open opportunities", all_items, listed=False)
    progress(1, "all")
    for kind in Kind:
        items = [o for o in opportunities if o.kind is kind]
        write(
            f"kind/{kind.value}",
            f"kind:{kind.value}",
            f"Opportunity Radar — {kind.value}",
            _by_deadline(items),
            pool=[o for o in everything if o.kind is kind],
        )
    progress(1, "kinds")
    for rel, spec_id, title, test in _facets(engine, everything):
        items = [o for o in opportunities if test(o)]
        pool = [o for o in everything if test(o)]
        write(rel, spec_id, title, _by_deadline(items), listed=False, pool=pool)
    progress(1, "facets")
    opml = out / "index.opml"
    _write_if_changed(opml, render_opml(outlines, title="Opportunity Radar feeds"), summary)
    return summary


def _empty_since(
    pool: list[OpportunityRecord] | None, everything: list[OpportunityRecord]
) -> datetime | None:
    """When an empty feed was last modified, from the data and stable while nothing of it
    changes: the newest change of a call it could hold (now closed or hidden), else the
    moment the data began (the oldest first sighting); never "now", never 1970 with data."""
    if pool:
        return max(FeedItem(o).updated for o in pool)
    return min((FeedItem(o).published for o in everything), default=None)


def _facets(engine: Engine, everything: list[OpportunityRecord]) -> list[tuple]:
    """(path, id, title, test) of the feeds per level, host country, staff picks and group.

    Countries and groups come from every stored call and recommendation, not only open ones,
    so a feed whose last call closed is rewritten empty instead of left stale.
    """
    facets: list[tuple] = [
        (f"level/{level.value}", f"level:{level.value}", f"Opportunity Radar — {level.value}",
         lambda o, lv=level: lv in o.levels or Level.ANY in o.levels)
        for level in Level if level is not Level.ANY
    ]  # fmt: skip
    for country in sorted({o.host_country for o in everything if o.host_country}):
        name = feed_name(country.upper())
        facets.append((f"country/{name}", f"country:{name}",
                       f"Opportunity Radar — hosted in {name}",
                       lambda o, c=country: o.host_country == c))  # fmt: skip
    featured = repo.load_curation(engine, [])["featured"]
    facets.append(("picks", "picks", "Opportunity Radar — staff picks",
                   lambda o: o.id in featured))  # fmt: skip
    for group, ids in sorted(repo.group_recommendations(engine).items()):
        chosen = set(ids)
        facets.append((f"group/{feed_name(group)}", f"group:{feed_name(group)}",
                       f"Opportunity Radar — recommended for {group}",
                       lambda o, s=chosen: o.id in s))  # fmt: skip
    return facets


def _visible(
    engine: Engine, today: date, timezone: str, now: datetime | None
) -> list[OpportunityRecord]:
    hidden = repo.load_curation(engine, [])["hidden"]  # staff hid these from everyone
    return [o for o in open_calls(engine, today, timezone, now) if o.id not in hidden]


def personal_feed(
    engine: Engine,
    profile: Profile,
    today: date,
    page_url: str,
    ext: str,
    *,
    timezone: str = "UTC",
    now: datetime | None = None,
) -> bytes:
    """One person's matches as ``ext`` (atom, rss, ics) in their language; ``page_url`` is
    their private page (token URL), which the feed links to and lives under."""
    by_id = {o.id: o for o in _visible(engine, today, timezone, now)}
    muted = repo.load_curation(engine, [profile])["muted"].get(profile.id, set())
    pairs = [
        (by_id[m.opportunity_id], m)
        for m in repo.load_matches(engine, profile.id)
        if m.opportunity_id in by_id and m.opportunity_id not in muted
    ]
    name = "calendar.ics" if ext == "ics" else f"feed.{ext}"
    reminders = profile.details.get("reminder_days") or DEFAULT_REMINDER_DAYS
    spec = FeedSpec(
        id=f"person:{hashlib.sha256(profile.id.encode()).hexdigest()[:16]}",
        title=f"Opportunity Radar — {profile.name}", link=page_url,
        self_url=page_url.rstrip("/") + "/" + name, language=profile.language,
        updated=None if pairs else _empty_since(None, list(by_id.values())),
        reminder_days=tuple(reminders), changes=repo.previous_values(engine),
    )  # fmt: skip
    return _render(ext, spec, pairs, repo.deadline_moves(engine))


def _render(ext: str, spec: FeedSpec, items: list, sequences: dict[str, int]) -> bytes:
    if ext == "ics":
        return render_ics(spec, items, sequences)
    return RENDERERS[ext](spec, items)


def _by_deadline(items: list[OpportunityRecord]) -> list[OpportunityRecord]:
    # Closing soonest first; open-ended calls last.
    return sorted(items, key=lambda o: (o.deadline is None, o.deadline or date.max, o.id))


def _write_if_changed(path: Path, data: bytes, summary: PublishSummary) -> None:
    summary.files.append(path)
    try:
        if path.read_bytes() == data:
            summary.unchanged.append(path)
            return
    except OSError:
        pass  # not there yet
    _atomic_write(path, data)


def _atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file so a reader never sees half a feed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
