"""The digest send log row by row: who may retry a row, and which rows count as told."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from datetime import timedelta

from sqlalchemy import update

from domain import Profile, Role, clock
from storage import digests
from storage import repository as repo
from storage.models import DigestSend

HOST = socket.gethostname()


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(done.stdout)


def _set(engine, send_id: int, **values) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as conn:
        conn.execute(update(DigestSend.__table__).where(DigestSend.__table__.c.id == send_id)
                     .values(**values))  # fmt: skip


def _status(engine) -> list[str]:  # type: ignore[no-untyped-def]
    return [s["status"] for s in repo.digest_sends(engine)]


def test_a_worker_is_alive_unless_it_is_ours_and_gone():
    assert digests._alive(None) is False and digests._alive("") is False
    assert digests._alive(f"{HOST}:{os.getpid()}") is True
    assert digests._alive(f"{HOST}:{_dead_pid()}") is False
    assert digests._alive(f"another-host.example:{_dead_pid()}") is True  # cannot tell: alive
    assert digests._alive(f"{HOST}:not-a-pid") is True
    assert digests._worker() == f"{HOST}:{os.getpid()}"


def test_a_pending_row_is_taken_over_only_when_its_worker_died(engine):
    repo.upsert_profiles(engine, [Profile("a", "A", Role.STUDENT)])
    first = repo.claim_digest(engine, "a", "2026-W48", "smtp", ["s/x"], message_id="<m@x>")
    assert first is not None
    assert repo.claim_digest(engine, "a", "2026-W48", "smtp", ["s/y"]) is None  # we are alive
    _set(engine, first, worker=f"{HOST}:{_dead_pid()}", error="old")
    assert repo.claim_digest(engine, "a", "2026-W48", "smtp", ["s/y"], sections={"new": ["s/y"]}) == first
    (row,) = repo.digest_sends(engine)
    assert (row["status"], row["opportunity_ids"], row["error"], row["worker"]) == (
        "pending", ["s/y"], None, digests._worker(),
    )  # fmt: skip
    assert row["sections"] == {"new": ["s/y"]} and row["message_id"] is None
    # Another channel or period is another row.
    assert repo.claim_digest(engine, "a", "2026-W48", "file", ["s/y"]) not in (None, first)
    assert repo.claim_digest(engine, "a", "2026-W49", "smtp", ["s/y"]) not in (None, first)


def test_sent_sending_and_unknown_rows_are_never_claimed_again(engine):
    repo.upsert_profiles(engine, [Profile("a", "A", Role.STUDENT)])
    send = repo.claim_digest(engine, "a", "2026-11-27", "smtp", ["s/x"])
    for status in ("sending", "sent", "unknown"):
        _set(engine, send, status=status, worker=f"{HOST}:{_dead_pid()}")
        assert repo.claim_digest(engine, "a", "2026-11-27", "smtp", ["s/x"]) is None, status


def test_finishing_a_send_records_when_or_why(engine):
    repo.upsert_profiles(engine, [Profile("a", "A", Role.STUDENT)])
    ok = repo.claim_digest(engine, "a", "2026-11-27", "smtp", ["s/x"])
    repo.mark_sending(engine, ok)
    assert _status(engine) == ["sending"]
    repo.finish_digest(engine, ok, ok=True)
    bad = repo.claim_digest(engine, "a", "2026-11-28", "smtp", ["s/y"])
    repo.finish_digest(engine, bad, ok=False, error="451 try later")
    rows = repo.digest_sends(engine)
    assert [(r["status"], r["error"]) for r in rows] == [("sent", None), ("failed", "451 try later")]
    assert rows[0]["sent_at"] is not None and rows[1]["sent_at"] is None


def test_a_send_left_mid_way_by_a_dead_or_long_silent_worker_becomes_unknown(engine):
    repo.upsert_profiles(engine, [Profile("a", "A", Role.STUDENT)])
    ids = [repo.claim_digest(engine, "a", f"2026-11-2{n}", "smtp", [f"s/{n}"]) for n in range(4)]
    for send in ids[:3]:
        repo.mark_sending(engine, send)
    _set(engine, ids[0], worker=f"{HOST}:{_dead_pid()}")  # died
    _set(engine, ids[1], worker="far-away:1",
         created_at=clock.utcnow() - digests.STALE_SENDING - timedelta(minutes=1))  # fmt: skip
    _set(engine, ids[2], worker="far-away:1",
         created_at=clock.utcnow() - digests.STALE_SENDING + timedelta(minutes=5))  # fmt: skip
    orphans = repo.mark_orphans_unknown(engine)
    assert sorted(o["id"] for o in orphans) == ids[:2]
    assert {o["status"] for o in orphans} == {"unknown"}
    assert _status(engine) == ["unknown", "unknown", "sending", "pending"]
    assert repo.digest_sends(engine)[0]["error"] == "the sending process died mid-send"


def test_only_sent_or_possibly_sent_digests_count_as_told_oldest_first(engine):
    repo.upsert_profiles(engine, [Profile("a", "A", Role.STUDENT), Profile("b", "B", Role.STUDENT)])
    told = repo.claim_digest(engine, "a", "d1", "smtp", ["s/1"])
    repo.finish_digest(engine, told, ok=True)
    maybe = repo.claim_digest(engine, "a", "d2", "smtp", ["s/2"], sections={"new": ["s/2"], "closing": {"s/1": 3}})
    _set(engine, maybe, status="unknown")
    failed = repo.claim_digest(engine, "a", "d3", "smtp", ["s/3"])
    repo.finish_digest(engine, failed, ok=False, error="x")
    repo.claim_digest(engine, "a", "d4", "smtp", ["s/4"])  # pending
    other = repo.claim_digest(engine, "b", "d1", "smtp", ["s/9"])
    repo.finish_digest(engine, other, ok=True)
    assert repo.delivered_sections(engine, "a") == [
        {"new": ["s/1"]}, {"new": ["s/2"], "closing": {"s/1": 3}},
    ]  # fmt: skip
    assert [s["digest_key"] for s in repo.digest_sends(engine, "b")] == ["d1"]
    assert len(repo.digest_sends(engine)) == 5


def test_retrying_one_row_touches_no_other_persons_period_or_channel(engine):
    repo.upsert_profiles(engine, [Profile("a", "A", Role.STUDENT), Profile("b", "B", Role.STUDENT)])
    others = [repo.claim_digest(engine, pid, key, channel, ["s/x"])
              for pid, key, channel in (("b", "k1", "smtp"), ("a", "k2", "smtp"), ("a", "k1", "file"))]  # fmt: skip
    for send in others:
        repo.finish_digest(engine, send, ok=False, error="x")
    mine = repo.claim_digest(engine, "a", "k1", "smtp", ["s/x"])
    repo.finish_digest(engine, mine, ok=False, error="x")
    assert repo.claim_digest(engine, "a", "k1", "smtp", ["s/y"]) == mine
    assert _status(engine) == ["failed", "failed", "failed", "pending"]
