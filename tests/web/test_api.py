"""The read-only JSON API: the browser's filters, pages and totals, institutions, a person's
matches by token, JSON errors (400 naming the parameter, 404), and the site's protections."""

from __future__ import annotations

import pytest
from api_seed import VISIBLE_TOTAL

from feeds.reasons import render_all
from radar.jobs.accounts import add_account
from storage import repository as repo


def _get(site, url: str, status: int = 200) -> dict:  # type: ignore[no-untyped-def]
    response = site.app.test_client().get(url)
    assert response.status_code == status, response.data
    assert response.mimetype == "application/json"
    return response.get_json()


def _ids(site, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [o["id"] for o in _get(site, "/api/v1/opportunities?" + query)["items"]]


def test_filters_are_the_browsers(api_site):
    assert _ids(api_site, "q=photovoltaic") == ["src/solar"]
    assert _ids(api_site, "q=солнечной") == ["src/stipend"]
    assert _ids(api_site, "kind=scholarship") == ["src/stipend"]
    assert _ids(api_site, "level=master") == ["src/stipend"]
    assert _ids(api_site, "country=de") == ["src/solar"]
    assert _ids(api_site, "within=30") == ["src/solar"]
    assert _ids(api_site, "source=other") == ["src/history"]
    assert _ids(api_site, "q=solar&sort=relevance") == ["src/solar"]  # closed, expired, hidden: never


def test_a_hidden_closed_or_expired_call_never_appears(api_site):
    everything = _get(api_site, "/api/v1/opportunities?limit=100")
    ids = {o["id"] for o in everything["items"]}
    assert everything["total"] == VISIBLE_TOTAL == len(ids)
    assert not ids & {"src/hidden", "src/closed", "src/expired"}
    for name in ("hidden", "closed", "expired"):
        _get(api_site, f"/api/v1/opportunities/src/{name}", 404)
    assert _ids(api_site, "q=hidden") == [] and _ids(api_site, "q=expired") == []


def test_one_opportunity_with_its_public_fields(api_site):
    solar = _get(api_site, "/api/v1/opportunities/src/solar")
    assert solar["title"] == "Solar photovoltaics research grant"
    assert (solar["amount"], solar["currency"], solar["deadline"]) == (50000.0, "EUR", "2026-12-05")
    assert solar["first_seen"] == "2026-11-20T08:30:00+00:00" and solar["featured"] is False
    assert _get(api_site, "/api/v1/opportunities/src/featured")["featured"] is True
    _get(api_site, "/api/v1/opportunities/src/nothing-here", 404)


def test_pages_by_limit_and_offset_or_page_with_the_total(api_site):
    first = _get(api_site, "/api/v1/opportunities?kind=exchange&limit=10")
    assert (first["total"], first["limit"], first["offset"], len(first["items"])) == (31, 10, 0, 10)
    assert first["items"][0]["id"] == "src/featured"  # due first (2027-03-01)
    third = _ids(api_site, "kind=exchange&limit=10&page=3")
    assert third == _ids(api_site, "kind=exchange&limit=10&offset=20")
    assert third[0] == "src/ex-19" and len(third) == 10
    assert _ids(api_site, "kind=exchange&limit=10&page=4") == ["src/ex-29"]
    assert _ids(api_site, "kind=exchange&offset=500") == []
    assert _ids(api_site, "kind=exchange&limit=10&offset=5&page=2")[0] == "src/ex-14"  # 5 + 10 skipped
    everything = [o for page in (1, 2, 3, 4) for o in _ids(api_site, f"kind=exchange&limit=10&page={page}")]
    assert len(everything) == len(set(everything)) == 31


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("kind=lottery", "kind"), ("level=god", "level"), ("country=DEU", "country"),
        ("within=12", "within"), ("sort=random", "sort"), ("limit=0", "limit"),
        ("limit=101", "limit"), ("offset=-1", "offset"), ("page=0", "page"), ("page=x", "page"),
        ("kind=", "kind"), ("country=%20de", "country"), ("country=%C3%84%C3%96", "country"),
        ("within=", "within"), ("source=%00", "source"), ("status=closed", "status"),
        ("curated=hidden", "curated"), ("kind=grant&kind=exchange", "kind"),
        ("limit=%EF%BC%91", "limit"),  # a full-width digit is not a number here
    ],
)  # fmt: skip
def test_a_bad_filter_is_a_400_in_json_naming_it(api_site, query, named):
    body = _get(api_site, "/api/v1/opportunities?" + query, 400)
    assert body["error"]["code"] == 400 and named in body["error"]["message"]


def test_institutions_with_ranks_filtered_by_country_and_max_rank(api_site):
    every = _get(api_site, "/api/v1/institutions")
    assert every["total"] == 4
    tum = next(i for i in every["items"] if i["id"] == "tum")
    assert {(r["system"], r["year"], r["rank"]) for r in tum["ranks"]} == {
        ("qs", 2026, "37"), ("the", 2025, "30")}  # fmt: skip
    ids = lambda q: [i["id"] for i in _get(api_site, "/api/v1/institutions?" + q)["items"]]  # noqa: E731
    assert ids("country=de") == ["kit", "tum"]
    assert ids("max_rank=100") == ["tum"]
    assert ids("max_rank=900") == ["kit", "nuu", "tum"]
    assert ids("country=UZ&max_rank=100") == []
    assert ids("limit=1&page=2") == ["new"]  # by id: kit, new, nuu, tum
    for bad, named in (("max_rank=0", "max_rank"), ("country=1", "country"), ("rank=3", "rank")):
        assert named in _get(api_site, "/api/v1/institutions?" + bad, 400)["error"]["message"]


def test_a_persons_matches_by_token_with_reasons_in_their_language(api_site):
    response = api_site.app.test_client().get(f"/api/v1/p/{api_site.tokens['stu-timur']}/matches")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-store"
    body = response.get_json()
    # expired and hidden calls never appear; the call Timur said is not relevant neither
    assert [m["opportunity"]["id"] for m in body["matches"]] == ["src/solar", "src/stipend"]
    reasons = body["matches"][0]["reasons"]
    assert [(r["code"], r["params"]) for r in reasons] == [
        ("deadline", {"days": 8}),
        ("country.listed", {"rule": "citizens", "country": "UZ",
                            "quote": "Open to citizens of Uzbekistan"}),
    ]  # fmt: skip
    from domain.reasons import reason

    russian = render_all([reason("deadline", days=8)], "ru")[0]
    assert reasons[0]["text"] == russian != render_all([reason("deadline", days=8)], "en")[0]
    assert body["language"] == "ru"
    assert "Aziza" not in response.get_data(as_text=True)  # nothing about anyone else
    assert "fac-aziza" not in response.get_data(as_text=True)


def test_an_unknown_or_revoked_token_is_a_json_404(api_site):
    token = api_site.tokens["fac-aziza"]
    assert _get(api_site, f"/api/v1/p/{token}/matches")["matches"][0]["reasons"][0] == {
        "code": "text", "params": {"text": "Aziza's own reason"}, "text": "Aziza's own reason"}  # fmt: skip
    repo.revoke_tokens(api_site.engine, "fac-aziza")
    for bad in (token, "x", token[:-1] + ("A" if token[-1] != "A" else "B"), "%00"):
        body = _get(api_site, f"/api/v1/p/{bad}/matches", 404)
        assert "Aziza" not in str(body)


def test_errors_are_json_never_html(api_site):
    client = api_site.app.test_client()
    for url in ("/api/v1/nothing", "/api/v2/opportunities", "/api/v1/p/x/feed.atom"):
        response = client.get(url)
        assert (response.status_code, response.mimetype) == (404, "application/json")
    response = client.post("/api/v1/opportunities")
    assert (response.status_code, response.mimetype) == (405, "application/json")
    assert "GET" in response.headers["Allow"]
    assert client.get("/no-such-page").mimetype == "text/html"  # the site's pages stay HTML


def test_the_api_keeps_the_sites_protections(api_site):
    response = api_site.app.test_client().get("/api/v1/opportunities")
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Set-Cookie" not in response.headers  # no session needed, none handed out
    # Logged-in staff get the same public view: the API never shows hidden calls.
    add_account(api_site.engine, "staff@uni.example.uz", "correct horse 1", "staff")
    assert "src/hidden" not in {o["id"] for o in _get(api_site, "/api/v1/opportunities?limit=100")["items"]}


def test_the_openapi_document_names_every_route(api_site):
    document = _get(api_site, "/api/v1/openapi.json")
    assert document["openapi"].startswith("3.")
    routes = {str(r) for r in api_site.app.url_map.iter_rules() if str(r).startswith("/api/v1")}
    documented = {"/api/v1" + p.replace("{opportunity_id}", "<path:opportunity_id>")
                  .replace("{token}", "<token>") for p in document["paths"]}  # fmt: skip
    assert routes == documented
