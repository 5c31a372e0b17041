"""A curation in the web app reaches people's pages at once (the app reruns the match)."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from domain import Kind, Level, OpportunityRecord, Profile, Role, Status
from radar.config import load_settings
from radar.jobs.accounts import add_account
from radar.jobs.match import run_match
from radar.web import create_app
from storage import repository as repo
from storage.engine import make_engine

STAFF, PASSWORD = "staff@uni.example.uz", "correct horse 1"


def _call(i: int, title: str) -> OpportunityRecord:
    return OpportunityRecord(
        f"demo/call-{i}", "demo", f"https://calls.example.org/{i}", title,
        summary=f"{title}.", kind=Kind.GRANT, levels=[Level.FACULTY],
        deadline=date(2027, 3, 1), status=Status.OPEN, details={"any_nationality": True},
    )  # fmt: skip


@pytest.fixture
def site(sqlite_url):
    engine = make_engine(sqlite_url)
    calls = [_call(1, "Solar photovoltaics research grant"), _call(2, "Solar cells fellowship")]
    repo.upsert_opportunities(engine, calls, datetime(2026, 11, 27, 1))
    repo.upsert_profiles(engine, [
        Profile("rustam", "Рустам", Role.FACULTY, level=Level.FACULTY, citizenship="UZ",
                interests="solar photovoltaics cells", details={"groups": ["energy"]}),
    ])  # fmt: skip
    run_match(engine, date(2026, 11, 27), full=True)
    add_account(engine, STAFF, PASSWORD, "staff")
    app = create_app(load_settings(database_url=sqlite_url, timezone="UTC"))
    yield app, engine, repo.issue_token(engine, "rustam")
    engine.dispose()


def _csrf(client, url: str) -> str:  # type: ignore[no-untyped-def]
    return re.search(rb'name="csrf_token" value="([^"]+)"', client.get(url).data).group(1).decode()


def _staff(app):  # type: ignore[no-untyped-def]
    client = app.test_client()
    data = {"csrf_token": _csrf(client, "/login"), "email": STAFF, "password": PASSWORD}
    assert client.post("/login", data=data).status_code == 302
    return client


def test_hide_and_recommend_show_on_the_person_page_at_once(site):
    app, _engine, token = site
    person = app.test_client()
    page = person.get(f"/p/{token}/").get_data(as_text=True)
    assert "Solar photovoltaics" in page and "Solar cells" in page
    assert "recommended" not in page
    staff = _staff(app)
    csrf = _csrf(staff, "/staff")
    hid = staff.post("/staff", data={"csrf_token": csrf, "opportunity_id": "demo/call-1",
                                     "action": "hide"}, follow_redirects=True)  # fmt: skip
    assert "matches updated" in hid.get_data(as_text=True)
    staff.post("/staff", data={"csrf_token": csrf, "opportunity_id": "demo/call-2",
                               "action": "recommend", "target": "group:energy"})  # fmt: skip
    page = person.get(f"/p/{token}/").get_data(as_text=True)
    assert "Solar photovoltaics" not in page  # hidden from everyone
    assert "recommended" in page  # the group's member sees it boosted, without a match run
    assert "Solar photovoltaics" not in app.test_client().get("/").get_data(as_text=True)


def test_not_relevant_removes_the_call_from_the_page_at_once(site):
    app, engine, token = site
    person = app.test_client()
    csrf = _csrf(person, f"/p/{token}/")
    done = person.post(f"/p/{token}/not-relevant", data={"csrf_token": csrf, "o": "demo/call-2"},
                       follow_redirects=True)  # fmt: skip
    assert "Solar cells" not in done.get_data(as_text=True)
    assert "demo/call-2" not in [m.opportunity_id for m in repo.load_matches(engine, "rustam")]


def test_staff_forms_refuse_bad_input_with_a_message(site):
    app, engine, _token = site
    staff = _staff(app)
    csrf = _csrf(staff, "/staff")
    for data, message in [
        ({"opportunity_id": "ghost", "action": "hide"}, "No opportunity"),
        ({"opportunity_id": "demo/call-1", "action": "explode"}, "Unknown action"),
        ({"opportunity_id": "demo/call-1", "action": "note", "note": "x" * 2001}, "longer than"),
        (
            {"opportunity_id": "demo/call-1", "action": "recommend", "target": "group:nobody"},
            "to whom",
        ),
    ]:
        page = staff.post("/staff", data={"csrf_token": csrf, **data}, follow_redirects=True)
        assert page.status_code == 200 and message in page.get_data(as_text=True)
    assert repo.list_curation(engine) == []
