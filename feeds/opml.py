"""OPML 2.0 subscription list, so a reader can subscribe to every feed at once."""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from feeds.text import one_line, safe_url


def render_opml(feeds: Iterable[tuple[str, str]], title: str = "Opportunity Radar feeds") -> bytes:
    """One ``<outline type="rss">`` per ``(title, url)``, in the given order.

    URLs must be absolute http(s): a reader cannot resolve a relative one from an OPML file.
    """
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = one_line(title) or "Opportunity Radar feeds"
    body = etree.SubElement(root, "body")
    for position, entry in enumerate(feeds):
        if not (isinstance(entry, tuple) and len(entry) == 2):
            raise TypeError(f"OPML entry {position} must be a (title, url) pair, got {entry!r}")
        feed_title, url = entry
        xml_url = safe_url(url)
        if xml_url is None or not xml_url.lower().startswith(("http://", "https://")):
            raise ValueError(
                f"OPML entry {position} ({feed_title!r}): {url!r} is not an absolute http(s) URL"
            )
        text = one_line(feed_title) or xml_url
        etree.SubElement(body, "outline", type="rss", text=text, title=text, xmlUrl=xml_url)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
