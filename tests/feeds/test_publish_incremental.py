"""Incremental publish: after any change it writes the same bytes as a full publish, and it
renders only the entries that changed."""

from __future__ import annotations

import copy
from datetime import date, datetime
from pathlib import Path

import pytest

from domain import Kind, Level, OpportunityRecord, Status
from radar.jobs.publish import FEED_ENTRIES, publish_feeds
from radar.jobs.publish_cache import CACHE_NAME
from storage import repository as repo
from storage.engine import make_engine
from tests.feeds.test_atom_schema import seed_everything

BASE = "https://radar.example.uz"
DAY = date(2026, 11, 27)


def _call(i: int, **overrides) -> OpportunityRecord:  # type: ignore[no-untyped-def]
    values = dict(
        id=f"bulk/call-{i}", source="bulk", url=f"https://calls.example.org/bulk/{i}",
        title=f"Bulk call {i}", kind=list(Kind)[i % 4], levels=[Level.PHD],
        host_country=("DE", "FR")[i % 2], deadline=date(2027, 1 + i % 12, 1 + i % 27),
        status=Status.OPEN,
    )  # fmt: skip
    values.update(overrides)
    return OpportunityRecord(**values)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != CACHE_NAME}  # fmt: skip


@pytest.fixture
def engine(sqlite_url):  # type: ignore[no-untyped-def]
    eng = make_engine(sqlite_url)
    seed_everything(eng)
    repo.upsert_opportunities(eng, [_call(i) for i in range(40)], datetime(2026, 11, 21))
    yield eng
    eng.dispose()


def _change_everything(engine) -> None:  # type: ignore[no-untyped-def]
    """New calls, a moved deadline, a new title and summary, a hidden call, an expired call,
    a curation change."""
    with_new = [_call(i, title=f"New call {i}") for i in range(100, 106)]
    with_new.append(_call(9, title="Renamed call 9", summary="<p>Now with a summary</p>"))
    moved = _call(3, deadline=date(2027, 6, 30))
    expired = _call(4, deadline=date(2026, 11, 27))  # its last day is the publish day below
    repo.upsert_opportunities(engine, [*with_new, moved, expired], datetime(2026, 11, 27, 8))
    repo.set_flags(engine, "bulk/call-5", hidden=True)
    repo.set_flags(engine, "bulk/call-6", featured=True)
    repo.recommend(engine, "bulk/call-7", group="masters", note="good one")
    closed = copy.copy(_call(8))
    closed.status = Status.CLOSED
    repo.upsert_opportunities(engine, [closed], datetime(2026, 11, 27, 8))


@pytest.mark.parametrize("limit", [FEED_ENTRIES, 4])
def test_incremental_publish_writes_what_a_full_publish_writes(engine, tmp_path, limit):
    kept, fresh = tmp_path / "kept", tmp_path / "fresh"
    first = publish_feeds(engine, kept, DAY, BASE, limit=limit)
    assert first.rendered > 0 and first.reused > 0  # entries shared by feeds render once
    _change_everything(engine)
    next_day = date(2026, 11, 28)  # bulk/call-4 expires
    again = publish_feeds(engine, kept, next_day, BASE, limit=limit)
    full = publish_feeds(engine, fresh, next_day, BASE, limit=limit)
    assert _files(kept) == _files(fresh)
    assert again.rendered < full.rendered / 3, (again.rendered, full.rendered)
    assert "bulk/call-4" not in _files(kept)["all.atom"].decode()  # expired: out
    assert "New call 105" in _files(kept)["all.atom"].decode()
    assert "Renamed call 9" in _files(kept)["country/FR.atom"].decode()


def test_an_unchanged_database_renders_nothing(engine, tmp_path):
    publish_feeds(engine, tmp_path, DAY, BASE)
    again = publish_feeds(engine, tmp_path, DAY, BASE)
    assert again.rendered == 0 and set(again.unchanged) == set(again.files)


def test_a_file_edited_by_hand_is_written_again(engine, tmp_path):
    publish_feeds(engine, tmp_path, DAY, BASE)
    before = _files(tmp_path)
    (tmp_path / "kind" / "grant.atom").write_bytes(b"<feed>broken by hand</feed>")
    (tmp_path / "all.ics").unlink()
    publish_feeds(engine, tmp_path, DAY, BASE)
    assert _files(tmp_path) == before


def test_a_cache_from_other_code_is_not_trusted(engine, tmp_path):
    import sqlite3

    publish_feeds(engine, tmp_path, DAY, BASE)
    before = _files(tmp_path)
    with sqlite3.connect(tmp_path / CACHE_NAME) as db:  # as if the renderers had changed
        db.execute("UPDATE meta SET value = 'older code' WHERE name = 'generation'")
        db.execute("UPDATE entries SET body = CAST('stale' AS BLOB)")
        db.execute("UPDATE files SET key = CAST('x' AS BLOB)")
    publish_feeds(engine, tmp_path, DAY, BASE)
    assert _files(tmp_path) == before


def test_feeds_hold_at_most_the_limit_newest_and_calendars_the_soonest(engine, tmp_path):
    import feedparser
    import vobject

    from feeds import guid_for
    from feeds.items import FeedItem

    publish_feeds(engine, tmp_path, DAY, BASE, limit=3)
    entries = feedparser.parse((tmp_path / "all.atom").read_bytes()).entries
    assert len(entries) == 3
    hidden = repo.load_curation(engine, [])["hidden"]
    visible = [o for o in repo.load_opportunities(engine, open_on=DAY) if o.id not in hidden]
    newest = sorted(visible, key=lambda o: (FeedItem(o).updated, o.id))[-3:]
    assert {e.id for e in entries} == {guid_for(o.id) for o in newest}
    events = list(vobject.readOne((tmp_path / "all.ics").read_text()).vevent_list)
    dated = sorted(d for d in (o.deadline for o in visible) if d)
    assert [e.dtstart.value for e in events] == dated[:3]
