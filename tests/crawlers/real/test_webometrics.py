"""The `webometrics` spider: the saved CSV of a scraped table, and HTML pages in the real layout.

No saved copy of a real Webometrics HTML page exists, so the HTML path is tested on pages we
wrote in its layout (tests/crawlers/real/pages/webometrics, invented universities).
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PAGES = Path(__file__).with_name("pages") / "webometrics"


def only_rank(institution) -> tuple[str, str, int, int | None]:
    (rank,) = institution.ranks
    return rank.system, rank.rank, rank.year, rank.rank_lower


@pytest.mark.shared
def test_saved_csv_of_the_africa_table(real, crawl) -> None:
    saved = real.saved("webometrics", "Webometric_Ranking_of_African_Universities.csv")
    path = "/en/Africa.csv"
    with real.serve_routes({path: real.file_route(saved, "text/csv; charset=utf-8")}) as site:
        run = crawl(
            real.local_copy("webometrics-world", site.base + path, options={"year": 2023})
        )
    assert run.result["status"] == "ok", run.result["errors"]
    assert run.result["scraped"] == 412
    institutions = run.institutions()
    # The world rank is the comparable one (the CSV's first column is the continental rank).
    cape_town = institutions["University of Cape Town"]
    assert only_rank(cape_town) == ("webometrics", "237", 2023, 237)
    assert cape_town.country is None  # the scraped Country column is empty
    assert only_rank(institutions["Cairo University"]) == ("webometrics", "521", 2023, 521)
    # Webometrics' "(3)" footnote marker is not part of the name.
    tunis = institutions["Université de Carthage Ecole Polytechnique de Tunisie"]
    assert only_rank(tunis) == ("webometrics", "5452", 2023, 5452)
    assert not any(name.startswith("(") for name in institutions)


def pages_route(real):
    """Our country pages: ``?page=N`` answers page N, as on the real site."""

    def answer(request):
        page = request.query.get("page", ["0"])[0]
        body = (PAGES / f"uzbekistan-page{page}.html").read_bytes()
        return real.Answer(body, "text/html; charset=utf-8")

    return answer


def test_html_table_pages_followed_to_the_last(real, crawl) -> None:
    with real.serve_routes({"/en/Asia/Uzbekistan": pages_route(real)}) as site:
        run = crawl(real.local_copy("webometrics-uzbekistan", site.base + "/en/Asia/Uzbekistan"))
        pages = [r.query.get("page", ["0"])[0] for r in site.received("/en/Asia/Uzbekistan")]
    assert pages == ["0", "1"]
    assert run.result["status"] == "ok", run.result["errors"]
    institutions = run.institutions()
    assert sorted(institutions) == [
        "Khiva University of Applied Sciences",
        "Nukus State Pedagogical Institute",
        "Samarkand Institute of Technology",
        "Termez Agrarian Institute Faculty of Irrigation",
    ]
    samarkand = institutions["Samarkand Institute of Technology"]
    assert only_rank(samarkand) == ("webometrics", "2345", 2025, 2345)  # world rank, not "1"
    assert samarkand.country == "UZ"  # from the flag image's file name
    assert samarkand.url == "https://www.samtech.example.uz/"
    nukus = institutions["Nukus State Pedagogical Institute"]
    assert (nukus.country, only_rank(nukus)[1]) == ("UZ", "6480")  # from the flag's title


def test_html_table_stops_at_max_pages(real, crawl) -> None:
    with real.serve_routes({"/en/Asia/Uzbekistan": pages_route(real)}) as site:
        run = crawl(
            real.local_copy(
                "webometrics-uzbekistan", site.base + "/en/Asia/Uzbekistan", max_pages=1
            )
        )
        assert len(site.received("/en/Asia/Uzbekistan")) == 1
    assert len(run.institutions()) == 3


def test_page_without_a_ranking_table_is_reported(real, crawl) -> None:
    page = b"<html><body><h1>Maintenance</h1><table><tr><td>x</td></tr></table></body></html>"
    route = {"/en/world": lambda request: real.Answer(page, "text/html; charset=utf-8")}
    with real.serve_routes(route) as site:
        run = crawl(real.local_copy("webometrics-world", site.base + "/en/world"))
    assert run.result["status"] == "failed"
    assert any("no ranking table" in error for error in run.result["errors"])
