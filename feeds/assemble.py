"""Build a feed from entries rendered one at a time: the same bytes as rendering it whole."""

from __future__ import annotations

from collections.abc import Iterable

# Where the first entry starts (after a line break) and what closes the document, as the
# renderers write them: lxml's pretty print of feedgen's tree, and icalendar's CRLF lines.
# Entry text is escaped in all three formats, so these never occur inside an entry.
_FIRST = {"atom": b"\n  <entry>", "rss": b"\n    <item>", "ics": b"\r\nBEGIN:VEVENT\r\n"}
_END = {"atom": b"</feed>\n", "rss": b"  </channel>\n</rss>\n", "ics": b"END:VCALENDAR\r\n"}


def _cut(ext: str, document: bytes) -> tuple[int, int]:
    start = document.find(_FIRST[ext])
    end = document.rfind(_END[ext])
    if start < 0 or end < start:
        raise ValueError(f"{ext} document without an entry where one was rendered")
    return start + (2 if ext == "ics" else 1), end


def entry_bytes(ext: str, one_entry_document: bytes) -> bytes:
    """The bytes of the only entry of a rendered document (a feed or calendar of one item)."""
    start, end = _cut(ext, one_entry_document)
    return one_entry_document[start:end]


def assemble(ext: str, first_entry_document: bytes, entries: Iterable[bytes]) -> bytes:
    """The feed whose head and tail are those of ``first_entry_document`` (the feed's own
    metadata rendered with its first entry) and whose entries are ``entries``, in order."""
    start, end = _cut(ext, first_entry_document)
    return first_entry_document[:start] + b"".join(entries) + first_entry_document[end:]
