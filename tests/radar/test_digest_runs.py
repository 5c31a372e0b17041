"""One digest run over many people: previews, who is offered, bad addresses and broken profiles."""

from __future__ import annotations

import email
import email.policy
from datetime import date, datetime

from domain import Eligibility, Match, OpportunityRecord, Profile, Role, Status
from radar.config import load_settings
from radar.jobs.digest import parse_period, run_digests
from storage import repository as repo

TODAY = date(2026, 12, 1)
OPEN = OpportunityRecord("demo/a b", "demo", "https://calls.example.org/a", "Solar grant",
                         deadline=date(2027, 2, 1), status=Status.OPEN)  # fmt: skip
CLOSED = OpportunityRecord("demo/old", "demo", "https://calls.example.org/old", "Old grant",
                           deadline=date(2026, 11, 20), status=Status.OPEN)  # fmt: skip
COPY = OpportunityRecord("blog/a", "blog", "https://blog.example/a", "Solar grant (repost)",
                         deadline=date(2027, 2, 1), status=Status.OPEN)  # fmt: skip


def _seed(engine, *people: Profile) -> None:  # type: ignore[no-untyped-def]
    repo.upsert_opportunities(engine, [OPEN, CLOSED, COPY], datetime(2026, 11, 20))
    repo.set_canonical(engine, {OPEN.id: OPEN.id, COPY.id: OPEN.id})
    repo.upsert_profiles(engine, list(people))
    matches = [Match(p.id, o.id, 1.0, rank, Eligibility.ELIGIBLE, ["r"])
               for p in people for rank, o in enumerate([OPEN, CLOSED, COPY], 1)]  # fmt: skip
    repo.replace_matches(engine, matches, [p.id for p in people], datetime(2026, 11, 20))


def _person(pid: str, email: str | None = "", **details) -> Profile:  # type: ignore[no-untyped-def]
    address = f"{pid}@example.uz" if email == "" else email
    return Profile(pid, pid.title(), Role.FACULTY, email=address, details={"digest": "daily", **details})


def test_a_dry_run_writes_previews_whose_links_open_nothing(engine, tmp_path):
    _seed(engine, _person("aziz"), _person("nomail", None))
    settings = load_settings(base_url="https://radar.example.uz/")
    seen = []
    summary = run_digests(engine, settings, TODAY, out=tmp_path, progress=lambda n, pid: seen.append((n, pid)))
    assert sorted(p.name for p in summary.written) == ["aziz.eml", "nomail.eml"]
    assert sorted(seen) == [(1, "aziz"), (1, "nomail")]
    raw = (tmp_path / "aziz.eml").read_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    text = message["List-Unsubscribe"] + message.get_body(("plain",)).get_content()
    base = "https://radar.example.uz/p/preview-token-not-valid"
    assert f"<{base}/unsubscribe>" in text and f"{base}/" in text
    assert f"{base}/not-relevant?o=demo%2Fa%20b" in text
    assert "Old grant" not in text  # closed before today
    assert "repost" not in text  # a copy of a call is shown as the call, once
    assert b"no-address@invalid" in (tmp_path / "nomail.eml").read_bytes()
    assert repo.digest_sends(engine) == []  # a preview records nothing


def test_only_the_people_named_are_offered_a_digest(engine, smtp_inbox):
    port, inbox = smtp_inbox
    _seed(engine, _person("aziz"), _person("lena"))
    settings = load_settings(smtp_host="127.0.0.1", smtp_port=port, smtp_backoff=0.01)
    summary = run_digests(engine, settings, TODAY, send=True, only=["lena"])
    assert summary.sent == ["lena"] and [r.rcpt_tos for r in inbox.received] == [["lena@example.uz"]]


def test_bad_addresses_and_broken_profiles_are_reported_and_the_others_still_mailed(engine, smtp_inbox):
    port, inbox = smtp_inbox
    _seed(engine, _person("aziz"), _person("typo", "not an address"),
          _person("broken", reminder_days=5), _person("gone"))  # fmt: skip
    repo.reject_address(engine, "gone@example.uz", "550 no such user")
    settings = load_settings(smtp_host="127.0.0.1", smtp_port=port, smtp_backoff=0.01)
    summary = run_digests(engine, settings, TODAY, send=True)
    assert summary.sent == ["aziz"]
    assert summary.invalid["typo"].startswith("not a valid mail address")
    assert summary.failed == {"broken": "TypeError: 'int' object is not iterable"}
    assert summary.rejected == {"gone": "gone@example.uz was refused: 550 no such user"}
    assert [r.rcpt_tos for r in inbox.received] == [["aziz@example.uz"]]
    assert summary.unknown == []


def test_a_week_may_be_written_in_lower_case():
    assert parse_period("2026-w49") == date(2026, 11, 30)


def test_a_refused_address_is_remembered_with_the_servers_words(engine, smtp_inbox):
    port, inbox = smtp_inbox
    inbox.rcpt_answers = ["550 5.1.1 no such user"]
    _seed(engine, _person("aziz"))
    settings = load_settings(smtp_host="127.0.0.1", smtp_port=port, smtp_backoff=0.01)
    summary = run_digests(engine, settings, TODAY, send=True)
    assert summary.rejected["aziz"].startswith("aziz@example.uz was refused: ")
    assert "no such user" in repo.rejected_addresses(engine)["aziz@example.uz"]
    (row,) = repo.digest_sends(engine)
    assert row["status"] == "failed" and "no such user" in row["error"]
    assert row["channel"] == "smtp" and row["opportunity_ids"] == [OPEN.id]


def test_a_busy_server_is_tried_again_as_often_as_the_settings_say(engine, smtp_inbox):
    port, inbox = smtp_inbox
    _seed(engine, _person("aziz"), _person("lena"))
    inbox.rcpt_answers = ["451 busy", "451 busy"]  # aziz twice, then lena's first try
    settings = load_settings(smtp_host="127.0.0.1", smtp_port=port, smtp_backoff=0.01, smtp_attempts=2)
    summary = run_digests(engine, settings, TODAY, send=True)
    assert "451" in summary.failed["aziz"] and summary.sent == ["lena"]
    assert inbox.attempts == 3
