"""The `json` spider: a JSON API or file; items and fields are picked by dotted paths.

Options: ``items_path`` (the list of items; empty = the document itself), ``[sources.fields]``
(raw field -> path inside one item), ``next_page_path`` (the next page's URL, followed up to
``max_pages``) and ``item_type`` ("opportunity", or "institution" for ranking files).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, get_args, get_origin, get_type_hints

from scrapy.http import Response

from crawlers.spiders.base import SourceSpider, did_you_mean, raw_fields
from domain.raw import RawInstitution, RawOpportunity

if TYPE_CHECKING:
    from crawlers.sources import SourceConfig

_TYPES = {
    "opportunity": get_type_hints(RawOpportunity),
    "institution": get_type_hints(RawInstitution),
}
_MISSING = object()


class JsonSpider(SourceSpider):
    """Reads items from JSON pages; each item becomes a raw opportunity or institution."""

    name = "json"
    takes_options = False
    reads_options = frozenset({"items_path", "next_page_path", "item_type", "fields"})

    @classmethod
    def check_source(cls, source: SourceConfig) -> list[str]:
        """Needs a title (or name) and, for opportunities, a url path; fields must be raw fields."""
        problems = super().check_source(source)
        required = ("name",) if source.item_type == "institution" else ("title", "url")
        problems.extend(f"fields.{key} is missing" for key in required if key not in source.fields)
        allowed = raw_fields(source.item_type) - {"item_type", "source"}
        for key, path in source.fields.items():
            if key not in allowed:
                problems.append(
                    f"fields.{key}: not a raw {source.item_type} field{did_you_mean(key, allowed)}"
                )
            if not path.strip():
                problems.append(f"fields.{key}: empty path")
        return problems

    def parse(self, response: Response, page: int = 1) -> Iterator[Any]:
        """One raw item per element of ``items_path``; then the next page, if any."""
        document = self._load(response)
        if document is _MISSING:
            return
        items = dig(document, self.source.items_path)
        if not isinstance(items, list):
            self.record_error(
                response.url,
                f"items_path {self.source.items_path!r} is not a list "
                f"(found {type(items).__name__})",
            )
            return
        for element in items:
            yield self.make_item(**self._parse_fields(element, response))
        follow = self.next_page(self._parse_next_page(document, response), self.parse, page)
        if follow is not None:
            yield follow

    def _load(self, response: Response) -> Any:
        try:
            return json.loads(response.body)
        except (ValueError, UnicodeDecodeError) as exc:
            self.record_error(response.url, f"response is not JSON ({exc})")
            return _MISSING

    def _parse_fields(self, element: Any, response: Response) -> dict[str, Any]:
        types = _TYPES[self.source.item_type]
        fields = {}
        for key, path in self.source.fields.items():
            value = coerce(dig(element, path), types.get(key, str))
            if key == "url" and isinstance(value, str) and value:
                value = response.urljoin(value)
            fields[key] = value
        return fields

    def _parse_next_page(self, document: Any, response: Response) -> str | None:
        if not self.source.next_page_path:
            return None
        href = dig(document, self.source.next_page_path)
        return response.urljoin(href) if isinstance(href, str) and href.strip() else None


def dig(document: Any, path: str) -> Any:
    """The value at a dotted path ("data.items", "links.0.href"); None when absent."""
    value = document
    for part in (p for p in path.split(".") if p):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.lstrip("-").isdigit():
            index = int(part)
            value = value[index] if -len(value) <= index < len(value) else None
        else:
            return None
    return value


def coerce(value: Any, target: Any) -> Any:
    """A JSON value as the raw field's type (text, number, list, dict); None when it cannot be."""
    if value is None:
        return None
    origin = get_origin(target) or target
    if origin is str:
        if isinstance(value, str):
            return value
        if isinstance(value, bool | int | float):
            return str(value)
        if isinstance(value, list):
            return ", ".join(str(v) for v in value if isinstance(v, str | int | float) and v != "")
        return None
    if origin in (int, float):
        try:
            return origin(value) if not isinstance(value, bool) else None
        except (TypeError, ValueError):
            return None
    if origin is list:
        (inner,) = get_args(target) or (str,)
        items = value if isinstance(value, list) else [value]
        return [v for v in (coerce(item, inner) for item in items) if v not in (None, "")]
    if origin is dict:
        return value if isinstance(value, dict) else None
    return value
