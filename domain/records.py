"""Plain record types passed between packages (no I/O, no ORM)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from domain.vocabulary import Eligibility, Kind, Level, Role, Status


@dataclass(slots=True)
class OpportunityRecord:
    """One call (grant, scholarship, exchange...) as normalised from a source.

    ``details`` holds facts that have no column yet (stages, age limits, language tests,
    evidence sentences...) so later issues can add them without a migration.
    """

    id: str
    source: str
    url: str
    title: str
    summary: str = ""
    kind: Kind = Kind.OTHER
    funder: str | None = None
    host_institution: str | None = None
    host_country: str | None = None
    eligible_countries: list[str] = field(default_factory=list)
    levels: list[Level] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    amount: float | None = None
    currency: str | None = None
    deadline: date | None = None
    status: Status = Status.UNKNOWN
    language: str | None = None
    published: datetime | None = None
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    last_changed: datetime | None = None  # when its content last changed (feeds' "updated")
    details: dict = field(default_factory=dict)

    def is_open_on(self, day: date) -> bool:
        """Open unless its deadline has passed or a source says it is closed."""
        if self.status in (Status.CLOSED, Status.EXPIRED):
            return False
        return self.deadline is None or self.deadline >= day


@dataclass(slots=True)
class RankEntry:
    """A university's place in one ranking system and year; bands keep their text."""

    system: str
    year: int
    rank: str
    rank_lower: int | None = None


@dataclass(slots=True)
class InstitutionRecord:
    """A university or research institution, with its ranks."""

    id: str
    name: str
    country: str | None = None
    url: str | None = None
    aliases: list[str] = field(default_factory=list)
    ranks: list[RankEntry] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)  # fields it teaches/researches, if known


@dataclass(slots=True)
class Profile:
    """A person (faculty, student, staff) who receives matches."""

    id: str
    name: str
    role: Role
    email: str | None = None
    language: str = "en"
    interests: str = ""
    keywords: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    level: Level | None = None
    target_levels: list[str] = field(default_factory=list)
    citizenship: str | None = None
    residence: str | None = None
    birth_date: date | None = None
    details: dict = field(default_factory=dict)
    updated_at: datetime | None = None  # set by storage when the profile last changed

    def text(self) -> str:
        """The words that describe this person's interests, for relevance scoring."""
        return " ".join([self.interests, *self.keywords, *self.fields]).strip()


@dataclass(slots=True)
class Match:
    """One opportunity shown to one profile, with why."""

    profile_id: str
    opportunity_id: str
    score: float
    rank: int = 0
    eligibility: Eligibility = Eligibility.ELIGIBLE
    reasons: list = field(default_factory=list)  # domain.reasons.Reason (str: older rows)
    computed_at: datetime | None = None  # set when read back from storage


@dataclass(slots=True)
class CrawlStats:
    """Counts of one source's crawl run."""

    source: str
    scraped: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    dropped: int = 0
    errors: list[str] = field(default_factory=list)
    drop_reasons: dict[str, int] = field(default_factory=dict)
