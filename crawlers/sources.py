"""The sources file (TOML): load, check and describe every source before anything is crawled.

The format is documented in docs/sources.md. Every problem is reported with the file, the entry
(its position and name) and what is wrong, all problems at once, so a typo never starts a crawl.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from crawlers.spiders import BROKEN, SPIDERS
from crawlers.spiders.base import did_you_mean
from domain.ids import SOURCE_NAME
from domain.vocabulary import SCHEDULE_WORDS

MAX_NAME_LENGTH = 100  # the sources table's name column


class SourcesError(ValueError):
    """A sources file that cannot be used; ``problems`` lists each one on its own."""

    def __init__(self, path: Path | str, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        super().__init__("\n".join(f"{self.path}: {p}" for p in problems))


class SourceConfig(BaseModel):
    """One ``[[sources]]`` entry, with ``{base}`` already substituted in its URL."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    spider: str
    url: str
    schedule: str | None = None
    max_pages: int | None = Field(default=None, ge=1)
    allow_private: bool = False
    download_delay: float | None = Field(default=None, ge=0)
    expected_min_items: int | None = Field(default=None, ge=0)
    defaults: dict[str, Any] = Field(default_factory=dict)
    # listing spider
    selectors: dict[str, str] = Field(default_factory=dict)
    # json spider
    items_path: str = ""
    next_page_path: str | None = None
    item_type: Literal["opportunity", "institution"] = "opportunity"
    fields: dict[str, str] = Field(default_factory=dict)
    # free-form options of a bespoke spider
    options: dict[str, Any] = Field(default_factory=dict)

    def spider_options(self) -> dict[str, Any]:
        """Everything but name/spider/url, as stored with the source in the database."""
        return self.model_dump(exclude={"name", "spider", "url"}, exclude_defaults=True)


def load_sources(path: Path | str, base: str | None = None) -> list[SourceConfig]:
    """Read and check a sources file; raises SourcesError listing every problem found."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourcesError(path, ["file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError(path, [f"cannot read the file: {exc}"]) from None
    return parse_sources(text, path, base)


def parse_sources(
    text: str, path: Path | str = "<sources>", base: str | None = None
) -> list[SourceConfig]:
    """Check the text of a sources file (``path`` only names it in errors)."""
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends with "(at line N, column M)".
        raise SourcesError(path, [f"TOML syntax error: {exc}"]) from None
    problems = [
        f"unknown top-level key {k!r}{did_you_mean(k, ['sources'])}"
        for k in document
        if k != "sources"
    ]
    entries = document.get("sources")
    if not isinstance(entries, list) or not entries:
        problems.append("no [[sources]] entries (each source is a [[sources]] table)")
        raise SourcesError(path, problems)
    configs: list[SourceConfig] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries, start=1):
        label = _label(index, entry)
        if not isinstance(entry, dict):
            problems.append(f"{label}: must be a table")
            continue
        entry_problems, config = _check_entry(entry, base)
        problems.extend(f"{label}: {p}" for p in entry_problems)
        name = entry.get("name")
        if isinstance(name, str):
            if name in seen:
                problems.append(
                    f"{label}: duplicate name {name!r} (entry #{seen[name]} has it too)"
                )
            seen.setdefault(name, index)
        if config is not None:
            configs.append(config)
    if problems:
        raise SourcesError(path, problems)
    return configs


def select_sources(
    sources: list[SourceConfig], only: str | list[str] | tuple[str, ...] | None, path: Path | str
) -> list[SourceConfig]:
    """The sources named in ``only`` (all when None); an unknown name is a SourcesError."""
    if only is None:
        return list(sources)
    wanted = [only] if isinstance(only, str) else list(only)
    by_name = {s.name: s for s in sources}
    unknown = [
        f"no source named {n!r}{did_you_mean(n, list(by_name))}" for n in wanted if n not in by_name
    ]
    if unknown:
        raise SourcesError(path, unknown)
    return [by_name[n] for n in wanted]


def _label(index: int, entry: object) -> str:
    name = entry.get("name") if isinstance(entry, dict) else None
    return f"entry #{index} ({name!r})" if isinstance(name, str) else f"entry #{index} (no name)"


def _check_entry(entry: dict[str, Any], base: str | None) -> tuple[list[str], SourceConfig | None]:
    problems: list[str] = []
    entry = dict(entry)
    url = entry.get("url")
    if isinstance(url, str) and "{base}" in url:
        if base is None:
            problems.append("url uses {base} but no base URL was given")
        else:
            entry["url"] = url = url.replace("{base}", base.rstrip("/"))
    config = None
    try:
        config = SourceConfig.model_validate(entry)
    except ValidationError as exc:
        problems.extend(_describe(error) for error in exc.errors())
    # The checks below read the raw entry, so one bad option does not hide the other problems.
    name, spider_name, schedule = entry.get("name"), entry.get("spider"), entry.get("schedule")
    if isinstance(name, str):
        problems.extend(_check_name(name))
    if isinstance(url, str) and "{base}" not in url:
        problems.extend(_check_url(url))
    if isinstance(schedule, str):
        problems.extend(_check_schedule(schedule))
    spider = SPIDERS.get(spider_name) if isinstance(spider_name, str) else None
    if isinstance(spider_name, str) and spider is None:
        known = ", ".join(sorted(SPIDERS))
        broken = "".join(f"; {module} is broken: {why}" for module, why in BROKEN.items())
        problems.append(
            f"unknown spider {spider_name!r}{did_you_mean(spider_name, list(SPIDERS))}"
            f" (known spiders: {known}){broken}"
        )
    if spider is not None and config is not None:
        problems.extend(spider.check_source(config))
    return problems, (None if problems else config)


def _describe(error: Mapping[str, Any]) -> str:
    loc = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        options = list(SourceConfig.model_fields)
        return f"unknown option {loc!r}{did_you_mean(str(error['loc'][0]), options)}"
    if error["type"] == "missing":
        return f"{loc!r} is missing"
    return f"{loc}: {error['msg']} (got {error.get('input')!r})"


def _check_name(name: str) -> list[str]:
    if not SOURCE_NAME.match(name) or len(name) > MAX_NAME_LENGTH:
        return [
            f"bad name {name!r}: use lower-case letters, digits and '-' "
            f"(starting with a letter or digit, at most {MAX_NAME_LENGTH} characters)"
        ]
    return []


def _check_url(url: str) -> list[str]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return [f"bad url {url!r}: needs http:// or https:// and a host"]
    return []


def _check_schedule(schedule: str | None) -> list[str]:
    if schedule is None or schedule in SCHEDULE_WORDS:
        return []
    if len(schedule.split()) != 5:
        return [
            f"bad schedule {schedule!r}: use hourly, daily, weekly or a 5-field cron expression"
        ]
    from apscheduler.triggers.cron import CronTrigger  # only needed for cron expressions

    try:
        CronTrigger.from_crontab(schedule, timezone="UTC")
    except ValueError as exc:
        return [f"bad schedule {schedule!r}: {exc}"]
    return []
