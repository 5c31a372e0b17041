"""Crawl ONE source in this process through Scrapy and record the crawl run; print one JSON line.

    python -m crawlers.run --sources sources.toml --only demo-blog --database-url sqlite:///radar.db

Options for the runner: --pause-after N (pause after N failures), --allow-host HOST (a private
host that may be fetched), --contact-url URL (User-Agent), --setting NAME=VALUE (Scrapy).

Runs as a subprocess of ``crawlers.runner`` (Twisted's reactor cannot be restarted in a process).
The crawl run is recorded even when the site fails (DNS, refused, 500, not a feed...): its
errors say why. Exit code 0 means the run was recorded, whatever its status; the JSON line on
stdout carries status, counts, errors and details. Logs go to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crawlers.errors import ERRORS_KEY, record_error
from crawlers.pipelines.processed import drop_reasons
from crawlers.results import CrawlResult, decide_status, failed_result
from crawlers.sources import SourceConfig, SourcesError, load_sources, select_sources
from domain import CrawlStats

EXIT_RECORDED = 0
EXIT_BAD_SOURCES = 2
EXIT_NOT_RECORDED = 3


@dataclass(slots=True)
class RunOptions:
    """How to crawl, besides the source itself: what the runner passes down to each child."""

    log_level: str = "INFO"
    time_limit: float | None = None
    today: date | None = None
    # hosts that may be fetched although private, exactly as URLs write them
    allowed_hosts: tuple[str, ...] = ()
    contact_url: str | None = None
    # Scrapy settings set on top of crawlers.settings (benchmarks, tests, debugging)
    settings: dict[str, Any] = field(default_factory=dict)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, crawl, record, print the JSON line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        sources = load_sources(args.sources, base=args.base)
        (source,) = select_sources(sources, args.only, args.sources)
        options = RunOptions(
            log_level=args.log_level,
            time_limit=args.time_limit,
            today=args.today,
            allowed_hosts=tuple(args.allow_host),
            contact_url=args.contact_url,
            settings=dict(_setting(text) for text in args.setting),
        )
    except SourcesError as exc:
        _emit(failed_result(args.only, str(exc)))
        return EXIT_BAD_SOURCES
    except ValueError as exc:
        _emit(failed_result(args.only, f"bad --setting: {exc}"))
        return EXIT_BAD_SOURCES

    # Storage is imported only now, so a bad sources file is reported fast.
    from crawlers.pipelines.store import begin_run, finish_run, open_engine, usual_items

    try:
        engine = open_engine(args.database_url)
        run_id = args.run_id if args.run_id is not None else begin_run(engine, source)
        usual = usual_items(engine, source.name)
    except Exception as exc:  # no database, no table: nothing can be recorded
        _emit(failed_result(source.name, f"could not open a crawl run: {exc}"))
        return EXIT_NOT_RECORDED

    started = time.monotonic()
    try:
        result = crawl(source, args.database_url, options, usual=usual)
    except Exception as exc:  # the crawler could not even start: record that
        result = failed_result(source.name, f"crawler failed to run: {type(exc).__name__}: {exc}")
    result.run_id = run_id
    result.details["duration_s"] = round(time.monotonic() - started, 3)
    try:
        finish_run(
            engine,
            run_id,
            result.stats,
            result.status,
            result.details,
            min_items=source.expected_min_items,
            pause_after=args.pause_after,
        )
        result.recorded = True
    except Exception as exc:
        result.stats.errors.append(f"could not record the crawl run: {exc}")
    finally:
        engine.dispose()
    _emit(result)
    return EXIT_RECORDED if result.recorded else EXIT_NOT_RECORDED


def crawl(
    source: SourceConfig,
    database_url: str,
    options: RunOptions | None = None,
    *,
    usual: int | None = None,
) -> CrawlResult:
    """Run the source's spider to the end in this process and summarise Scrapy's stats."""
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess

    from crawlers.spiders import SPIDERS

    process = CrawlerProcess(crawl_settings(source, database_url, options))
    crawler = process.create_crawler(SPIDERS[source.spider])
    startup_errors: list[str] = []

    def on_spider_error(failure: Any, response: Any, spider: Any) -> None:
        _record(spider, f"{response.url}: error while parsing: {failure.getErrorMessage()}")

    def on_item_error(item: Any, response: Any, spider: Any, failure: Any) -> None:
        spider.crawler.stats.inc_value("radar/dropped/pipeline-error")
        where = response.url if response is not None else source.url
        _record(spider, f"{where}: error while processing an item: {failure.getErrorMessage()}")

    crawler.signals.connect(on_spider_error, signal=signals.spider_error)
    crawler.signals.connect(on_item_error, signal=signals.item_error)
    deferred = process.crawl(crawler, source=source)
    deferred.addErrback(lambda failure: startup_errors.append(failure.getErrorMessage()))
    process.start()
    stats = crawler.stats.get_stats() if getattr(crawler, "stats", None) else {}
    return summarise(source, stats, startup_errors, usual=usual)


def crawl_settings(
    source: SourceConfig, database_url: str, options: RunOptions | None = None
) -> Any:
    """crawlers.settings, plus this run's database, options and the source's own settings."""
    from scrapy.settings import Settings

    options = options or RunOptions()
    settings = Settings()
    settings.setmodule("crawlers.settings", priority="project")
    overrides: dict[str, Any] = {
        "RADAR_DATABASE_URL": database_url,
        "RADAR_SOURCE": source.name,
        "LOG_LEVEL": options.log_level,
        # The sources file says whether this source may reach private addresses.
        "RADAR_ALLOW_PRIVATE": source.allow_private,
        "RADAR_ALLOWED_HOSTS": list(options.allowed_hosts),
    }
    if options.contact_url:
        overrides["RADAR_CONTACT_URL"] = options.contact_url
        overrides["USER_AGENT"] = f"OpportunityRadar/0.1 (+{options.contact_url})"
    if source.download_delay is not None:
        # The source's delay is the floor, and AutoThrottle starts from it instead of its default.
        overrides["DOWNLOAD_DELAY"] = source.download_delay
        overrides["AUTOTHROTTLE_START_DELAY"] = source.download_delay
    if options.time_limit:
        overrides["CLOSESPIDER_TIMEOUT"] = options.time_limit
    if options.today is not None:
        overrides["RADAR_TODAY"] = options.today.isoformat()
    overrides.update(options.settings)
    settings.setdict(overrides, priority="cmdline")
    return settings


def summarise(
    source: SourceConfig,
    stats: dict[str, Any],
    startup_errors: list[str],
    *,
    usual: int | None = None,
) -> CrawlResult:
    """Scrapy's stats as our CrawlResult: counts, drop reasons, errors, status and details.

    ``usual`` is the source's usual item count: storing far fewer is an error of the run.
    """
    errors = [f"crawler failed to start: {e}" for e in startup_errors]
    errors.extend(stats.get(ERRORS_KEY) or [])
    hidden = int(stats.get("radar/error_count", 0)) - len(stats.get(ERRORS_KEY) or [])
    if hidden > 0:
        errors.append(f"... and {hidden} more errors")
    finish_reason = stats.get("finish_reason")
    if finish_reason and finish_reason != "finished":
        errors.append(f"crawl stopped early: {finish_reason}")
    reasons = drop_reasons(stats)
    counts = CrawlStats(
        source=source.name,
        scraped=int(stats.get("radar/items_yielded", 0)),
        new=int(stats.get("radar/new", 0)),
        updated=int(stats.get("radar/updated", 0)),
        unchanged=int(stats.get("radar/unchanged", 0)),
        dropped=sum(reasons.values()),
        errors=errors,
        drop_reasons=reasons,
    )
    stored = counts.new + counts.updated + counts.unchanged
    if stored == 0 and not errors:
        counts.errors.append(
            f"all {counts.scraped} items were dropped" if counts.scraped else "no items found"
        )
    if stored:
        from crawlers.pipelines.store import too_few_items

        problem = too_few_items(stored, usual, source.expected_min_items)
        if problem:
            counts.errors.append(problem)
    return CrawlResult(
        source=source.name, status=decide_status(counts), stats=counts, details=details(stats)
    )


def details(stats: dict[str, Any]) -> dict[str, Any]:
    """The request-level numbers kept with the crawl run (JSON-ready)."""
    prefix = "downloader/response_status_count/"
    return {
        "requests": int(stats.get("downloader/request_count", 0)),
        "responses": int(stats.get("downloader/response_count", 0)),
        "responses_by_status": {
            key.removeprefix(prefix): int(value)
            for key, value in sorted(stats.items())
            if key.startswith(prefix)
        },
        "retries": int(stats.get("retry/count", 0)),
        "retry_after_waits": int(stats.get("radar/retry_after_waits", 0)),
        "retry_after_waited_s": round(float(stats.get("radar/retry_after_waited_s", 0)), 3),
        "robots_forbidden": int(stats.get("robotstxt/forbidden", 0)),
        "robots_unreachable": int(stats.get("robotstxt/unreachable_refused", 0)),
        "blocked_private": int(stats.get("radar/blocked_private", 0)),
        # conditional requests: pages that answered 304 or the same body, not parsed again;
        # detail pages the cache vouched for, not fetched; their records counted as unchanged
        "pages_not_modified": int(stats.get("radar/pages_not_modified", 0)),
        "pages_same_body": int(stats.get("radar/pages_same_body", 0)),
        "pages_not_refetched": int(stats.get("radar/pages_not_refetched", 0)),
        "unchanged_not_reparsed": int(stats.get("radar/unchanged_not_reparsed", 0)),
        "bytes": int(stats.get("downloader/response_bytes", 0)),
        "finish_reason": stats.get("finish_reason"),
        # max_pages stopped the crawl: calls it did not see may still be listed
        "capped": bool(stats.get("radar/capped")),
    }


def _record(spider: Any, message: str) -> None:
    spider.logger.error(message)
    record_error(spider.crawler.stats, message)


def _emit(result: CrawlResult) -> None:
    sys.stdout.write(result.to_json() + "\n")
    sys.stdout.flush()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m crawlers.run",
        description="Crawl one source of a sources file and record the crawl run.",
        epilog="Example: python -m crawlers.run --sources sources.toml --only demo-blog "
        "--database-url sqlite:///radar.db",
    )
    parser.add_argument("--sources", required=True, help="the sources file (TOML)")
    parser.add_argument("--only", required=True, help="name of the source to crawl")
    parser.add_argument("--database-url", required=True, help="SQLAlchemy URL of the database")
    parser.add_argument("--base", help="replaces {base} in the sources' URLs")
    parser.add_argument("--run-id", type=int, help="an already opened crawl run to finish")
    parser.add_argument("--log-level", default="INFO", help="Scrapy log level (stderr)")
    parser.add_argument(
        "--time-limit", type=float, help="seconds after which the crawl stops and records"
    )
    parser.add_argument("--today", type=date.fromisoformat, help="pin today's date (ISO)")
    parser.add_argument(
        "--pause-after",
        type=int,
        help="pause the source after this many consecutive failed runs (0: never)",
    )
    parser.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST",
        help="a private host that may be fetched, exactly as URLs write it (repeatable)",
    )
    parser.add_argument("--contact-url", help="contact URL named in the User-Agent")
    parser.add_argument(
        "--setting",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting on top of crawlers.settings; VALUE is JSON or text (repeatable)",
    )
    return parser


def _setting(text: str) -> tuple[str, Any]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ValueError(f"{text!r} is not NAME=VALUE")
    try:
        return name.strip(), json.loads(value)
    except ValueError:
        return name.strip(), value


if __name__ == "__main__":
    sys.exit(main())
