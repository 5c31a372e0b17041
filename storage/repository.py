"""The repository: every read and write other packages may use, in one import."""

from storage.changes import deadline_moves, previous_values
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
from storage.digests import (
    claim_digest,
    delivered_sections,
    digest_sends,
    finish_digest,
    mark_orphans_unknown,
    mark_sending,
)
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
from storage.recommended import group_recommendations, recommendations_for
from storage.rejections import clear_rejection, reject_address, rejected_addresses
from storage.sightings import flag_vanished, load_canonical_ids, set_canonical
from storage.tokens import issue_token, profile_for_token, revoke_tokens

__all__ = [
    "UpsertCounts",
    "add_cluster_decisions",
    "add_feedback",
    "canonical",
    "claim_digest",
    "clear_rejection",
    "close_interrupted_runs",
    "crawl_run",
    "crawl_runs_between",
    "deadline_moves",
    "delivered_sections",
    "digest_sends",
    "ensure_source",
    "expire_past",
    "finish_crawl_run",
    "finish_digest",
    "flag_vanished",
    "forget_pages",
    "group_recommendations",
    "health_summary",
    "issue_token",
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
    "mark_orphans_unknown",
    "mark_sending",
    "opportunity_changes",
    "previous_values",
    "profile_for_token",
    "recommend",
    "recommendations_for",
    "reject_address",
    "rejected_addresses",
    "replace_matches",
    "revoke_tokens",
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
