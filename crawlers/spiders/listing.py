"""The `listing` spider: a list page links to detail pages; fields are picked by selectors.

Everything site-specific is in the sources file's ``[sources.selectors]``: ``item_link`` (links
on the list page), ``next_page`` (the next list page, followed up to ``max_pages``) and one
selector per raw field on the detail page.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from scrapy.http import Response

from crawlers.selectors import FieldSelector
from crawlers.spiders.base import SourceSpider, did_you_mean
from domain.raw import RAW_OPPORTUNITY_FIELDS

if TYPE_CHECKING:
    from crawlers.sources import SourceConfig

# Selectors that steer the crawl; every other selector names a raw field of the detail page.
NAVIGATION = ("item_link", "next_page")
REQUIRED = ("item_link", "title")
# Raw fields a page cannot give as text (typed values are for structured sources).
NOT_SELECTABLE = frozenset(
    {"item_type", "source", "amount", "levels", "eligible_countries", "extra"}
)


class ListingSpider(SourceSpider):
    """List page -> detail pages -> one raw opportunity per detail page."""

    name = "listing"
    takes_options = False
    reads_options = frozenset({"selectors"})

    def __init__(self, source: SourceConfig, **kwargs: Any):
        super().__init__(source, **kwargs)
        self.selectors = {key: FieldSelector.parse(spec) for key, spec in source.selectors.items()}
        self.field_selectors = {k: s for k, s in self.selectors.items() if k not in NAVIGATION}

    @classmethod
    def check_source(cls, source: SourceConfig) -> list[str]:
        """Needs item_link and title; every selector must name a raw field and compile."""
        problems = super().check_source(source)
        if source.item_type != "opportunity":
            problems.append("the listing spider reads opportunities only (item_type)")
        problems.extend(
            f"selectors.{key} is missing" for key in REQUIRED if key not in source.selectors
        )
        allowed = (RAW_OPPORTUNITY_FIELDS - NOT_SELECTABLE) | set(NAVIGATION)
        for key, spec in source.selectors.items():
            if key not in allowed:
                problems.append(
                    f"selectors.{key}: not a raw field a page can give{did_you_mean(key, allowed)}"
                )
            problem = FieldSelector.parse(spec).problem()
            if problem:
                problems.append(f"selectors.{key}: {problem}")
        return problems

    def parse(self, response: Response, page: int = 1) -> Iterator[Any]:
        """A list page: follow every item link, then the next list page while under max_pages."""
        if not self.text_response(response):
            return
        links = self.selectors["item_link"].texts(response)
        if not links:
            self.record_error(
                response.url,
                f"list page has no item links (selector {self.source.selectors['item_link']!r}); "
                "has the site's layout changed?",
            )
        for href in links:
            yield self.request(response.urljoin(href), self.parse_detail)
        follow = self.next_page(self._parse_next_page(response), self.parse, page)
        if follow is not None:
            yield follow

    def parse_detail(self, response: Response) -> Iterator[Any]:
        """A detail page: one raw item, each field from its selector."""
        if not self.text_response(response):
            return
        fields = {key: sel.text(response) for key, sel in self.field_selectors.items()}
        url_selector = self.field_selectors.get("url")
        selected_url = url_selector.first(response) if url_selector else None
        fields["url"] = self._parse_url(response, selected_url)
        yield self.make_item(**fields)

    def _parse_next_page(self, response: Response) -> str | None:
        selector = self.selectors.get("next_page")
        href = selector.first(response) if selector else None
        return response.urljoin(href) if href else None

    @staticmethod
    def _parse_url(response: Response, selected: str | None) -> str:
        # A `url` selector (e.g. the canonical link) wins over the address the page came from.
        return response.urljoin(selected) if selected else response.url
