"""What one digest says, from matches and earlier digests: picks, new, closing soon, moved deadlines."""

from __future__ import annotations

from datetime import date

from domain import Eligibility, Match, OpportunityRecord
from radar.jobs.digest_content import digest_content

TODAY = date(2026, 12, 1)


def _call(slug: str, deadline: date | None) -> OpportunityRecord:
    return OpportunityRecord(f"s/{slug}", "s", f"https://e.org/{slug}", slug.title(), deadline=deadline)


def _match(call: OpportunityRecord, rank: int) -> Match:
    return Match("p", call.id, 1.0 / rank, rank, Eligibility.ELIGIBLE, [])


def _content(calls, matches=(), history=(), recommended=None, reminder_days=None, limit=10):  # type: ignore[no-untyped-def]
    return digest_content(
        matches=list(matches), opportunities={c.id: c for c in calls}, recommended=recommended or {},
        muted=set(), history=list(history), today=TODAY, reminder_days=reminder_days, limit=limit,
    )  # fmt: skip


def test_a_staff_pick_the_matcher_did_not_match_is_shown_as_check_with_no_score():
    pick = _call("pick", date(2027, 1, 1))
    content = _content([pick], recommended={pick.id: "Ask Dr. Li"})
    assert content.new == [(Match("", pick.id, 0.0, 0, Eligibility.CHECK, []), pick)]
    assert content.recommended == {pick.id: "Ask Dr. Li"}


def test_staff_picks_take_their_place_within_the_limit():
    picks = [_call(f"pick{i}", date(2027, 1, 1)) for i in range(2)]
    fresh = [_call(f"new{i}", date(2027, 1, 1)) for i in range(3)]
    matches = [_match(c, i + 1) for i, c in enumerate(fresh)]
    one_pick = _content(picks[:1] + fresh, matches, recommended={picks[0].id: None}, limit=2)
    assert [r.id for _, r in one_pick.new] == ["s/pick0", "s/new0"]
    two_picks = _content(picks + fresh, matches, recommended={p.id: None for p in picks}, limit=1)
    assert [r.id for _, r in two_picks.new] == ["s/pick0", "s/pick1"]  # no room left for new ones


def test_what_a_digest_records_for_the_next_one():
    moved = _call("moved", date(2027, 2, 1))
    known = _call("known", None)
    content = _content(
        [moved, known], [_match(moved, 1)],
        history=[{"new": [moved.id], "deadlines": {moved.id: None}}],
    )  # fmt: skip
    content.new.append((_match(known, 2), known))
    assert content.changed == [(_match(moved, 1), moved, None)]  # the deadline was unknown
    assert content.record() == {
        "new": [known.id], "closing": {}, "changed": {moved.id: None},
        "deadlines": {known.id: None, moved.id: "2027-02-01"},
    }  # fmt: skip


def test_a_moved_deadline_does_not_hide_the_next_calls_reminder():
    moved = _call("a-moved", date(2027, 2, 1))
    closing = _call("b-closing", date(2026, 12, 4))
    history = [{"new": [moved.id, closing.id],
                "deadlines": {moved.id: "2027-01-15", closing.id: "2026-12-04"}}]  # fmt: skip
    content = _content([moved, closing], history=history, reminder_days=[3])
    assert content.changed == [(None, moved, date(2027, 1, 15))]
    assert content.closing == [(None, closing, 3)]


def test_a_call_closing_today_is_still_a_reminder():
    today = _call("today", TODAY)
    content = _content([today], history=[{"new": [today.id]}], reminder_days=[3])
    assert content.closing == [(None, today, 3)]


def test_a_reminder_far_ahead_is_given_once():
    far = _call("far", date(2027, 2, 20))
    first = _content([far], history=[{"new": [far.id]}], reminder_days=[90])
    assert first.closing == [(None, far, 90)]
    again = _content([far], history=[{"new": [far.id]}, first.record()], reminder_days=[90])
    assert again.closing == []


def test_the_smallest_reminder_given_counts_whatever_the_order_of_earlier_digests():
    soon = _call("soon", date(2026, 12, 3))
    history = [{"new": [soon.id]}, {"closing": {soon.id: 3}}, {"closing": {soon.id: 14}}]
    assert _content([soon], history=history, reminder_days=[3, 14]).closing == []


def test_closing_calls_come_by_deadline_then_id():
    calls = [_call("c", date(2026, 12, 3)), _call("b", date(2026, 12, 2)), _call("a", date(2026, 12, 3))]
    content = _content(calls, history=[{"new": [c.id for c in calls]}], reminder_days=[3])
    assert [r.id for _, r, _ in content.closing] == ["s/b", "s/a", "s/c"]
