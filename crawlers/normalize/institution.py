"""Turn a RawInstitution (one university in one ranking) into an InstitutionRecord."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from crawlers.normalize.countries import country_code
from crawlers.normalize.text import clean
from domain.ids import make_id
from domain.records import InstitutionRecord, RankEntry

_FIRST_NUMBER = re.compile(r"\d+")


def rank_lower_bound(rank_text: object) -> int | None:
    """Sortable best position of a rank or band: "201–250" -> 201, "=15" -> 15, "1001+" -> 1001."""
    text = clean(rank_text)
    match = _FIRST_NUMBER.search(text)
    if not match or len(match.group()) > 6:
        return None
    value = int(match.group())
    return value if value > 0 else None


def _year(value: object) -> int | None:
    match = re.search(r"(?:19|20)\d{2}", clean(value))
    return int(match.group()) if match else None


def normalize_institution(raw: Mapping[str, Any]) -> InstitutionRecord:
    """Build the institution record: ISO country, rank band kept as text with its lower bound.

    Raises ValueError when the name is missing; everything else unknown stays None.
    """
    name = clean(raw.get("name"))
    if not name:
        raise ValueError("institution item has no name")
    country_text = clean(raw.get("country_text"))
    country = country_code(country_text) if country_text else None
    aliases = [clean(a) for a in raw.get("aliases") or [] if clean(a)]
    ranks: list[RankEntry] = []
    rank_text = clean(raw.get("rank_text"))
    system = clean(raw.get("system")).lower()
    year = _year(raw.get("year"))
    if rank_text and system and year is not None:
        ranks.append(RankEntry(system=system, year=year, rank=rank_text,
                               rank_lower=rank_lower_bound(rank_text)))
    return InstitutionRecord(
        id=make_id("inst", f"{name} {country or ''}".strip()),
        name=name,
        country=country,
        url=clean(raw.get("url")) or None,
        aliases=list(dict.fromkeys(a for a in aliases if a != name)),
        ranks=ranks,
    )
