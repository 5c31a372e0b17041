"""The finer steps a scheduled job is split into on Celery workers: crawl one source, rematch
one shard of profiles, publish, send one batch of digests. Each is safe to run again: crawls
upsert by stable id, a shard replaces its own profiles' matches, the send log claims a digest
once per person and period.
"""

from __future__ import annotations

import zlib

from domain import clock
from matcher import MatchIndex
from radar.config import Settings
from radar.jobs.common import open_database, semantic_for, today
from radar.jobs.crawl import run_crawl
from radar.jobs.visible import visible_opportunities
from storage import repository as repo


def shard_of(profile_id: str, shards: int) -> int:
    """The shard a profile belongs to: a stable hash of its id (the same on every machine and
    run, unlike Python's salted hash()), so a shard is the same set of people when rerun."""
    return zlib.crc32(profile_id.encode("utf-8")) % shards


def shard_label(shard: int, shards: int) -> str:
    """'2 of 8' for results and keys."""
    return f"{shard} of {shards}"


def crawl_source(settings: Settings, name: str) -> str:
    """Crawl one source (its own Scrapy subprocess, as always); no rematch here."""
    summary = run_crawl(settings, settings.sources, only=[name])
    parts = [
        f"{r['source']} {r['status']}: {r.get('new', 0)} new, {r.get('updated', 0)} updated"
        for r in summary.results
    ]
    return "; ".join(parts) or f"{name}: no such source"


def rematch_shard(settings: Settings, shard: int, shards: int) -> str:
    """A full rematch of the profiles in one shard against every open call, through the
    matcher's public entry point (MatchIndex.match); replaces only this shard's matches."""
    with open_database(settings, migrate=False) as engine:
        day = today(settings)
        mine = [p for p in repo.load_profiles(engine) if shard_of(p.id, shards) == shard]
        curation = repo.load_curation(engine, mine)
        calls = visible_opportunities(engine, day, settings.timezone)
        index = MatchIndex(calls, repo.load_institutions(engine), semantic=semantic_for(settings))
        matches = index.match(mine, day, curation=curation, limit=settings.match_limit)
        repo.replace_matches(engine, matches, [p.id for p in mine], clock.utcnow())
    return (
        f"shard {shard_label(shard, shards)}: {len(mine)} profiles, {len(calls)} open calls, "
        f"{len(matches)} matches"
    )
