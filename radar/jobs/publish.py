"""Publish job: write RSS, Atom and iCalendar feeds (all, per kind, per profile) and an OPML index."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from domain import Kind, OpportunityRecord
from feeds import FeedSpec, render_atom, render_ics, render_opml, render_rss
from radar.jobs.common import Progress, no_progress
from storage import repository as repo

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class PublishSummary:
    """Which feed files were written."""

    folder: Path
    files: list[Path] = field(default_factory=list)


def feed_name(key: str) -> str:
    """A file-safe name for a profile id or kind (ids are already mostly safe)."""
    return _UNSAFE.sub("-", key).strip("-") or "feed"


def publish_feeds(
    engine: Engine, out: Path, today: date, base_url: str, progress: Progress = no_progress
) -> PublishSummary:
    """Write every feed under ``out``; existing files are replaced atomically."""
    out = Path(out)
    base = base_url.rstrip("/")
    summary = PublishSummary(out)
    hidden = repo.load_curation(engine, [])["hidden"]  # staff hid these from everyone
    opportunities = [
        o
        for o in repo.load_opportunities(engine, open_on=today, canonical_only=True)
        if o.id not in hidden
    ]
    by_id = {o.id: o for o in opportunities}
    outlines: list[tuple[str, str]] = []

    def write(rel: str, spec_id: str, title: str, items: list) -> None:
        spec = FeedSpec(
            id=spec_id, title=title, link=base + "/", self_url=f"{base}/feeds/{rel}.atom",
            description=title,
        )  # fmt: skip
        for ext, render in (("rss", render_rss), ("atom", render_atom), ("ics", render_ics)):
            path = out / f"{rel}.{ext}"
            _atomic_write(path, render(spec, items))
            summary.files.append(path)
        outlines.append((title, f"{base}/feeds/{rel}.atom"))

    write("all", "all", "Opportunity Radar — all open opportunities", _by_deadline(opportunities))
    progress(1, "all")
    for kind in Kind:
        items = [o for o in opportunities if o.kind is kind]
        write(
            f"kind/{kind.value}",
            f"kind:{kind.value}",
            f"Opportunity Radar — {kind.value}",
            _by_deadline(items),
        )
    progress(1, "kinds")
    for profile in repo.load_profiles(engine):
        pairs = [
            (by_id[m.opportunity_id], m)
            for m in repo.load_matches(engine, profile.id)
            if m.opportunity_id in by_id
        ]
        name = feed_name(profile.id)
        write(
            f"profile/{name}",
            f"profile:{profile.id}",
            f"Opportunity Radar — for {profile.name}",
            pairs,
        )
        progress(1, profile.id)
    opml = out / "index.opml"
    _atomic_write(opml, render_opml(outlines, title="Opportunity Radar feeds"))
    summary.files.append(opml)
    return summary


def _by_deadline(items: list[OpportunityRecord]) -> list[OpportunityRecord]:
    # Closing soonest first; open-ended calls last.
    return sorted(items, key=lambda o: (o.deadline is None, o.deadline or date.max, o.id))


def _atomic_write(path: Path, data: bytes) -> None:
    """Write via a temporary file so a reader never sees half a feed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
