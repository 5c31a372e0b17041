"""The `arwu-rankings` spider: ShanghaiRanking's Academic Ranking of World Universities (ARWU).

Reads both formats the site has served:
- the public rank API (``/api/pub/v1/arwu/rank?version=<year>``):
  ``{code, msg, data: {rankings: [...], indicators, regions}}``;
- the ranking page's Nuxt payload (``/_nuxt/static/<build>/rankings/arwu/<year>/payload.js``):
  ``__NUXT_JSONP__("/rankings/arwu/<year>", (function(a,b,...){return {data: [{year,
  univList: [...]}]}}(...)))`` — read as data, never executed — or the same object as JSON.
Each entry: ``ranking`` ("1", "201-300"), ``univNameEn``, ``univUp`` (profile slug), ``region``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response

from crawlers.spiders._jsliteral import JsLiteralError, load_nuxt_payload
from crawlers.spiders._ranking import RankingSpider, has_digit

# ARWU writes Chinese special regions as "China-Hong Kong"; the part after the dash is the place.
_REGION_PREFIX = "China-"


class ArwuRankingsSpider(RankingSpider):
    """One raw institution per university of an ARWU API response or page payload."""

    name = "arwu-rankings"
    system = "arwu"

    def parse(self, response: Response) -> Iterator[Any]:
        """Find the list of universities in whichever format came back."""
        if not self.text_response(response):
            return
        try:
            document = load_nuxt_payload(response.text)
        except (JsLiteralError, ValueError) as exc:
            self.record_error(response.url, f"neither ARWU API JSON nor a Nuxt payload: {exc}")
            return
        entries, stated_year = _entries(document)
        if entries is None:
            self.record_error(
                response.url,
                "no ARWU university list (expected data.rankings or data[0].univList)",
            )
            return
        year = self.ranking_year(response.url, stated_year)
        if year is None:
            self.missing_year(response.url)
            return
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            rank = str(entry.get("ranking") or "").strip()
            if not has_digit(rank):
                continue
            slug = entry.get("univUp")
            yield self.make_institution(
                name=entry.get("univNameEn"),
                country_text=_country(entry.get("region")),
                rank_text=rank,
                year=year,
                url=response.urljoin(f"/institution/{slug}") if isinstance(slug, str) else None,
            )


def _entries(document: Any) -> tuple[list[Any] | None, Any]:
    """(the universities, the year the document states) for either format."""
    data = document.get("data") if isinstance(document, dict) else None
    if isinstance(data, dict) and isinstance(data.get("rankings"), list):  # the rank API
        return data["rankings"], data.get("year") or data.get("version")
    if isinstance(data, list):  # a Nuxt payload: one object per page fetch
        for page in data:
            if not isinstance(page, dict):
                continue
            for key in ("univList", "filterList", "univData"):
                if isinstance(page.get(key), list) and page[key]:
                    return page[key], page.get("year")
    return None, None


def _country(region: Any) -> str | None:
    if not isinstance(region, str):
        return None
    region = region.strip()
    return region[len(_REGION_PREFIX):] if region.startswith(_REGION_PREFIX) else region
