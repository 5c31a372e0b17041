"""Pure rendering of feeds (RSS, Atom, iCalendar, OPML) and email digests: values in, bytes out."""

from feeds.digest import Digest, render_digest
from feeds.ics import render_ics
from feeds.items import guid_for
from feeds.opml import render_opml
from feeds.spec import FeedSpec
from feeds.syndication import render_atom, render_rss

__all__ = [
    "Digest",
    "FeedSpec",
    "guid_for",
    "render_atom",
    "render_digest",
    "render_ics",
    "render_opml",
    "render_rss",
]
