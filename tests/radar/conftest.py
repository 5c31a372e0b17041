"""A real local SMTP server (aiosmtpd) whose answers a test can script (4xx, 5xx, a stall)."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Received:
    """One accepted message: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    message: email.message.EmailMessage


@dataclass
class Inbox:
    """What the server accepted, and the answers still to give (one per RCPT, in order)."""

    received: list[Received] = field(default_factory=list)
    rcpt_answers: list[str] = field(default_factory=list)  # e.g. "451 try later"
    stall_data: bool = False  # hold the DATA phase (a sender killed mid-send)
    attempts: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        self.attempts += 1
        if self.rcpt_answers:
            return self.rcpt_answers.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        if self.stall_data:
            await asyncio.sleep(120)
            return "451 stalled"
        raw = envelope.original_content or envelope.content
        self.received.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                raw,
                email.message_from_bytes(raw, policy=email.policy.default),
            )
        )
        return "250 Message accepted"

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.rcpt_tos]


@pytest.fixture
def smtp_inbox():
    """(port, inbox) of a running aiosmtpd server on 127.0.0.1."""
    inbox = Inbox()
    with socket.socket() as probe:  # aiosmtpd needs a concrete free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()
