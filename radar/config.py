"""Settings from ``radar.toml`` and ``RADAR_*`` environment variables (environment wins)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_SOURCES = Path(__file__).resolve().parents[1] / "crawlers" / "sources.toml"
_HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def config_file() -> Path:
    """The settings file: ``$RADAR_CONFIG`` or ``radar.toml`` in the working folder."""
    return Path(os.environ.get("RADAR_CONFIG", "radar.toml"))


class Settings(BaseSettings):
    """Every setting, its default and what it does (docs/settings.md lists the same)."""

    model_config = SettingsConfigDict(env_prefix="RADAR_", extra="forbid")

    database_url: str = Field(
        "sqlite:///radar.db",
        description="SQLAlchemy URL of the database; PostgreSQL: postgresql+psycopg://user@host/db",
    )
    sources: Path = Field(DEFAULT_SOURCES, description="Path of the sources file (TOML).")
    smtp_host: str = Field("localhost", description="SMTP server that sends digests.")
    smtp_port: int = Field(25, description="SMTP port (587 for STARTTLS, 465 for TLS).")
    smtp_user: str | None = Field(None, description="SMTP login, if the server needs one.")
    smtp_password: str | None = Field(None, description="SMTP password, if the server needs one.")
    smtp_tls: str = Field("none", description="none | starttls | tls")
    smtp_attempts: int = Field(
        3, description="Tries per digest when the server answers 4xx or the network fails."
    )
    smtp_backoff: float = Field(
        5.0, description="Seconds before the second try; doubled before each later one."
    )
    mail_from: str = Field(
        "Opportunity Radar <radar@localhost>", description="From address of digests."
    )
    base_url: str = Field(
        "http://localhost:8000",
        description="Public URL of the web app, used in feed and mail links.",
    )
    contact_url: str = Field(
        "https://github.com/opportunity-radar/opportunity-radar",
        description="Contact URL named in the crawler's User-Agent.",
    )
    crawl_parallel: int = Field(2, description="How many sources are crawled at once.")
    crawl_timeout: int = Field(
        900, description="Seconds after which one source's crawl subprocess is stopped."
    )
    pause_after_failures: int = Field(
        5, description="Consecutive failed runs after which a source is paused."
    )
    crawl_allowed_hosts: list[str] = Field(
        default_factory=list,
        description="Private hosts sources may fetch, exactly as URLs write them (SSRF guard).",
    )
    match_limit: int = Field(50, description="Matches kept per profile.")
    timezone: str = Field("Asia/Tashkent", description="Time zone of 'today' and of schedules.")
    semantic: bool = Field(
        False, description="Blend dense similarity into matching (needs the semantic extra)."
    )
    semantic_cache_dir: Path | None = Field(
        None, description="Folder that keeps computed embeddings between runs."
    )
    login_max_failures: int = Field(
        5, ge=1, description="Failed logins of one account before it is locked for the window."
    )
    login_address_max_failures: int = Field(
        20, ge=1, description="Failed logins from one client address before it is locked."
    )
    login_window: int = Field(
        900, ge=1, description="Seconds a login lock lasts (a fixed window from the 1st failure)."
    )
    secret_key: str | None = Field(
        None,
        description="Key that signs web sessions; set it when several processes serve the app.",
    )
    # --- the scheduler (radar schedule); times are HH:MM in the office time zone ---
    feeds_dir: Path = Field(
        Path("radar-feeds"),
        description="Folder `radar publish` and the scheduler write feeds into (`radar serve` "
        "serves it).",
    )
    digest_time: str = Field("08:00", pattern=_HHMM, description="When digests go out each day.")
    digest_weekday: Weekday = Field("mon", description="The day weekly digests go out.")
    expire_time: str = Field(
        "00:30", pattern=_HHMM, description="When calls past their deadline are expired nightly."
    )
    health_summary_weekday: Weekday = Field(
        "mon", description="The day staff get the weekly source-health summary."
    )
    health_summary_time: str = Field(
        "09:00", pattern=_HHMM, description="When the weekly source-health summary is mailed."
    )
    staff_emails: list[str] = Field(
        default_factory=list,
        description="Staff addresses for the health summary and source breakage alerts.",
    )
    scheduler_lock_timeout: int = Field(
        120,
        ge=10,
        description="Seconds without a heartbeat after which another scheduler takes over.",
    )
    # --- scale-out (radar worker, radar schedule --executor celery; docs/scale.md) ---
    broker_url: str = Field(
        "redis://127.0.0.1:6379/0",
        description="Celery broker: redis://host:6379/0 or amqp://guest:guest@host:5672//.",
    )
    celery_queue: str = Field("radar", description="Queue the scheduler enqueues and workers read.")
    celery_visibility_timeout: int = Field(
        3600,
        description="Redis only: seconds before an unacknowledged task is delivered again.",
    )
    rematch_shards: int = Field(
        4, ge=1, le=1000, description="Celery: profile shards a rematch is split into."
    )
    digest_batches: int = Field(
        4, ge=1, le=1000, description="Celery: batches of people a digest run is split into."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Arguments beat the environment, which beats radar.toml.
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=config_file()),
        )


def load_settings(**overrides: object) -> Settings:
    """Read settings; explicit overrides (CLI options) win over everything."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
