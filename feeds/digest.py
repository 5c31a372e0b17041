"""Email digest rendering: a profile's top matches as a subject, a plain-text and an HTML part."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from domain import Match, OpportunityRecord, Profile
from feeds.i18n import Texts
from feeds.presenting import Shown, show
from feeds.templating import render
from feeds.text import one_line, safe_url


@dataclass(frozen=True, slots=True)
class Digest:
    """A rendered digest: send ``text`` and ``html`` as the two parts of one multipart email."""

    subject: str
    text: str
    html: str
    language: str


def render_digest(
    profile: Profile,
    entries: Sequence[tuple[Match, OpportunityRecord]],
    *,
    today: date,
    base_url: str,
    language: str | None = None,
    limit: int | None = None,
) -> Digest:
    """Render ``profile``'s digest in ``language`` (default: the profile's own; en/ru/uz).

    Entries are shown best first (match rank, then score); ``limit`` keeps the top N. Pairs may
    also be given as ``(record, match)``.
    """
    texts = Texts(language or profile.language)
    pairs = _best_first(_pairs(entries))
    if limit is not None:
        pairs = pairs[: max(limit, 0)]
    base = safe_url(base_url) or ""
    shown: list[Shown] = [
        show(record, match, texts, today=today, base_url=base or None) for match, record in pairs
    ]
    day = texts.date(today)
    if shown:
        subject = texts("subject", count=texts.count("count", len(shown)), date=day)
    else:
        subject = texts("subject_none", date=day)
    # A header must be one line: a newline in a name would let it inject headers.
    subject = one_line(subject)
    context = {
        "t": texts,
        "language": texts.language,
        "name": one_line(profile.name) or profile.id,
        "entries": shown,
        "today": day,
        "subject": subject,
        "base_url": base,
        "base_link": Markup('<a href="{0}">{0}</a>').format(base) if base else "",
    }
    return Digest(
        subject=subject,
        text=render("digest.txt.j2", **context),
        html=render("digest.html.j2", **context),
        language=texts.language,
    )


def _pairs(entries: Sequence[object]) -> list[tuple[Match, OpportunityRecord]]:
    pairs: list[tuple[Match, OpportunityRecord]] = []
    for position, entry in enumerate(entries):
        if isinstance(entry, tuple) and len(entry) == 2:
            first, second = entry
            if isinstance(first, Match) and isinstance(second, OpportunityRecord):
                pairs.append((first, second))
                continue
            if isinstance(first, OpportunityRecord) and isinstance(second, Match):
                pairs.append((second, first))
                continue
        raise TypeError(
            f"digest entry {position} is {type(entry).__name__}; expected a (Match, "
            "OpportunityRecord) pair"
        )
    return pairs


def _best_first(
    pairs: list[tuple[Match, OpportunityRecord]],
) -> list[tuple[Match, OpportunityRecord]]:
    """Rank 1 first (rank 0 means unranked and goes last), then higher score, then id: the
    same matches always give the same email."""
    unique: dict[str, tuple[Match, OpportunityRecord]] = {}
    for match, record in pairs:
        unique.setdefault(record.id, (match, record))
    return sorted(
        unique.values(),
        key=lambda pair: (pair[0].rank <= 0, pair[0].rank, -pair[0].score, pair[1].id),
    )
