"""Defects of issue 10 that had no test of their own (docs/privacy.md, "Defect → test")."""

from __future__ import annotations

import email
import email.policy
from datetime import date
from email.headerregistry import Address

from domain import Eligibility, Kind, Match, OpportunityRecord, Profile, Role
from feeds import render_digest
from radar.config import load_settings
from radar.mail import build_message


def test_a_long_russian_subject_folds_without_losing_a_space():
    # Measured: "10 возможностейдля вас" — the space vanished where the header was folded.
    person = Profile("lena", "Елена Ким", Role.FACULTY, email="lena@example.uz", language="ru")
    calls = [OpportunityRecord(f"s/{i}", "s", f"https://c.example.org/{i}", f"Грант {i}",
                               kind=Kind.GRANT, deadline=date(2027, 1, 1 + i)) for i in range(10)]  # fmt: skip
    entries = [(Match("lena", c.id, 1.0, i + 1, Eligibility.ELIGIBLE, ["x"]), c)
               for i, c in enumerate(calls)]  # fmt: skip
    digest = render_digest(person, entries, today=date(2026, 12, 1), base_url="https://r.example.uz")
    assert "10 возможностей для вас" in digest.subject
    settings = load_settings(mail_from="radar@example.uz")
    msg = build_message(settings, Address("Елена Ким", addr_spec="lena@example.uz"), digest,
                        msgid="<x@example.uz>")  # fmt: skip
    raw = msg.as_bytes(policy=email.policy.SMTP)
    header = raw.split(b"\r\n\r\n")[0]
    subject_lines = header.split(b"Subject:")[1].split(b"\r\nFrom:")[0]
    assert b"\r\n " in subject_lines  # it was folded: the case that lost the space
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["Subject"] == digest.subject
