"""Whatever text a source sends, every output still parses and carries no active content."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import feedparser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from domain import Match, OpportunityRecord, Profile, Role
from feeds import FeedSpec, render_atom, render_digest, render_ics, render_rss

SPEC = FeedSpec(
    id="any",
    title="Any text",
    link="https://radar.example.uz/",
    self_url="https://radar.example.uz/feeds/any.atom",
)
# Arbitrary text plus the fragments that matter most, so they are not left to luck.
hostile = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        ["<script>alert(1)</script>", "javascript:alert(1)", "\x00\x0b\x1b", "&amp;&lt;", "]]>"]
    ),
)
texts = st.lists(hostile, min_size=1, max_size=4).map("".join)


class _ActiveContent(HTMLParser):
    """Finds what a browser would run: script/style tags, on* handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "iframe", "object", "embed"):
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(name)
            if value and "".join(value.split()).lower().startswith(("javascript:", "data:")):
                self.found.append(f"{name}={value}")


def assert_inert(html: str) -> None:
    finder = _ActiveContent()
    finder.feed(html)
    finder.close()
    assert finder.found == []


# database=None: a property test must not leave a .hypothesis folder in the working tree.
@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(title=texts, summary=texts, url=texts, reason=texts, field=texts)
def test_any_text_gives_parseable_safe_output(title, summary, url, reason, field):
    record = OpportunityRecord(
        id="demo-grants/any",
        source="demo-grants",
        url=url,
        title=title,
        summary=summary,
        fields=[field],
        deadline=date(2031, 5, 1),
    )
    match = Match(profile_id="p", opportunity_id=record.id, score=0.5, reasons=[reason])

    for render in (render_rss, render_atom):
        data = render(SPEC, [(record, match)])
        parsed = feedparser.parse(data, sanitize_html=False)
        assert parsed.bozo == 0, parsed.get("bozo_exception")
        assert len(parsed.entries) == 1
        assert_inert(parsed.entries[0].content[0].value)

    calendar = Calendar.from_ical(render_ics(SPEC, [record]))
    assert len(list(calendar.walk("VEVENT"))) == 1

    digest = render_digest(
        Profile(id="p", name=title, role=Role.STUDENT),
        [(match, record)],
        today=date(2031, 1, 1),
        base_url="https://radar.example.uz/",
    )
    assert_inert(digest.html)
    assert "\n" not in digest.subject
