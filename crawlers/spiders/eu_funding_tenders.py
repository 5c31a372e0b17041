"""The `eu-funding-tenders` spider: the EU Funding & Tenders Portal search API (SEDIA), paged.

The portal's search (``https://api.tech.ec.europa.eu/search-api/prod/rest/search?apiKey=SEDIA
&text=***``) takes ``pageNumber``/``pageSize`` in the URL and a multipart POST body with
``query`` (an Elasticsearch-like filter), ``languages`` and ``sort`` as JSON parts. It answers
``{totalResults, pageNumber, pageSize, results: [{reference, url, summary, metadata: {...}}]}``
where every metadata value is a list (``identifier``, ``title``, ``status``, ``deadlineDate``,
``budgetOverview`` — a JSON string, sometimes cut short —, ``descriptionByte``...). Pages are
requested until ``totalResults`` are seen or ``max_pages`` is reached; a record served twice
(as the API does) is yielded once.

Options: ``query`` (table; default: grants, calls and cascade funding that are open or
forthcoming), ``languages`` (default ["en"]), ``sort`` (default newest start date first),
``page_size`` (default 100).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import scrapy
from scrapy.http import Response

from crawlers.spiders._options import OptionTypes, check_options
from crawlers.spiders.base import SourceSpider

if TYPE_CHECKING:
    from crawlers.sources import SourceConfig

TOPIC_URL = (
    "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/"
    "topic-details/{identifier}"
)
DEFAULT_QUERY = {
    "bool": {
        "must": [
            {"terms": {"type": ["1", "2", "8"]}},
            {"terms": {"status": ["31094501", "31094502"]}},
        ]
    }
}
DEFAULT_SORT = {"order": "DESC", "field": "startDate"}
# The portal's facet values for status and type (its own labels, lower-cased).
STATUSES = {"31094501": "forthcoming", "31094502": "open", "31094503": "closed"}
TYPES = {"0": "tender", "1": "grant", "2": "call for proposals", "8": "cascade funding"}
# frameworkProgramme ids of the programmes this office follows (the portal's facet labels).
PROGRAMMES = {
    "43108390": "Horizon Europe (HORIZON)",
    "43353764": "Erasmus+ (ERASMUS+)",
    "43152860": "Digital Europe Programme (DIGITAL)",
    "43252405": "Programme for the Environment and Climate Action (LIFE)",
    "43251814": "Creative Europe Programme (CREA)",
    "43298916": "Euratom Research and Training Programme (EURATOM)",
    "43254037": "European Solidarity Corps (ESC)",
    "45876777": "Global Europe (NDICI)",
    "31045243": "Horizon 2020 (H2020)",
}
# One budgetOverview action, as the API writes it, for when the JSON string is cut short.
_BUDGET_ACTION = re.compile(
    r'\{"action":"(?P<action>[^"]*)","expectedGrants":(?P<grants>\d+),'
    r'"minContribution":(?P<min>[\d.]+),"maxContribution":(?P<max>[\d.]+)'
)


class EuFundingTendersSpider(SourceSpider):
    """One raw opportunity per topic or call in the search results."""

    name = "eu-funding-tenders"
    option_types: ClassVar[OptionTypes] = {
        "query": dict, "languages": list, "sort": dict, "page_size": int,
    }

    @classmethod
    def check_source(cls, source: SourceConfig) -> list[str]:
        """Options must be known and well-typed; page_size within the API's 1..100."""
        problems = super().check_source(source)
        problems.extend(check_options(source.options, cls.option_types, cls.name))
        size = source.options.get("page_size", 100)
        if isinstance(size, int) and not 1 <= size <= 100:
            problems.append(f"options.page_size: must be between 1 and 100 (got {size})")
        return problems

    def __init__(self, source: SourceConfig, **kwargs: Any):
        super().__init__(source, **kwargs)
        self.seen: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Page 1 of the search."""
        yield self.search_request(1)

    def search_request(self, page: int) -> scrapy.Request:
        """A multipart POST for one page, as the portal's own search sends it."""
        size = self.source.options.get("page_size", 100)
        parts = {
            "query": self.source.options.get("query", DEFAULT_QUERY),
            "languages": self.source.options.get("languages", ["en"]),
            "sort": self.source.options.get("sort", DEFAULT_SORT),
        }
        body, content_type = multipart(parts)
        return self.request(
            with_query(self.source.url, pageNumber=page, pageSize=size),
            self.parse,
            method="POST",
            body=body,
            headers={"Content-Type": content_type, "Accept": "application/json"},
            cb_kwargs={"page": page},
            dont_filter=True,
        )

    def parse(self, response: Response, page: int = 1) -> Iterator[Any]:
        """This page's records, then the next page while results remain and under max_pages."""
        try:
            document = json.loads(response.body)
        except ValueError as exc:
            self.record_error(response.url, f"search response is not JSON ({exc})")
            return
        results = document.get("results") if isinstance(document, dict) else None
        if not isinstance(results, list):
            self.record_error(response.url, "not a SEDIA search response (no 'results' list)")
            return
        for result in results:
            if isinstance(result, dict):
                item = self._item(result)
                if item is not None:
                    yield item
        total = _int(document.get("totalResults"))
        size = _int(document.get("pageSize")) or self.source.options.get("page_size", 100)
        number = _int(document.get("pageNumber")) or page
        if not results or number * size >= total:
            return
        if page >= self.max_pages:
            self.logger.info("stopped at max_pages=%d (%d results in all)", self.max_pages, total)
            return
        yield self.search_request(page + 1)

    def _item(self, result: dict[str, Any]) -> dict[str, Any] | None:
        meta = result.get("metadata") if isinstance(result.get("metadata"), dict) else {}
        identifier = _first(meta.get("identifier")) or result.get("reference")
        key = str(identifier or result.get("reference") or "")
        if not key or key in self.seen:
            return None
        self.seen.add(key)
        deadlines = sorted({d for d in map(_iso_date, meta.get("deadlineDate") or []) if d})
        times = {_clock(d) for d in meta.get("deadlineDate") or []} - {None, "00:00"}
        status = _first(meta.get("status"))
        type_id = _first(meta.get("type"))
        programme_id = _first(meta.get("frameworkProgramme"))
        budget = _budget(str(identifier or ""), _first(meta.get("budgetOverview")) or "")
        return self.make_item(
            title=_first(meta.get("title")) or result.get("summary"),
            url=_public_url(identifier, _first(meta.get("url")) or result.get("url")),
            external_id=identifier,
            summary=_first(meta.get("descriptionByte")) or result.get("summary"),
            funder="European Commission",
            deadline=deadlines[-1] if deadlines else None,
            deadline_text=_deadline_text(deadlines, times),
            amount=budget.get("max_contribution"),
            currency="EUR" if budget.get("max_contribution") else None,
            amount_text=_amount_text(budget),
            status=STATUSES.get(str(status), status),
            kind_text=_kind_text(str(identifier or ""), str(type_id or "")),
            fields_text=", ".join(_topics(meta)),
            opens_text=_iso_date(_first(meta.get("startDate"))),  # opening, not publication
            language=result.get("language") or _first(meta.get("language")),
            extra={
                "reference": result.get("reference"),
                "call_identifier": _first(meta.get("callIdentifier")),
                "call_title": _first(meta.get("callTitle")),
                "programme": PROGRAMMES.get(str(programme_id), programme_id),
                "type_of_action": _first(meta.get("typesOfAction")),
                "deadline_model": _first(meta.get("deadlineModel")),
                "deadlines": deadlines,
                "budget": budget,
            },
        )


def multipart(parts: dict[str, Any]) -> tuple[bytes, str]:
    """A multipart/form-data body with each value as a JSON part (what the portal sends)."""
    boundary = f"----OpportunityRadar{uuid.uuid4().hex}"
    chunks = []
    for name, value in parts.items():
        chunks.append(
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="{name}"; filename="blob"\r\n'
            "Content-Type: application/json\r\n\r\n"
            f"{json.dumps(value)}\r\n"
        )
    chunks.append(f"--{boundary}--\r\n")
    return "".join(chunks).encode("utf-8"), f"multipart/form-data; boundary={boundary}"


def with_query(url: str, **params: Any) -> str:
    """The URL with these query parameters set (replacing any it had)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in params]
    query.extend((k, str(v)) for k, v in params.items())
    # "***" (match everything) is the portal's text; keep it readable rather than %2A-escaped.
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))


def _first(values: Any) -> Any:
    if isinstance(values, list):
        return values[0] if values else None
    return values


def _iso_date(value: Any) -> str | None:
    if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    return None


def _clock(value: Any) -> str | None:
    match = re.match(r"\d{4}-\d{2}-\d{2}T(\d{2}:\d{2})", value) if isinstance(value, str) else None
    return match.group(1) if match else None


def _deadline_text(deadlines: list[str], times: set[str | None]) -> str | None:
    if not deadlines:
        return None
    text = "; ".join(deadlines)
    # One stated closing time for every stage (e.g. 17:00, the portal's Brussels-time cut-off).
    return f"{text} {times.pop()}" if len(times) == 1 else text


def _public_url(identifier: Any, url: Any) -> str | None:
    """The topic's portal page; the API sometimes gives a JSON data address instead."""
    if isinstance(url, str) and url.startswith("http") and not url.endswith(".json"):
        return url
    if isinstance(identifier, str) and identifier:
        return TOPIC_URL.format(identifier=identifier)
    return url if isinstance(url, str) else None


def _budget(identifier: str, raw: str) -> dict[str, Any]:
    """This topic's share of the call budget: contributions per project, expected grants."""
    actions: list[dict[str, Any]] = []
    try:
        parsed = json.loads(raw) if raw else {}
        for group in (parsed.get("budgetTopicActionMap") or {}).values():
            actions.extend(a for a in group or [] if isinstance(a, dict))
    except (ValueError, AttributeError):
        # Cut-short JSON: read the complete action records it still holds.
        actions = [
            {"action": m["action"], "expectedGrants": int(m["grants"]),
             "minContribution": float(m["min"]), "maxContribution": float(m["max"])}
            for m in _BUDGET_ACTION.finditer(raw)
        ]
    # An action is "<topic identifier> - <type of action>".
    mine = [a for a in actions if str(a.get("action", "")).split(" - ")[0].strip() == identifier]
    if not mine:
        return {}
    maxima = [_number(a.get("maxContribution")) for a in mine]
    minima = [_number(a.get("minContribution")) for a in mine]
    return {
        "min_contribution": min((m for m in minima if m), default=None),
        "max_contribution": max((m for m in maxima if m), default=None),
        "expected_grants": sum(int(a.get("expectedGrants") or 0) for a in mine) or None,
    }


def _amount_text(budget: dict[str, Any]) -> str | None:
    top = budget.get("max_contribution")
    if not top:
        return None
    low = budget.get("min_contribution")
    if low and low != top:
        return f"EUR {low:,.0f} to EUR {top:,.0f} (EU contribution per project)"
    return f"up to EUR {top:,.0f} (EU contribution per project)"


def _kind_text(identifier: str, type_id: str) -> str:
    upper = identifier.upper()
    if "MSCA" in upper:
        return "fellowship"
    if "EMJM" in upper or "MUNDUS" in upper:
        return "scholarship"
    return TYPES.get(type_id, "grant")


def _topics(meta: dict[str, Any]) -> list[str]:
    tags = [t for t in meta.get("tags") or [] if isinstance(t, str)]
    if tags:
        return tags
    keywords = meta.get("keywords") or []
    identifiers = {_first(meta.get("identifier")), _first(meta.get("callIdentifier"))}
    return [k for k in keywords if isinstance(k, str) and k not in identifiers and "[" not in k]


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
