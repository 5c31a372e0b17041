"""What the university-ranking spiders share: institution items, the ranking year, options."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from crawlers.spiders._options import OptionTypes, check_options
from crawlers.spiders.base import SPIDER_SPECIFIC_OPTIONS, SourceSpider, did_you_mean
from domain.raw import RAW_INSTITUTION_FIELDS

if TYPE_CHECKING:
    from crawlers.sources import SourceConfig

_YEAR_IN_URL = re.compile(r"(?<!\d)(20\d{2})(?!\d)")


class RankingSpider(SourceSpider):
    """A spider whose items are institutions (one university's place in one ranking and year).

    Options: ``year`` (the ranking's edition; otherwise ``defaults.year``, the year the data
    itself states, or a 20xx year in the URL, in that order).
    """

    #: the ranking system's short name stored with each rank ("the", "qs", ...)
    system: ClassVar[str] = ""
    option_types: ClassVar[OptionTypes] = {"year": int}

    @classmethod
    def check_source(cls, source: SourceConfig) -> list[str]:
        """Options must be known; defaults must be institution fields (not opportunity ones)."""
        # The base check reads defaults as the source's item_type (opportunity by default);
        # a ranking spider always yields institutions, so it checks them as such itself.
        problems = [
            f"option {option!r} is not used by the {cls.name!r} spider"
            for option in SPIDER_SPECIFIC_OPTIONS
            if option in source.model_fields_set
        ]
        allowed = RAW_INSTITUTION_FIELDS - {"source", "item_type"}
        problems.extend(
            f"defaults.{key}: not a raw institution field{did_you_mean(key, allowed)}"
            for key in source.defaults
            if key not in allowed
        )
        problems.extend(check_options(source.options, cls.option_types, cls.name))
        return problems

    def ranking_year(self, url: str, stated: Any = None) -> int | None:
        """The edition: options.year, defaults.year, the year the data states, or one in the URL."""
        for candidate in (self.source.options.get("year"), self.source.defaults.get("year"), stated):
            year = _as_year(candidate)
            if year is not None:
                return year
        match = _YEAR_IN_URL.search(url)
        return int(match.group(1)) if match else None

    def missing_year(self, url: str) -> None:
        """Record that the edition is unknown: ranks without a year cannot be stored."""
        self.record_error(
            url,
            f"cannot tell which year's {self.system.upper()} ranking this is; "
            "set options.year (or defaults.year) for this source",
        )

    def make_institution(self, **fields: Any) -> dict[str, Any]:
        """A raw institution item (RawInstitution) of this spider's ranking system."""
        fields.setdefault("system", self.system)
        item = self.make_item(**fields)
        item["item_type"] = "institution"
        return item


def _as_year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1900 < value < 2200 else None
    if isinstance(value, str):
        match = _YEAR_IN_URL.search(value)
        return int(match.group(1)) if match else None
    return None


def has_digit(text: str) -> bool:
    """True when a rank text holds a number ("=15", "201–250"); "Reporter" and "" do not."""
    return any(ch.isdigit() for ch in text)
