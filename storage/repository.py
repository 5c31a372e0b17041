"""The repository: every read and write other packages may use, in one import."""

from storage.crawl_runs import (
    crawl_run,
    ensure_source,
    finish_crawl_run,
    latest_runs,
    list_sources,
    set_source_health,
    start_crawl_run,
)
from storage.digests import claim_digest, digest_sends, finish_digest
from storage.institutions import load_institutions, upsert_institutions
from storage.matches import load_matches, replace_matches
from storage.opportunities import (
    UpsertCounts,
    canonical,
    expire_past,
    known_urls,
    load_opportunities,
    opportunity_changes,
    upsert_opportunities,
)
from storage.profiles import load_profiles, upsert_profiles
from storage.sightings import flag_vanished, set_canonical

__all__ = [
    "UpsertCounts",
    "canonical",
    "claim_digest",
    "crawl_run",
    "digest_sends",
    "ensure_source",
    "expire_past",
    "finish_crawl_run",
    "finish_digest",
    "flag_vanished",
    "known_urls",
    "latest_runs",
    "list_sources",
    "load_institutions",
    "load_matches",
    "load_opportunities",
    "load_profiles",
    "opportunity_changes",
    "replace_matches",
    "set_canonical",
    "set_source_health",
    "start_crawl_run",
    "upsert_institutions",
    "upsert_opportunities",
    "upsert_profiles",
]
