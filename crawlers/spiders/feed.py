"""The `feed` spider: RSS 0.9x/1.0/2.0 and Atom feeds read with feedparser, one item per entry.

A feed needs no options: one ``[[sources]]`` entry with its URL is a source. A feed that links
its next page (RFC 5005 ``rel="next"``) is followed up to ``max_pages``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import defusedxml.ElementTree as SafeET
import feedparser
from defusedxml import DefusedXmlException
from scrapy.http import Response

from crawlers.spiders.base import SourceSpider


class FeedSpider(SourceSpider):
    """Reads an RSS or Atom feed; each entry becomes a raw opportunity."""

    name = "feed"
    takes_options = False

    def parse(self, response: Response, page: int = 1) -> Iterator[Any]:
        """One raw item per entry, fields as the feed writes them; then the next page, if any."""
        feed = self._read_feed(response)
        if feed is None:
            return
        for entry in feed.entries:
            yield self.make_item(
                title=_parse_title(entry),
                url=_parse_url(entry, response),
                summary=_parse_summary(entry),
                external_id=_parse_external_id(entry),
                published_text=_parse_published(entry),
                fields_text=", ".join(_parse_categories(entry)),
                language=_parse_language(entry, feed),
                extra=_parse_extra(entry),
            )
        next_url = _parse_next_page(feed)
        follow = self.next_page(next_url and response.urljoin(next_url), self.parse, page)
        if follow is not None:
            yield follow

    def _read_feed(self, response: Response) -> feedparser.FeedParserDict | None:
        """The parsed feed, or None (error recorded) when the body is not a usable feed."""
        try:
            # Only to refuse entity tricks (billion laughs, XXE) before feedparser sees them.
            SafeET.fromstring(response.body)
        except DefusedXmlException as exc:
            self.record_error(response.url, f"feed refused: it declares XML entities ({exc!r})")
            return None
        except SafeET.ParseError:
            pass  # not well-formed: feedparser's lenient parser may still read it
        content_type = response.headers.get("Content-Type", b"").decode("latin-1")
        feed = feedparser.parse(
            response.body,
            response_headers={"content-type": content_type, "content-location": response.url},
        )
        if not feed.get("version") and not feed.entries:
            why = f" ({feed.get('bozo_exception')})" if feed.get("bozo") else ""
            self.record_error(response.url, f"not an RSS or Atom feed{why}")
            return None
        if feed.get("bozo"):
            self.logger.info("%s: feed read despite: %s", response.url, feed.get("bozo_exception"))
        return feed


def _parse_title(entry: dict[str, Any]) -> str | None:
    return entry.get("title")


def _parse_url(entry: dict[str, Any], response: Response) -> str | None:
    link = entry.get("link")
    if not link:
        alternates = [
            item.get("href") for item in entry.get("links", []) if item.get("rel") == "alternate"
        ]
        link = next((href for href in alternates if href), None)
    return response.urljoin(link) if link else None


def _parse_summary(entry: dict[str, Any]) -> str | None:
    if entry.get("summary"):
        return entry["summary"]
    contents = [c.get("value") for c in entry.get("content", []) if c.get("value")]
    return contents[0] if contents else None


def _parse_external_id(entry: dict[str, Any]) -> str | None:
    return entry.get("id")


def _parse_published(entry: dict[str, Any]) -> str | None:
    return entry.get("published") or entry.get("updated")


def _parse_categories(entry: dict[str, Any]) -> list[str]:
    return [tag["term"].strip() for tag in entry.get("tags", []) if (tag.get("term") or "").strip()]


def _parse_language(entry: dict[str, Any], feed: feedparser.FeedParserDict) -> str | None:
    detail = entry.get("title_detail") or {}
    return detail.get("language") or feed.feed.get("language")


def _parse_extra(entry: dict[str, Any]) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if entry.get("author"):
        extra["author"] = entry["author"]
    categories = _parse_categories(entry)
    if categories:
        extra["categories"] = categories
    return extra


def _parse_next_page(feed: feedparser.FeedParserDict) -> str | None:
    for link in feed.feed.get("links", []):
        if link.get("rel") == "next" and link.get("href"):
            return link["href"]
    return None
