"""Build a feed from entries rendered one at a time: the same bytes as rendering it whole."""

from __future__ import annotations

from collections.abc import Iterable

# Where the first entry starts (after a line break) and what closes the document, as the
# renderers write them: lxml's pretty print of feedgen's tree, and icalendar's CRLF lines.
# Entry text is escaped in all three formats, so these never occur inside an entry.
_FIRST = {"atom": b"\n  <entry>", "rss": b"\n    <item>", "ics": b"\r\nBEGIN:VEVENT\r\n"}
_END = {"atom": b"</feed>\n", "rss": b"  </channel>\n</rss>\n", "ics": b"END:VCALENDAR\r\n"}
# Formats whose empty document is the frame of a full one (an empty calendar is not: it
# holds a time zone instead, because RFC 5545 wants a component).
EMPTY_FRAME = {"atom", "rss"}


def _cut(ext: str, document: bytes) -> tuple[int, int]:
    end = document.rfind(_END[ext])
    start = document.find(_FIRST[ext])
    if start < 0 and ext in EMPTY_FRAME and end >= 0:
        return end, end  # no entry: they go where the document closes
    if start < 0 or end < start:
        raise ValueError(f"{ext} document without an entry where one was rendered")
    return start + (2 if ext == "ics" else 1), end


def entry_bytes(ext: str, one_entry_document: bytes) -> bytes:
    """The bytes of the only entry of a rendered document (a feed or calendar of one item)."""
    start, end = _cut(ext, one_entry_document)
    if start == end:
        raise ValueError(f"{ext} document without an entry where one was rendered")
    return one_entry_document[start:end]


def assemble(ext: str, frame: bytes, entries: Iterable[bytes]) -> bytes:
    """The feed whose head and tail are those of ``frame`` (the feed's own metadata rendered
    with its first entry, or with none for the formats in EMPTY_FRAME) and whose entries are
    ``entries``, in order."""
    start, end = _cut(ext, frame)
    return frame[:start] + b"".join(entries) + frame[end:]
