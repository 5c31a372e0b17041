"""The `webometrics` spider: the Ranking Web of Universities (webometrics.info) tables.

Webometrics pages (``/en/world``, ``/en/Asia/Uzbekistan``, ``?page=N``) show one HTML table:
``Ranking | World Rank | University | Det. | Country | Impact Rank | Openness Rank |
Excellence Rank`` — the university cell links to its website, the country cell is a flag
image. Columns are found by their header words, so a reordered table still reads. The pager's
next link is followed up to ``max_pages``. A CSV export of the same table (header row with the
same words) is read too.

Options: ``year`` (the edition), ``country`` (for country pages and CSVs without a country).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar
from urllib.parse import urlsplit

from parsel import Selector
from scrapy.http import Response

from crawlers.selectors import collapse
from crawlers.spiders._options import OptionTypes
from crawlers.spiders._ranking import RankingSpider, has_digit

# Header words per column, best first: a country page has both "Ranking" (in the country)
# and "World Rank"; the world rank is the comparable one.
_COLUMNS = {
    "rank": ("world rank", "world ranking", "ranking", "rank"),
    "name": ("university", "institution", "name"),
    "country": ("country", "location"),
}
_EDITION = re.compile(r"\b(?:january|february|july|august)\s+(20\d{2})\b", re.IGNORECASE)
# Webometrics prefixes some names with a footnote marker, "(1) Kebbi State University...".
_MARKER = re.compile(r"^\(\d+\)\s*")
_FLAG_CODE = re.compile(r"(?:^|/)([a-z]{2})\.(?:png|gif|svg|jpe?g)$", re.IGNORECASE)
_NEXT_PAGE = (
    "li.pager-next a::attr(href)",
    "a[rel=next]::attr(href)",
    "a[title='Go to next page']::attr(href)",
    "li.next a::attr(href)",
)


class WebometricsSpider(RankingSpider):
    """One raw institution per row of a Webometrics ranking table (HTML or CSV)."""

    name = "webometrics"
    system = "webometrics"
    option_types: ClassVar[OptionTypes] = {"year": int, "country": str}

    def parse(self, response: Response, page: int = 1) -> Iterator[Any]:
        """A table page (or CSV): its rows, then the next page while under max_pages."""
        if not self.text_response(response):
            return
        if _is_csv(response):
            rows = list(csv.reader(io.StringIO(response.text)))
            yield from self._rows(response, rows[0] if rows else [], _csv_cells(rows[1:]), None)
            return
        table, header = _ranking_table(response)
        if table is None:
            self.record_error(
                response.url,
                "no ranking table (a table whose header names the university and its rank); "
                "has the site's layout changed?",
            )
            return
        edition = _EDITION.search(" ".join(response.css("title::text, h1 ::text").getall()))
        stated = edition.group(1) if edition else None
        yield from self._rows(response, header, _html_cells(table), stated)
        next_href = next(
            (href for css in _NEXT_PAGE if (href := response.css(css).get())), None
        )
        if next_href and page < self.max_pages:
            yield self.request(
                response.urljoin(next_href), self.parse, cb_kwargs={"page": page + 1}
            )
        elif next_href:
            self.logger.info("stopped at max_pages=%d", self.max_pages)

    def _rows(
        self,
        response: Response,
        header: list[str],
        rows: Iterable[list[tuple[str, str | None, str | None]]],
        stated_year: str | None,
    ) -> Iterator[Any]:
        columns = _column_positions(header)
        if "name" not in columns or "rank" not in columns:
            self.record_error(
                response.url, f"table header {header!r} names no university or rank column"
            )
            return
        year = self.ranking_year(response.url, stated_year)
        if year is None:
            self.missing_year(response.url)
            return
        fallback_country = self.source.options.get("country")
        for cells in rows:
            if len(cells) <= max(columns.values()):
                continue
            name, link, _ = cells[columns["name"]]
            name = _MARKER.sub("", name)
            rank = cells[columns["rank"]][0]
            if not name or not has_digit(rank):
                continue
            country = None
            if "country" in columns:
                text, _, flag = cells[columns["country"]]
                country = text or flag
            yield self.make_institution(
                name=name,
                rank_text=rank,
                country_text=country or fallback_country,
                year=year,
                url=response.urljoin(link) if link else None,
            )


def _is_csv(response: Response) -> bool:
    content_type = response.headers.get("Content-Type", b"").decode("latin-1").lower()
    return "csv" in content_type or urlsplit(response.url).path.lower().endswith(".csv")


def _ranking_table(response: Response) -> tuple[Selector | None, list[str]]:
    """The first table whose header row names a university column and a rank column."""
    for table in response.css("table"):
        header_cells = table.css("thead tr:last-child th") or table.css("tr:first-child th")
        header = [collapse(" ".join(th.xpath(".//text()").getall())) for th in header_cells]
        columns = _column_positions(header)
        if "name" in columns and "rank" in columns:
            return table, header
    return None, []


def _html_cells(table: Selector) -> Iterator[list[tuple[str, str | None, str | None]]]:
    """Per body row: (text, first link, country hint from a flag image) for each cell."""
    rows = table.css("tbody tr") or table.xpath(".//tr[td]")
    for row in rows:
        cells = []
        for td in row.css("td"):
            text = collapse(" ".join(td.xpath(".//text()").getall()))
            link = td.css("a::attr(href)").get()
            cells.append((text, link, _flag_country(td)))
        yield cells


def _flag_country(cell: Selector) -> str | None:
    """A flag image's title/alt, else the two-letter code in its file name (e.g. ``uz.png``)."""
    image = cell.css("img")
    if not image:
        return None
    for attribute in ("title", "alt"):
        value = collapse(image[0].attrib.get(attribute, ""))
        if value:
            return value
    match = _FLAG_CODE.search(image[0].attrib.get("src", ""))
    return match.group(1).upper() if match else None


def _csv_cells(rows: list[list[str]]) -> Iterator[list[tuple[str, str | None, str | None]]]:
    for row in rows:
        yield [(collapse(value), None, None) for value in row]


def _column_positions(header: list[str]) -> dict[str, int]:
    """Column index of rank, name and country, found by the header's words."""
    labels = [re.sub(r"[^a-z ]", "", h.lower()).strip() for h in header]
    positions: dict[str, int] = {}
    for key, candidates in _COLUMNS.items():
        for candidate in candidates:
            if candidate in labels:
                positions[key] = labels.index(candidate)
                break
    return positions
