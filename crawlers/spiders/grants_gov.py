"""The `grants-gov` spider: the Grants.gov opportunity search web service (JSON, paged).

The search answers a POSTed JSON body (``startRecordNum``, ``rows``, ``oppStatuses``,
``keyword``, ``sortBy``...) with ``{hitCount, startRecord, oppHits: [{id, number, title,
agency, agencyCode, openDate, closeDate (MM/DD/YYYY), oppStatus, docType, cfdaList}]}`` — the
legacy ``/grantsws/rest/opportunities/search`` at the top level, the current
``api.grants.gov/v1/api/search2`` inside ``data``; both are read. Pages are requested until
``hitCount`` records have been seen or ``max_pages`` is reached.

Options (sent as the API's own fields): ``keyword``, ``oppStatuses`` (default
"forecasted|posted"), ``rows`` (default 25), ``sortBy``, ``agencies``, ``eligibilities``,
``fundingCategories``, ``fundingInstruments``, ``cfda``, ``oppNum``; and ``method`` ("POST",
the default, or "GET" to send them as query parameters).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlencode

import scrapy
from scrapy.http import Response

from crawlers.spiders._options import OptionTypes, check_options
from crawlers.spiders.base import SourceSpider

if TYPE_CHECKING:
    from crawlers.sources import SourceConfig

DETAIL_URL = "https://www.grants.gov/search-results-detail/{id}"
_QUERY_FIELDS = (
    "keyword", "oppStatuses", "sortBy", "agencies", "eligibilities", "fundingCategories",
    "fundingInstruments", "cfda", "oppNum",
)
_DEFAULTS = {"oppStatuses": "forecasted|posted", "sortBy": "openDate|desc", "rows": 25}


class GrantsGovSpider(SourceSpider):
    """One raw opportunity per search hit, page after page."""

    name = "grants-gov"
    option_types: ClassVar[OptionTypes] = {
        **dict.fromkeys(_QUERY_FIELDS, str), "rows": int, "method": str,
    }

    @classmethod
    def check_source(cls, source: SourceConfig) -> list[str]:
        """Options must be API fields of the right type; method is POST or GET."""
        problems = super().check_source(source)
        problems.extend(check_options(source.options, cls.option_types, cls.name))
        method = str(source.options.get("method", "POST")).upper()
        if method not in ("POST", "GET"):
            problems.append(f"options.method: must be POST or GET (got {method!r})")
        rows = source.options.get("rows", 25)
        if isinstance(rows, int) and not 1 <= rows <= 1000:
            problems.append(f"options.rows: must be between 1 and 1000 (got {rows})")
        return problems

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The first page (startRecordNum 0)."""
        yield self.search_request(0, page=1)

    def search_request(self, start: int, page: int) -> scrapy.Request:
        """The search for records from ``start`` on, as POSTed JSON or a GET query."""
        query: dict[str, Any] = {**_DEFAULTS, "startRecordNum": start}
        query.update(
            {k: v for k, v in self.source.options.items() if k in _QUERY_FIELDS or k == "rows"}
        )
        kwargs: dict[str, Any] = {"cb_kwargs": {"page": page, "start": start}, "dont_filter": True}
        if str(self.source.options.get("method", "POST")).upper() == "GET":
            separator = "&" if "?" in self.source.url else "?"
            url = f"{self.source.url}{separator}{urlencode(query)}"
            return self.request(url, self.parse, headers={"Accept": "application/json"}, **kwargs)
        return self.request(
            self.source.url,
            self.parse,
            method="POST",
            body=json.dumps(query),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            **kwargs,
        )

    def parse(self, response: Response, page: int = 1, start: int = 0) -> Iterator[Any]:
        """The page's hits, then the next page while records remain and under max_pages."""
        try:
            document = json.loads(response.body)
        except ValueError as exc:
            self.record_error(response.url, f"Grants.gov search response is not JSON ({exc})")
            return
        result = _result(document)
        if result is None:
            self.record_error(response.url, "not a Grants.gov search response (no oppHits)")
            return
        for message in result.get("errorMsgs") or []:
            self.record_error(response.url, f"Grants.gov says: {message}")
        hits = [hit for hit in result["oppHits"] if isinstance(hit, dict)]
        for hit in hits:
            yield self._item(hit)
        # Our own cursor, not the echoed startRecord: a server that ignores startRecordNum must
        # not make us ask for the same page again and again.
        total = _int(result.get("hitCount"), 0)
        next_start = start + len(hits)
        if not hits or next_start >= total:
            return
        if page >= self.max_pages:
            self.logger.info(
                "stopped at max_pages=%d (%d of %d records read)", self.max_pages, next_start, total
            )
            return
        yield self.search_request(next_start, page + 1)

    def _item(self, hit: dict[str, Any]) -> dict[str, Any]:
        opportunity_id = str(hit.get("id") or "").strip()
        return self.make_item(
            title=hit.get("title"),
            url=DETAIL_URL.format(id=opportunity_id) if opportunity_id else None,
            external_id=hit.get("number") or opportunity_id,
            funder=hit.get("agency") or hit.get("agencyName"),
            deadline=_iso(hit.get("closeDate")),
            deadline_text=hit.get("closeDate") if not _iso(hit.get("closeDate")) else None,
            published_text=_iso(hit.get("openDate")) or hit.get("openDate"),
            status=hit.get("oppStatus"),
            kind_text="grant",
            extra={
                "opportunity_id": opportunity_id,
                "opportunity_number": hit.get("number"),
                "agency_code": hit.get("agencyCode"),
                "doc_type": hit.get("docType"),
                "assistance_listings": hit.get("cfdaList") or hit.get("alnist") or [],
                # Grants.gov writes numeric dates month first.
                "date_order": "MDY",
            },
        )


def _result(document: Any) -> dict[str, Any] | None:
    """The object holding oppHits: the document itself (legacy) or its ``data`` (search2)."""
    for candidate in (document, document.get("data") if isinstance(document, dict) else None):
        if isinstance(candidate, dict) and isinstance(candidate.get("oppHits"), list):
            return candidate
    return None


def _iso(value: Any) -> str | None:
    """MM/DD/YYYY (Grants.gov's format) or an ISO date as an ISO date; None otherwise."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    for pattern in ("%m/%d/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text[:10], pattern).date().isoformat()
        except ValueError:
            continue
    return None


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
