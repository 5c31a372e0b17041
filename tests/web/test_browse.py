"""The staff opportunity browser: full-text search, filters, sort, pages, the opportunity page."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest

from domain import Kind, Level, OpportunityRecord, Status
from radar.config import load_settings
from radar.jobs.accounts import add_account
from radar.web import create_app
from storage import repository as repo
from storage.engine import make_engine

STAFF, PASSWORD = "staff@uni.example.uz", "correct horse 1"


def _call(i: int, title: str, **kw) -> OpportunityRecord:  # type: ignore[no-untyped-def]
    base = dict(id=f"src/call-{i}", source="src", url=f"https://e.org/{i}", title=title,
                summary=f"{title}.", kind=Kind.GRANT, levels=[Level.FACULTY],
                deadline=date(2027, 3, 1), status=Status.OPEN)  # fmt: skip
    base.update(kw)
    return OpportunityRecord(**base)


CALLS = [
    _call(1, "Solar photovoltaics research grant", host_country="DE", deadline=date(2026, 12, 5)),
    _call(
        2,
        "Стипендия для магистрантов по солнечной энергетике",
        kind=Kind.SCHOLARSHIP,
        levels=[Level.MASTER],
        host_country="RU",
    ),
    _call(3, "Medieval history archive fellowship", kind=Kind.FELLOWSHIP, source="other"),
    _call(4, "Closed solar call", status=Status.CLOSED),
    *[_call(10 + i, f"Generic exchange {i}", kind=Kind.EXCHANGE) for i in range(30)],
]


@pytest.fixture
def client(db_url):
    engine = make_engine(db_url)
    repo.upsert_opportunities(engine, CALLS, datetime(2026, 11, 27))
    add_account(engine, STAFF, PASSWORD, "staff")
    app = create_app(load_settings(database_url=db_url))
    client = app.test_client()
    page = client.get("/login")
    csrf = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    client.post("/login", data={"csrf_token": csrf, "email": STAFF, "password": PASSWORD})
    yield client, engine
    app.config["RADAR_ENGINE"].dispose()
    engine.dispose()


def _titles(client, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    page = client.get("/opportunities?" + query)
    assert page.status_code == 200, page.data
    return re.findall(r'<a href="/opportunities/src[^"]*">([^<]+)</a>', page.get_data(as_text=True))


def test_full_text_search_finds_words_and_prefixes_in_any_script(client):
    c, _engine = client
    assert _titles(c, "q=photovoltaic") == ["Solar photovoltaics research grant"]
    assert _titles(c, "q=солнечной") == ["Стипендия для магистрантов по солнечной энергетике"]
    assert _titles(c, "q=solar&status=any") == [
        "Solar photovoltaics research grant",
        "Closed solar call",
    ]
    assert _titles(c, 'q=" OR * NEAR(" AND') == []  # FTS syntax from users is only words


def test_filters_combine(client):
    c, _engine = client
    assert _titles(c, "kind=scholarship") == ["Стипендия для магистрантов по солнечной энергетике"]
    assert _titles(c, "level=master") == ["Стипендия для магистрантов по солнечной энергетике"]
    assert _titles(c, "country=de") == ["Solar photovoltaics research grant"]
    assert _titles(c, "within=30") == ["Solar photovoltaics research grant"]
    assert _titles(c, "status=closed") == ["Closed solar call"]
    page = c.get("/opportunities?source=other").get_data(as_text=True)
    assert "Medieval history" in page and "Solar" not in page


def test_pages_of_25_sorted_by_deadline_or_relevance(client):
    c, _engine = client
    first = c.get("/opportunities").get_data(as_text=True)
    assert "33 found, page 1 of 2" in first
    assert first.index("Solar photovoltaics") < first.index("Generic exchange")  # due first
    second = c.get("/opportunities?page=2").get_data(as_text=True)
    assert second.count('class="opportunity"') == 8
    ranked = _titles(c, "q=solar+grant&sort=relevance&status=any")
    assert ranked[0] == "Solar photovoltaics research grant"


@pytest.mark.parametrize("query", ["kind=bogus", "page=0", "page=x", "within=12", "country=Germany",
                                   "sort=random", "status=%00", "page=99999999"])  # fmt: skip
def test_bad_filters_are_a_clear_400(client, query):
    c, _engine = client
    page = c.get("/opportunities?" + query)
    assert page.status_code == 400 and "Bad filter" in page.get_data(as_text=True)


def test_the_opportunity_page_and_its_actions(client):
    c, engine = client
    page = c.get("/opportunities/src/call-1")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "First seen" in text and "Nov 27, 2026" in text
    assert c.get("/opportunities/src/nothing").status_code == 404
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', text).group(1)
    c.post("/opportunities/src/call-1", data={"csrf_token": csrf, "action": "feature"})
    c.post(
        "/opportunities/src/call-3",
        data={"csrf_token": csrf, "action": "hide", "note": "a duplicate"},
    )
    flags = {r["opportunity_id"]: r for r in repo.list_curation(engine)}
    assert flags["src/call-1"]["featured"] and flags["src/call-1"]["updated_by"] == STAFF
    assert flags["src/call-3"]["hidden"] and flags["src/call-3"]["note"] == "a duplicate"
    assert _titles(c, "curated=featured") == ["Solar photovoltaics research grant"]
    hidden = c.get("/opportunities?curated=hidden").get_data(as_text=True)
    assert "Medieval history" in hidden and "hidden</span>" in hidden
    assert "Medieval history" not in c.get("/opportunities?curated=visible").get_data(as_text=True)


def test_the_browser_needs_a_login(db_url):
    app = create_app(load_settings(database_url=db_url))
    page = app.test_client().get("/opportunities")
    app.config["RADAR_ENGINE"].dispose()
    assert page.status_code == 302 and "/login" in page.headers["Location"]


def test_the_page_lists_other_sites_and_why_they_were_merged(client):
    c, engine = client
    copy = _call(99, "Solar photovoltaics research grant (copy)", source="mirror",
                 url="https://mirror.example/1")  # fmt: skip
    repo.upsert_opportunities(engine, [copy], datetime(2026, 11, 27))
    merges = {"src/call-1": [{"ids": ["src/call-1", "src/call-99"], "rule": "same-title",
                              "score": 0.93, "by": "auto"}]}  # fmt: skip
    mapping = {"src/call-99": "src/call-1", "src/call-1": "src/call-1"}
    repo.set_canonical(engine, mapping, merges=merges)
    page = c.get("/opportunities/src/call-1").get_data(as_text=True)
    assert "https://mirror.example/1" in page and "mirror" in page
    assert "rule same-title (score 0.93), by auto" in page
    assert "(copy)" not in c.get("/opportunities?q=solar").get_data(as_text=True)  # one row
