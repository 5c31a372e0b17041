"""Feeds and calendars people subscribe to: their language, reminders, moved deadlines, stable files."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

import vobject
from lxml import etree

from domain import Eligibility, Kind, Match, OpportunityRecord, Profile, Role, Status, clock
from radar.jobs.publish import personal_feed, publish_feeds
from storage import repository as repo

ATOM = "{http://www.w3.org/2005/Atom}"
PAGE = "https://radar.example.uz/p/TOKEN/"


def _call(deadline: date) -> OpportunityRecord:
    return OpportunityRecord(
        "demo-portal/solar~grant", "demo-portal", "https://calls.example.org/1", "Solar grant",
        kind=Kind.GRANT, deadline=deadline, status=Status.OPEN,
    )  # fmt: skip


def _seed(engine, reminders=None) -> Profile:  # type: ignore[no-untyped-def]
    details = {"reminder_days": reminders} if reminders else {}
    person = Profile("lena", "Елена Ким", Role.FACULTY, language="ru", details=details)
    repo.upsert_profiles(engine, [person])
    repo.upsert_opportunities(engine, [_call(date(2027, 2, 1))], datetime(2026, 11, 27))
    repo.replace_matches(
        engine, [Match("lena", "demo-portal/solar~grant", 1.0, 1, Eligibility.ELIGIBLE, ["x"])],
        ["lena"], datetime(2026, 11, 27),
    )  # fmt: skip
    return person


def _events(ics: bytes) -> list:
    return list(vobject.readOne(ics.decode()).vevent_list)


def test_personal_calendar_reminds_per_reminder_day_and_sequences_moved_deadlines(engine):
    person = _seed(engine, reminders=[14, 3])
    (event,) = _events(personal_feed(engine, person, date(2026, 11, 27), PAGE, "ics"))
    assert event.sequence.value == "0"
    triggers = sorted(a.trigger.value for a in event.valarm_list)
    assert triggers == [-timedelta(days=14), -timedelta(days=3)]
    uid = event.uid.value
    with clock.pinned(datetime(2026, 11, 28, 9)):
        repo.upsert_opportunities(engine, [_call(date(2027, 2, 15))], clock.utcnow())
    (moved,) = _events(personal_feed(engine, person, date(2026, 11, 28), PAGE, "ics"))
    assert (moved.uid.value, moved.sequence.value) == (uid, "1")
    assert moved.dtstart.value == date(2027, 2, 15)


def test_personal_feeds_speak_the_persons_language_and_point_at_themselves(engine):
    person = _seed(engine)
    for ext in ("atom", "rss"):
        body = personal_feed(engine, person, date(2026, 11, 27), PAGE, ext)
        root = etree.fromstring(body)
        if ext == "atom":
            assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
            (entry_id,) = [e.text for e in root.iter(f"{ATOM}id") if "solar" in (e.text or "")]
            assert entry_id == "urn:radar:demo-portal%2Fsolar%7Egrant"  # RFC 2141 characters
        else:
            assert root.findtext("channel/language") == "ru"
        selfs = [el.get("href") for el in root.iter(f"{ATOM}link") if el.get("rel") == "self"]
        assert selfs == [f"{PAGE}feed.{ext}"]
    (event,) = _events(personal_feed(engine, person, date(2026, 11, 27), PAGE, "ics"))
    assert event.summary.value.startswith("Срок подачи")
    # Default reminders: 14 and 3 days.
    assert sorted(a.trigger.value for a in event.valarm_list) == [
        -timedelta(days=14), -timedelta(days=3)
    ]


def test_empty_feeds_are_dated_by_the_data_and_empty_calendars_are_valid(engine, tmp_path):
    _seed(engine)
    publish_feeds(engine, tmp_path, date(2026, 11, 27), "https://radar.example.uz")
    empty = etree.fromstring((tmp_path / "kind" / "conference.atom").read_bytes())
    assert empty.findtext(f"{ATOM}updated").startswith("2026-11-27")
    calendar = vobject.readOne((tmp_path / "kind" / "conference.ics").read_text())
    assert list(calendar.components())  # RFC 5545: at least one component
    assert "vevent" not in calendar.contents
    for path in tmp_path.rglob("*.ics"):
        vobject.readOne(path.read_text())  # every calendar parses with a second parser
    rss = etree.fromstring((tmp_path / "all.rss").read_bytes())
    selfs = [el.get("href") for el in rss.iter(f"{ATOM}link") if el.get("rel") == "self"]
    assert selfs == ["https://radar.example.uz/feeds/all.rss"]


def test_publish_rewrites_only_files_whose_bytes_changed(engine, tmp_path):
    _seed(engine)
    first = publish_feeds(engine, tmp_path, date(2026, 11, 27), "https://radar.example.uz")
    stamps = {p: p.stat().st_mtime_ns for p in first.files}
    for path in first.files:  # make any rewrite visible in the timestamps
        path.touch()
        stamps[path] = path.stat().st_mtime_ns
    second = publish_feeds(engine, tmp_path, date(2026, 11, 27), "https://radar.example.uz")
    assert set(second.unchanged) == set(second.files)
    assert {p: p.stat().st_mtime_ns for p in second.files} == stamps
    repo.upsert_opportunities(engine, [_call(date(2027, 3, 1))], datetime(2026, 11, 27, 10))
    third = publish_feeds(engine, tmp_path, date(2026, 11, 27), "https://radar.example.uz")
    changed = {p.relative_to(tmp_path).as_posix() for p in third.files if p not in third.unchanged}
    assert changed == {"all.rss", "all.atom", "all.ics", "kind/grant.rss", "kind/grant.atom",
                       "kind/grant.ics"}  # fmt: skip


def test_public_opml_lists_feeds_that_do_not_overlap(engine, tmp_path):
    _seed(engine)
    publish_feeds(engine, tmp_path, date(2026, 11, 27), "https://radar.example.uz")
    urls = [o.get("xmlUrl") for o in etree.fromstring((tmp_path / "index.opml").read_bytes()).iter("outline")]
    assert urls and all("/feeds/kind/" in u for u in urls)


def test_feeds_per_level_host_country_staff_picks_and_group(engine, tmp_path):
    import feedparser

    from domain import Level
    from feeds import guid_for

    _seed(engine)
    calls = [
        OpportunityRecord("demo/de-phd", "demo", "https://calls.example.org/2", "PhD in Germany",
                          kind=Kind.SCHOLARSHIP, levels=[Level.PHD], host_country="DE",
                          deadline=date(2027, 1, 1), status=Status.OPEN),
        OpportunityRecord("demo/any", "demo", "https://calls.example.org/3", "Open to all",
                          kind=Kind.GRANT, levels=[Level.ANY], host_country="UZ",
                          deadline=date(2027, 1, 2), status=Status.OPEN),
    ]  # fmt: skip
    repo.upsert_opportunities(engine, calls, datetime(2026, 11, 27))
    repo.upsert_profiles(engine, [Profile("m1", "M", Role.STUDENT, details={"groups": ["masters"]})])
    repo.set_flags(engine, "demo/any", featured=True)
    repo.recommend(engine, "demo/de-phd", group="masters", note="good")
    publish_feeds(engine, tmp_path, date(2026, 11, 27), "https://radar.example.uz")

    def ids(rel: str) -> set[str]:
        return {e.id for e in feedparser.parse((tmp_path / f"{rel}.atom").read_bytes()).entries}

    assert ids("level/phd") == {guid_for("demo/de-phd"), guid_for("demo/any")}
    assert ids("level/master") == {guid_for("demo/any")}
    assert ids("country/DE") == {guid_for("demo/de-phd")}
    assert ids("picks") == {guid_for("demo/any")}
    assert ids("group/masters") == {guid_for("demo/de-phd")}
    # The call in Germany closes: its country feed is rewritten empty, not left stale.
    closed = calls[0]
    closed.status = Status.CLOSED
    repo.upsert_opportunities(engine, [closed], datetime(2026, 11, 28))
    publish_feeds(engine, tmp_path, date(2026, 11, 28), "https://radar.example.uz")
    assert ids("country/DE") == set()


def test_an_entry_says_what_changed(engine, tmp_path):
    import feedparser

    person = _seed(engine)
    moved = _call(date(2027, 2, 15))
    moved.amount, moved.currency = 5000.0, "EUR"
    repo.upsert_opportunities(engine, [moved], datetime(2026, 11, 28))
    moved.amount = 7000.0
    repo.upsert_opportunities(engine, [moved], datetime(2026, 11, 29))
    publish_feeds(engine, tmp_path, date(2026, 11, 29), "https://radar.example.uz")
    (entry,) = feedparser.parse((tmp_path / "all.atom").read_bytes()).entries
    content = entry.content[0].value
    assert "was February 1, 2027" in content and "was €5,000" in content
    ru = personal_feed(engine, person, date(2026, 11, 29), PAGE, "atom").decode()
    assert "было: 1 февраля 2027" in ru
    (event,) = _events((tmp_path / "all.ics").read_bytes())
    assert "was February 1, 2027" in event.description.value


def test_an_uzbek_personal_feed_shows_reasons_in_uzbek(engine):
    from tests.feeds.test_reason_texts import EN_REASON_WORDS, TODAY, _person, matched

    person = dataclasses.replace(_person("uz"), name="Dilnoza")
    entries = matched("uz")
    repo.upsert_profiles(engine, [person])
    repo.upsert_opportunities(engine, [o for _, o in entries], datetime(2026, 11, 27))
    repo.replace_matches(engine, [m for m, _ in entries], ["p"], datetime(2026, 11, 27))
    for ext in ("atom", "ics"):
        body = personal_feed(engine, person, TODAY, PAGE, ext).decode()
        text = " ".join(body.replace("\r\n ", "").split())  # unfold calendar lines
        for said in (
            "mos: Oʻzbekiston fuqarolari uchun ochiq", "muddat tugashiga 12 kun qoldi",
            "qabul qiluvchi oliygoh THE 2022 reytingida 151–200-o'rinda",
            "to'liq moliyalashtiriladi", "konferensiya — siz so'raganingizdek",
            "siz afzal ko'rgan mamlakatda: Germaniya", "xalqaro bo'lim sizga tavsiya qilgan",
        ):  # fmt: skip
            assert said in text.replace("&#x27;", "'").replace("&#39;", "'"), (ext, said)
        for english in EN_REASON_WORDS:
            assert english not in text.lower(), (ext, english)
