"""Pipeline 200: drop and count items that cannot be stored (no title, bad URL, unparseable)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler

from crawlers.pipelines.processed import Processed, drop


class ValidatePipeline:
    """Lets through only items with a record that has a title (or name) and an http(s) URL."""

    def __init__(self, stats: Any):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        """Drops are counted in the crawler's stats."""
        return cls(crawler.stats)

    def process_item(self, item: Processed) -> Processed:
        """The item unchanged, or DropItem with the reason (also counted per reason)."""
        problem = institution_problem(item) if item.is_institution else opportunity_problem(item)
        if problem:
            reason, detail = problem
            drop(self.stats, reason, detail)
        return item


def opportunity_problem(item: Processed) -> tuple[str, str] | None:
    """(reason, detail) when an opportunity cannot be stored, else None."""
    raw, record = item.raw, item.record
    where = raw.get("url") or "(no url)"
    if not raw.get("title") or (record is not None and not record.title.strip()):
        return "missing-title", f"item at {where} has no title"
    if not raw.get("url"):
        return "missing-url", f"item {raw.get('title')!r} has no url"
    url = record.url if record is not None else raw["url"]
    if not _is_web_url(url):
        return "bad-url", f"item {raw.get('title')!r} has an unusable url {url!r}"
    if record is None:
        return "unparseable", f"item at {where}: {item.problem or 'no record'}"
    return None


def institution_problem(item: Processed) -> tuple[str, str] | None:
    """(reason, detail) when an institution cannot be stored, else None."""
    raw, record = item.raw, item.record
    if not raw.get("name") or (record is not None and not record.name.strip()):
        return "missing-name", f"institution without a name ({raw.get('url') or 'no url'})"
    if record is None:
        return "unparseable", f"institution {raw.get('name')!r}: {item.problem or 'no record'}"
    return None


def _is_web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)
