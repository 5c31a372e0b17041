"""The `the-rankings` spider: Times Higher Education World University Rankings data files.

The THE rankings page loads one JSON file per edition
(``/sites/default/files/the_data_rankings/world_university_rankings_<year>_....json``) with
``data[]`` = {rank, name, location, url, aliases, ...}. The source URL may be that file or the
rankings page itself, whose HTML names the file (it is then followed). Ranks are kept as
written: "=197", "201–250", "1001+"; rows without a numeric rank ("Reporter") are skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from crawlers.spiders._ranking import RankingSpider, has_digit

# The data file's address inside the rankings page (JSON inside scripts escapes the slashes).
_DATA_FILE = re.compile(
    r"(?:https?:)?(?:\\?/){2}[\w.-]+(?:\\?/)[^\"'\s<>]*?the_data_rankings(?:\\?/)[^\"'\s<>]+?\.json"
    r"|(?:\\?/)sites(?:\\?/)default(?:\\?/)files(?:\\?/)the_data_rankings(?:\\?/)[^\"'\s<>]+?\.json"
)


class TheRankingsSpider(RankingSpider):
    """One raw institution per ranked university of a THE data file."""

    name = "the-rankings"
    system = "the"

    def parse(self, response: Response, followed: bool = False) -> Iterator[Any]:
        """A data file gives institutions; a rankings page gives the data file to follow."""
        if not self.text_response(response):
            return
        try:
            document = json.loads(response.body)
        except ValueError:
            document = None
        if document is None:
            yield from self._follow_data_file(response, followed)
            return
        rows = document.get("data") if isinstance(document, dict) else None
        if not isinstance(rows, list):
            self.record_error(response.url, "not a THE rankings data file (no 'data' list)")
            return
        year = self.ranking_year(response.url)
        if year is None:
            self.missing_year(response.url)
            return
        unranked = 0
        for row in rows:
            if not isinstance(row, dict):
                continue
            rank = str(row.get("rank") or "").strip()
            if not has_digit(rank):
                unranked += 1
                continue
            yield self.make_institution(
                name=row.get("name"),
                country_text=row.get("location"),
                rank_text=rank,
                year=year,
                url=response.urljoin(row["url"]) if isinstance(row.get("url"), str) else None,
                aliases=_aliases(row),
            )
        if unranked:
            self.logger.info("%d rows without a numeric rank skipped (e.g. 'Reporter')", unranked)

    def _follow_data_file(self, response: Response, followed: bool) -> Iterator[Any]:
        match = None if followed else _DATA_FILE.search(response.text)
        if match is None:
            self.record_error(
                response.url,
                "neither a THE rankings data file (JSON) nor a rankings page naming one",
            )
            return
        url = response.urljoin(match.group().replace("\\/", "/"))
        yield self.request(url, self.parse, cb_kwargs={"followed": True})


def _aliases(row: dict[str, Any]) -> list[str]:
    """Other names from THE's search string ("Tsinghua University Qinghua University ...").

    THE's ``aliases`` is the name followed by search words, not a list; what follows the name
    is kept as one alias when it adds words the name does not have.
    """
    name = str(row.get("name") or "").strip()
    text = str(row.get("aliases") or "").strip()
    if not text or not name:
        return []
    rest = text[len(name):].strip() if text.lower().startswith(name.lower()) else text
    name_words = {w.lower() for w in name.split()}
    new_words = [w for w in rest.split() if w.lower() not in name_words]
    return [rest] if new_words else []
