"""The item schema spiders yield: raw fields as written on the page, before normalisation.

Spiders fill what the page has; structured sources (APIs) may also fill the typed fields
(``deadline``, ``amount``...) directly, and normalisation keeps them.
"""

from typing import Any, TypedDict


class RawOpportunity(TypedDict, total=False):
    """What a spider yields for one call; only ``source``, ``url`` and ``title`` are required."""

    item_type: str  # "opportunity" (default) or "institution"
    source: str
    url: str
    title: str
    summary: str
    external_id: str
    funder: str
    host_institution: str
    host_country_text: str
    eligibility_text: str  # sentences about who may apply
    deadline_text: str
    amount_text: str
    level_text: str
    kind_text: str
    fields_text: str
    published_text: str  # when the call was published (posted), never when it opens
    opens_text: str  # when applications open (a call published in 2026 may open in 2027)
    language: str
    links: list[str]  # links in the body (absolute); the sanitizer reads them from the summary
    # Typed values a structured source already knows (normalisation keeps them).
    deadline: str  # ISO date
    amount: float
    currency: str
    kind: str
    levels: list[str]
    eligible_countries: list[str]
    status: str
    extra: dict[str, Any]


class RawInstitution(TypedDict, total=False):
    """What a ranking spider yields for one university in one ranking."""

    item_type: str  # always "institution"
    source: str
    name: str
    country_text: str
    url: str
    system: str  # "the", "qs", "arwu", "webometrics", ...
    year: int
    rank_text: str  # "151", "=151", "201–250", "1001+"
    aliases: list[str]


RAW_OPPORTUNITY_FIELDS = frozenset(RawOpportunity.__annotations__)
RAW_INSTITUTION_FIELDS = frozenset(RawInstitution.__annotations__)
