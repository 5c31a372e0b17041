"""Pure parsers turning an ORCID public record (JSON) or BibTeX text into publications.

Each publication is ``{"title": str, "abstract": str, "keywords": list[str]}``, the shape the
matcher reads from ``Profile.details["publications"]``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping


class PublicationError(ValueError):
    """The input is not a readable ORCID record or BibTeX file; the message says where."""


def _value(node: object) -> str:
    """ORCID wraps strings as {"value": ...}; unwrap any depth, '' when absent."""
    while isinstance(node, Mapping):
        node = node.get("value")
    return str(node).strip() if node is not None else ""


def _orcid_work(work: Mapping) -> dict | None:
    title_node = work.get("title") or {}
    title = _value(title_node.get("title")) if isinstance(title_node, Mapping) else ""
    subtitle = _value(title_node.get("subtitle")) if isinstance(title_node, Mapping) else ""
    if not title:
        return None
    if subtitle:
        title = f"{title}: {subtitle}"
    journal = _value(work.get("journal-title"))
    return {
        "title": title,
        "abstract": str(work.get("short-description") or "").strip(),
        "keywords": [journal] if journal else [],
    }


def parse_orcid(data: str | bytes | Mapping) -> list[dict]:
    """Publications of an ORCID record: a full ``/record``, a ``/works`` summary or a bulk
    ``/works/{put-codes}`` answer (the only one with abstracts, as ``short-description``)."""
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as exc:
            raise PublicationError(f"ORCID file is not JSON: {exc}") from exc
    if not isinstance(data, Mapping):
        raise PublicationError("ORCID JSON must be an object (a record or a works list)")
    works: list[Mapping] = []
    if "activities-summary" in data:
        data = (data.get("activities-summary") or {}).get("works") or {}
    if "group" in data:
        for group in data.get("group") or []:
            summaries = group.get("work-summary") or []
            if summaries:  # one group = one work seen by several sources; the first is preferred
                works.append(summaries[0])
    elif "bulk" in data:
        works = [
            item["work"]
            for item in data.get("bulk") or []
            if isinstance(item, Mapping) and isinstance(item.get("work"), Mapping)
        ]
    elif "title" in data:
        works = [data]
    else:
        raise PublicationError(
            "ORCID JSON has none of 'activities-summary', 'group', 'bulk' or 'title'"
        )
    pubs = [pub for pub in map(_orcid_work, works) if pub]
    return _dedupe(pubs)


def orcid_keywords(data: str | bytes | Mapping) -> list[str]:
    """The person's own keywords from a full ORCID record (``person.keywords``)."""
    if isinstance(data, str | bytes):
        data = json.loads(data)
    keywords = ((data.get("person") or {}).get("keywords") or {}).get("keyword") or []
    return [str(k.get("content")).strip() for k in keywords if k.get("content")]


# -- BibTeX -----------------------------------------------------------------------------------

_ACCENTS = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "c": "\u0327",
    "v": "\u030c",
    "u": "\u0306",
    "H": "\u030b",
    "k": "\u0328",
}
_ACCENT = re.compile(r"\\([\"'`^~=.]|[cvuHk](?=[\s{]))\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))")
_SYMBOLS = {
    r"\&": "&",
    r"\%": "%",
    r"\$": "$",
    r"\_": "_",
    r"\#": "#",
    "--": "–",
    "~": " ",
    r"\ss": "ß",
    r"\o": "ø",
    r"\O": "Ø",
    r"\aa": "å",
    r"\AA": "Å",
    r"\i": "ı",
}
_COMMAND = re.compile(r"\\[a-zA-Z]+\*?\s*")


def latex_to_text(value: str) -> str:
    """Readable text from a BibTeX value: accents composed, braces and commands dropped."""

    def accent(match: re.Match) -> str:
        letter = (match.group(2) or match.group(3)).lstrip("\\")
        letter = "i" if letter == "i" else letter
        return unicodedata.normalize("NFC", letter + _ACCENTS[match.group(1)])

    text = _ACCENT.sub(accent, value)
    text = re.sub(r"\\([\"'`^~])(?![A-Za-z])", r"\1", text)  # an accent on nothing: keep the mark
    for raw, plain in _SYMBOLS.items():
        text = text.replace(raw, plain)
    text = _COMMAND.sub("", text).replace("{", "").replace("}", "").replace("$", "")
    return " ".join(text.split())


def _read_braced(text: str, i: int, line_of) -> tuple[str, int]:
    depth, start = 1, i + 1
    i += 1
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[start:i], i + 1
        i += 1
    raise PublicationError(f"BibTeX line {line_of(start)}: unbalanced braces")


def _read_quoted(text: str, i: int, line_of) -> tuple[str, int]:
    depth, start = 0, i + 1
    i += 1
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            return text[start:i], i + 1
        i += 1
    raise PublicationError(f"BibTeX line {line_of(start)}: unterminated quoted value")


_NAME = re.compile(r"\s*([A-Za-z][\w\-:.]*)\s*")


def _read_value(text: str, i: int, macros: dict[str, str], line_of) -> tuple[str, int]:
    """A value: pieces joined with '#', each braced, quoted, a number or a @string macro."""
    parts = []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            raise PublicationError(f"BibTeX line {line_of(i)}: value expected")
        if text[i] == "{":
            piece, i = _read_braced(text, i, line_of)
        elif text[i] == '"':
            piece, i = _read_quoted(text, i, line_of)
        else:
            match = re.compile(r"[\w\-:.]+").match(text, i)
            if not match:
                raise PublicationError(f"BibTeX line {line_of(i)}: cannot read a value")
            word = match.group()
            piece = word if word.isdigit() else macros.get(word.lower(), word)
            i = match.end()
        parts.append(piece)
        while i < len(text) and text[i].isspace():
            i += 1
        if i < len(text) and text[i] == "#":
            i += 1
            continue
        return "".join(parts), i


def _parse_fields(text: str, i: int, macros, line_of) -> tuple[dict[str, str], int]:
    fields: dict[str, str] = {}
    while i < len(text):
        while i < len(text) and (text[i].isspace() or text[i] == ","):
            i += 1
        if i < len(text) and text[i] in "})":
            return fields, i + 1
        match = _NAME.match(text, i)
        if not match or match.end() >= len(text) or text[match.end()] != "=":
            raise PublicationError(f"BibTeX line {line_of(i)}: expected 'field = value'")
        value, i = _read_value(text, match.end() + 1, macros, line_of)
        fields[match.group(1).lower()] = value
    raise PublicationError(f"BibTeX line {line_of(i)}: entry not closed")


def parse_bibtex(text: str) -> list[dict]:
    """Publications of a BibTeX file; ``@string`` macros expanded, ``@comment`` skipped.

    Entries without a title are skipped; a malformed entry raises ``PublicationError`` naming
    its line.
    """
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))

    def line_of(pos: int) -> int:
        lo, hi = 0, len(starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if starts[mid] <= pos:
                lo = mid + 1
            else:
                hi = mid
        return lo

    macros: dict[str, str] = {}
    pubs: list[dict] = []
    entry = re.compile(r"@\s*([A-Za-z]+)\s*([{(])")
    i = 0
    while True:
        match = entry.search(text, i)
        if not match:
            break
        kind = match.group(1).lower()
        i = match.end()
        if kind in {"comment", "preamble"}:
            opener = match.end() - 1
            _, i = _read_braced(text, opener, line_of) if text[opener] == "{" else ("", i)
            continue
        if kind == "string":
            fields, i = _parse_fields(text, i, macros, line_of)
            macros.update({k: v for k, v in fields.items()})
            continue
        comma = text.find(",", i)
        if comma < 0:
            raise PublicationError(f"BibTeX line {line_of(i)}: entry key not followed by ','")
        fields, i = _parse_fields(text, comma + 1, macros, line_of)
        title = latex_to_text(fields.get("title", ""))
        if not title:
            continue
        keywords = re.split(r"\s*[,;]\s*", latex_to_text(fields.get("keywords", "")))
        pubs.append(
            {
                "title": title,
                "abstract": latex_to_text(fields.get("abstract", "")),
                "keywords": [k for k in keywords if k],
            }
        )
    return _dedupe(pubs)


def _dedupe(pubs: list[dict]) -> list[dict]:
    seen: set[str] = set()
    out = []
    for pub in pubs:
        key = " ".join(re.findall(r"\w+", pub["title"].lower()))
        if key not in seen:
            seen.add(key)
            out.append(pub)
    return out
