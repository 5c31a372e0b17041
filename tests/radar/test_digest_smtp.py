"""Digests sent over SMTP to a real local server (aiosmtpd): multipart, once per period."""

from __future__ import annotations

import email
import socket
from datetime import date, datetime

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message

from domain import Eligibility, Kind, Match, OpportunityRecord, Profile, Role, Status
from radar.config import load_settings
from radar.jobs.digest import run_digests
from storage import repository as repo

TODAY = date(2026, 11, 27)


class _Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[email.message.Message] = []

    def handle_message(self, message) -> None:  # type: ignore[no-untyped-def]
        self.messages.append(message)


@pytest.fixture
def smtp():
    inbox = _Inbox()
    with socket.socket() as probe:  # aiosmtpd needs a concrete free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, inbox
    controller.stop()


def _seed(engine) -> None:  # type: ignore[no-untyped-def]
    repo.upsert_profiles(
        engine,
        [
            Profile("aziz", "Aziz Tursunov", Role.STUDENT, email="aziz@example.uz", language="uz",
                    details={"digest": "daily"}),
            Profile("off", "No Mail", Role.STUDENT, email="off@example.uz", details={"digest": "off"}),
        ],
    )  # fmt: skip
    opp = OpportunityRecord(
        "demo/daad-master", "demo", "https://example.org/daad", "Master scholarship in Germany",
        kind=Kind.SCHOLARSHIP, deadline=date(2027, 1, 15), status=Status.OPEN,
    )  # fmt: skip
    repo.upsert_opportunities(engine, [opp], datetime(2026, 11, 27))
    matches = [
        Match("aziz", opp.id, 3.2, 1, Eligibility.ELIGIBLE, ["matches your interests: energy"]),
        Match("off", opp.id, 1.0, 1, Eligibility.CHECK, ["check eligibility: nationality"]),
    ]
    repo.replace_matches(engine, matches, ["aziz", "off"], datetime(2026, 11, 27))


def test_digest_is_sent_once_as_multipart(engine, smtp):
    controller, inbox = smtp
    _seed(engine)
    settings = load_settings(
        smtp_host="127.0.0.1", smtp_port=controller.port, mail_from="io@example.uz"
    )
    first = run_digests(engine, settings, TODAY, send=True)
    second = run_digests(engine, settings, TODAY, send=True)
    assert first.sent == ["aziz"]
    assert "off" in first.skipped
    assert second.sent == [] and second.nothing_new == ["aziz"]  # nothing new since the first
    assert len(inbox.messages) == 1
    msg = inbox.messages[0]
    assert msg["To"] == "Aziz Tursunov <aziz@example.uz>"
    assert msg.get_content_type() == "multipart/alternative"
    parts = {
        p.get_content_type(): p.get_payload(decode=True).decode()
        for p in msg.walk()
        if not p.is_multipart()
    }
    assert set(parts) == {"text/plain", "text/html"}
    assert "Master scholarship in Germany" in parts["text/plain"]
    assert "matches your interests: energy" in parts["text/plain"]
    assert "Master scholarship in Germany" in parts["text/html"]
    assert [s["status"] for s in repo.digest_sends(engine)] == ["sent"]


def test_a_refused_connection_is_recorded_and_retried(engine, smtp):
    controller, inbox = smtp
    _seed(engine)
    dead = load_settings(smtp_host="127.0.0.1", smtp_port=1, smtp_backoff=0.01)
    failed = run_digests(engine, dead, TODAY, send=True)
    assert list(failed.failed) == ["aziz"]
    assert repo.digest_sends(engine)[0]["status"] == "failed"
    live = load_settings(smtp_host="127.0.0.1", smtp_port=controller.port)
    assert run_digests(engine, live, TODAY, send=True).sent == ["aziz"]
    assert len(inbox.messages) == 1
