"""Private by default: token links, CSRF that fails closed, strict headers, 4xx not 500."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from lxml import etree

from domain import Eligibility, Kind, Match, OpportunityRecord, Profile, Role, Status
from radar.config import load_settings
from radar.jobs.accounts import add_account
from radar.jobs.publish import publish_feeds
from radar.web import create_app
from storage import repository as repo
from storage.engine import make_engine

CALL = OpportunityRecord(
    "demo/call-1", "demo", "https://calls.example.org/1", "Solar grant",
    kind=Kind.GRANT, deadline=date(2027, 3, 1), status=Status.OPEN,
)  # fmt: skip
SECRET_REASON = "IELTS 7.5 meets the 6.5 required"


@pytest.fixture
def site(sqlite_url, tmp_path):
    engine = make_engine(sqlite_url)
    repo.upsert_opportunities(engine, [CALL], datetime(2026, 11, 27))
    repo.upsert_profiles(engine, [
        Profile("stu-timur", "Тимур Назаров", Role.STUDENT, email="t@example.uz", language="ru",
                details={"digest": "weekly"}),
    ])  # fmt: skip
    repo.replace_matches(
        engine, [Match("stu-timur", CALL.id, 1.0, 1, Eligibility.ELIGIBLE, [SECRET_REASON])],
        ["stu-timur"], datetime(2026, 11, 27),
    )  # fmt: skip
    feeds = tmp_path / "feeds"
    publish_feeds(engine, feeds, date(2026, 11, 27), "https://radar.example.uz")
    # What an older version published: a personal feed under a guessable name.
    (feeds / "profile").mkdir()
    (feeds / "profile" / "stu-timur.atom").write_text(f"<feed>{SECRET_REASON}</feed>")
    settings = load_settings(database_url=sqlite_url, base_url="https://radar.example.uz")
    add_account(engine, "staff@uni.example.uz", "пароль-staff", "staff")
    app = create_app(settings, feeds)
    token = repo.issue_token(engine, "stu-timur")
    yield app, engine, token, feeds
    engine.dispose()


def _csrf(client, url: str) -> str:  # type: ignore[no-untyped-def]
    page = client.get(url)
    assert page.status_code == 200, page.data
    return re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()


def _digest(engine) -> str:  # type: ignore[no-untyped-def]
    return repo.load_profiles(engine, ids=["stu-timur"])[0].details["digest"]


@pytest.mark.parametrize(
    "path",
    ["/people/stu-timur", "/unsubscribe/stu-timur", "/feeds/profile/stu-timur.atom",
     "/p/stu-timur/", "/p/" + "A" * 43 + "/", "/p/пароль/", "/p/%FF%FE/", "/p/x%00y/feed.atom",
     "/p/" + "A" * 43 + "/feed.atom", "/p/" + "A" * 43 + "/unsubscribe"],
)  # fmt: skip
def test_guessing_ids_and_tokens_finds_nothing(site, path):
    app, _engine, _token, _feeds = site
    with app.test_client().get(path) as response:
        assert response.status_code == 404
        assert SECRET_REASON.encode() not in response.data


@pytest.mark.parametrize(
    "path",
    ["/unsubscribe/stu-timur", "/people/stu-timur/not-relevant", "/p/stu-timur/unsubscribe",
     "/p/stu-timur/not-relevant", "/p/пароль/unsubscribe", "/p/%FF/not-relevant"],
)  # fmt: skip
def test_cookie_less_posts_by_id_or_bad_token_change_nothing(site, path):
    # Measured: `curl -X POST /unsubscribe/stu-timur` turned his digest off, and a cookie-less
    # POST to /people/<id>/not-relevant muted a call for him.
    app, engine, _token, _feeds = site
    data = {"List-Unsubscribe": "One-Click", "o": CALL.id}
    response = app.test_client().post(path, data=data)
    assert 400 <= response.status_code < 500  # 404 unknown link, 400 no CSRF token
    assert _digest(engine) == "weekly"
    assert repo.load_curation(engine, [])["muted"] == {}


def test_the_token_opens_the_page_feeds_and_opml(site):
    app, _engine, token, _feeds = site
    client = app.test_client()
    page = client.get(f"/p/{token}/")
    assert page.status_code == 200
    assert SECRET_REASON in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "private, no-store"
    atom = client.get(f"/p/{token}/feed.atom")
    assert atom.status_code == 200 and atom.mimetype == "application/atom+xml"
    root = etree.fromstring(atom.data)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    selfs = root.findall("{http://www.w3.org/2005/Atom}link[@rel='self']")
    assert [s.get("href") for s in selfs] == [f"https://radar.example.uz/p/{token}/feed.atom"]
    assert client.get(f"/p/{token}/calendar.ics").data.startswith(b"BEGIN:VCALENDAR")
    again = client.get(f"/p/{token}/feed.atom", headers={"If-None-Match": atom.headers["ETag"]})
    assert again.status_code == 304
    opml = client.get(f"/p/{token}/feeds.opml").get_data(as_text=True)
    assert f"/p/{token}/feed.atom" in opml


def test_public_feeds_and_opml_carry_nothing_personal(site):
    app, _engine, _token, feeds = site
    client = app.test_client()
    for name in ("index.opml", "all.atom", "all.rss", "all.ics", "kind/grant.atom"):
        with client.get(f"/feeds/{name}") as response:
            body = response.get_data(as_text=True)
        assert "Solar grant" in body or name == "index.opml"
        for secret in ("stu-timur", "Тимур", SECRET_REASON, "/p/"):
            assert secret not in body, (name, secret)
    published = {p.relative_to(feeds).parts[0] for p in feeds.rglob("*.*")}
    assert published == {"all.rss", "all.atom", "all.ics", "kind", "level", "picks.rss",
                         "picks.atom", "picks.ics", "index.opml", "profile",
                         ".publish-cache.sqlite"}  # fmt: skip
    # The incremental-publish cache holds public entries only, and is not served.
    cache = (feeds / ".publish-cache.sqlite").read_bytes()
    assert b"Solar grant" in cache
    for secret in ("stu-timur", "Тимур", SECRET_REASON):
        assert secret.encode() not in cache
    assert client.get("/feeds/.publish-cache.sqlite").status_code == 404


def test_forms_without_a_real_csrf_token_are_refused(site):
    app, engine, token, _feeds = site
    for data in ({}, {"csrf_token": ""}, {"csrf_token": "forged"}, {"csrf_token": "пароль"}):
        client = app.test_client()  # no session at all: an empty token must not match it
        for url in (f"/p/{token}/not-relevant", f"/p/{token}/unsubscribe", f"/p/{token}/rotate"):
            response = client.post(url, data={**data, "o": CALL.id})
            assert response.status_code == 400, (url, data)
    assert repo.load_curation(engine, [])["muted"] == {}
    assert _digest(engine) == "weekly"
    assert client.get(f"/p/{token}/").status_code == 200  # not rotated


def test_mute_with_the_form(site):
    app, engine, token, _feeds = site
    client = app.test_client()
    confirm = client.get(f"/p/{token}/not-relevant?o={CALL.id}")
    assert confirm.status_code == 200 and b"Solar grant" in confirm.data
    csrf = _csrf(client, f"/p/{token}/")
    assert (
        client.post(f"/p/{token}/not-relevant", data={"csrf_token": csrf, "o": "ghost"}).status_code
        == 404
    )
    done = client.post(f"/p/{token}/not-relevant", data={"csrf_token": csrf, "o": CALL.id})
    assert done.status_code == 302
    assert repo.load_curation(engine, [])["muted"] == {"stu-timur": {CALL.id}}


def test_one_click_unsubscribe_needs_only_the_token(site):
    app, engine, token, _feeds = site
    client = app.test_client()
    refused = client.post(f"/p/{token}/unsubscribe", data={"List-Unsubscribe": "yes"})
    assert refused.status_code == 400 and _digest(engine) == "weekly"
    wrong = client.post("/p/" + "B" * 43 + "/unsubscribe", data={"List-Unsubscribe": "One-Click"})
    assert wrong.status_code == 404 and _digest(engine) == "weekly"
    done = client.post(
        f"/p/{token}/unsubscribe", data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip
    assert done.status_code == 200 and _digest(engine) == "off"


def test_a_new_link_revokes_the_old_one(site):
    app, engine, token, _feeds = site
    client = app.test_client()
    csrf = _csrf(client, f"/p/{token}/")
    moved = client.post(f"/p/{token}/rotate", data={"csrf_token": csrf})
    assert moved.status_code == 302
    fresh = moved.headers["Location"].split("/p/")[1].strip("/")
    assert fresh != token and len(fresh) == 43
    assert client.get(f"/p/{token}/").status_code == 404
    assert client.get(f"/p/{token}/feed.atom").status_code == 404
    assert client.get(f"/p/{fresh}/").status_code == 200
    assert repo.issue_token(engine, "stu-timur", revoke_others=True) != fresh
    assert client.get(f"/p/{fresh}/").status_code == 404  # staff rotated it too


def test_tokens_are_stored_hashed(site):
    _app, engine, token, _feeds = site
    from sqlalchemy import text

    with engine.connect() as conn:
        stored = [r[0] for r in conn.execute(text("SELECT token_hash FROM access_tokens"))]
    assert token not in stored and len(stored) == 1 and len(stored[0]) == 64


def test_headers_cookies_and_non_ascii_staff_passwords(site):
    app, _engine, _token, _feeds = site
    client = app.test_client()
    page = client.get("/login")
    assert page.status_code == 200
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert "script-src" not in page.headers["Content-Security-Policy"]  # default-src 'none'
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Referrer-Policy"] == "same-origin"
    cookie = page.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
    csrf = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    login = {"csrf_token": csrf, "email": "staff@uni.example.uz"}
    wrong = client.post("/login", data={**login, "password": "токен"})
    assert wrong.status_code == 401 and "Wrong address or password" in wrong.get_data(as_text=True)
    right = client.post("/login", data={**login, "password": "пароль-staff"})
    assert right.status_code == 302
    csrf = _csrf(client, "/staff")
    bad = client.post("/staff", data={"csrf_token": csrf, "opportunity_id": "ghost\u202e"})
    assert bad.status_code == 302  # a flash message, never a 500


def test_forms_work_over_https_as_a_browser_sends_them(site):
    app, engine, token, _feeds = site
    client = app.test_client()
    page = f"https://radar.example.uz/p/{token}/"
    csrf = _csrf(client, page)
    # Over HTTPS Flask-WTF also wants a same-site Referer, which same-origin policy sends.
    done = client.post(page + "not-relevant", data={"csrf_token": csrf, "o": CALL.id},
                       headers={"Referer": page})  # fmt: skip
    assert done.status_code == 302
    assert repo.load_curation(engine, [])["muted"] == {"stu-timur": {CALL.id}}
    evil = client.post(page + "rotate", data={"csrf_token": csrf},
                       headers={"Referer": "https://evil.example/"})  # fmt: skip
    assert evil.status_code == 400
