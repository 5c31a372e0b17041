"""The Russian sources (russia-quota, study-in-russia) crawled with their real entries.

No response of either site was available: the pages are ours, written in those sites' layout
with invented content (tests/crawlers/real/pages/russia-quota, .../study-in-russia), and the
entries stay untested against a live copy (docs/sources-real.md).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from domain import Kind, Level

pytestmark = pytest.mark.slow
PAGES = Path(__file__).with_name("pages")


def _page(real, folder: str, name: str):  # type: ignore[no-untyped-def]
    body = (PAGES / folder / name).read_bytes()
    return lambda request: real.Answer(body, "text/html; charset=utf-8")


def _paged(real, folder: str, first: str, second: str, key: str):  # type: ignore[no-untyped-def]
    pages = {
        None: (PAGES / folder / first).read_bytes(),
        "2": (PAGES / folder / second).read_bytes(),
    }
    return lambda request: real.Answer(
        pages[(request.query.get(key) or [None])[0]], "text/html; charset=utf-8"
    )


def test_russian_government_quota_portal(real, crawl) -> None:
    routes = {
        "/news/": _paged(real, "russia-quota", "news.html", "news-page2.html", "PAGEN_1"),
        **{f"/news/{n}/": _page(real, "russia-quota", f"{n}.html")
           for n in ("kvota-2027-2028", "kvota-aspirantura-2027", "podgotovitelnoe-2027")},
    }  # fmt: skip
    with real.serve_routes(routes) as site:
        run = crawl(real.local_copy("russia-quota", site.base + "/news/"), "2026-11-27")
    assert run.result["status"] == "ok", run.result["errors"]
    calls = {r.title: r for r in run.opportunities().values()}
    assert len(calls) == 3  # both list pages followed
    quota = calls[
        "Открыт отбор на обучение в России по квоте Правительства на 2027/2028 учебный год"
    ]
    assert quota.deadline == date(2027, 1, 15)
    assert quota.published == datetime(2026, 11, 10)
    assert quota.funder == "Government of the Russian Federation"
    assert quota.host_country == "RU" and quota.language == "ru"
    assert quota.kind is Kind.SCHOLARSHIP
    assert {Level.BACHELOR, Level.MASTER} <= set(quota.levels)
    assert (quota.amount, quota.currency, quota.details["amount_period"]) == (
        3000.0,
        "RUB",
        "month",
    )
    phd = calls["Квота Правительства РФ: приём в аспирантуру 2027"]
    assert phd.deadline == date(2027, 2, 1) and phd.levels == [Level.PHD]


def test_study_in_russia_catalogue(real, crawl) -> None:
    base = "/en/study-in-russia/programs/"
    routes = {
        base: _paged(real, "study-in-russia", "programs.html", "programs-page2.html", "page"),
        **{f"{base}{n}/": _page(real, "study-in-russia", f"{n}.html")
           for n in ("power-engineering-master", "chemical-technology-phd",
                     "mechanical-engineering-bachelor")},
    }  # fmt: skip
    with real.serve_routes(routes) as site:
        run = crawl(real.local_copy("study-in-russia", site.base + base), "2026-11-27")
    assert run.result["status"] == "ok", run.result["errors"]
    programmes = {r.title: r for r in run.opportunities().values()}
    assert len(programmes) == 3
    master = programmes["Master's in Power Engineering and Smart Grids"]
    assert master.host_institution == "Kazan State Power Engineering University"
    assert master.host_country == "RU"
    assert master.levels == [Level.MASTER]
    assert master.deadline == date(2027, 1, 15)
    assert (master.amount, master.currency, master.details["amount_period"]) == (
        3000.0,
        "RUB",
        "month",
    )
    assert programmes["PhD in Chemical Technology"].levels == [Level.PHD]
    assert programmes["Bachelor's in Mechanical Engineering"].levels == [Level.BACHELOR]
