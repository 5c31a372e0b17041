"""Mail that cannot be redirected, and an SMTP server that says 4xx, 5xx or dies mid-send."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from domain import Eligibility, Kind, Match, OpportunityRecord, Profile, Role, Status
from radar.config import load_settings
from radar.jobs.digest import run_digests
from radar.profile_files import read_profile_file
from storage import repository as repo

TODAY = date(2026, 11, 27)
REPO = Path(__file__).resolve().parents[2]
CALL = OpportunityRecord(
    "demo/call", "demo", "https://calls.example.org/1", "Master scholarship",
    kind=Kind.SCHOLARSHIP, deadline=date(2027, 1, 15), status=Status.OPEN,
)  # fmt: skip


def _people(engine, people: list[tuple[str, str, str]]) -> None:  # type: ignore[no-untyped-def]
    """Store (id, name, email) profiles as they are (no import checks) with one match each."""
    repo.upsert_profiles(
        engine,
        [Profile(pid, name, Role.STUDENT, email=addr, details={"digest": "daily"})
         for pid, name, addr in people],
    )  # fmt: skip
    repo.upsert_opportunities(engine, [CALL], datetime(2026, 11, 27))
    ids = [pid for pid, _, _ in people]
    repo.replace_matches(
        engine, [Match(pid, CALL.id, 1.0, 1, Eligibility.ELIGIBLE, ["fits"]) for pid in ids],
        ids, datetime(2026, 11, 27),
    )  # fmt: skip


def _settings(port: int, **kw):  # type: ignore[no-untyped-def]
    return load_settings(
        smtp_host="127.0.0.1", smtp_port=port, mail_from="radar@example.uz", smtp_backoff=0.01, **kw
    )


def test_crafted_names_reach_only_their_own_address(engine, smtp_inbox):
    port, inbox = smtp_inbox
    people = [
        ("bob", "Bob <attacker@evil.example>", "bob@example.org"),
        ("mallory", "Mallory Bcc: victim@example.org", "mallory@example.org"),
        ("dilnoza", "Karimova, Dilnoza", "dilnoza@example.org"),
        ("eve", "Eve\r\nBcc: victim@example.org", "eve@example.org"),
        ("quote", 'Q "the" <x@evil.example>; y@evil.example', "q@example.org"),
    ]
    _people(engine, people)
    summary = run_digests(engine, _settings(port), TODAY, send=True)
    assert sorted(summary.sent) == sorted(p for p, _, _ in people)
    assert len(inbox.received) == len(people)
    for pid, _name, addr in people:
        (got,) = inbox.to(addr)
        assert got.rcpt_tos == [addr], pid
        assert [a.addr_spec for a in got.message["To"].addresses] == [addr], pid
        assert "Bcc" not in got.message and "Cc" not in got.message
    assert inbox.to("attacker@evil.example") == inbox.to("victim@example.org") == []


def test_bad_stored_addresses_are_reported_and_the_run_goes_on(engine, smtp_inbox):
    port, inbox = smtp_inbox
    _people(engine, [
        ("crlf", "CR LF", "victim@example.org\r\nBcc: everyone@example.org"),
        ("named", "Named", "Bob <attacker@evil.example>"),
        ("two", "Two", "a@example.org, b@example.org"),
        ("good", "Good Person", "good@example.org"),
    ])  # fmt: skip
    summary = run_digests(engine, _settings(port), TODAY, send=True)
    assert summary.sent == ["good"]
    assert set(summary.invalid) == {"crlf", "named", "two"}
    assert [r.rcpt_tos for r in inbox.received] == [["good@example.org"]]


def test_profile_import_rejects_bad_addresses_and_names_with_file_and_line(tmp_path):
    rows = [
        {"id": "ok", "name": "Karimova, Dilnoza", "role": "faculty", "email": "d@example.uz"},
        {"id": "b1", "name": "Bob", "role": "student", "email": "Bob <attacker@evil.example>"},
        {"id": "b2", "name": "M", "role": "student", "email": "m@example.org\r\nBcc: v@x.org"},
        {"id": "b3", "name": "Eve\nBcc: victim@example.org", "role": "student"},
        {"id": "b4", "name": "Two", "role": "student", "email": "a@example.org, b@example.org"},
    ]
    path = tmp_path / "people.json"
    path.write_text("[\n" + ",\n".join(json.dumps(r) for r in rows) + "\n]\n")
    result = read_profile_file(path)
    assert [p.id for p in result.profiles] == ["ok"]
    assert result.profiles[0].name == "Karimova, Dilnoza"
    assert len(result.errors) == 4
    for line, err in zip((3, 4, 5, 6), result.errors, strict=True):
        assert err.startswith(f"{path}:{line}: field '"), err


def test_a_4xx_is_retried_with_backoff_then_sent(engine, smtp_inbox):
    port, inbox = smtp_inbox
    _people(engine, [("aziz", "Aziz", "aziz@example.uz")])
    inbox.rcpt_answers = ["451 4.7.1 greylisted, try again"]
    summary = run_digests(engine, _settings(port), TODAY, send=True)
    assert summary.sent == ["aziz"] and inbox.attempts == 2
    assert len(inbox.received) == 1


def test_4xx_every_time_fails_this_run_and_the_next_run_retries(engine, smtp_inbox):
    port, inbox = smtp_inbox
    _people(engine, [("aziz", "Aziz", "aziz@example.uz")])
    inbox.rcpt_answers = ["451 busy"] * 3
    first = run_digests(engine, _settings(port), TODAY, send=True)
    assert list(first.failed) == ["aziz"] and first.all_failed and inbox.attempts == 3
    second = run_digests(engine, _settings(port), TODAY, send=True)
    assert second.sent == ["aziz"] and not second.all_failed


def test_a_5xx_marks_the_address_refused_until_cleared(engine, smtp_inbox):
    port, inbox = smtp_inbox
    _people(engine, [("aziz", "Aziz", "aziz@example.uz"), ("lena", "Lena", "lena@example.uz")])
    inbox.rcpt_answers = ["550 5.1.1 no such user"]  # the first recipient (aziz) is refused
    first = run_digests(engine, _settings(port), TODAY, send=True)
    assert list(first.rejected) == ["aziz"] and first.sent == ["lena"]
    assert inbox.attempts == 2  # a 5xx is not retried
    second = run_digests(engine, _settings(port), TODAY, send=True)
    assert list(second.rejected) == ["aziz"] and inbox.attempts == 2  # not even tried
    assert repo.clear_rejection(engine, "AZIZ@example.uz")
    third = run_digests(engine, _settings(port), TODAY, send=True)
    assert third.sent == ["aziz"] and [r.rcpt_tos for r in inbox.to("aziz@example.uz")] == [
        ["aziz@example.uz"]
    ]


def test_digest_command_exits_1_when_every_send_failed(sqlite_url, smtp_inbox, tmp_path):
    from typer.testing import CliRunner

    from radar.cli.app import app
    from storage.engine import make_engine

    port, inbox = smtp_inbox
    engine = make_engine(sqlite_url)
    _people(engine, [("aziz", "Aziz", "aziz@example.uz")])
    engine.dispose()
    inbox.rcpt_answers = ["550 no"]
    env = {"RADAR_SMTP_HOST": "127.0.0.1", "RADAR_SMTP_PORT": str(port),
           "RADAR_DATABASE_URL": sqlite_url, "RADAR_CONFIG": str(tmp_path / "none.toml")}  # fmt: skip
    result = CliRunner().invoke(app, ["digest", "--send"], env=env)
    assert result.exit_code == 1, result.output
    assert "refused" in result.output


def _wait_for(engine, status: str, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(s["status"] == status for s in repo.digest_sends(engine)):
            return
        time.sleep(0.1)
    raise AssertionError(f"no send reached {status!r}: {repo.digest_sends(engine)}")


def test_sigkill_mid_send_is_reported_as_unknown_and_never_resent(sqlite_url, smtp_inbox, tmp_path):
    from storage.engine import make_engine

    port, inbox = smtp_inbox
    engine = make_engine(sqlite_url)
    _people(engine, [("aziz", "Aziz", "aziz@example.uz"), ("lena", "Lena", "lena@example.uz")])
    inbox.stall_data = True  # the server takes the message and never answers
    env = {**os.environ, "PYTHONPATH": str(REPO), "RADAR_SMTP_HOST": "127.0.0.1",
           "RADAR_SMTP_PORT": str(port), "RADAR_DATABASE_URL": sqlite_url,
           "RADAR_CONFIG": str(tmp_path / "none.toml")}  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "radar.cli", "digest", "--send"], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_for(engine, "sending")
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    inbox.stall_data = False
    summary = run_digests(engine, _settings(port), TODAY, send=True)
    assert [(u["profile_id"], u["status"]) for u in summary.unknown] == [("aziz", "unknown")]
    assert summary.sent == ["lena"]  # never attempted before: sent now
    assert inbox.to("aziz@example.uz") == []  # the unknown one is not sent again
    again = run_digests(engine, _settings(port), TODAY, send=True)
    assert again.unknown == [] and again.sent == []
    assert {s["profile_id"]: s["status"] for s in repo.digest_sends(engine)} == {
        "aziz": "unknown", "lena": "sent",
    }  # fmt: skip
    engine.dispose()


@pytest.mark.parametrize("name", ["Karimova, Dilnoza", "Bob <attacker@evil.example>"])
def test_names_are_display_text_in_the_to_header(engine, smtp_inbox, name):
    port, inbox = smtp_inbox
    _people(engine, [("p", name, "p@example.org")])
    run_digests(engine, _settings(port), TODAY, send=True)
    (got,) = inbox.received
    (address,) = got.message["To"].addresses
    assert (address.display_name, address.addr_spec) == (name, "p@example.org")


def test_the_links_in_a_sent_digest_work_and_one_click_unsubscribes(engine, smtp_inbox, db_url):
    import re

    from radar.web import create_app

    port, inbox = smtp_inbox
    _people(engine, [("aziz", "Aziz", "aziz@example.uz")])
    settings = _settings(port, database_url=db_url, base_url="https://radar.example.uz")
    assert run_digests(engine, settings, TODAY, send=True).sent == ["aziz"]
    (got,) = inbox.received
    text = got.message.get_body(("plain",)).get_content()
    base = "https://radar.example.uz"
    unsubscribe = got.message["List-Unsubscribe"].strip("<>")
    assert unsubscribe in text  # also in the body, for people
    mute = re.search(rf"{re.escape(base)}/p/\S+/not-relevant\?o=\S+", text).group(0)
    app = create_app(settings)
    client = app.test_client()
    assert client.get(mute.removeprefix(base)).status_code == 200
    assert client.get(unsubscribe.removeprefix(base)).status_code == 200
    one_click = client.post(unsubscribe.removeprefix(base), data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200
    assert repo.load_profiles(engine, ids=["aziz"])[0].details["digest"] == "off"
    app.config["RADAR_ENGINE"].dispose()


def test_staff_make_and_rotate_links_and_clear_bounces(sqlite_url, tmp_path):
    from typer.testing import CliRunner

    from radar.cli.app import app
    from storage.engine import make_engine

    engine = make_engine(sqlite_url)
    _people(engine, [("aziz", "Aziz", "aziz@example.uz")])
    env = {"RADAR_DATABASE_URL": sqlite_url, "RADAR_CONFIG": str(tmp_path / "none.toml"),
           "RADAR_BASE_URL": "https://radar.example.uz", "COLUMNS": "300"}  # fmt: skip
    runner = CliRunner()
    first = runner.invoke(app, ["profiles", "token", "aziz"], env=env)
    assert first.exit_code == 0, first.output
    old = first.stdout.strip().split("/p/")[1].strip("/")
    assert repo.profile_for_token(engine, old) == "aziz"
    rotated = runner.invoke(app, ["profiles", "token", "aziz", "--rotate"], env=env)
    new = rotated.stdout.strip().split("/p/")[1].strip("/")
    assert repo.profile_for_token(engine, old) is None
    assert repo.profile_for_token(engine, new) == "aziz"
    assert runner.invoke(app, ["profiles", "token", "ghost"], env=env).exit_code == 2
    assert runner.invoke(app, ["profiles", "clear-bounce", "aziz"], env=env).exit_code == 2
    repo.reject_address(engine, "aziz@example.uz", "550 no such user")
    cleared = runner.invoke(app, ["profiles", "clear-bounce", "aziz"], env=env)
    assert cleared.exit_code == 0 and repo.rejected_addresses(engine) == {}
    bad = runner.invoke(app, ["digest", "--send", "--period", "2026-W99"], env=env)
    assert bad.exit_code == 2
    assert runner.invoke(app, ["digest", "--send", "--only", "ghost"], env=env).exit_code == 2
    engine.dispose()
