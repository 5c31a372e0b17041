"""Turn what callers pass (records, or record/match pairs in either order) into feed items."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from domain import Match, OpportunityRecord
from feeds.text import one_line

# Used when a record has no timestamps at all: a fixed instant keeps output byte-stable,
# which "now" would not (conditional GET and reader de-duplication both rely on that).
FIXED_TIMESTAMP = datetime(1970, 1, 1, tzinfo=UTC)

KIND_SCHEME = "urn:radar:kind"
LEVEL_SCHEME = "urn:radar:level"
FIELD_SCHEME = "urn:radar:field"


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One opportunity to publish, with the match that put it in a per-profile feed, if any."""

    record: OpportunityRecord
    match: Match | None = None

    @property
    def guid(self) -> str:
        return guid_for(self.record.id)

    @property
    def updated(self) -> datetime:
        # When the content last changed, not when a crawl last saw it: a re-crawl of an
        # unchanged call must not mark it updated in readers.
        rec = self.record
        return as_utc(rec.last_changed or rec.first_seen or rec.last_seen) or FIXED_TIMESTAMP

    @property
    def published(self) -> datetime:
        return as_utc(self.record.published or self.record.first_seen) or self.updated


# RFC 2141 NSS characters besides letters and digits; anything else (a "/" in
# ``source/slug``, "~", non-ASCII) is percent-encoded so feed validators accept the URN.
_URN_SAFE = "()+,-.:=@;$_!*'"


def guid_for(opportunity_id: str) -> str:
    """The permanent id of an opportunity in every feed and calendar: ``urn:radar:<id>``.

    Derived from the stable id only, never from URL, title or time, so republishing or a changed
    title updates the entry in readers instead of adding a duplicate. The same call has the
    same id in every feed (it is the same entry, docs/feeds.md).
    """
    # quote() never encodes "~" (RFC 3986 unreserved), but RFC 2141 does not allow it.
    return "urn:radar:" + quote(opportunity_id, safe=_URN_SAFE).replace("~", "%7E")


def as_utc(moment: datetime | None) -> datetime | None:
    """Naive datetimes are taken as UTC (storage keeps UTC); aware ones are converted."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def to_items(items: Iterable[object]) -> list[FeedItem]:
    """Accept records, ``(record, match)`` or ``(match, record)``; drop repeated ids.

    A repeated id would be two entries with one GUID, which readers merge unpredictably; the
    first occurrence wins because callers pass items best-first.
    """
    result: list[FeedItem] = []
    seen: set[str] = set()
    for position, item in enumerate(items):
        feed_item = _to_item(item, position)
        if feed_item.record.id in seen:
            continue
        seen.add(feed_item.record.id)
        result.append(feed_item)
    return result


def _to_item(item: object, position: int) -> FeedItem:
    if isinstance(item, OpportunityRecord):
        return FeedItem(item)
    if isinstance(item, tuple) and len(item) == 2:
        first, second = item
        if isinstance(first, OpportunityRecord) and isinstance(second, Match | None):
            return FeedItem(first, second)
        if isinstance(first, Match) and isinstance(second, OpportunityRecord):
            return FeedItem(second, first)
    raise TypeError(
        f"feed item {position} is {type(item).__name__}; expected an OpportunityRecord "
        "or a (OpportunityRecord, Match) pair"
    )


def categories(record: OpportunityRecord) -> list[tuple[str, str]]:
    """(term, scheme) pairs for the kind, levels and fields, without repeats, in a fixed order."""
    pairs = [(str(record.kind), KIND_SCHEME)]
    pairs += [(str(level), LEVEL_SCHEME) for level in record.levels]
    pairs += [(one_line(field), FIELD_SCHEME) for field in record.fields]
    unique: list[tuple[str, str]] = []
    for term, scheme in pairs:
        if term and (term, scheme) not in unique:
            unique.append((term, scheme))
    return unique
