"""What clustering compares of one record: its page, codes, outbound links, title marks, body shingles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

from crawlers.clustering.titles import codes_in, distinguishers, norm, title_key
from domain import OpportunityRecord

# Bodies shorter than this many words are too short for text similarity to mean anything.
LONG_BODY_WORDS = 60
_SHINGLE = 3
_TRACKING = (
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "fbclid",
    "gclid",
)
# Links every post carries (share buttons, profiles, feeds): never an official page of a call.
_GENERIC_HOSTS = re.compile(
    r"(^|\.)(facebook|twitter|x|linkedin|t|telegram|whatsapp|youtube|youtu|instagram|tiktok|"
    r"vk|ok|pinterest|reddit|gravatar|wordpress|feedburner|feedproxy\.google|bit|tinyurl|"
    r"goo|google|wa|addtoany|mailto)\.[a-z.]+$"
)


def url_key(url: str) -> str:
    """A page's address for comparison: w3lib-canonical, no scheme, www, tracking or trailing /."""
    try:
        clean = canonicalize_url(url_query_cleaner(url.strip(), _TRACKING, remove=True))
    except (ValueError, TypeError):
        clean = url.strip()
    try:
        parts = urlsplit(clean)
    except ValueError:  # "http://[::1" and such: compared as written, never a crash
        return clean
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit(("", host, parts.path.rstrip("/"), parts.query, ""))


def host_of(url: str) -> str:
    """The host without www ("" when the address cannot be read)."""
    try:
        netloc = urlsplit(url.strip()).netloc
    except ValueError:
        return ""
    return netloc.lower().removeprefix("www.").split(":")[0]


@dataclass(slots=True)
class Features:
    """One record, as clustering sees it."""

    url: str
    host: str
    own_codes: frozenset[str]  # from the record's external id and address
    title_codes: frozenset[str]
    links: frozenset[str]  # outbound links of the body, canonical, other hosts than its own
    title: str
    marks: dict[str, frozenset[str]]
    funder: str
    shingles: frozenset[str]


def features(rec: OpportunityRecord) -> Features:
    """Compute the features of one record."""
    host = host_of(rec.url)
    external = str(rec.details.get("external_id") or "")
    own = codes_in(external) if "://" not in external else set()
    own |= codes_in(urlsplit(rec.url).path) | codes_in(urlsplit(rec.url).query)
    marks = distinguishers(rec.title)
    links = {
        url_key(link)
        for link in rec.details.get("links") or []
        if host_of(link) not in ("", host) and not _GENERIC_HOSTS.search(host_of(link))
    }
    words = norm(rec.summary).split()
    shingles = (
        {" ".join(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}
        if len(words) >= LONG_BODY_WORDS
        else set()
    )
    return Features(
        url=url_key(rec.url),
        host=host,
        own_codes=frozenset(own),
        title_codes=marks["code"],
        links=frozenset(links),
        title=title_key(rec.title),
        marks=marks,
        funder=norm(rec.funder or ""),
        shingles=frozenset(shingles),
    )
