"""SQLAlchemy 2 typed models: sources, opportunities, institutions, profiles, matches, runs, sends."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    Unicode,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base; naming convention keeps Alembic constraint names stable."""


class Source(Base):
    """A configured source and its health."""

    __tablename__ = "sources"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    spider: Mapped[str] = mapped_column(String(50))
    url: Mapped[str] = mapped_column(Text)
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    health: Mapped[str] = mapped_column(String(20), default="new")  # new|ok|failing|paused
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_success: Mapped[datetime | None] = mapped_column(DateTime)
    usual_items: Mapped[int | None] = mapped_column(Integer)
    # When the source was paused after too many consecutive failures (None when not paused).
    paused_at: Mapped[datetime | None] = mapped_column(DateTime)


class Opportunity(Base):
    """A call, keyed by its stable id (``source/external-id-or-slug``)."""

    __tablename__ = "opportunities"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    source: Mapped[str] = mapped_column(String(100), index=True)
    url: Mapped[str] = mapped_column(Text)
    canonical_url: Mapped[str] = mapped_column(Text, default="")
    title: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(30), default="other", index=True)
    funder: Mapped[str | None] = mapped_column(Text)
    host_institution: Mapped[str | None] = mapped_column(Text)
    host_country: Mapped[str | None] = mapped_column(String(2))
    eligible_countries: Mapped[list] = mapped_column(JSON, default=list)
    levels: Mapped[list] = mapped_column(JSON, default=list)
    fields: Mapped[list] = mapped_column(JSON, default=list)
    amount: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))
    deadline: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="unknown", index=True)
    language: Mapped[str | None] = mapped_column(String(10))
    published: Mapped[datetime | None] = mapped_column(DateTime)
    first_seen: Mapped[datetime] = mapped_column(DateTime)
    last_seen: Mapped[datetime] = mapped_column(DateTime)
    last_verified: Mapped[datetime | None] = mapped_column(DateTime)
    last_changed: Mapped[datetime | None] = mapped_column(DateTime)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    # Set when this row is another site's copy of a call stored under ``canonical_id``.
    canonical_id: Mapped[str | None] = mapped_column(String(200), index=True)

    __table_args__ = (Index("ix_opportunities_canonical_url", "canonical_url"),)


class OpportunityChange(Base):
    """A recorded change of a tracked field (deadline, amount...) of an opportunity."""

    __tablename__ = "opportunity_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    opportunity_id: Mapped[str] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(50))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    changed_at: Mapped[datetime] = mapped_column(DateTime)


class Institution(Base):
    """A university merged across ranking systems."""

    __tablename__ = "institutions"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    aliases: Mapped[list] = mapped_column(JSON, default=list)
    subjects: Mapped[list] = mapped_column(JSON, default=list)


class InstitutionRank(Base):
    """An institution's rank in one system and year; bands keep their text."""

    __tablename__ = "institution_ranks"

    institution_id: Mapped[str] = mapped_column(
        ForeignKey("institutions.id", ondelete="CASCADE"), primary_key=True
    )
    system: Mapped[str] = mapped_column(String(30), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    rank: Mapped[str] = mapped_column(String(30))
    rank_lower: Mapped[int | None] = mapped_column(Integer, index=True)


class Profile(Base):
    """A person who receives matches."""

    __tablename__ = "profiles"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(10), default="en")
    interests: Mapped[str] = mapped_column(Text, default="")
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    fields: Mapped[list] = mapped_column(JSON, default=list)
    level: Mapped[str | None] = mapped_column(String(20))
    target_levels: Mapped[list] = mapped_column(JSON, default=list)
    citizenship: Mapped[str | None] = mapped_column(String(2))
    residence: Mapped[str | None] = mapped_column(String(2))
    birth_date: Mapped[date | None] = mapped_column(Date)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)


class MatchRow(Base):
    """One opportunity shown to one profile, with its reasons."""

    __tablename__ = "matches"

    profile_id: Mapped[str] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    opportunity_id: Mapped[str] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), primary_key=True
    )
    score: Mapped[float] = mapped_column(Float)
    rank: Mapped[int] = mapped_column(Integer)
    eligibility: Mapped[str] = mapped_column(String(20))
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    computed_at: Mapped[datetime] = mapped_column(DateTime)


class CrawlRun(Base):
    """One crawl of one source, with its counts; a source's health is read from these."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(100), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20), default="running")  # running|ok|partial|failed
    scraped: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)
    dropped: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list] = mapped_column(JSON, default=list)
    drop_reasons: Mapped[dict] = mapped_column(JSON, default=dict)
    stats: Mapped[dict] = mapped_column(JSON, default=dict)
    # The process that opened the run and must finish it: a "running" row whose process is
    # gone was interrupted (killed, crashed), and the next run of the source closes it.
    pid: Mapped[int | None] = mapped_column(Integer)
    host: Mapped[str | None] = mapped_column(String(255))


class SchedulerJobRow(Base):
    """APScheduler's SQLAlchemyJobStore table (its exact columns), created by our migrations."""

    __tablename__ = "apscheduler_jobs"

    id: Mapped[str] = mapped_column(Unicode(191), primary_key=True)
    next_run_time: Mapped[float | None] = mapped_column(Float(25), index=True)
    job_state: Mapped[bytes] = mapped_column(LargeBinary)


class SchedulerLock(Base):
    """The one row a running scheduler holds; a stale heartbeat lets another take over."""

    __tablename__ = "scheduler_lock"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    # Random per holder: a reused pid on a restarted machine is not mistaken for the holder.
    token: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime)


class JobRun(Base):
    """One run of a scheduled job: when it was due, who ran it, how it ended."""

    __tablename__ = "job_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    job_id: Mapped[str] = mapped_column(String(200), index=True)
    reason: Mapped[str] = mapped_column(String(20))  # schedule|catch-up|rerun|now
    scheduled_for: Mapped[datetime | None] = mapped_column(DateTime)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(20))  # running|ok|failed|interrupted|gave-up
    result: Mapped[str | None] = mapped_column(Text)
    pid: Mapped[int] = mapped_column(Integer)
    host: Mapped[str] = mapped_column(String(255))
    # The interrupted run this one reran (a rerun that is interrupted too is not rerun again).
    rerun_of: Mapped[int | None] = mapped_column(Integer)
    # Workers (radar worker) claim a run by its key (job id @ slot): a redelivered task takes
    # the same row over instead of running the slot twice; attempts counts the takeovers.
    run_key: Mapped[str | None] = mapped_column(String(300), unique=True)
    attempts: Mapped[int] = mapped_column(Integer, default=1)


class SourceAlert(Base):
    """The health staff were last told about for a source, so each breakage is mailed once."""

    __tablename__ = "source_alerts"

    source: Mapped[str] = mapped_column(String(100), primary_key=True)
    health: Mapped[str] = mapped_column(String(20))
    alerted_at: Mapped[datetime] = mapped_column(DateTime)


class PageCacheEntry(Base):
    """What one page of a source gave when last parsed: validators, body hash, items, links.

    The crawler sends the validators back (conditional GET); a 304 or the same body hash
    means the page is not parsed again and its items count as unchanged.
    """

    __tablename__ = "http_cache"

    source: Mapped[str] = mapped_column(String(100), primary_key=True)
    # sha256 of the URL: URLs can be longer than an index allows.
    url_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    url: Mapped[str] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    body_hash: Mapped[str] = mapped_column(String(64))
    # Code and options the page was parsed with; another fingerprint = parse it again.
    fingerprint: Mapped[str] = mapped_column(String(64))
    item_ids: Mapped[list] = mapped_column(JSON, default=list)
    links: Mapped[list] = mapped_column(JSON, default=list)
    parsed_at: Mapped[datetime] = mapped_column(DateTime)


class DigestSend(Base):
    """A digest written or sent to one profile; the unique key stops double sends."""

    __tablename__ = "digest_sends"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    profile_id: Mapped[str] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"))
    digest_key: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(20))  # smtp|file
    # pending -> sending -> sent | failed | unknown (a "sending" row whose process died).
    status: Mapped[str] = mapped_column(String(20))
    opportunity_ids: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    error: Mapped[str | None] = mapped_column(Text)
    # What the digest said: {"new": [...], "closing": {id: days}, "changed": {...},
    # "deadlines": {id: iso date}} -- the next digest is computed against it.
    sections: Mapped[dict | None] = mapped_column(JSON)
    worker: Mapped[str | None] = mapped_column(String(300))  # host:pid that claimed the row
    message_id: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (UniqueConstraint("profile_id", "digest_key", "channel"),)


class CurationFlag(Base):
    """Staff's marks on an opportunity: featured for everyone, hidden from everyone, a note."""

    __tablename__ = "curation_flags"

    opportunity_id: Mapped[str] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), primary_key=True
    )
    featured: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    updated_by: Mapped[str | None] = mapped_column(String(320))  # who made the last change


class Recommendation(Base):
    """Staff recommend an opportunity to one person or to a group (e.g. ``masters``)."""

    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    opportunity_id: Mapped[str] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), index=True
    )
    # Exactly one of the two is set; "" rather than NULL so the unique key holds on both DBs.
    profile_id: Mapped[str] = mapped_column(String(200), default="")
    group_name: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str | None] = mapped_column(String(320))  # who recommended it

    __table_args__ = (UniqueConstraint("opportunity_id", "profile_id", "group_name"),)


class Feedback(Base):
    """A person's verdict on an opportunity shown to them ("not-relevant" mutes it)."""

    __tablename__ = "feedback"

    profile_id: Mapped[str] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True
    )
    opportunity_id: Mapped[str] = mapped_column(
        ForeignKey("opportunities.id", ondelete="CASCADE"), primary_key=True
    )
    verdict: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class AccessToken(Base):
    """A person's private link token, stored only as its sha256 (the token is 256 random bits)."""

    __tablename__ = "access_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    profile_id: Mapped[str] = mapped_column(
        ForeignKey("profiles.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)


class RejectedAddress(Base):
    """A mail address the SMTP server refused permanently (5xx); skipped until cleared."""

    __tablename__ = "rejected_addresses"

    address: Mapped[str] = mapped_column(String(320), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)
    rejected_at: Mapped[datetime] = mapped_column(DateTime)


class ClusterDecision(Base):
    """A person's ruling that two opportunities are one call (merge) or two (split).

    Clustering after every crawl honours the latest ruling on each pair, so it survives re-crawls.
    """

    __tablename__ = "cluster_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    left_id: Mapped[str] = mapped_column(String(200), index=True)
    right_id: Mapped[str] = mapped_column(String(200), index=True)
    action: Mapped[str] = mapped_column(String(10))
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(DateTime)


class User(Base):
    """A staff account of the web app; ``auth_version`` grows on each password change so
    sessions signed for an older version stop working."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))  # staff | admin
    auth_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    language: Mapped[str | None] = mapped_column(String(10))  # the UI's; None: the browser's


class LoginThrottle(Base):
    """Failed logins per key (an account or a client address) in the current fixed window."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_start: Mapped[datetime] = mapped_column(DateTime)
