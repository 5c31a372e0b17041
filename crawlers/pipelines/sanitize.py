"""Markup and control characters out of scraped text: what is stored is plain text.

nh3 (the Rust ammonia sanitizer) removes every tag and the content of scripts and styles;
entities are decoded afterwards, repeatedly, so double-escaped markup cannot survive either.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urljoin

import nh3

# Tags that end a line of text; replaced by a newline before the tags are stripped.
_BREAKS = re.compile(
    r"<\s*(?:br|hr)\b[^>]*>|<\s*/\s*(?:p|div|li|h[1-6]|tr|dd|dt|blockquote|section|article|"
    r"ul|ol|table|pre)\s*>",
    re.IGNORECASE,
)
# C0/C1 controls (tab and newline kept), bidi overrides, zero-width space and BOM.
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff]"
)
_MAX_PASSES = 4
# Raw fields that are addresses or typed values, not prose.
_NOT_PROSE = frozenset({"url", "item_type", "source", "language", "deadline", "currency", "links"})
# WordPress feeds end every post with this line; it is the blog's, not the call's.
_BLOG_FOOTER = re.compile(
    r"(?:<p>\s*)?The post\b.{1,600}?\bappeared first on\b.{1,400}?(?:</p>|\.(?=\s*$)|$)",
    re.IGNORECASE | re.DOTALL,
)
_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"'>]+)["']""", re.IGNORECASE)
_MAX_LINKS = 30
# Raw fields that are one line (a title, a name); the others keep their paragraph breaks.
_MULTILINE = frozenset({"summary", "eligibility_text"})


def to_plain_text(value: str, *, multiline: bool = False) -> str:
    """Plain text of an HTML or text fragment; paragraphs on their own lines when ``multiline``."""
    for _ in range(_MAX_PASSES):
        if "<" not in value and "&" not in value:
            break
        cleaned = html.unescape(nh3.clean(_BREAKS.sub("\n", value), tags=set()))
        if cleaned == value:
            break
        value = cleaned
    value = _INVISIBLE.sub(" ", value)
    lines = (" ".join(line.split()) for line in value.splitlines())
    return ("\n" if multiline else " ").join(line for line in lines if line)


def clean_url(value: str) -> str:
    """A URL without surrounding whitespace or control characters."""
    return _INVISIBLE.sub("", value).strip()


def strip_blog_footer(value: str) -> str:
    """The text without the "The post ... appeared first on ..." line blogs append."""
    return _BLOG_FOOTER.sub("", value) if "appeared first on" in value.lower() else value


def links_in(value: str, base: str = "") -> list[str]:
    """The absolute http(s) links of an HTML fragment, in order, each once."""
    found: list[str] = []
    for href in _HREF.findall(value):
        link = urljoin(base, html.unescape(href.strip()))
        if link.startswith(("http://", "https://")) and link not in found:
            found.append(link)
    return found[:_MAX_LINKS]


def sanitize_raw(raw: dict[str, Any]) -> dict[str, Any]:
    """A copy of a raw item with every text field made plain text (lists of text too).

    The summary's links (the blog footer's aside) are kept in ``links``: a repost's link to
    the funder's own page tells which call it is.
    """
    raw = {k: strip_blog_footer(v) if isinstance(v, str) and k not in _NOT_PROSE else v
           for k, v in raw.items()}  # fmt: skip
    summary = raw.get("summary")
    if isinstance(summary, str) and "<a" in summary.lower():
        base = raw.get("url") if isinstance(raw.get("url"), str) else ""
        links = [link for link in raw.get("links") or [] if isinstance(link, str)]
        raw["links"] = links + [u for u in links_in(summary, base) if u not in links]
    clean: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "url" and isinstance(value, str):
            clean[key] = clean_url(value)
        elif key in _NOT_PROSE or key == "extra":
            clean[key] = value
        elif isinstance(value, str):
            clean[key] = to_plain_text(value, multiline=key in _MULTILINE)
        elif isinstance(value, list):
            clean[key] = [to_plain_text(v) if isinstance(v, str) else v for v in value]
        else:
            clean[key] = value
    return clean
