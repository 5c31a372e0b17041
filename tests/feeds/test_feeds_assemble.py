"""A feed built from entries rendered one at a time has the bytes of the feed rendered whole."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain import Kind, OpportunityRecord
from feeds import FeedSpec, render_atom, render_ics, render_rss
from feeds.assemble import EMPTY_FRAME, assemble, entry_bytes
from feeds.items import FeedItem

RENDER = {"atom": render_atom, "rss": render_rss, "ics": lambda spec, items: render_ics(
    spec, items, {"src/0": 2})}  # fmt: skip
SPEC = FeedSpec(id="t", title="T", link="https://r.example.uz/", reminder_days=(14, 3),
                self_url="https://r.example.uz/feeds/t.atom", language="ru")  # fmt: skip
_text = st.text(max_size=30) | st.sampled_from(["\n  <entry>", "\r\nBEGIN:VEVENT\r\n", "</feed>\n"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(titles=st.lists(_text, min_size=1, max_size=4), summary=_text)
@pytest.mark.parametrize("ext", sorted(RENDER))
def test_entries_rendered_alone_assemble_into_the_whole_feed(ext, titles, summary):
    records = [
        OpportunityRecord(f"src/{i}", "src", f"https://c.example.org/{i}", title, summary=summary,
                          kind=Kind.GRANT, deadline=date(2027, 1, 1 + i))
        for i, title in enumerate(titles)
    ]  # fmt: skip
    render = RENDER[ext]
    spec = replace(SPEC, updated=max(FeedItem(o).updated for o in records))
    whole = render(spec, records)
    parts = [entry_bytes(ext, render(spec, [o])) for o in records]
    assert assemble(ext, render(spec, records[:1]), parts) == whole
    if ext in EMPTY_FRAME:  # the empty feed is the frame: no entry rendered twice
        assert assemble(ext, render(spec, []), parts) == whole


def test_a_document_without_an_entry_is_refused():
    empty = render_atom(SPEC, [])
    with pytest.raises(ValueError, match="without an entry"):
        entry_bytes("atom", empty)
