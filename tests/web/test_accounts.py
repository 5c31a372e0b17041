"""Staff accounts: the CLI, argon2 hashes, throttled login, roles, sessions, attribution."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from domain import Kind, OpportunityRecord, Profile, Role, Status, clock
from radar.cli import app as cli
from radar.config import load_settings
from radar.jobs.accounts import LoginRefused, add_account, authenticate, change_password
from radar.web import create_app
from storage import repository as repo
from storage.engine import make_engine

runner = CliRunner()
ADMIN, STAFF, PASSWORD = "admin@uni.example.uz", "staff@uni.example.uz", "correct horse 1"
CALL = OpportunityRecord(
    "demo/call-1", "demo", "https://calls.example.org/1", "Solar grant",
    kind=Kind.GRANT, deadline=date(2027, 3, 1), status=Status.OPEN,
)  # fmt: skip


@pytest.fixture
def site(sqlite_url):
    engine = make_engine(sqlite_url)
    repo.upsert_opportunities(engine, [CALL], datetime(2026, 11, 27))
    repo.upsert_profiles(
        engine, [Profile("timur", "Тимур", Role.STUDENT, details={"groups": ["m"]})]
    )
    add_account(engine, ADMIN, PASSWORD, "admin")
    add_account(engine, STAFF, PASSWORD, "staff")
    settings = load_settings(database_url=sqlite_url, login_max_failures=3, login_window=600)
    yield create_app(settings), engine, settings
    engine.dispose()


def _csrf(client, url: str = "/login") -> str:  # type: ignore[no-untyped-def]
    page = client.get(url)
    return re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()


def _login(client, email: str, password: str = PASSWORD, address: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    data = {"csrf_token": _csrf(client), "email": email, "password": password}
    return client.post("/login", data=data, environ_base={"REMOTE_ADDR": address})


def test_cli_adds_lists_changes_and_removes_accounts(sqlite_url):
    db = ["--database-url", sqlite_url]
    add = runner.invoke(cli, ["users", "add", "Aziz@Uni.example.uz", "--role", "staff",
                              "--password-stdin", *db], input="a long secret\n")  # fmt: skip
    assert add.exit_code == 0, add.output
    assert "Added aziz@uni.example.uz (staff)" in add.output
    again = runner.invoke(cli, ["users", "add", "aziz@uni.example.uz", "--role", "staff",
                                "--password-stdin", *db], input="a long secret\n")  # fmt: skip
    assert again.exit_code == 2 and "already exists" in again.output
    short = runner.invoke(cli, ["users", "add", "b@uni.example.uz", "--role", "staff",
                                "--password-stdin", *db], input="short\n")  # fmt: skip
    assert short.exit_code == 2 and "at least 10 characters" in short.output
    role = runner.invoke(cli, ["users", "add", "c@uni.example.uz", "--role", "boss",
                               "--password-stdin", *db], input="a long secret\n")  # fmt: skip
    assert role.exit_code == 2 and "role must be one of staff, admin" in role.output
    prompted = runner.invoke(cli, ["users", "add", "d@uni.example.uz", "--role", "admin", *db],
                             input="another secret\nanother secret\n")  # fmt: skip
    assert prompted.exit_code == 0, prompted.output
    listed = runner.invoke(cli, ["users", "list", *db])
    rows = [line.split()[:2] for line in listed.output.splitlines()]
    assert rows == [["aziz@uni.example.uz", "staff"], ["d@uni.example.uz", "admin"]]
    engine = make_engine(sqlite_url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM users")).scalars().all()
    assert all(h.startswith("$argon2id$") and "secret" not in h for h in stored)
    passwd = runner.invoke(cli, ["users", "passwd", "aziz@uni.example.uz", "--password-stdin",
                                 *db], input="a newer secret\n")  # fmt: skip
    assert passwd.exit_code == 0, passwd.output
    settings = load_settings(database_url=sqlite_url)
    assert (
        authenticate(engine, settings, "aziz@uni.example.uz", "a newer secret", "x").role == "staff"
    )
    assert runner.invoke(cli, ["users", "remove", "aziz@uni.example.uz", *db]).exit_code == 0
    gone = runner.invoke(cli, ["users", "remove", "aziz@uni.example.uz", *db])
    assert gone.exit_code == 2 and "no account" in gone.output
    engine.dispose()


def test_the_next_guess_is_refused_even_when_right_until_the_window_passes(site):
    _app, engine, settings = site
    for _ in range(settings.login_max_failures):
        with pytest.raises(LoginRefused, match="Wrong address or password"):
            authenticate(engine, settings, STAFF, "guess", "10.0.0.9")
    with pytest.raises(LoginRefused, match="Too many failed logins"):
        authenticate(engine, settings, STAFF, PASSWORD, "10.0.0.10")  # other address too
    later = clock.now() + timedelta(seconds=settings.login_window - 5)
    with clock.pinned(later), pytest.raises(LoginRefused, match="Too many"):
        authenticate(engine, settings, STAFF, PASSWORD, "10.0.0.10")
    with clock.pinned(later + timedelta(seconds=10)):
        assert authenticate(engine, settings, STAFF, PASSWORD, "10.0.0.10").email == STAFF
    assert authenticate(engine, settings, ADMIN, PASSWORD, "10.0.0.9").email == ADMIN  # per account


def test_one_address_guessing_many_accounts_is_locked_out(sqlite_url):
    engine = make_engine(sqlite_url)
    add_account(engine, STAFF, PASSWORD, "staff")
    settings = load_settings(database_url=sqlite_url, login_address_max_failures=4)
    for i in range(4):
        with pytest.raises(LoginRefused, match="Wrong"):
            authenticate(engine, settings, f"nobody{i}@uni.example.uz", "guess", "10.6.6.6")
    with pytest.raises(LoginRefused, match="Too many"):
        authenticate(engine, settings, STAFF, PASSWORD, "10.6.6.6")
    assert authenticate(engine, settings, STAFF, PASSWORD, "10.0.0.1").email == STAFF
    engine.dispose()


def test_web_login_is_throttled_too(site):
    app, _engine, settings = site
    client = app.test_client()
    for _ in range(settings.login_max_failures):
        assert _login(client, STAFF, "guess").status_code == 401
    refused = _login(client, STAFF)
    assert refused.status_code == 401
    assert "Too many failed logins" in refused.get_data(as_text=True)
    assert client.get("/staff").status_code == 302  # still not logged in


def test_a_password_change_ends_every_session(site):
    app, engine, _settings = site
    client = app.test_client()
    assert _login(client, STAFF).status_code == 302
    assert client.get("/staff").status_code == 200
    change_password(engine, STAFF, "a brand new secret")
    page = client.get("/staff")
    assert page.status_code == 302 and "/login" in page.headers["Location"]


def test_logout_ends_the_session(site):
    app, _engine, _settings = site
    client = app.test_client()
    _login(client, STAFF)
    csrf = _csrf(client, "/staff")
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 302
    assert client.get("/staff").status_code == 302


def test_staff_curate_but_only_admins_manage_users_and_sources(site):
    app, engine, _settings = site
    staff = app.test_client()
    anonymous = app.test_client()
    assert anonymous.get("/admin/users").status_code == 302
    _login(staff, STAFF)
    for path in ("/admin/users", "/admin/sources"):
        assert staff.get(path).status_code == 403
    csrf = _csrf(staff, "/staff")
    add = {"csrf_token": csrf, "action": "add", "email": "x@uni.example.uz", "role": "admin",
           "password": "a long secret"}  # fmt: skip
    assert staff.post("/admin/users", data=add).status_code == 403
    assert repo.find_user(engine, "x@uni.example.uz") is None
    admin = app.test_client()
    _login(admin, ADMIN, address="10.0.0.2")
    assert admin.get("/admin/sources").status_code == 200
    csrf = _csrf(admin, "/admin/users")
    assert admin.post("/admin/users", data={**add, "csrf_token": csrf}).status_code == 302
    assert repo.find_user(engine, "x@uni.example.uz").role == "admin"
    assert "x@uni.example.uz" in admin.get("/admin/users").get_data(as_text=True)
    bad = admin.post(
        "/admin/users", data={**add, "csrf_token": csrf, "role": "root", "email": "y@u.uz"}
    )
    assert bad.status_code == 302 and repo.find_user(engine, "y@u.uz") is None


def test_the_login_redirects_only_within_the_site(site):
    app, _engine, _settings = site
    targets = {"//evil.example/x": "/staff", "/\t/evil.example": "/staff",
               "/\\evil.example": "/staff", "https://evil.example": "/staff",
               "/admin/users": "/admin/users"}  # fmt: skip
    for target, expected in targets.items():
        client = app.test_client()
        data = {"csrf_token": _csrf(client), "email": STAFF, "password": PASSWORD}
        done = client.post("/login", query_string={"next": target}, data=data)
        assert done.headers["Location"] == expected, target


def test_every_curation_records_who_and_when(site, sqlite_url):
    app, engine, _settings = site
    client = app.test_client()
    _login(client, STAFF)
    csrf = _csrf(client, "/staff")
    client.post("/staff", data={"csrf_token": csrf, "opportunity_id": CALL.id, "action": "feature"})
    client.post("/staff", data={"csrf_token": csrf, "opportunity_id": CALL.id,
                                "action": "recommend", "target": "group:m"})  # fmt: skip
    row = repo.list_curation(engine)[0]
    assert row["featured"] and row["updated_by"] == STAFF
    assert abs(row["updated_at"] - clock.utcnow()) < timedelta(minutes=1)
    assert row["recommendations"][0]["created_by"] == STAFF
    page = client.get("/staff").get_data(as_text=True)
    assert f"{STAFF}, Nov 27, 2026 09:00 UTC" in page  # the locale's date (en here)
    runner.invoke(cli, ["curate", "hide", CALL.id, "--database-url", sqlite_url])
    listed = runner.invoke(cli, ["curate", "list", "--database-url", sqlite_url]).output
    assert "marked by cli:" in listed and f"recommended to group:m by {STAFF}" in listed
