"""The person's subscribe page: settings by token, in their language, CSRF, clear errors,
feed links, a new token that ends the old one; changes reach their matches at once."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from domain import Kind, Level, OpportunityRecord, Profile, Role, Status
from radar.config import load_settings
from radar.jobs.match import run_match
from radar.web import create_app
from storage import repository as repo
from storage.engine import make_engine

BASE = "https://radar.example.uz"


def _call(i: int, title: str, kind: Kind) -> OpportunityRecord:
    return OpportunityRecord(
        f"demo/call-{i}", "demo", f"https://calls.example.org/{i}", title, summary=f"{title}.",
        kind=kind, levels=[Level.FACULTY], deadline=date(2027, 3, 1), status=Status.OPEN,
        details={"any_nationality": True},
    )  # fmt: skip


@pytest.fixture
def site(sqlite_url):
    engine = make_engine(sqlite_url)
    calls = [_call(1, "Solar photovoltaics research grant", Kind.GRANT),
             _call(2, "Solar cells fellowship", Kind.FELLOWSHIP)]  # fmt: skip
    repo.upsert_opportunities(engine, calls, datetime(2026, 11, 27, 1))
    repo.upsert_profiles(engine, [
        Profile("rustam", "Рустам", Role.FACULTY, language="ru", level=Level.FACULTY,
                citizenship="UZ", interests="solar photovoltaics cells", details={"digest": "weekly"}),
    ])  # fmt: skip
    run_match(engine, date(2026, 11, 27), full=True)
    app = create_app(load_settings(database_url=sqlite_url, timezone="UTC", base_url=BASE))
    yield app, engine, repo.issue_token(engine, "rustam")
    engine.dispose()


def _csrf(client, url: str) -> str:  # type: ignore[no-untyped-def]
    page = client.get(url)
    assert page.status_code == 200, page.data
    return re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()


def _form(csrf: str, **changes) -> dict:  # type: ignore[no-untyped-def]
    data = {"csrf_token": csrf, "kinds": ["grant", "fellowship"], "fields": "energy",
            "countries": "", "frequency": "weekly", "language": "ru", "reminder_days": "14, 3"}  # fmt: skip
    data.update(changes)
    return data


def _person(engine) -> Profile:  # type: ignore[no-untyped-def]
    return repo.load_profiles(engine, ids=["rustam"])[0]


def test_the_page_shows_the_settings_and_private_links_in_the_persons_language(site):
    app, _engine, token = site
    client = app.test_client()
    page = client.get(f"/p/{token}/subscribe", headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "private, no-store"
    assert '<html lang="ru">' in text and "Ваша подписка" in text
    assert '<option value="weekly" selected>еженедельно</option>' in text
    for name in ("feed.atom", "calendar.ics", "feeds.opml"):
        assert f'value="{BASE}/p/{token}/{name}"' in text
        assert client.get(f"/p/{token}/{name}").status_code == 200
    assert f'href="/p/{token}/subscribe"' in client.get(f"/p/{token}/").get_data(as_text=True)


def test_changes_are_stored_and_reach_the_matches_at_once(site):
    app, engine, token = site
    client = app.test_client()
    before = {m.opportunity_id for m in repo.load_matches(engine, "rustam")}
    assert before == {"demo/call-1", "demo/call-2"}
    form = _form(_csrf(client, f"/p/{token}/subscribe"), kinds=["fellowship"], frequency="daily",
                 language="uz", countries="Germany, fr", fields="energy; physics",
                 reminder_days="7, 30, 7")  # fmt: skip
    saved = client.post(f"/p/{token}/subscribe", data=form, follow_redirects=True)
    text = saved.get_data(as_text=True)
    assert saved.status_code == 200 and '<html lang="uz">' in text and "Saqlandi." in text
    person = _person(engine)
    assert person.language == "uz" and person.fields == ["energy", "physics"]
    assert person.details["digest"] == "daily"
    assert person.details["preferred_countries"] == ["DE", "FR"]
    assert person.details["reminder_days"] == [30, 7]
    assert set(person.details["excluded_kinds"]) == {k.value for k in Kind} - {"fellowship"}
    # the grant is no longer wanted: gone from the stored matches without a full run
    assert {m.opportunity_id for m in repo.load_matches(engine, "rustam")} == {"demo/call-2"}
    assert run_match(engine, date(2026, 11, 27)).rescored_profiles == []  # nothing left to do


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"countries": "Atlantis"}, "Неизвестная страна Atlantis"),
     ({"reminder_days": "3, soon"}, "soon — не число дней от 0 до 365."),
     ({"reminder_days": "400"}, "400 — не число дней от 0 до 365."),
     ({"frequency": "hourly"}, "Выберите: ежедневно, еженедельно или выключено."),
     ({"language": "de"}, "Выберите язык из списка."),
     ({"kinds": ["grant", "<script>"]}, "Неизвестный тип: &lt;script&gt;."),
     ({"fields": ",".join(["f"] * 31)}, "Не больше 30 значений.")],
)  # fmt: skip
def test_bad_values_are_shown_in_the_persons_language_and_nothing_is_stored(site, changes, message):
    app, engine, token = site
    client = app.test_client()
    before = _person(engine)
    form = _form(_csrf(client, f"/p/{token}/subscribe"), **{"frequency": "daily", **changes})
    refused = client.post(f"/p/{token}/subscribe", data=form)
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert message in text and "Ничего не сохранено" in text
    assert _person(engine).details == before.details


def test_a_form_without_its_csrf_token_is_refused(site):
    app, engine, token = site
    client = app.test_client()
    client.get(f"/p/{token}/subscribe")
    form = _form("forged", frequency="off")
    assert client.post(f"/p/{token}/subscribe", data=form).status_code == 400
    assert client.post(f"/p/{token}/subscribe", data={"action": "regenerate"}).status_code == 400
    assert _person(engine).details["digest"] == "weekly"
    assert client.get(f"/p/{token}/subscribe").status_code == 200  # the token still works


def test_a_new_token_ends_every_old_url_at_once(site):
    app, _engine, token = site
    client = app.test_client()
    csrf = _csrf(client, f"/p/{token}/subscribe")
    moved = client.post(f"/p/{token}/subscribe", data={"csrf_token": csrf, "action": "regenerate"})
    assert moved.status_code == 302
    fresh = re.fullmatch(r"/p/([^/]+)/subscribe", moved.headers["Location"]).group(1)
    assert fresh != token
    page = client.get(f"/p/{fresh}/subscribe").get_data(as_text=True)
    assert f'value="{BASE}/p/{fresh}/feed.atom"' in page and "Ваша личная ссылка изменилась" in page
    for name in ("subscribe", "", "feed.atom", "calendar.ics", "feeds.opml"):
        assert client.get(f"/p/{token}/{name}").status_code == 404
        assert client.get(f"/p/{fresh}/{name}").status_code == 200
