"""The repository: every read and write other packages may use, in one import."""

from storage.cluster_decisions import add_cluster_decisions, load_cluster_decisions
from storage.crawl_runs import (
    close_interrupted_runs,
    crawl_run,
    crawl_runs_between,
    ensure_source,
    finish_crawl_run,
    health_summary,
    latest_runs,
    list_sources,
    set_source_health,
    source_state,
    start_crawl_run,
    too_few_items,
)
from storage.curation import (
    add_feedback,
    list_curation,
    load_curation,
    recommend,
    set_flags,
)
from storage.digests import claim_digest, digest_sends, finish_digest
from storage.http_cache import forget_pages, load_pages, save_pages, update_validators
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
from storage.sightings import flag_vanished, load_canonical_ids, set_canonical

__all__ = [
    "UpsertCounts",
    "add_cluster_decisions",
    "add_feedback",
    "canonical",
    "claim_digest",
    "close_interrupted_runs",
    "crawl_run",
    "crawl_runs_between",
    "digest_sends",
    "ensure_source",
    "expire_past",
    "finish_crawl_run",
    "finish_digest",
    "flag_vanished",
    "forget_pages",
    "health_summary",
    "known_urls",
    "latest_runs",
    "list_curation",
    "list_sources",
    "load_canonical_ids",
    "load_cluster_decisions",
    "load_curation",
    "load_institutions",
    "load_matches",
    "load_opportunities",
    "load_pages",
    "load_profiles",
    "opportunity_changes",
    "recommend",
    "replace_matches",
    "save_pages",
    "set_canonical",
    "set_flags",
    "set_source_health",
    "source_state",
    "start_crawl_run",
    "too_few_items",
    "update_validators",
    "upsert_institutions",
    "upsert_opportunities",
    "upsert_profiles",
]
