"""Publish job: public RSS, Atom and iCalendar feeds (all, per kind, level, country, picks,
group) and their OPML, rendering only what changed since the last run; personal feeds."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine

from domain import OpportunityRecord, Profile
from feeds import FeedSpec, render_atom, render_ics, render_opml, render_rss
from feeds.assemble import EMPTY_FRAME, assemble, entry_bytes
from feeds.items import FeedItem
from radar.jobs.common import Progress, no_progress
from radar.jobs.digest_content import DEFAULT_REMINDER_DAYS
from radar.jobs.locations import check_output_folder
from radar.jobs.publish_cache import PublishCache
from radar.jobs.publish_plan import feed_name, plan_feeds, recency, window
from radar.jobs.visible import still_visible, visible_opportunities
from storage import repository as repo

RENDERERS = {"rss": render_rss, "atom": render_atom, "ics": render_ics}
# Entries per public file: a reader polls a feed, it does not download the database; with
# 100,000 calls "all" would be 150 MB. Small sites stay under it and see every call.
FEED_ENTRIES = 500
_RECORD_FIELDS = [f.name for f in fields(OpportunityRecord)]
__all__ = ["FEED_ENTRIES", "PublishSummary", "feed_name", "personal_feed", "publish_feeds"]


@dataclass
class PublishSummary:
    """Which feed files were written, and how many entries were rendered or taken as cached."""

    folder: Path
    files: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)  # same bytes: left untouched
    rendered: int = 0  # entries rendered in this run
    reused: int = 0  # entries taken from the cache


def publish_feeds(
    engine: Engine, out: Path, today: date, base_url: str, progress: Progress = no_progress,
    *, limit: int = FEED_ENTRIES, timezone: str = "UTC", now: datetime | None = None,
) -> PublishSummary:  # fmt: skip
    """Write the public feeds under ``out`` and their OPML. A file is rewritten only when its
    bytes change (Last-Modified and ETag stay for readers), and re-rendered only when what it
    is made of changed: the entries and file inputs of the last run are kept in
    ``out/.publish-cache.sqlite`` (delete it for a full publish; the bytes are the same).

    Personal feeds are not files: the web app renders them behind the person's private
    token (docs/privacy.md), so nothing here names a person.
    """
    out = Path(out)
    check_output_folder(out)  # never into our own code (the old default `feeds` was)
    base = base_url.rstrip("/")
    summary = PublishSummary(out)
    everything = repo.load_opportunities(engine, canonical_only=True)
    curation = repo.load_curation(engine, [])
    visible = visible_opportunities(engine, today, timezone, now)
    plan = plan_feeds(everything, visible, curation["featured"], repo.group_recommendations(engine))
    progress(1, "plan")
    ranks = {o.id: recency(o) for o in visible}  # a call is in several windows: rank it once
    cache = PublishCache(out)
    try:
        renderer = _Renderer(cache, repo.deadline_moves(engine), repo.previous_values(engine))
        for feed in plan:
            for ext in RENDERERS:
                chosen = window(ext, feed.items, limit, lambda o: ranks[o.id])
                spec = FeedSpec(
                    id=feed.spec_id, title=feed.title, link=base + "/",
                    self_url=f"{base}/feeds/{feed.rel}.{ext}", description=feed.title,
                    updated=None if feed.items else _empty_since(feed.pool, everything),
                    changes=renderer.changes,
                )  # fmt: skip
                renderer.publish(out / f"{feed.rel}.{ext}", ext, spec, chosen, summary)
        progress(1, "feeds")
    finally:
        cache.close()
    outlines = [(f.title, f"{base}/feeds/{f.rel}.atom") for f in plan if f.listed]
    opml = render_opml(outlines, title="Opportunity Radar feeds")
    _write_if_changed(out / "index.opml", opml, summary)
    return summary


class _Renderer:
    """Renders files from entries rendered once and kept in the cache by what they show."""

    def __init__(self, cache: PublishCache, sequences: dict[str, int], changes: dict) -> None:
        self.cache, self.sequences, self.changes = cache, sequences, changes
        self._record_keys: dict[str, bytes] = {}  # a call is in many files: hash it once

    def publish(self, path: Path, ext: str, spec: FeedSpec, records: list, summary) -> None:  # type: ignore[no-untyped-def]
        keys = [self._entry_key(ext, spec, o) for o in records]
        key = _file_key(ext, spec, keys)
        if self.cache.file_is_current(path, key):
            self.cache.keep(keys)
            summary.files.append(path)
            summary.unchanged.append(path)
            return
        _write_if_changed(path, self._feed(ext, spec, records, keys, summary), summary)
        self.cache.file_written(path, key)

    def _feed(self, ext: str, spec: FeedSpec, records: list, keys: list[bytes], summary) -> bytes:  # type: ignore[no-untyped-def]
        if not records:
            return _render(ext, spec, [], self.sequences)
        if spec.updated is None:  # what the renderer would take: the newest entry's
            spec = replace(spec, updated=max(FeedItem(o).updated for o in records))
        bodies = self.cache.entries(keys)
        summary.reused += len(bodies)
        fresh = {
            key: entry_bytes(ext, _render(ext, spec, [o], self.sequences))
            for key, o in zip(keys, records, strict=True)
            if key not in bodies
        }
        summary.rendered += len(fresh)
        self.cache.add_entries(fresh)
        bodies.update(fresh)
        frame = _render(ext, spec, [] if ext in EMPTY_FRAME else records[:1], self.sequences)
        return assemble(ext, frame, (bodies[key] for key in keys))

    def _entry_key(self, ext: str, spec: FeedSpec, record: OpportunityRecord) -> bytes:
        """A hash of everything an entry is rendered from: the record, its recorded changes,
        the moves of its deadline, and the file's format, language and reminders."""
        moves = self.sequences.get(record.id, 0) if ext == "ics" else 0
        text = repr((ext, spec.language, spec.reminder_days, moves)).encode()
        return hashlib.blake2b(self._record_key(record) + text, digest_size=16).digest()

    def _record_key(self, record: OpportunityRecord) -> bytes:
        # ``last_seen`` moves with every re-crawl and no entry shows it once ``first_seen``
        # is known, so it is left out: a re-crawl of an unchanged call renders nothing.
        key = self._record_keys.get(record.id)
        if key is None:
            values = [getattr(record, name) for name in _RECORD_FIELDS
                      if name != "last_seen" or record.first_seen is None]  # fmt: skip
            changed = sorted((self.changes.get(record.id) or {}).items())
            key = hashlib.blake2b(repr((values, changed)).encode(), digest_size=16).digest()
            self._record_keys[record.id] = key
        return key


def _file_key(ext: str, spec: FeedSpec, keys: list[bytes]) -> bytes:
    head = (ext, spec.id, spec.title, spec.link, spec.self_url, spec.description,
            spec.language, spec.author, spec.updated, spec.reminder_days)  # fmt: skip
    digest = hashlib.blake2b(repr(head).encode(), digest_size=16)
    digest.update(b"".join(keys))
    return digest.digest()


def _empty_since(
    pool: list[OpportunityRecord] | None, everything: list[OpportunityRecord]
) -> datetime | None:
    """When an empty feed was last modified, from the data and stable while nothing of it
    changes: the newest change of a call it could hold (now closed or hidden), else the
    moment the data began (the oldest first sighting); never "now", never 1970 with data."""
    if pool:
        return max(FeedItem(o).updated for o in pool)
    return min((FeedItem(o).published for o in everything), default=None)


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
    curation = repo.load_curation(engine, [profile])
    muted = curation["muted"].get(profile.id, set())
    matches = [m for m in repo.load_matches(engine, profile.id) if m.opportunity_id not in muted]
    # Only this person's calls are read: a feed request costs their matches, not the database.
    mine = repo.load_opportunities(
        engine, ids=[m.opportunity_id for m in matches], canonical_only=True
    )
    by_id = {o.id: o for o in still_visible(mine, curation["hidden"], today, timezone, now)}
    pairs = [(by_id[m.opportunity_id], m) for m in matches if m.opportunity_id in by_id]
    name = "calendar.ics" if ext == "ics" else f"feed.{ext}"
    reminders = profile.details.get("reminder_days") or DEFAULT_REMINDER_DAYS
    spec = FeedSpec(
        id=f"person:{hashlib.sha256(profile.id.encode()).hexdigest()[:16]}",
        title=f"Opportunity Radar — {profile.name}", link=page_url,
        self_url=page_url.rstrip("/") + "/" + name, language=profile.language,
        updated=None if pairs else _data_began(engine, today, curation["hidden"]),
        reminder_days=tuple(reminders), changes=repo.previous_values(engine),
    )  # fmt: skip
    return _render(ext, spec, pairs, repo.deadline_moves(engine))


def _data_began(engine: Engine, today: date, hidden: set[str]) -> datetime | None:
    # An empty personal feed is dated like an empty public one: when the open data began.
    shown = repo.load_opportunities(engine, open_on=today, canonical_only=True)
    return _empty_since(None, [o for o in shown if o.id not in hidden])


def _render(ext: str, spec: FeedSpec, items: list, sequences: dict[str, int]) -> bytes:
    if ext == "ics":
        return render_ics(spec, items, sequences)
    return RENDERERS[ext](spec, items)


def _write_if_changed(path: Path, data: bytes, summary: PublishSummary) -> None:
    summary.files.append(path)
    try:
        # Another size is other bytes: no need to read a large file to know it changed.
        if path.stat().st_size == len(data) and path.read_bytes() == data:
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
