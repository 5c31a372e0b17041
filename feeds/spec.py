"""FeedSpec: what a feed is called and where it lives; the items come separately."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """Identity and metadata of one published feed (all, one kind, one profile...).

    ``updated`` overrides the feed's own timestamp; by default it is the newest entry's, so the
    same items always give the same bytes.
    """

    id: str
    title: str
    link: str
    self_url: str
    description: str = ""
    language: str = "en"
    author: str = "Opportunity Radar"
    updated: datetime | None = None
    # Days before each deadline a calendar reminds (one VALARM each); none for public feeds.
    reminder_days: tuple[int, ...] = ()
    # Opportunity id → {"deadline" | "amount": the value before its latest change}: the
    # entry then says what changed ("was 20 December 2026").
    changes: Mapping[str, Mapping[str, str | None]] = field(default_factory=dict)

    @property
    def feed_id(self) -> str:
        """Atom feed id: from the spec id, so moving the site to another host keeps it."""
        return "urn:radar:feed:" + quote(self.id, safe="/-._~:")
