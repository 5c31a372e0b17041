"""Cleaning of untrusted text, HTML and URLs before they reach a feed, calendar or email."""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urljoin, urlsplit

import nh3

# XML 1.0 forbids most C0 controls and lxml refuses them outright, so one stray byte from a
# scraped page would make the whole feed unpublishable; C1 controls, surrogates and the
# non-characters are invisible garbage in every output format we write.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_SPACES = re.compile(r"\s+")
_LOOKS_LIKE_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")
_BLANK_LINES = re.compile(r"\n\s*\n")
_BLOCK_TAG = re.compile(r"<(?:p|br|ul|ol|li|blockquote)\b", re.IGNORECASE)

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
ALLOWED_TAGS = frozenset(
    {"a", "b", "blockquote", "br", "code", "em", "i", "li", "ol", "p", "strong", "ul"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def strip_controls(text: str | None) -> str:
    """Drop control characters (keeping tab and newlines) and normalise to NFC."""
    if not text:
        return ""
    return unicodedata.normalize("NFC", _CONTROL.sub("", text.replace("\r\n", "\n")))


def one_line(text: str | None) -> str:
    """Control-free text on a single line: safe for titles, mail headers and labels."""
    return _SPACES.sub(" ", strip_controls(text)).strip()


def clean_html(fragment: str | None) -> str:
    """Sanitise an HTML fragment with nh3: a small tag allow-list and http(s)/mailto links only."""
    return nh3.clean(
        strip_controls(fragment),
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(SAFE_SCHEMES),
        clean_content_tags={"script", "style"},
        link_rel="noopener noreferrer nofollow",
    )


def summary_html(summary: str | None) -> str:
    """A summary as safe HTML: sources give either HTML or plain text with blank-line paragraphs."""
    text = strip_controls(summary).strip()
    if not text:
        return ""
    if _LOOKS_LIKE_HTML.search(text):
        cleaned = clean_html(text)
        if _BLOCK_TAG.search(cleaned):
            return cleaned
        # Inline markup in otherwise plain text: its line breaks still mean paragraphs.
        return _paragraphs(cleaned)
    return _paragraphs(html.escape(text, quote=False))


def _paragraphs(escaped: str) -> str:
    """Blank-line separated paragraphs of already-escaped text as <p>, single newlines as <br>."""
    paragraphs = [p.strip() for p in _BLANK_LINES.split(escaped) if p.strip()]
    return "".join("<p>" + p.replace("\n", "<br>") + "</p>" for p in paragraphs)


def html_to_text(fragment: str | None) -> str:
    """Plain text of an HTML (or plain) fragment: tags dropped, entities decoded, one line."""
    text = strip_controls(fragment)
    if not text:
        return ""
    stripped = nh3.clean(text, tags=set(), clean_content_tags={"script", "style"})
    return one_line(html.unescape(stripped))


def shorten(text: str, limit: int) -> str:
    """Cut plain text at a word boundary so a summary stays a summary."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:-")
    return (cut or text[:limit]) + "…"


def safe_url(url: str | None, base: str | None = None) -> str | None:
    """The URL if it is http(s) or mailto (relative ones resolved against ``base``), else None.

    ``javascript:``, ``data:`` and friends are refused rather than escaped: a reader would still
    follow them.
    """
    url = one_line(url)
    if not url:
        return None
    if base and not urlsplit(url).scheme:
        url = urljoin(base, url)
    parts = urlsplit(url)
    if parts.scheme.lower() not in SAFE_SCHEMES:
        return None
    if parts.scheme.lower() != "mailto" and not parts.netloc:
        return None
    return url
