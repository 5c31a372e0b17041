"""Seven days of digests with a pinned clock against a real SMTP server: who gets what."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest

from domain import Eligibility, Kind, Match, OpportunityRecord, Profile, Role, Status, clock
from radar.config import load_settings
from radar.jobs.digest import run_digests
from radar.mail import message_id
from storage import repository as repo

DAY1 = date(2026, 12, 1)


def _call(oid: str, title: str, deadline: date) -> OpportunityRecord:
    return OpportunityRecord(
        f"demo/{oid}", "demo", f"https://calls.example.org/{oid}", title,
        kind=Kind.GRANT, deadline=deadline, status=Status.OPEN,
    )  # fmt: skip


A = _call("a", "Solar grant", date(2027, 2, 1))
B = _call("b", "Battery fellowship", date(2026, 12, 20))
C = _call("c", "Staff pick exchange", date(2027, 3, 1))
D = _call("d", "Day two scholarship", date(2027, 1, 10))


def _match(profile: str, record: OpportunityRecord, rank: int) -> Match:
    return Match(profile, record.id, 1.0 / rank, rank, Eligibility.ELIGIBLE, [f"reason {rank}"])


def _text(received) -> str:  # type: ignore[no-untyped-def]
    return received.message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def _sections(received) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(r"^== (.+) ==$", _text(received), flags=re.M)


def _titles(received) -> list[str]:  # type: ignore[no-untyped-def]
    return re.findall(r"^\d+\. (.+)$", _text(received), flags=re.M)


@pytest.fixture
def week(engine, smtp_inbox):
    port, inbox = smtp_inbox
    settings = load_settings(
        smtp_host="127.0.0.1", smtp_port=port, mail_from="Radar <radar@example.uz>",
        base_url="https://radar.example.uz", smtp_backoff=0.01,
    )  # fmt: skip
    repo.upsert_profiles(engine, [
        Profile("aziz", "Aziz Tursunov", Role.STUDENT, email="aziz@example.uz",
                details={"digest": "daily", "reminder_days": [14, 3]}),
        Profile("lena", "Елена Ким", Role.FACULTY, email="lena@example.uz", language="ru",
                details={"digest": "daily", "reminder_days": [7]}),
        Profile("off", "No Mail", Role.STUDENT, email="off@example.uz", details={"digest": "off"}),
    ])  # fmt: skip
    return engine, settings, inbox


def _day(engine, settings, inbox, day: date) -> dict[str, list]:  # type: ignore[no-untyped-def]
    """Run the day's digest; returns {address: [received]} of that day's mail."""
    before = len(inbox.received)
    with clock.pinned(datetime(day.year, day.month, day.day, 8)):
        summary = run_digests(engine, settings, clock.today("Asia/Tashkent"), send=True)
    assert summary.failed == {} and summary.rejected == {} and summary.invalid == {}
    mail: dict[str, list] = {}
    for r in inbox.received[before:]:
        assert len(r.rcpt_tos) == 1
        mail.setdefault(r.rcpt_tos[0], []).append(r)
    return mail


def test_seven_days_of_digests(week):
    engine, settings, inbox = week
    # Day 1: calls arrive and are matched; staff recommend C to aziz with a note.
    with clock.pinned(datetime(2026, 12, 1, 2)):
        repo.upsert_opportunities(engine, [A, B, C], clock.utcnow())
        repo.replace_matches(engine, [_match("aziz", A, 1), _match("aziz", B, 2),
                                      _match("lena", A, 1), _match("off", A, 1)],
                             ["aziz", "lena", "off"], clock.utcnow())  # fmt: skip
        repo.recommend(engine, C.id, profile_id="aziz", note="Ask Dr. Li about it")
    day1 = _day(engine, settings, inbox, DAY1)
    assert set(day1) == {"aziz@example.uz", "lena@example.uz"}
    (aziz,) = day1["aziz@example.uz"]
    assert _sections(aziz) == ["Recommended by staff", "New for you"]
    assert _titles(aziz) == ["Staff pick exchange", "Solar grant", "Battery fellowship"]
    assert "Staff note: Ask Dr. Li about it" in _text(aziz)
    assert aziz.message["Subject"] == "Opportunity Radar: 3 opportunities for you — December 1, 2026"
    assert aziz.message["Message-ID"] == message_id(settings, "aziz", "2026-12-01")
    assert aziz.message["Content-Language"] == "en"
    assert aziz.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<https://radar\.example\.uz/p/[A-Za-z0-9_-]{43}/unsubscribe>",
                        aziz.message["List-Unsubscribe"])  # fmt: skip
    (lena,) = day1["lena@example.uz"]
    assert _sections(lena) == ["Новое для вас"]
    # The Russian subject folds over several lines and keeps every space.
    assert lena.message["Subject"] == "Opportunity Radar: 1 возможность для вас — 1 декабря 2026 г."
    assert b"\r\n =?utf-8?" in lena.raw.split(b"\r\n\r\n")[0] or len(lena.message["Subject"]) < 60
    assert lena.message["Content-Language"] == "ru"

    # Day 2: D is new for both; B's deadline moves a day earlier.
    with clock.pinned(datetime(2026, 12, 2, 2)):
        moved = _call("b", B.title, date(2026, 12, 19))
        repo.upsert_opportunities(engine, [D, moved], clock.utcnow())
        repo.replace_matches(engine, [_match("aziz", D, 1), _match("aziz", A, 2),
                                      _match("aziz", B, 3), _match("lena", D, 1),
                                      _match("lena", A, 2)],
                             ["aziz", "lena"], clock.utcnow())  # fmt: skip
    day2 = _day(engine, settings, inbox, date(2026, 12, 2))
    assert set(day2) == {"aziz@example.uz", "lena@example.uz"}
    (aziz,) = day2["aziz@example.uz"]
    assert _sections(aziz) == ["New for you", "Deadline changed"]
    assert _titles(aziz) == ["Day two scholarship", "Battery fellowship"]
    body = _text(aziz)
    assert "December 19, 2026" in body and "was December 20, 2026" in body
    assert aziz.message["Subject"] == (
        "Opportunity Radar: 1 opportunity for you, 1 deadline changed — December 2, 2026"
    )
    assert aziz.message["Message-ID"] != message_id(settings, "aziz", "2026-12-01")
    (lena,) = day2["lena@example.uz"]
    assert _sections(lena) == ["Новое для вас"] and _titles(lena) == ["Day two scholarship"]

    # Day 3 and 4: nothing new, nothing closing: no mail at all (twice on day 3).
    assert _day(engine, settings, inbox, date(2026, 12, 3)) == {}
    assert _day(engine, settings, inbox, date(2026, 12, 3)) == {}
    assert _day(engine, settings, inbox, date(2026, 12, 4)) == {}

    # Day 5: B is 14 days from its deadline: aziz (reminders 14 and 3) hears of it again;
    # lena (reminder at 7 days) was never sent B.
    day5 = _day(engine, settings, inbox, date(2026, 12, 5))
    assert set(day5) == {"aziz@example.uz"}
    (aziz,) = day5["aziz@example.uz"]
    assert _sections(aziz) == ["Closing soon"]
    assert _titles(aziz) == ["Battery fellowship"]
    assert "14 days left" in _text(aziz)
    assert aziz.message["Subject"] == "Opportunity Radar: 1 closing soon — December 5, 2026"

    # Day 6 and 7: the 14-day reminder was given; the 3-day one is not due yet.
    assert _day(engine, settings, inbox, date(2026, 12, 6)) == {}
    assert _day(engine, settings, inbox, date(2026, 12, 7)) == {}
    assert inbox.to("off@example.uz") == []
    statuses = {(s["profile_id"], s["digest_key"]): s["status"] for s in repo.digest_sends(engine)}
    assert statuses == {
        ("aziz", "2026-12-01"): "sent", ("lena", "2026-12-01"): "sent",
        ("aziz", "2026-12-02"): "sent", ("lena", "2026-12-02"): "sent",
        ("aziz", "2026-12-05"): "sent",
    }  # fmt: skip
    # Each mail's Message-ID is the same value a resend of that (person, day) would carry.
    ids = [r.message["Message-ID"] for r in inbox.received]
    assert len(set(ids)) == len(ids) == 5


def test_muted_and_hidden_calls_never_come_back(week):
    engine, settings, inbox = week
    with clock.pinned(datetime(2026, 12, 1, 2)):
        repo.upsert_opportunities(engine, [A, B], clock.utcnow())
        repo.replace_matches(engine, [_match("aziz", A, 1), _match("aziz", B, 2)], ["aziz"],
                             clock.utcnow())  # fmt: skip
    _day(engine, settings, inbox, DAY1)
    repo.add_feedback(engine, "aziz", B.id)
    # B would be "closing soon" on day 5, but aziz said it is not relevant.
    assert _day(engine, settings, inbox, date(2026, 12, 5)) == {}


def test_weekly_subscribers_are_mailed_once_a_week(week):
    engine, settings, inbox = week
    repo.upsert_profiles(engine, [Profile("wiki", "Weekly Reader", Role.FACULTY,
                                          email="weekly@example.uz", details={"digest": "weekly"})])  # fmt: skip
    monday, tuesday, sunday, next_monday = (date(2026, 11, 30), date(2026, 12, 1),
                                            date(2026, 12, 6), date(2026, 12, 7))  # fmt: skip
    with clock.pinned(datetime(2026, 11, 30, 2)):
        repo.upsert_opportunities(engine, [A], clock.utcnow())
        repo.replace_matches(engine, [_match("wiki", A, 1)], ["wiki"], clock.utcnow())
    assert set(_day(engine, settings, inbox, monday)) == {"weekly@example.uz"}
    # Something new arrives every day of the week; the weekly reader hears of it next week.
    matched = [A]
    for day, call in ((tuesday, D), (sunday, B)):
        matched.append(call)
        with clock.pinned(datetime(day.year, day.month, day.day, 2)):
            repo.upsert_opportunities(engine, [call], clock.utcnow())
            repo.replace_matches(engine, [_match("wiki", c, rank) for rank, c in
                                          enumerate(matched, 1)], ["wiki"], clock.utcnow())  # fmt: skip
        assert "weekly@example.uz" not in _day(engine, settings, inbox, day)
    (second,) = _day(engine, settings, inbox, next_monday)["weekly@example.uz"]
    assert _titles(second) == ["Day two scholarship", "Battery fellowship"]
    first = inbox.to("weekly@example.uz")[0]
    assert first.message["Message-ID"] == message_id(settings, "wiki", "2026-W49")
    assert second.message["Message-ID"] == message_id(settings, "wiki", "2026-W50")


def test_calls_staff_hid_are_never_in_a_digest(week):
    engine, settings, inbox = week
    with clock.pinned(datetime(2026, 12, 1, 2)):
        repo.upsert_opportunities(engine, [A, B, C], clock.utcnow())
        repo.replace_matches(engine, [_match("aziz", A, 1), _match("aziz", B, 2),
                                      _match("aziz", C, 3)], ["aziz"], clock.utcnow())  # fmt: skip
    # Staff hide C before any digest: its stale match must not bring it to aziz.
    repo.set_flags(engine, C.id, hidden=True)
    (aziz,) = _day(engine, settings, inbox, DAY1)["aziz@example.uz"]
    assert _titles(aziz) == ["Solar grant", "Battery fellowship"]
    # Staff hide B after aziz heard of it: no "closing soon" reminder on day 5 either.
    repo.set_flags(engine, B.id, hidden=True)
    assert _day(engine, settings, inbox, date(2026, 12, 5)) == {}


def test_a_weekly_period_is_the_iso_week_and_a_daily_one_the_day():
    from radar.jobs.digest import digest_key, parse_period

    # Monday 28 December 2026 to Sunday 3 January 2027 is one ISO week, 2026-W53.
    assert {digest_key("weekly", date(2026, 12, 28) + timedelta(days=n)) for n in range(7)} == {
        "2026-W53"
    }
    assert digest_key("weekly", date(2027, 1, 4)) == "2027-W01"
    assert digest_key("daily", date(2027, 1, 1)) == "2027-01-01"
    assert parse_period("2026-W53") == date(2026, 12, 28)
    assert parse_period(" 2027-01-01 ") == date(2027, 1, 1)
    with pytest.raises(ValueError, match="neither a date"):
        parse_period("2026-W54")
    with pytest.raises(ValueError, match="neither a date"):
        parse_period("next week")
