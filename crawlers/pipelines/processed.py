"""What flows between the pipelines after normalisation, and how a dropped item is counted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

from scrapy.exceptions import DropItem

from domain import InstitutionRecord, OpportunityRecord

DROPPED_PREFIX = "radar/dropped/"


@dataclass(slots=True)
class Processed:
    """A raw item (sanitised) with its record, or the reason normalisation could not make one."""

    raw: dict[str, Any]
    record: OpportunityRecord | InstitutionRecord | None = None
    problem: str | None = None
    # The URL of the page the item came from (for the page cache), when known.
    page: str | None = None

    @property
    def is_institution(self) -> bool:
        """True for ranking items (institutions), False for opportunities."""
        return self.raw.get("item_type") == "institution"


def drop(stats: Any, reason: str, detail: str) -> NoReturn:
    """Count the drop under its reason (it ends up in the crawl run) and drop the item."""
    stats.inc_value(f"{DROPPED_PREFIX}{reason}")
    raise DropItem(f"{reason}: {detail}")


def drop_reasons(stats: dict[str, Any]) -> dict[str, int]:
    """Reason -> count, read from a crawler's stats."""
    return {
        key.removeprefix(DROPPED_PREFIX): int(value)
        for key, value in stats.items()
        if key.startswith(DROPPED_PREFIX)
    }
