"""RSS 2.0 and Atom 1.0 feeds of opportunities, built with feedgen; same input, same bytes."""

from __future__ import annotations

from collections.abc import Iterable

from feedgen.feed import FeedGenerator

from feeds.i18n import Texts
from feeds.items import FIXED_TIMESTAMP, FeedItem, as_utc, categories, to_items
from feeds.presenting import show, was
from feeds.spec import FeedSpec
from feeds.templating import render
from feeds.text import clean_html, one_line, safe_url

GENERATOR = "Opportunity Radar"


def render_rss(spec: FeedSpec, items: Iterable[object]) -> bytes:
    """RSS 2.0: ``items`` are records, or ``(record, match)`` pairs for a per-profile feed."""
    return _build(spec, items).rss_str(pretty=True)


def render_atom(spec: FeedSpec, items: Iterable[object]) -> bytes:
    """Atom 1.0 of the same entries as :func:`render_rss`."""
    return _build(spec, items).atom_str(pretty=True)


def _build(spec: FeedSpec, items: Iterable[object]) -> FeedGenerator:
    feed_items = to_items(items)
    texts = Texts(spec.language)
    link = safe_url(spec.link)
    self_url = safe_url(spec.self_url)
    if link is None or self_url is None:
        raise ValueError(
            f"feed {spec.id!r}: link and self_url must be absolute http(s) URLs, "
            f"got {spec.link!r} and {spec.self_url!r}"
        )
    # The id stands in for an empty title, and is cleaned the same way (it may be any text).
    title = one_line(spec.title) or one_line(spec.id) or "Opportunity Radar"

    fg = FeedGenerator()
    fg.id(spec.feed_id)
    fg.title(title)
    # RSS requires a channel description; the title is the honest fallback.
    fg.description(one_line(spec.description) or title)
    fg.subtitle(one_line(spec.description) or title)
    # feedgen takes the RSS <link> from the last link added, so the page goes after "self".
    fg.link(href=self_url, rel="self")
    fg.link(href=link, rel="alternate")
    fg.language(texts.language)
    fg.author({"name": one_line(spec.author) or GENERATOR})
    # feedgen's default generator names its own version: an upgrade would change every byte.
    fg.generator(GENERATOR)
    # feedgen stamps "now" unless told otherwise; the newest entry keeps output byte-stable.
    fg.updated(
        as_utc(spec.updated) or max((item.updated for item in feed_items), default=FIXED_TIMESTAMP)
    )
    for item in feed_items:
        _add_entry(fg, item, texts, was(item.record, spec.changes.get(item.record.id), texts))
    return fg


def _add_entry(fg: FeedGenerator, item: FeedItem, texts: Texts, changed: dict[str, str]) -> None:
    shown = show(item.record, item.match, texts)
    entry = fg.add_entry(order="append")
    entry.id(item.guid)  # also the RSS guid, with isPermaLink="false"
    entry.title(shown.title)
    if shown.url:
        entry.link(href=shown.url, rel="alternate")
    content = clean_html(render("entry.html.j2", o=shown, t=texts, was=changed))
    entry.content(content, type="html")
    entry.summary(shown.summary_text or f"{texts('deadline')}: {shown.deadline}")
    for term, scheme in categories(item.record):
        entry.category(term=term, scheme=scheme)
    entry.updated(item.updated)
    entry.published(item.published)
