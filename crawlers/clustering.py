"""Cross-source dedupe: the same call published by several sites becomes one cluster.

Pure: records in, ``{id: canonical_id}`` out. Two records are one call when they share a
canonical URL, or the same funder and deadline with similar titles, or near-identical titles
with compatible deadlines. Union-find joins the pairs; the fullest record is canonical.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from urllib.parse import urlsplit, urlunsplit

import numpy as np
from rapidfuzz import fuzz, process

from domain import OpportunityRecord

# Titles this similar (0-100, token_sort_ratio) are the same call when deadlines agree.
SAME_TITLE = 90
# With the same funder and the same deadline a looser title match suffices (blogs reword).
SAME_FUNDER_TITLE = 70
_WORD = re.compile(r"\w+", re.UNICODE)
_BOILERPLATE = re.compile(
    r"\b(call for applications|apply now|fully funded|scholarships?|grants?|opportunity)\b", re.I
)


def cluster(records: Sequence[OpportunityRecord]) -> dict[str, str]:
    """Map every record id to its cluster's canonical id (itself when it stands alone)."""
    n = len(records)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    by_url: dict[str, int] = {}
    for i, rec in enumerate(records):
        key = _url_key(rec.url)
        if key in by_url:
            union(by_url[key], i)
        else:
            by_url[key] = i
    if n > 1:
        titles = [_title_key(r.title) for r in records]
        scores = process.cdist(
            titles, titles, scorer=fuzz.token_sort_ratio, score_cutoff=SAME_FUNDER_TITLE,
            dtype=np.uint8, workers=-1,
        )  # fmt: skip
        for i, j in zip(*np.nonzero(np.triu(scores, k=1)), strict=True):
            if _same_call(records[i], records[j], int(scores[i, j])):
                union(int(i), int(j))
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        groups[find(i)].append(i)
    mapping: dict[str, str] = {}
    for members in groups.values():
        canonical = max(members, key=lambda k: _fullness(records[k]))
        for k in members:
            mapping[records[k].id] = records[canonical].id
    return mapping


def _same_call(a: OpportunityRecord, b: OpportunityRecord, title_score: int) -> bool:
    if a.source == b.source and a.url != b.url:
        # One site lists distinct calls with similar titles (e.g. yearly editions): trust it.
        return False
    deadlines_agree = a.deadline is None or b.deadline is None or a.deadline == b.deadline
    if not deadlines_agree:
        return False
    same_funder = bool(a.funder and b.funder and _norm(a.funder) == _norm(b.funder))
    if same_funder and a.deadline is not None and a.deadline == b.deadline:
        return title_score >= SAME_FUNDER_TITLE
    return title_score >= SAME_TITLE


def _fullness(rec: OpportunityRecord) -> tuple[int, int, str]:
    """Prefer the record with the most facts, then the longer description, then a stable id."""
    facts = (
        sum(
            1
            for v in (rec.funder, rec.deadline, rec.amount, rec.host_institution, rec.host_country)
            if v is not None
        )
        + len(rec.eligible_countries)
        + len(rec.levels)
    )
    return facts, len(rec.summary), _reverse(rec.id)


def _reverse(text: str) -> str:
    # max() picks the largest; inverting the code points makes the smallest id win ties.
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


def _url_key(url: str) -> str:
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit(("", host, parts.path.rstrip("/"), parts.query, ""))


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(text))


def _title_key(title: str) -> str:
    return _norm(_BOILERPLATE.sub(" ", title))
