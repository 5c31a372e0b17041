"""The one vocabulary of Opportunity Radar: enums, records, the raw item schema and ids."""

from domain.ids import make_id, slugify
from domain.records import (
    CrawlStats,
    InstitutionRecord,
    Match,
    OpportunityRecord,
    Profile,
    RankEntry,
)
from domain.vocabulary import Eligibility, Kind, Level, Role, Status

__all__ = [
    "CrawlStats",
    "Eligibility",
    "InstitutionRecord",
    "Kind",
    "Level",
    "Match",
    "OpportunityRecord",
    "Profile",
    "RankEntry",
    "Role",
    "Status",
    "make_id",
    "slugify",
]
