"""Email digests: staff picks, what is new, closing soon and changed deadlines, as subject, text and HTML."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
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


@dataclass(frozen=True, slots=True)
class DigestLinks:
    """The person's private links (token URLs) the digest shows; None leaves a link out."""

    page: str | None = None
    unsubscribe: str | None = None
    not_relevant: Mapping[str, str] = field(default_factory=dict)  # opportunity id -> URL


@dataclass(frozen=True, slots=True)
class _Item:
    o: Shown
    note: str | None = None
    was: str | None = None
    mute: str | None = None


def render_digest(
    profile: Profile,
    entries: Sequence[tuple[Match, OpportunityRecord]],
    *,
    today: date,
    base_url: str,
    language: str | None = None,
    limit: int | None = None,
    recommended: Mapping[str, str | None] | None = None,
    closing: Sequence[tuple[Match | None, OpportunityRecord]] = (),
    changed: Sequence[tuple[Match | None, OpportunityRecord, date | None]] = (),
    links: DigestLinks | None = None,
) -> Digest:
    """Render ``profile``'s digest in ``language`` (default: the profile's own; en/ru/uz).

    ``entries`` are the new matches, best first (rank, then score); ``limit`` keeps the top N.
    Those in ``recommended`` (id → staff note) come first, under their own heading. ``closing``
    are calls sent before that close soon; ``changed`` are calls sent before whose deadline
    moved, with the deadline they had. Pairs may also be given as ``(record, match)``.
    """
    texts = Texts(language or profile.language)
    pairs = _best_first(_pairs(entries))
    if limit is not None:
        pairs = pairs[: max(limit, 0)]
    base = safe_url(base_url) or ""
    links = links or DigestLinks()
    notes = recommended or {}

    def item(match, record, *, note=None, was=None) -> _Item:  # type: ignore[no-untyped-def]
        return _Item(
            show(record, match, texts, today=today, base_url=base or None),
            note=one_line(note) or None, was=was,
            mute=safe_url(links.not_relevant.get(record.id, "")) or None,
        )  # fmt: skip

    picks = [item(m, r, note=notes[r.id]) for m, r in pairs if r.id in notes]
    new = [item(m, r) for m, r in pairs if r.id not in notes]
    soon = [item(m, r) for m, r in closing]
    moved = [
        item(m, r, was=texts("deadline_was", old=texts.deadline(old))) for m, r, old in changed
    ]
    sections = [
        (texts(key), items)
        for key, items in (
            ("section_recommended", picks), ("section_new", new),
            ("section_closing", soon), ("section_changed", moved),
        )
        if items
    ]  # fmt: skip
    subject = one_line(_subject(texts, today, len(picks) + len(new), len(soon), len(moved)))
    context = {
        "t": texts,
        "language": texts.language,
        "name": one_line(profile.name) or profile.id,
        "sections": sections,
        "today": texts.date(today),
        "subject": subject,
        "base_url": base,
        "base_link": Markup('<a href="{0}">{0}</a>').format(base) if base else "",
        "page_url": safe_url(links.page or "") or None,
        "unsubscribe_url": safe_url(links.unsubscribe or "") or None,
    }
    return Digest(
        subject=subject,
        text=render("digest.txt.j2", **context),
        html=render("digest.html.j2", **context),
        language=texts.language,
    )


def _subject(texts: Texts, today: date, new: int, closing: int, changed: int) -> str:
    """The subject says what is inside: how many new, closing soon, with a moved deadline."""
    day = texts.date(today)
    if not (new or closing or changed):
        return texts("subject_none", date=day)
    if new and not (closing or changed):
        return texts("subject", count=texts.count("count", new), date=day)
    parts = []
    if new:
        parts.append(texts("part_new", count=texts.count("count", new)))
    if closing:
        parts.append(texts.count("part_closing", closing))
    if changed:
        parts.append(texts.count("part_changed", changed))
    return texts("subject_parts", parts=", ".join(parts), date=day)


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
