"""The `qs-rankings` spider: QS World University Rankings table data (topuniversities.com).

The ranking table loads a DataTables file (``/sites/default/files/qs-rankings-data/en/<nid>.txt``,
JSON despite the name): ``{columns: [...], data: [...]}`` whose cells are HTML fragments — the
``uni`` cell holds the name and the profile link, ``overall_rank_dis`` the displayed rank
("=3", "591-600", "1201+"). The file does not say its edition: set ``options.year``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from parsel import Selector
from scrapy.http import Response

from crawlers.selectors import collapse
from crawlers.spiders._ranking import RankingSpider, has_digit


class QsRankingsSpider(RankingSpider):
    """One raw institution per row of a QS table data file."""

    name = "qs-rankings"
    system = "qs"

    def parse(self, response: Response) -> Iterator[Any]:
        """Rows with a name and a numeric rank become institutions."""
        if not self.text_response(response):
            return
        try:
            document = json.loads(response.body)
        except ValueError as exc:
            self.record_error(response.url, f"QS table data is not JSON ({exc})")
            return
        rows = document.get("data") if isinstance(document, dict) else None
        if not isinstance(rows, list):
            self.record_error(response.url, "not a QS table data file (no 'data' list)")
            return
        year = self.ranking_year(response.url)
        if year is None:
            self.missing_year(response.url)
            return
        for row in rows:
            if not isinstance(row, dict):
                continue
            name, href = _name_and_link(row.get("uni"))
            rank = _cell_text(row.get("overall_rank_dis")) or _cell_text(row.get("rank_display"))
            if not has_digit(rank):
                rank = _cell_text(row.get("overall_rank"))
            if not name or not has_digit(rank):
                continue
            yield self.make_institution(
                name=name,
                country_text=_cell_text(row.get("location") or row.get("country")),
                rank_text=rank,
                year=year,
                url=response.urljoin(href) if href else None,
            )


def _cell_text(cell: Any) -> str:
    """The visible text of a table cell (an HTML fragment or a plain value)."""
    if cell is None:
        return ""
    text = str(cell)
    if "<" not in text:
        return collapse(text)
    return collapse(" ".join(Selector(text=text).xpath("//text()").getall()))


def _name_and_link(cell: Any) -> tuple[str, str | None]:
    """The university's name and profile link from the ``uni`` cell."""
    if not isinstance(cell, str):
        return "", None
    if "<" not in cell:
        return collapse(cell), None
    fragment = Selector(text=cell)
    link = fragment.css("a.uni-link") or fragment.css("a")
    if link:
        name = collapse(" ".join(link[0].xpath(".//text()").getall()))
        return name, link[0].attrib.get("href")
    return _cell_text(cell), None
