"""The web app in a real headless browser (Playwright driving Debian's chromium)."""

from __future__ import annotations

import shutil
import threading
import urllib.request

import pytest
from werkzeug.serving import make_server

from storage import repository as repo

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is a test extra: pip install -e '.[test]'"
)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="needs Debian's chromium (apt-get install chromium); .ci/run installs it",
)
# The staff account the ``site`` fixture (tests/web/conftest.py) creates.
EMAIL, PASSWORD = "dilnoza@uni.example.uz", "staff-secret-1"


@pytest.fixture
def page():
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )  # fmt: skip
        yield browser.new_page()
        browser.close()


def test_index_lists_open_calls_and_escapes_hostile_titles(site, page):
    base, _engine = site
    page.goto(base + "/")
    rows = page.locator("tr.opportunity")
    assert rows.count() == 3
    assert "<script>alert(1)</script> Summer school" in page.inner_text("table")
    page.fill("input[name=q]", "inverters")
    page.click("text=Filter")
    assert page.locator("tr.opportunity").count() == 1
    assert "Power electronics" in page.inner_text("table")


def test_person_sees_reasons_and_can_mute(site, page):
    base, engine = site
    token = repo.issue_token(engine, "rustam")
    page.goto(f"{base}/p/{token}/")
    assert page.locator("h1").inner_text() == "For Рустам Алиев"
    first = page.locator("li.match").first
    assert "matches your interests" in first.inner_text()
    muted_title = first.locator("a").first.inner_text()
    first.locator("text=Not relevant").click()
    assert "we will not show you this one again" in page.locator(".flash").inner_text()
    assert muted_title not in page.inner_text("ol")  # at once, no match run needed
    page.goto(f"{base}/p/{token}/")
    assert muted_title not in page.inner_text("ol")


def _log_in(page, password: str) -> None:  # type: ignore[no-untyped-def]
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", password)
    page.click("#login button[type=submit]")


def test_staff_login_and_curate(site, page):
    base, engine = site
    page.goto(base + "/staff")  # not logged in: the login page, then back here
    _log_in(page, "wrong password")
    assert "Wrong address or password" in page.inner_text("body")
    _log_in(page, PASSWORD)
    page.select_option("#opportunity", "demo/call-1")
    page.select_option("#action", "recommend")
    page.select_option("#target", "group:energy")
    page.fill("#note", "Good fit for the energy lab")
    page.click("#curate button[type=submit]")
    assert "Saved" in page.locator(".flash").inner_text()
    assert "group:energy" in page.inner_text("#curated")
    page.select_option("#opportunity", "demo/call-2")
    page.select_option("#action", "hide")
    page.click("#curate button[type=submit]")
    curation = repo.load_curation(engine, repo.load_profiles(engine))
    assert curation["hidden"] == {"demo/call-2"}
    assert EMAIL in page.inner_text("#curated")  # who did it is shown
    assert curation["recommended"] == {"rustam": {"demo/call-1"}}
    page.goto(base + "/")
    assert page.locator("tr.opportunity").count() == 2  # the hidden one is gone


@pytest.fixture
def attacker():
    """Another site (localhost, not 127.0.0.1) whose page posts a form to the victim site."""
    pages: dict[str, str] = {}

    def app(environ, start_response):  # type: ignore[no-untyped-def]
        body = pages.get(environ["PATH_INFO"], "").encode()
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [body]

    server = make_server("localhost", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{server.server_port}", pages
    server.shutdown()
    server.server_close()


def _forged_form(action: str, fields: dict[str, str]) -> str:
    inputs = "".join(f'<input type="hidden" name="{k}" value="{v}">' for k, v in fields.items())
    return (f'<form id="f" method="post" action="{action}">{inputs}</form>'
            '<script>document.getElementById("f").submit()</script>')  # fmt: skip


def test_a_cross_site_form_post_changes_nothing(site, page, attacker):
    base, engine = site
    evil, pages = attacker
    token = repo.issue_token(engine, "rustam")
    # The victim is logged in as staff and has their private page open in this browser.
    page.goto(base + "/staff")
    _log_in(page, PASSWORD)
    assert "Curate" in page.inner_text("h1")
    page.goto(f"{base}/p/{token}/")
    pages["/hide"] = _forged_form(
        base + "/staff", {"opportunity_id": "demo/call-1", "action": "hide", "csrf_token": ""}
    )
    pages["/rotate"] = _forged_form(f"{base}/p/{token}/rotate", {"csrf_token": ""})
    pages["/mute"] = _forged_form(f"{base}/p/{token}/not-relevant", {"o": "demo/call-1"})
    for path in ("/hide", "/rotate", "/mute"):
        with page.expect_navigation(url=f"{base}/**"):
            page.goto(evil + path)
        assert "Form refused" in page.inner_text("h1"), path
    assert repo.load_curation(engine, [])["hidden"] == set()
    assert repo.load_curation(engine, [])["muted"] == {}
    assert repo.profile_for_token(engine, token) == "rustam"  # not rotated
    page.goto(base + "/staff")  # the staff session itself still works
    assert "Curate" in page.inner_text("h1")


def test_staff_search_filter_and_feature_in_the_browser(site, page):
    base, engine = site
    page.goto(base + "/opportunities")
    _log_in(page, PASSWORD)  # the login sends staff back to the browser
    assert page.locator("tr.opportunity").count() == 3
    page.fill("#filters input[name=q]", "inverter")
    page.select_option("#filters select[name=kind]", "grant")
    page.click("#filters button[type=submit]")
    assert page.locator("tr.opportunity").count() == 1
    page.click("tr.opportunity a")
    assert page.locator("h1").inner_text() == "Power electronics for inverters"
    page.click("#do-feature")
    assert "Saved" in page.locator(".flash").inner_text()
    assert "featured" in page.inner_text("body")
    assert repo.load_curation(engine, [])["featured"] == {"demo/call-1"}
    page.goto(base + "/opportunities?curated=featured")
    assert page.locator("tr.opportunity").count() == 1


def test_the_browser_fits_a_phone_screen(site, page):
    base, _engine = site
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(base + "/opportunities")
    _log_in(page, PASSWORD)
    assert page.locator("tr.opportunity").count() == 3
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_recommend_to_a_group_puts_the_call_first_for_its_members(site, page):
    base, engine = site
    token = repo.issue_token(engine, "rustam")
    page.goto(f"{base}/p/{token}/")
    assert "Power electronics" in page.locator("li.match").first.inner_text()
    page.goto(base + "/opportunities/demo/call-0")
    _log_in(page, PASSWORD)
    page.select_option("#recommend select[name=target]", "group:energy")
    page.fill("#recommend input[name=note]", "Ask Dr. Li first")
    page.click("#recommend button[type=submit]")
    assert "Saved" in page.locator(".flash").inner_text()
    page.goto(f"{base}/p/{token}/")  # no match run in between: the app applied it
    first = page.locator("li.match").first.inner_text()
    assert "Solar photovoltaics" in first and "recommended" in first
    with urllib.request.urlopen(f"{base}/p/{token}/feed.atom", timeout=10) as feed:
        assert "recommended" in feed.read().decode()


def test_subscribe_page_changes_frequency_and_language_and_regenerates_the_link(site, page):
    base, engine = site
    token = repo.issue_token(engine, "rustam")
    page.goto(f"{base}/p/{token}/")
    page.click("#settings-link")
    assert page.locator("h1").inner_text() == "Your subscription"
    assert page.get_attribute("html", "lang") == "en"
    assert page.input_value("#link-calendar") == f"http://127.0.0.1/p/{token}/calendar.ics"
    page.select_option("#frequency", "daily")
    page.select_option("#language", "ru")
    page.click("#save")
    assert page.get_attribute("html", "lang") == "ru"  # the page now reads in Russian
    assert page.locator("h1").inner_text() == "Ваша подписка"
    assert "Сохранено" in page.locator("#saved").inner_text()
    assert page.locator("#frequency option:checked").inner_text() == "ежедневно"
    person = repo.load_profiles(engine, ids=["rustam"])[0]
    assert person.details["digest"] == "daily" and person.language == "ru"
    page.fill("#reminder_days", "3, soon")
    page.click("#save")
    assert "не число дней" in page.locator("#problems").inner_text()
    page.click("#regenerate button[type=submit]")
    assert "Ваша личная ссылка изменилась" in page.locator(".flash").inner_text()
    fresh = page.url.split("/p/")[1].split("/")[0]
    assert fresh != token and page.input_value("#link-feed").endswith(f"/p/{fresh}/feed.atom")
    assert page.goto(f"{base}/p/{token}/subscribe").status == 404
    assert page.goto(f"{base}/p/{token}/feed.atom").status == 404
    assert page.goto(f"{base}/p/{fresh}/subscribe").status == 200
